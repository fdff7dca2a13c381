/**
 * Log a conversation of one's duo (POST /duos/{duo_id}/sessions): a date and how long, nothing more;
 * then on to rating it (duos/RateConversation.tsx).
 */
import { useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import { useSession } from "../api/session";
import { Choices, ErrorSummary, TextField, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { quantity, today } from "../i18n/format";
import { useT } from "../i18n/i18n";

const MINUTES = [15, 30, 45, 60, 90, 120];

export default function LogConversation() {
  const { t, lang } = useT();
  const { duoId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [heldOn, setHeldOn] = useState(today);
  const [minutes, setMinutes] = useState("");
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const refuse = (fields: Partial<Record<string, string>>, text: string | null) => {
    setErrors(fields);
    setMessage(text);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending || !session?.memberId) return;
    const missing: Partial<Record<string, string>> = {};
    if (!heldOn) missing.held_on = t("error.required");
    if (!minutes) missing.minutes = t("error.minutes");
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    setSending(true);
    const outcome = await attempt(
      api.POST("/duos/{duo_id}/sessions", {
        params: { path: { duo_id: duoId } },
        body: { member_id: session.memberId, held_on: heldOn, minutes: Number(minutes) },
      }),
    );
    setSending(false);
    if (outcome.ok) {
      // Then: how was it? (a rating of 1 to 5; the member may skip it)
      navigate(`/duos/${duoId}/rate`, { state: { loggedMinutes: outcome.data.this_week } });
      return;
    }
    const explained = explain(outcome, t);
    const { held_on: dateError, minutes: minutesError, ...others } = explained.fields;
    refuse({ held_on: dateError, minutes: minutesError }, explained.message ?? Object.values(others)[0] ?? null);
  };

  const items: SummaryItem[] = [
    ...(errors.held_on ? [{ target: "log-held_on", label: t("log.date"), text: errors.held_on }] : []),
    ...(errors.minutes ? [{ target: "log-minutes", label: t("log.minutes"), text: errors.minutes }] : []),
  ];

  return (
    <>
      <PageHeading title={t("log.title")} />
      <p className="lead">{t("log.intro")}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} title={t("error.summary")} message={message} items={items} />
        <TextField
          id="log-held_on"
          label={t("log.date")}
          error={errors.held_on}
          value={heldOn}
          onValueChange={setHeldOn}
          type="date"
          max={today()}
          className="field__input field__input--short"
        />
        <Choices
          id="log-minutes"
          name="minutes"
          legend={t("log.minutes")}
          error={errors.minutes}
          columns
          choices={MINUTES.map((value) => ({ value: String(value), label: quantity(lang, value, "minute") }))}
          selected={[minutes]}
          onChange={setMinutes}
        />
        <button type="submit" className="button button--primary" aria-disabled={sending || undefined}>
          <Icon name="check" />
          <span>{sending ? t("log.sending") : t("log.submit")}</span>
        </button>
      </form>
      <Link to="/me" className="button button--quiet">
        <Icon name="back" />
        <span>{t("log.back")}</span>
      </Link>
    </>
  );
}
