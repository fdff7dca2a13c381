/** The account card of My Interra: my data (see it, download it, who read it, erase it) and my preferences. */
import { ButtonLink } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { useT } from "../i18n/i18n";
import "./account.css";

export function MeCard({ memberId }: { memberId: string }) {
  const { t } = useT();
  void memberId; // the pages read the signed-in member themselves
  return (
    <Card headingId="account-card-title" icon="shield" title={t("account.card.title")}>
      <p className="card__subtitle">{t("account.card.subtitle")}</p>
      <ul className="account-links">
        <li>
          <ButtonLink to="/me/preferences" icon="pencil">{t("account.card.preferences")}</ButtonLink>
        </li>
        <li>
          <ButtonLink to="/me/data" icon="shield">{t("account.card.data")}</ButtonLink>
        </li>
      </ul>
    </Card>
  );
}
