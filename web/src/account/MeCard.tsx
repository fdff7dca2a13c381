/** The account card of My Interra: my data (see it, download it, who read it, erase it) and my preferences. */
import { Link } from "react-router";
import { Icon } from "../components/Icon";
import { useT } from "../i18n/i18n";
import "./account.css";

export function MeCard({ memberId }: { memberId: string }) {
  const { t } = useT();
  void memberId; // the pages read the signed-in member themselves
  return (
    <section className="card" aria-labelledby="account-card-title">
      <h2 id="account-card-title" className="card__title">
        <Icon name="shield" />
        <span>{t("account.card.title")}</span>
      </h2>
      <p className="card__subtitle">{t("account.card.subtitle")}</p>
      <ul className="account-links">
        <li>
          <Link to="/me/preferences" className="button">
            <Icon name="pencil" />
            <span>{t("account.card.preferences")}</span>
          </Link>
        </li>
        <li>
          <Link to="/me/data" className="button">
            <Icon name="shield" />
            <span>{t("account.card.data")}</span>
          </Link>
        </li>
      </ul>
    </section>
  );
}
