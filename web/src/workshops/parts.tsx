/** Pieces the workshops screens share: a registration with what the member can do about it, a place. */
import { useState } from "react";
import { Link } from "react-router";
import { Notice } from "../components/forms";
import { Icon, type IconName } from "../components/Icon";
import { useT } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { confirmOffer, leave, sayRefusal, type Workshop } from "./data";
import { fromNow, isComing, momentOf, type Place, type Registration } from "./logic";
import "./workshops.css";

const STATUS: Record<string, { key: MessageKey; icon: IconName }> = {
  confirmed: { key: "workshops.status.confirmed", icon: "check" },
  waitlisted: { key: "workshops.status.waitlisted", icon: "clock" },
  offered: { key: "workshops.status.offered", icon: "bell" },
  attended: { key: "workshops.status.attended", icon: "star" },
  no_show: { key: "workshops.status.no_show", icon: "close" },
};

/** A registration's status in words, with its icon (never the icon alone). */
export function StatusLine({ status }: { status: string | undefined }) {
  const { t } = useT();
  const said = STATUS[status ?? ""];
  if (!said) return null;
  return (
    <p className={`status-line workshop-status workshop-status--${status}`}>
      <Icon name={said.icon} />
      <span>{t(said.key)}</span>
    </p>
  );
}

interface RegistrationItemProps {
  registration: Registration;
  /** The workshop, to name it and link to it (left out on the workshop's own page). */
  workshop?: Workshop | undefined;
  /** After the member took the seat or left: the screen reloads and says it. */
  changed: (said: string) => Promise<void> | void;
  headingLevel?: 2 | 3;
  /** Inside a date's own card, which already says which and when: the status and the actions only. */
  bare?: boolean;
}

/**
 * One of the member's registrations: which workshop and when, where they stand, and what they can do:
 * take a seat offered to them before its deadline, leave a date or the waiting list.
 */
export function RegistrationItem({ registration, workshop, changed, headingLevel = 3, bare }: RegistrationItemProps) {
  const { t, lang } = useT();
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const id = registration.registration_id ?? "";
  const status = registration.status;
  const Heading = headingLevel === 2 ? "h2" : "h3";

  const act = async (call: typeof confirmOffer, done: MessageKey) => {
    if (busy) return;
    setBusy(true);
    setRefused(null);
    const outcome = await call(id);
    setBusy(false);
    if (outcome.ok) await changed(t(done));
    else setRefused(sayRefusal(outcome, t));
  };

  const coming = isComing(registration.starts_at, new Date());
  const offered = status === "offered" && coming;
  const Box = bare ? "div" : "article";
  return (
    <Box
      className={offered ? "registration registration--offered" : "registration"}
      aria-labelledby={bare ? undefined : `reg-${id}`}
    >
      {!bare && (
      <Heading id={`reg-${id}`} className="registration__title">
        {workshop ? (
          <Link to={`/workshops/${registration.workshop_id}`} dir="auto">
            {workshop.title}
          </Link>
        ) : (
          registration.starts_at && momentOf(lang, registration.starts_at)
        )}
      </Heading>
      )}
      {workshop && registration.starts_at && (
        <p className="registration__when">
          <Icon name="calendar" />
          <span>{momentOf(lang, registration.starts_at)}</span>
        </p>
      )}
      <StatusLine status={status} />
      {offered && registration.offer_expires_at && (
        <p className="registration__deadline">
          {t("workshops.offer.deadline", {
            moment: momentOf(lang, registration.offer_expires_at),
            fromNow: fromNow(lang, registration.offer_expires_at, new Date()),
          })}
        </p>
      )}
      {refused && <Notice tone="error">{refused}</Notice>}
      <div className="registration__actions">
        {offered && (
          <button
            type="button"
            className="button button--primary button--big"
            onClick={() => act(confirmOffer, "workshops.offer.taken")}
            aria-disabled={busy || undefined}
          >
            <Icon name="check" />
            <span>{t("workshops.offer.take")}</span>
          </button>
        )}
        {coming && (status === "confirmed" || status === "waitlisted" || offered) && !asking && (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => (offered ? act(leave, "workshops.left") : setAsking(true))}
            aria-disabled={busy || undefined}
          >
            <Icon name="close" />
            <span>
              {t(
                offered ? "workshops.leave.offer" : status === "waitlisted" ? "workshops.leave.waitlist" : "workshops.leave.date",
              )}
            </span>
          </button>
        )}
        {asking && (
          <div className="registration__ask" role="group" aria-labelledby={`ask-${id}`}>
            <p id={`ask-${id}`} className="registration__question">
              {t(status === "waitlisted" ? "workshops.leave.sureWaitlist" : "workshops.leave.sure")}
            </p>
            <button type="button" className="button" onClick={() => act(leave, "workshops.left")} aria-disabled={busy || undefined}>
              <Icon name="close" />
              <span>{t("workshops.leave.yes")}</span>
            </button>
            <button type="button" className="button button--quiet" onClick={() => setAsking(false)}>
              <Icon name="back" />
              <span>{t("workshops.leave.no")}</span>
            </button>
          </div>
        )}
      </div>
    </Box>
  );
}

/** Where a date takes place, in words. */
interface PlaceLineProps {
  place: Place | "online" | undefined;
  online?: boolean | undefined;
  /** Inside a link (a card): a span, not a paragraph. */
  inline?: boolean;
}

export function PlaceLine({ place, online, inline }: PlaceLineProps) {
  const { t } = useT();
  const where = place ?? (online ? "online" : undefined);
  const Line = inline ? "span" : "p";
  return (
    <Line className="workshop-line">
      <Icon name="pin" />
      {where === "online" ? (
        <span>{t("workshops.place.online")}</span>
      ) : where ? (
        <span className="workshop-place">
          <strong>
            <bdi>{where.name}</bdi>
          </strong>
          {where.address && (
            <span>
              <bdi>{where.address}</bdi>
            </span>
          )}
        </span>
      ) : (
        <span>{t("workshops.place.unknown")}</span>
      )}
    </Line>
  );
}
