/**
 * My InterLab project (#/interlab/projects/:projectId): its stage, its steps (milestones: add one with
 * its day, mark one done with a note), my mentor and our meetings (note one), and the follow-up asked 6
 * and 12 months after the group ends (facts only: still going, revenue band, jobs, needs).
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useParams } from "react-router";
import { api } from "../api/client";
import { attempt, explain, type Failure } from "../api/problems";
import type { components } from "../api/schema";
import {
  Choices,
  DayField,
  ErrorSummary,
  MinutesQuestion,
  Notice,
  SubmitButton,
  summaryItems,
  TextField,
  toggle,
} from "../components/forms";
import { BackToMe } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Icon } from "../components/Icon";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { useRefusal } from "../components/refusal";
import { StatusLine } from "../components/StatusLine";
import { number, quantity, today } from "../i18n/format";
import { useT, type Translate } from "../i18n/i18n";
import { Select, TextArea } from "./fields";
import "./interlab.css";
import {
  MILESTONE_KINDS,
  NEEDS,
  REVENUE_BANDS,
  sayDate,
  sayMilestone,
  sayProjectStatus,
  type MilestoneKind,
  type Need,
  type RevenueBand,
} from "./words";

type Schemas = components["schemas"];
type Project = Schemas["IncubatorProjectView"];
type Milestone = Schemas["MilestoneView"];
type Mentorship = Schemas["MentorshipView"];
type Session = Schemas["MentoringSessionView"];
type FollowUp = Schemas["FollowUpView"];

interface Picture {
  project: Project;
  mentorship: Mentorship | null;
  sessions: Session[];
  followUps: FollowUp[];
}
type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; value: Picture };

function said(failure: Failure, t: Translate): string {
  if (failure.status === 404) return t("interlab.error.notFound");
  const explained = explain(failure, t);
  return explained.message ?? Object.values(explained.fields)[0] ?? t("error.generic");
}

export default function ProjectPage() {
  const { t } = useT();
  const { projectId = "" } = useParams();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  // Kept here, not in the form: once answered, the reload drops the follow-up from the pending ones and
  // the form unmounts, which took its thanks with it.
  const [answered, setAnswered] = useState(false);

  const load = useCallback(async () => {
    const [project, mentorships, followUps] = await Promise.all([
      attempt(api.GET("/incubator/projects/{project_id}", { params: { path: { project_id: projectId } } })),
      attempt(api.GET("/incubator/mentorships", { params: { query: { status: "active" } } })),
      attempt(api.GET("/incubator/follow-ups")),
    ]);
    if (!project.ok) return setLoaded({ state: "failed", message: said(project, t) });
    const mentorship = mentorships.ok ? (mentorships.data.items.find((m) => m.project_id === projectId) ?? null) : null;
    const sessions = mentorship?.mentorship_id
      ? await attempt(
          api.GET("/incubator/mentorships/{mentorship_id}/sessions", {
            params: { path: { mentorship_id: mentorship.mentorship_id } },
          }),
        )
      : null;
    setLoaded({
      state: "ready",
      value: {
        project: project.data,
        mentorship,
        sessions: sessions?.ok ? sessions.data.items : [],
        followUps: followUps.ok ? followUps.data.items.filter((f) => f.project_id === projectId) : [],
      },
    });
  }, [projectId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (loaded.state !== "ready") {
    return (
      <>
        <PageHeading title={t("interlab.project.title")} />
        {loaded.state === "loading" ? (
          <StillLoading />
        ) : (
          <Notice tone="error">{loaded.message}</Notice>
        )}
        <BackToMe label={t("interlab.apply.back")} />
      </>
    );
  }
  const { project, mentorship, sessions, followUps } = loaded.value;
  const pending = followUps.find((f) => f.status === "pending") ?? null;
  return (
    <>
      <PageHeading title={t("interlab.project.title")} />
      <p className="interlab-project-name" dir="auto">
        {project.title ?? t("interlab.card.untitled")}
      </p>
      <StatusLine icon="flag">{t("interlab.card.stage", { stage: sayProjectStatus(project.status, t) })}</StatusLine>
      {answered ? (
        <Notice>{t("interlab.followUp.thanks")}</Notice>
      ) : (
        pending && (
          <FollowUpForm
            followUp={pending}
            onAnswered={async () => {
              setAnswered(true);
              await load();
            }}
          />
        )
      )}
      <Milestones project={project} onChange={(next) => setLoaded({ state: "ready", value: { ...loaded.value, project: next } })} />
      <MentorSection mentorship={mentorship} sessions={sessions} reload={load} />
      <BackToMe label={t("interlab.apply.back")} />
    </>
  );
}


// --- milestones --------------------------------------------------------------------------------------

function Milestones({ project, onChange }: { project: Project; onChange: (project: Project) => void }) {
  const { t, lang } = useT();
  const milestones = [...(project.milestones ?? [])].sort((a, b) => (a.due_on ?? "").localeCompare(b.due_on ?? ""));
  const [done, setDone] = useState<string | null>(null);
  const [completing, setCompleting] = useState<string | null>(null);
  const used = new Set(milestones.map((m) => m.kind));
  const free = MILESTONE_KINDS.filter((kind) => !used.has(kind));
  const projectId = project.project_id ?? "";

  return (
    <Card headingId="milestones-title" icon="list" title={t("interlab.project.milestones")}>
      {done && <Notice>{done}</Notice>}
      {milestones.length === 0 ? (
        <p>{t("interlab.project.noMilestone")}</p>
      ) : (
        <ul className="interlab-milestones">
          {milestones.map((milestone) => (
            <li key={milestone.milestone_id} className={milestone.reached_on ? "interlab-milestone--done" : undefined}>
              <p className="status-line">
                <Icon name={milestone.reached_on ? "check" : "clock"} />
                <span>{sayMilestone(milestone.kind, t)}</span>
              </p>
              <p>
                {milestone.reached_on
                  ? t("interlab.project.reached", { date: sayDate(lang, milestone.reached_on) })
                  : t("interlab.project.due", { date: sayDate(lang, milestone.due_on) })}
              </p>
              {milestone.note && <p dir="auto">{milestone.note}</p>}
              {milestone.evidence?.note && <p dir="auto">{milestone.evidence.note}</p>}
              {!milestone.reached_on && completing !== milestone.milestone_id && (
                <button type="button" className="button" onClick={() => setCompleting(milestone.milestone_id ?? null)}>
                  <Icon name="check" />
                  <span>{t("interlab.project.markReached")}</span>
                </button>
              )}
              {completing === milestone.milestone_id && (
                <CompleteForm
                  projectId={projectId}
                  milestone={milestone}
                  onCancel={() => setCompleting(null)}
                  onDone={(next) => {
                    setCompleting(null);
                    setDone(t("interlab.project.done"));
                    onChange(next);
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {free.length > 0 ? (
        <AddMilestoneForm
          projectId={projectId}
          kinds={free}
          onAdded={(next) => {
            setDone(t("interlab.project.added"));
            onChange(next);
          }}
        />
      ) : (
        <p>{t("interlab.project.allKinds")}</p>
      )}
    </Card>
  );
}

function AddMilestoneForm({ projectId, kinds, onAdded }: { projectId: string; kinds: readonly MilestoneKind[]; onAdded: (p: Project) => void }) {
  const { t } = useT();
  const [kind, setKind] = useState<MilestoneKind | "">("");
  const [dueOn, setDueOn] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const { errors, message, summary, refuse, refuseFailure, clear } = useRefusal();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<string, string>> = {};
    if (!kind) missing.kind = t("error.choose");
    if (!dueOn) missing.due_on = t("error.required");
    if (!kind || !dueOn) return refuse(missing, null);
    setBusy(true);
    const outcome = await attempt(
      api.POST("/incubator/projects/{project_id}/milestones", {
        params: { path: { project_id: projectId } },
        body: { kind, due_on: dueOn, note: note.trim() || null },
      }),
    );
    setBusy(false);
    if (!outcome.ok) return refuseFailure(outcome, t);
    clear();
    setKind("");
    setDueOn("");
    setNote("");
    onAdded(outcome.data);
  };

  return (
    <form className="form interlab-subform" onSubmit={submit} noValidate aria-labelledby="add-milestone-title">
      <h3 id="add-milestone-title">{t("interlab.project.addTitle")}</h3>
      <ErrorSummary
        ref={summary}
        message={message}
        items={summaryItems(errors, {
          kind: ["milestone-kind", t("interlab.project.kind")],
          due_on: ["milestone-due", t("interlab.project.dueOn")],
          note: ["milestone-note", t("interlab.project.note")],
        })}
      />
      <Select id="milestone-kind" label={t("interlab.project.kind")} error={errors.kind} value={kind} onValueChange={(v) => setKind(v as MilestoneKind)}>
        <option value="">{t("interlab.project.choose")}</option>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {sayMilestone(k, t)}
          </option>
        ))}
      </Select>
      <DayField
        when="future"
        id="milestone-due"
        label={t("interlab.project.dueOn")}
        error={errors.due_on}
        value={dueOn}
        onValueChange={setDueOn}
      />
      <TextArea
        id="milestone-note"
        label={t("interlab.project.note")}
        error={errors.note}
        value={note}
        onValueChange={setNote}
        maxLength={1000}
        rows={3}
        dir="auto"
      />
      <SubmitButton icon="plus" label={t("interlab.project.add")} busy={busy} />
    </form>
  );
}

function CompleteForm({ projectId, milestone, onCancel, onDone }: { projectId: string; milestone: Milestone; onCancel: () => void; onDone: (p: Project) => void }) {
  const { t } = useT();
  const [reachedOn, setReachedOn] = useState(today);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const { errors, message, summary, refuse, refuseFailure } = useRefusal();
  const id = milestone.milestone_id ?? "";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!reachedOn) return refuse({ reached_on: t("error.required") }, null);
    setBusy(true);
    const outcome = await attempt(
      api.POST("/incubator/projects/{project_id}/milestones/{milestone_id}/completion", {
        params: { path: { project_id: projectId, milestone_id: id } },
        body: { reached_on: reachedOn, note: note.trim() || null, reference: null },
      }),
    );
    setBusy(false);
    if (!outcome.ok) return refuseFailure(outcome, t);
    onDone(outcome.data);
  };

  return (
    <form className="form interlab-subform" onSubmit={submit} noValidate>
      <ErrorSummary
        ref={summary}
        message={message}
        items={summaryItems(errors, {
          reached_on: [`reached-${id}`, t("interlab.project.reachedOn")],
          note: [`evidence-${id}`, t("interlab.project.evidence")],
        })}
      />
      <DayField
        when="past"
        id={`reached-${id}`}
        label={t("interlab.project.reachedOn")}
        error={errors.reached_on}
        value={reachedOn}
        onValueChange={setReachedOn}
      />
      <TextArea
        id={`evidence-${id}`}
        label={t("interlab.project.evidence")}
        error={errors.note}
        value={note}
        onValueChange={setNote}
        maxLength={1000}
        rows={3}
        dir="auto"
      />
      <SubmitButton icon="check" label={t("interlab.project.saveReached")} busy={busy} />
      <button type="button" className="button button--quiet" onClick={onCancel}>
        <Icon name="close" />
        <span>{t("interlab.project.cancel")}</span>
      </button>
    </form>
  );
}

// --- mentor and meetings -------------------------------------------------------------------------------

const SESSION_MINUTES = [30, 60, 90, 120];
const SESSION_KINDS = ["mentoring", "expert", "training"] as const;

function MentorSection({ mentorship, sessions, reload }: { mentorship: Mentorship | null; sessions: Session[]; reload: () => Promise<void> }) {
  const { t, lang } = useT();
  const [heldOn, setHeldOn] = useState(today);
  const [minutes, setMinutes] = useState("");
  const [kind, setKind] = useState<(typeof SESSION_KINDS)[number]>("mentoring");
  const [nextSteps, setNextSteps] = useState("");
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const { errors, message, summary, refuse, refuseFailure, clear } = useRefusal();

  if (!mentorship) {
    return (
      <Card headingId="mentor-title" icon="users" title={t("interlab.project.mentor")}>
        <p>{t("interlab.project.noMentor")}</p>
      </Card>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<string, string>> = {};
    if (!heldOn) missing.held_on = t("error.required");
    if (!minutes) missing.minutes = t("error.choose");
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    setBusy(true);
    const outcome = await attempt(
      api.POST("/incubator/mentorships/{mentorship_id}/sessions", {
        params: { path: { mentorship_id: mentorship.mentorship_id ?? "" } },
        body: { held_on: heldOn, minutes: Number(minutes), kind, topics: [], next_steps: nextSteps.trim() || null, notes: null },
      }),
    );
    setBusy(false);
    if (!outcome.ok) return refuseFailure(outcome, t);
    clear();
    setMinutes("");
    setNextSteps("");
    setSaved(true);
    await reload();
  };

  return (
    <Card headingId="mentor-title" icon="users" title={t("interlab.project.mentor")}>
      <p>{t("interlab.project.mentorActive")}</p>
      <p>
        {t("interlab.project.sessions", {
          count: number(lang, mentorship.sessions ?? 0),
          minutes: quantity(lang, mentorship.minutes ?? 0, "minute"),
        })}
      </p>
      {sessions.length > 0 && (
        <>
          <h3>{t("interlab.project.pastSessions")}</h3>
          <ul className="interlab-milestones">
            {sessions.map((session) => (
              <li key={session.session_id}>
                <StatusLine icon="calendar">
                  {sayDate(lang, session.held_on)} · {quantity(lang, session.minutes ?? 0, "minute")}
                </StatusLine>
                {session.next_steps && <p dir="auto">{session.next_steps}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
      {saved && <Notice>{t("interlab.project.sessionSaved")}</Notice>}
      <form className="form interlab-subform" onSubmit={submit} noValidate aria-labelledby="log-session-title">
        <h3 id="log-session-title">{t("interlab.project.logSession")}</h3>
        <ErrorSummary
          ref={summary}
          message={message}
          items={summaryItems(errors, {
            held_on: ["session-held_on", t("interlab.project.sessionDate")],
            minutes: ["session-minutes", t("interlab.project.sessionMinutes")],
          })}
        />
        <DayField
          when="past"
          id="session-held_on"
          label={t("interlab.project.sessionDate")}
          error={errors.held_on}
          value={heldOn}
          onValueChange={setHeldOn}
        />
        <MinutesQuestion
          id="session-minutes"
          name="session-minutes"
          legend={t("interlab.project.sessionMinutes")}
          error={errors.minutes}
          options={SESSION_MINUTES}
          value={minutes}
          onChange={setMinutes}
        />
        <Choices
          id="session-kind"
          name="session-kind"
          legend={t("interlab.project.sessionKind")}
          error={errors.kind}
          choices={SESSION_KINDS.map((value) => ({ value, label: t(`interlab.project.sessionKind.${value}`) }))}
          selected={[kind]}
          onChange={(value) => setKind(value as (typeof SESSION_KINDS)[number])}
        />
        <TextArea
          id="session-next"
          label={t("interlab.project.nextSteps")}
          optional={t("common.optional")}
          value={nextSteps}
          onValueChange={setNextSteps}
          maxLength={1000}
          rows={3}
          dir="auto"
        />
        <SubmitButton icon="check" label={t("interlab.project.saveSession")} busy={busy} />
      </form>
    </Card>
  );
}

// --- follow-up -----------------------------------------------------------------------------------------

function FollowUpForm({ followUp, onAnswered }: { followUp: FollowUp; onAnswered: () => Promise<void> }) {
  const { t, lang } = useT();
  const [active, setActive] = useState<"yes" | "no" | "">("");
  const [revenue, setRevenue] = useState<RevenueBand | "">("");
  const [jobs, setJobs] = useState("");
  const [needs, setNeeds] = useState<Need[]>([]);
  const [busy, setBusy] = useState(false);
  const { errors, message, summary, refuse, refuseFailure } = useRefusal();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const missing: Partial<Record<string, string>> = {};
    if (!active) missing.still_active = t("error.choose");
    if (!revenue) missing.revenue_band = t("error.choose");
    if (!/^\d{1,4}$/.test(jobs.trim()) || Number(jobs) > 1000) missing.jobs_created = t("interlab.followUp.jobsError");
    if (!active || !revenue || Object.keys(missing).length > 0) return refuse(missing, null);
    setBusy(true);
    const outcome = await attempt(
      api.POST("/incubator/follow-ups/{follow_up_id}/answer", {
        params: { path: { follow_up_id: followUp.follow_up_id ?? "" } },
        body: { still_active: active === "yes", revenue_band: revenue, jobs_created: Number(jobs), still_needs: needs },
      }),
    );
    setBusy(false);
    if (!outcome.ok) return refuseFailure(outcome, t);
    await onAnswered();
  };

  return (
    <Card headingId="follow-up-title" icon="bell" title={t("interlab.followUp.title")} className="interlab-followup" id="follow-up">
      <p>{t("interlab.followUp.intro", { months: number(lang, followUp.months ?? 6) })}</p>
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary
          ref={summary}
          message={message}
          items={summaryItems(errors, {
            still_active: ["follow-active", t("interlab.followUp.active")],
            revenue_band: ["follow-revenue", t("interlab.followUp.revenue")],
            jobs_created: ["follow-jobs", t("interlab.followUp.jobs")],
          })}
        />
        <Choices
          id="follow-active"
          name="still_active"
          legend={t("interlab.followUp.active")}
          error={errors.still_active}
          columns
          choices={[
            { value: "yes", label: t("interlab.apply.yes") },
            { value: "no", label: t("interlab.apply.no") },
          ]}
          selected={[active]}
          onChange={(value) => setActive(value as "yes" | "no")}
        />
        <Choices
          id="follow-revenue"
          name="revenue_band"
          legend={t("interlab.followUp.revenue")}
          error={errors.revenue_band}
          choices={REVENUE_BANDS.map((band) => ({ value: band, label: t(`interlab.revenue.${band}`) }))}
          selected={[revenue]}
          onChange={(value) => setRevenue(value as RevenueBand)}
        />
        <TextField
          id="follow-jobs"
          label={t("interlab.followUp.jobs")}
          error={errors.jobs_created}
          value={jobs}
          onValueChange={setJobs}
          inputMode="numeric"
          maxLength={4}
          dir="ltr"
          className="field__input field__input--short"
        />
        <Choices
          id="follow-needs"
          name="still_needs"
          legend={t("interlab.followUp.needs")}
          optional={t("common.optional")}
          multiple
          columns
          choices={NEEDS.map((need) => ({ value: need, label: t(`interlab.need.${need}`) }))}
          selected={needs}
          onChange={(value, on) => setNeeds(toggle(needs, value as Need, on))}
        />
        <SubmitButton icon="check" label={t("interlab.followUp.send")} busy={busy} />
      </form>
    </Card>
  );
}
