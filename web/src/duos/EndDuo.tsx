/**
 * End one's duo with a reason (POST /duos/{duo_id}/end), behind a confirmation: both members go back to
 * the list (the learner keeps their place), and the pair is not proposed again.
 */
import { useRef, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import { useSession } from "../api/session";
import { BackToMe } from "../components/ButtonLink";
import { Confirm } from "../components/Confirm";
import { Choices, ErrorSummary, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { useT } from "../i18n/i18n";
import { END_REASONS, type EndReason } from "./rating";
import "./duos.css";

export default function EndDuo() {
  const { t } = useT();
  const { duoId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [reason, setReason] = useState<EndReason | "">("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const refuse = (field: string | null, text: string | null) => {
    setConfirming(false);
    setError(field);
    setMessage(text);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const ask = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) return refuse(t("error.choose"), null);
    setError(null);
    setMessage(null);
    setConfirming(true);
  };

  const end = async () => {
    if (sending || !reason || !session?.memberId) return;
    setSending(true);
    const outcome = await attempt(
      api.POST("/duos/{duo_id}/end", {
        params: { path: { duo_id: duoId } },
        body: { member_id: session.memberId, reason },
      }),
    );
    setSending(false);
    if (outcome.ok) {
      navigate("/me", { state: { ended: true } });
      return;
    }
    if (outcome.status === 404 || outcome.status === 403) return refuse(null, t("duo.notYours"));
    const explained = explain(outcome, t);
    refuse(explained.fields.reason ?? null, explained.message ?? Object.values(explained.fields)[0] ?? null);
  };

  const items: SummaryItem[] = error ? [{ target: "end-reason", label: t("duo.end.reason"), text: error }] : [];

  return (
    <>
      <PageHeading title={t("duo.end.title")} />
      <p className="lead">{t("duo.end.intro")}</p>
      <ul className="duo-facts">
        <li>
          <Icon name="users" />
          <span>{t("duo.end.fact.pool")}</span>
        </li>
        <li>
          <Icon name="close" />
          <span>{t("duo.end.fact.notAgain")}</span>
        </li>
      </ul>
      <form className="form" onSubmit={ask} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
        <Choices
          id="end-reason"
          name="reason"
          legend={t("duo.end.reason")}
          error={error ?? undefined}
          choices={(Object.entries(END_REASONS) as [EndReason, (typeof END_REASONS)[EndReason]][]).map(([value, label]) => ({
            value,
            label: t(label),
          }))}
          selected={[reason]}
          onChange={(value) => {
            setReason(value as EndReason);
            setConfirming(false);
          }}
        />
        {!confirming && (
          <button type="submit" className="button button--danger">
            <Icon name="close" />
            <span>{t("duo.end.submit")}</span>
          </button>
        )}
      </form>
      {confirming && (
        <Confirm
          id="end-question"
          question={t("duo.end.question")}
          yes={t("duo.end.yes")}
          yesIcon="check"
          busyLabel={t("log.sending")}
          busy={sending}
          onYes={() => void end()}
          no={t("duo.end.no")}
          onNo={() => setConfirming(false)}
        />
      )}
      <BackToMe label={t("log.back")} />
    </>
  );
}
