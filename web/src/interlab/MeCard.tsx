/**
 * The InterLab card of My Interra: my applications with their status in plain words and what I must do
 * (answer the team's question, finish a draft); the calls open today with their closing date and "Apply";
 * my project once admitted (stage, next step) and a follow-up to answer.
 */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { attempt, explain } from "../api/problems";
import type { components } from "../api/schema";
import { ButtonLink } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Icon } from "../components/Icon";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { StatusLine } from "../components/StatusLine";
import { useT } from "../i18n/i18n";
import "./interlab.css";
import { nextMilestone, sayDate, sayMilestone, sayProjectStatus, sayStatus } from "./words";

type Schemas = components["schemas"];
interface Picture {
  calls: Schemas["CallView"][];
  applications: Schemas["ApplicationView"][];
  projects: Schemas["IncubatorProjectView"][];
  followUps: Schemas["FollowUpView"][];
}
type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; value: Picture };

export function MeCard({ memberId }: { memberId: string }) {
  const { t, lang } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });

  const load = useCallback(async () => {
    const [calls, applications, projects, followUps] = await Promise.all([
      attempt(api.GET("/incubator/calls", { params: { query: { open_only: "true", limit: 100 } } })),
      attempt(api.GET("/incubator/applications", { params: { query: { member_id: memberId, limit: 100 } } })),
      attempt(api.GET("/incubator/projects", { params: { query: { member_id: memberId, limit: 100 } } })),
      attempt(api.GET("/incubator/follow-ups", { params: { query: { member_id: memberId } } })),
    ]);
    if (!calls.ok || !applications.ok) {
      const failure = !calls.ok ? calls : !applications.ok ? applications : null;
      const explained = failure ? explain(failure, t) : null;
      setLoaded({ state: "failed", message: explained?.message ?? t("error.generic") });
      return;
    }
    setLoaded({
      state: "ready",
      value: {
        calls: calls.data.items,
        applications: applications.data.items,
        // Projects and follow-ups are extras: a refusal there leaves the rest of the card standing.
        projects: projects.ok ? projects.data.items : [],
        followUps: followUps.ok ? followUps.data.items.filter((f) => f.status === "pending") : [],
      },
    });
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card headingId="interlab-title" icon="rocket" title={t("interlab.card.title")} className="interlab-card">
      <p className="card__subtitle">{t("interlab.card.subtitle")}</p>
      {loaded.state === "loading" && <StillLoading />}
      {loaded.state === "failed" && (
        <LoadFailed message={loaded.message} retry={() => void load()} />
      )}
      {loaded.state === "ready" && contents(loaded.value)}
    </Card>
  );

  function contents(picture: Picture) {
    const { calls, applications, projects, followUps } = picture;
    const live = applications.filter((a) => a.status !== "withdrawn");
    const appliedTo = new Set(live.map((a) => a.call_id));
    const openCalls = calls.filter((call) => call.open && !appliedTo.has(call.call_id));
    const closesOn = (callId: string | undefined) => calls.find((call) => call.call_id === callId)?.closes_on;
    const shownApplications = applications.filter((a) => a.status !== "admitted" || !a.project_id);
    return (
      <>
        {followUps.map((followUp) => (
          <div key={followUp.follow_up_id} className="interlab-todo">
            <StatusLine icon="bell">{t("interlab.card.followUp")}</StatusLine>
            <ButtonLink to={`/interlab/projects/${followUp.project_id}#follow-up`} icon="pencil" className="button button--primary">
              {t("interlab.card.followUpAnswer")}
            </ButtonLink>
          </div>
        ))}

        {projects.map((project) => {
          const next = nextMilestone(project.milestones ?? []);
          return (
            <article key={project.project_id} className="interlab-item" aria-labelledby={`project-${project.project_id}`}>
              <h3 id={`project-${project.project_id}`}>{t("interlab.card.project")}</h3>
              <p className="interlab-item__name" dir="auto">
                {project.title ?? t("interlab.card.untitled")}
              </p>
              <StatusLine icon="flag">{t("interlab.card.stage", { stage: sayProjectStatus(project.status, t) })}</StatusLine>
              {next && (
                <p>
                  {t("interlab.card.nextMilestone", {
                    milestone: sayMilestone(next.kind, t),
                    date: sayDate(lang, next.due_on),
                  })}
                </p>
              )}
              <ButtonLink to={`/interlab/projects/${project.project_id}`} icon="rocket">
                {t("interlab.card.seeProject")}
              </ButtonLink>
            </article>
          );
        })}

        {shownApplications.length > 0 && (
          <>
            <h3 className="interlab-subheading">{t("interlab.card.applications")}</h3>
            {shownApplications.map((application) => (
              <article
                key={application.application_id}
                className="interlab-item"
                aria-labelledby={`application-${application.application_id}`}
              >
                <p id={`application-${application.application_id}`} className="interlab-item__name" dir="auto">
                  {application.project?.title ?? t("interlab.card.untitled")}
                </p>
                <p className="status-line">
                  <Icon name={application.status === "more_info_requested" ? "bell" : "inbox"} />
                  <span>{sayStatus(application.status, t)}</span>
                </p>
                {application.status === "draft" && closesOn(application.call_id) && (
                  <p className="interlab-when">
                    <Icon name="calendar" />
                    <span>{t("interlab.card.closes", { date: sayDate(lang, closesOn(application.call_id)) })}</span>
                  </p>
                )}
                {application.status === "more_info_requested" && application.more_info && (
                  <div className="interlab-asked">
                    <p className="interlab-label">{t("interlab.card.asked")}</p>
                    <p className="interlab-quote" dir="auto">
                      {application.more_info}
                    </p>
                  </div>
                )}
                {application.status === "more_info_requested" || application.status === "draft" ? (
                  <Link to={`/interlab/calls/${application.call_id}/apply`} className="button button--primary">
                    <Icon name={application.status === "draft" ? "pencil" : "chat"} />
                    <span>
                      {t(application.status === "draft" ? "interlab.card.finish" : "interlab.card.answer")}
                    </span>
                  </Link>
                ) : null}
                <ButtonLink to={`/interlab/applications/${application.application_id}`} icon="forward">
                  {t("interlab.card.see")}
                </ButtonLink>
              </article>
            ))}
          </>
        )}

        {openCalls.length > 0 ? (
          <>
            <h3 className="interlab-subheading">{t("interlab.card.calls")}</h3>
            {openCalls.map((call) => (
              <article key={call.call_id} className="interlab-item" aria-labelledby={`call-${call.call_id}`}>
                <p id={`call-${call.call_id}`} className="interlab-item__name">
                  {t("interlab.card.call", { cohort: call.cohort ?? "" })}
                </p>
                <p className="interlab-when">
                  <Icon name="calendar" />
                  <span>{t("interlab.card.closes", { date: sayDate(lang, call.closes_on) })}</span>
                </p>
                <Link
                  to={`/interlab/calls/${call.call_id}/apply`}
                  className="button button--primary"
                  aria-describedby={`call-${call.call_id}`}
                >
                  <Icon name="rocket" />
                  <span>{t("interlab.card.apply")}</span>
                </Link>
              </article>
            ))}
          </>
        ) : (
          live.length === 0 && projects.length === 0 && <p>{t("interlab.card.noCall")}</p>
        )}
      </>
    );
  }
}
