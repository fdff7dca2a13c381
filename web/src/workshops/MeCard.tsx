/**
 * The workshops card of My Interra: the member's next workshop dates (registered, on the waiting list, or
 * a seat offered to them with its deadline and a big button to take it), and the ways to find or
 * propose a workshop.
 */
import { useCallback, useEffect, useState } from "react";
import { ButtonLink } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Notice } from "../components/forms";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { useT } from "../i18n/i18n";
import { registrations, sayRefusal, titles, type Workshop } from "./data";
import { comingRegistrations, type Registration } from "./logic";
import { RegistrationItem } from "./parts";
import "./workshops.css";

/** How many coming dates the card shows; the rest are on #/workshops/mine. */
const SHOWN = 3;

type State =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; coming: Registration[]; workshops: Map<string, Workshop> };

export function MeCard({ memberId }: { memberId: string }) {
  const { t } = useT();
  const [card, setCard] = useState<State>({ state: "loading" });
  const [said, setSaid] = useState<string | null>(null);

  const load = useCallback(async () => {
    const mine = await registrations(memberId);
    // 404: Ateliers has not yet heard of this new member (it learns of members by event): nothing yet.
    if (!mine.ok && mine.status !== 404) {
      setCard({ state: "failed", message: sayRefusal(mine, t) });
      return;
    }
    const coming = comingRegistrations(mine.ok ? mine.data.items : [], new Date());
    const workshops = await titles(coming.slice(0, SHOWN).map((r) => r.workshop_id ?? ""));
    setCard({ state: "ready", coming, workshops });
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const changed = async (text: string) => {
    setSaid(text);
    await load();
  };

  return (
    <Card headingId="workshops-title" icon="users" title={t("workshops.title")}>
      <p className="card__subtitle">{t("workshops.subtitle")}</p>
      {said && <Notice>{said}</Notice>}
      {card.state === "loading" && <StillLoading />}
      {card.state === "failed" && (
        <LoadFailed message={card.message} retry={() => void load()} />
      )}
      {card.state === "ready" &&
        (card.coming.length === 0 ? (
          <p className="status-line">{t("workshops.card.none")}</p>
        ) : (
          <div className="registrations">
            {card.coming.slice(0, SHOWN).map((registration) => (
              <RegistrationItem
                key={registration.registration_id}
                registration={registration}
                workshop={card.workshops.get(registration.workshop_id ?? "")}
                changed={changed}
              />
            ))}
          </div>
        ))}
      <div className="workshop-links">
        <ButtonLink to="/workshops" icon="pin" className="button button--primary">{t("workshops.card.find")}</ButtonLink>
        {card.state === "ready" && card.coming.length > 0 && (
          <ButtonLink to="/workshops/mine" icon="list">{t("workshops.card.all")}</ButtonLink>
        )}
        <ButtonLink to="/workshops/propose" icon="lightbulb">{t("workshops.card.propose")}</ButtonLink>
      </div>
    </Card>
  );
}
