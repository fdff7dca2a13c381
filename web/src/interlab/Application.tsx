/**
 * Follow my application (#/interlab/applications/:applicationId): where it is now in plain words and what
 * happens next, the team's question and a way to answer it, the place on the waiting list, the reason of
 * a refusal, its history as a timeline; withdraw it (after a confirmation).
 */
import { useCallback, useEffect, useState } from "react";
import { useLocation, useParams } from "react-router";
import { api } from "../api/client";
import { attempt } from "../api/problems";
import type { components } from "../api/schema";
import { ButtonLink, BackToMe } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Confirm } from "../components/Confirm";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { number } from "../i18n/format";
import { useT } from "../i18n/i18n";
import "./interlab.css";
import { explainApplication, nextStep, sayDeclineReason, sayMove, sayMoment, sayStatus } from "./words";

type Application = components["schemas"]["ApplicationView"];
type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; value: Application };

/** What the apply page says it did when it brings the member here. */
function arrivedFrom(state: unknown): "sent" | "answered" | null {
  if (typeof state === "object" && state !== null && "interlab" in state) {
    const { interlab } = state;
    return interlab === "sent" || interlab === "answered" ? interlab : null;
  }
  return null;
}

/** Withdrawing asks in InterLab's red alert box (interlab.css), as its other warnings look. */
const ALERT = { box: "alert alert--error", question: "alert__title", yes: "button interlab-danger" };

export default function ApplicationPage() {
  const { t, lang } = useT();
  const { applicationId = "" } = useParams();
  const location = useLocation();
  const arrived = arrivedFrom(location.state);
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const [withdrawn, setWithdrawn] = useState(false);
  const path = { params: { path: { application_id: applicationId } } };

  const load = useCallback(async () => {
    const outcome = await attempt(
      api.GET("/incubator/applications/{application_id}", { params: { path: { application_id: applicationId } } }),
    );
    setLoaded(
      outcome.ok
        ? { state: "ready", value: outcome.data }
        : { state: "failed", message: explainApplication(outcome, t).message ?? t("error.generic") },
    );
  }, [applicationId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const withdraw = async () => {
    if (busy) return;
    setBusy(true);
    setRefused(null);
    const outcome = await attempt(
      api.POST("/incubator/applications/{application_id}/moves", {
        ...path,
        body: { move: "withdraw", reason: null, message: null },
      }),
    );
    setBusy(false);
    setConfirming(false);
    if (outcome.ok) {
      setLoaded({ state: "ready", value: outcome.data });
      setWithdrawn(true);
    } else {
      setRefused(explainApplication(outcome, t).message ?? t("error.generic"));
    }
  };

  if (loaded.state !== "ready") {
    return (
      <>
        <PageHeading title={t("interlab.application.title")} />
        {loaded.state === "loading" ? (
          <StillLoading />
        ) : (
          <LoadFailed message={loaded.message} retry={() => void load()} />
        )}
        <BackToMe label={t("interlab.apply.back")} />
      </>
    );
  }

  const application = loaded.value;
  const status = application.status;
  const history = application.history ?? [];
  const declineReason = sayDeclineReason(application.decline_reason, t);
  const canWithdraw = (application.allowed_moves ?? []).includes("withdraw");
  const next = nextStep(status, t);

  return (
    <>
      <PageHeading title={t("interlab.application.title")} />
      {arrived === "sent" && status === "submitted" && <Notice>{t("interlab.application.received")}</Notice>}
      {arrived === "answered" && <Notice>{t("interlab.application.answered")}</Notice>}
      {withdrawn && <Notice>{t("interlab.application.withdrawn")}</Notice>}
      <p className="interlab-project-name" dir="auto">
        {application.project?.title ?? t("interlab.card.untitled")}
      </p>
      <p className="card__subtitle">{t("interlab.application.cohort", { cohort: application.cohort ?? "" })}</p>

      <Card headingId="application-now" icon="flag" title={t("interlab.application.now")} className="interlab-now">
        <p className={`interlab-status interlab-status--${status ?? "unknown"}`}>{sayStatus(status, t)}</p>
        {status === "waitlisted" && application.waitlist_rank != null && (
          <p className="big-number">
            {t("interlab.application.rank", { rank: number(lang, application.waitlist_rank) })}
          </p>
        )}
        {status === "declined" && declineReason && (
          <p>
            <strong>{t("interlab.application.reason")}</strong> {declineReason}
          </p>
        )}
        {status === "more_info_requested" && application.more_info && (
          <div className="interlab-asked">
            <p className="interlab-label">{t("interlab.application.asked")}</p>
            <p className="interlab-quote" dir="auto">
              {application.more_info}
            </p>
          </div>
        )}
        {next && (
          <>
            <h3 className="interlab-label">{t("interlab.application.next")}</h3>
            <p>{next}</p>
          </>
        )}
        {status === "more_info_requested" && (
          <ButtonLink to={`/interlab/calls/${application.call_id}/apply`} icon="chat" className="button button--primary">
            {t("interlab.application.answer")}
          </ButtonLink>
        )}
        {status === "draft" && (
          <ButtonLink to={`/interlab/calls/${application.call_id}/apply`} icon="pencil" className="button button--primary">
            {t("interlab.application.finish")}
          </ButtonLink>
        )}
        {status === "admitted" && application.project_id && (
          <ButtonLink to={`/interlab/projects/${application.project_id}`} icon="rocket" className="button button--primary">
            {t("interlab.application.project")}
          </ButtonLink>
        )}
      </Card>

      <section aria-labelledby="application-history">
        <h2 id="application-history">{t("interlab.application.history")}</h2>
        <ol className="interlab-timeline">
          <li>
            <span className="interlab-timeline__what">{t("interlab.application.started")}</span>
            <time className="interlab-timeline__when" dateTime={application.created_at}>
              {sayMoment(lang, application.created_at)}
            </time>
          </li>
          {history.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <span className="interlab-timeline__what">{sayMove(entry.move, t)}</span>
              <time className="interlab-timeline__when" dateTime={entry.at}>
                {sayMoment(lang, entry.at)}
              </time>
              {entry.move === "ask_more_info" && entry.message && (
                <span className="interlab-quote interlab-timeline__message" dir="auto">
                  {entry.message}
                </span>
              )}
              {entry.move === "decline" && entry.reason && (
                <span className="interlab-timeline__message">{sayDeclineReason(entry.reason, t)}</span>
              )}
            </li>
          ))}
        </ol>
      </section>

      {refused && <Notice tone="error">{refused}</Notice>}
      {canWithdraw && !confirming && (
        <button type="button" className="button interlab-danger" onClick={() => setConfirming(true)}>
          <Icon name="close" />
          <span>{t("interlab.application.withdraw")}</span>
        </button>
      )}
      {canWithdraw && confirming && (
        <Confirm
          id="withdraw-ask"
          question={t("interlab.application.withdrawConfirm")}
          yes={t("interlab.application.withdrawYes")}
          yesIcon="check"
          busy={busy}
          onYes={() => void withdraw()}
          no={t("interlab.application.withdrawNo")}
          onNo={() => setConfirming(false)}
          look={ALERT}
        />
      )}
      <BackToMe label={t("interlab.apply.back")} />
    </>
  );
}

