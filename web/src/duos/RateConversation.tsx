/**
 * How was the conversation? (POST /duos/{duo_id}/evaluations) Five big faces, each with its word, and a
 * few optional tags. Shown after logging a conversation; the member may skip it.
 */
import { useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import { useSession } from "../api/session";
import { Choices, ErrorSummary, Notice, SubmitButton, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { quantity } from "../i18n/format";
import { useT } from "../i18n/i18n";
import { DUO_TAGS, RATINGS, evaluation } from "./rating";
import "./duos.css";

function loggedMinutes(state: unknown): number | null {
  if (typeof state === "object" && state !== null && "loggedMinutes" in state) {
    const { loggedMinutes: minutes } = state;
    return typeof minutes === "number" ? minutes : null;
  }
  return null;
}

export default function RateConversation() {
  const { t, lang } = useT();
  const { duoId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const minutes = loggedMinutes(location.state);
  const [rating, setRating] = useState("");
  const [tags, setTags] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const back = minutes === null ? {} : { loggedMinutes: minutes };

  const refuse = (field: string | null, text: string | null) => {
    setError(field);
    setMessage(text);
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending || !session?.memberId) return;
    const ready = evaluation(session.memberId, rating, tags);
    if (!ready.ok) return refuse(t("duo.rate.missing"), null);
    setSending(true);
    const outcome = await attempt(
      api.POST("/duos/{duo_id}/evaluations", { params: { path: { duo_id: duoId } }, body: ready.body }),
    );
    setSending(false);
    if (outcome.ok) {
      navigate("/me", { state: { ...back, rated: true } });
      return;
    }
    const explained = explain(outcome, t);
    if (outcome.status === 404 || outcome.status === 403) return refuse(null, t("duo.notYours"));
    refuse(explained.fields.rating ?? null, explained.message ?? Object.values(explained.fields)[0] ?? null);
  };

  const items: SummaryItem[] = error ? [{ target: "rate-rating", label: t("duo.rate.question"), text: error }] : [];

  return (
    <>
      <PageHeading title={t("duo.rate.title")} />
      {minutes !== null && <Notice>{t("duo.logged", { minutes: quantity(lang, minutes, "minute") })}</Notice>}
      <p className="lead">{t("duo.rate.intro")}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
        <div className="rating">
          <Choices
            id="rate-rating"
            name="rating"
            legend={t("duo.rate.question")}
            error={error ?? undefined}
            choices={RATINGS.map(({ value, face, label }) => ({ value: String(value), label: t(label), icon: face }))}
            selected={[rating]}
            onChange={(value) => {
              setRating(value);
              setError(null);
            }}
          />
        </div>
        <Choices
          id="rate-tags"
          name="tags"
          legend={t("duo.rate.tags")}
          hint={t("duo.rate.tagsHint")}
          optional={t("common.optional")}
          multiple
          choices={Object.entries(DUO_TAGS).map(([value, label]) => ({ value, label: t(label) }))}
          selected={tags}
          onChange={(value, on) => setTags((current) => (on ? [...current, value] : current.filter((tag) => tag !== value)))}
        />
        <SubmitButton icon="star" label={t("duo.rate.submit")} busyLabel={t("log.sending")} busy={sending} />
      </form>
      <Link to="/me" state={back} className="button button--quiet">
        <Icon name="forward" />
        <span>{t("duo.rate.skip")}</span>
      </Link>
    </>
  );
}
