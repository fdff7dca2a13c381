/**
 * Log a conversation of one's duo (POST /duos/{duo_id}/sessions): a date and how long, nothing more;
 * then on to rating it (duos/RateConversation.tsx).
 */
import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import { useSession } from "../api/session";
import { BackToMe } from "../components/ButtonLink";
import { DayField, ErrorSummary, MinutesQuestion, SubmitButton, summaryItems } from "../components/forms";
import { PageHeading } from "../components/PageHeading";
import { useRefusal } from "../components/refusal";
import { today } from "../i18n/format";
import { useT } from "../i18n/i18n";

const MINUTES = [15, 30, 45, 60, 90, 120];

export default function LogConversation() {
  const { t } = useT();
  const { duoId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [heldOn, setHeldOn] = useState(today);
  const [minutes, setMinutes] = useState("");
  const { errors, message, summary, refuse } = useRefusal();
  const [sending, setSending] = useState(false);

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

  const items = summaryItems(errors, {
    held_on: ["log-held_on", t("log.date")],
    minutes: ["log-minutes", t("log.minutes")],
  });

  return (
    <>
      <PageHeading title={t("log.title")} />
      <p className="lead">{t("log.intro")}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
        <DayField
          when="past"
          id="log-held_on"
          label={t("log.date")}
          error={errors.held_on}
          value={heldOn}
          onValueChange={setHeldOn}
        />
        <MinutesQuestion
          id="log-minutes"
          name="minutes"
          legend={t("log.minutes")}
          error={errors.minutes}
          options={MINUTES}
          value={minutes}
          onChange={setMinutes}
        />
        <SubmitButton icon="check" label={t("log.submit")} busyLabel={t("log.sending")} busy={sending} />
      </form>
      <BackToMe label={t("log.back")} />
    </>
  );
}
