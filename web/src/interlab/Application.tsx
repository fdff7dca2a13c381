/**
 * Follow my application (#/interlab/applications/:applicationId): where it is now in plain words and what
 * happens next, the team's question and a way to answer it, the place on the waiting list, the reason of
 * a refusal, its history as a timeline; withdraw it (after a confirmation).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { api } from "../api/client";
import { attempt } from "../api/problems";
import type { components } from "../api/schema";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
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
  const confirmRef = useRef<HTMLDivElement>(null);
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

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

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
          <p role="status">{t("common.loading")}</p>
        ) : (
          <>
            <Notice tone="error">{loaded.message}</Notice>
            <button type="button" className="button" onClick={() => void load()}>
              <Icon name="retry" />
              <span>{t("common.tryAgain")}</span>
            </button>
          </>
        )}
        <BackToMe />
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

      <section className="card interlab-now" aria-labelledby="application-now">
        <h2 id="application-now" className="card__title">
          <Icon name="flag" />
          <span>{t("interlab.application.now")}</span>
        </h2>
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
          <Link to={`/interlab/calls/${application.call_id}/apply`} className="button button--primary">
            <Icon name="chat" />
            <span>{t("interlab.application.answer")}</span>
          </Link>
        )}
        {status === "draft" && (
          <Link to={`/interlab/calls/${application.call_id}/apply`} className="button button--primary">
            <Icon name="pencil" />
            <span>{t("interlab.application.finish")}</span>
          </Link>
        )}
        {status === "admitted" && application.project_id && (
          <Link to={`/interlab/projects/${application.project_id}`} className="button button--primary">
            <Icon name="rocket" />
            <span>{t("interlab.application.project")}</span>
          </Link>
        )}
      </section>

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
        <div ref={confirmRef} tabIndex={-1} className="alert alert--error" role="group" aria-labelledby="withdraw-ask">
          <p id="withdraw-ask" className="alert__title">
            <Icon name="alert" />
            <span>{t("interlab.application.withdrawConfirm")}</span>
          </p>
          <button type="button" className="button interlab-danger" onClick={() => void withdraw()} aria-disabled={busy || undefined}>
            <Icon name="check" />
            <span>{t("interlab.application.withdrawYes")}</span>
          </button>
          <button type="button" className="button" onClick={() => setConfirming(false)}>
            <Icon name="back" />
            <span>{t("interlab.application.withdrawNo")}</span>
          </button>
        </div>
      )}
      <BackToMe />
    </>
  );
}

function BackToMe() {
  const { t } = useT();
  return (
    <Link to="/me" className="button button--quiet">
      <Icon name="back" />
      <span>{t("interlab.apply.back")}</span>
    </Link>
  );
}
