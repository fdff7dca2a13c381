/**
 * Apply to an InterLab call (#/interlab/calls/:callId/apply): the project, the call's questions, the
 * language written in. "Save draft" keeps it for later (submit: false); "Send my application" sends it.
 * The same page finishes a draft (PATCH, then the "submit" move) and answers what the team asked
 * (PATCH, then the "answer" move). Every missing answer is named next to its field.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { api } from "../api/client";
import { attempt, type Failure } from "../api/problems";
import type { components } from "../api/schema";
import { useSession } from "../api/session";
import { ButtonLink, BackToMe } from "../components/ButtonLink";
import { Choices, ErrorSummary, Notice, TextField, toggle, type SummaryItem } from "../components/forms";
import { Icon } from "../components/Icon";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { useRefusal } from "../components/refusal";
import { StatusLine } from "../components/StatusLine";
import { useT, type Translate } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { SPOKEN_LANGUAGES } from "../vocabulary";
import { Select, TextArea } from "./fields";
import "./interlab.css";
import {
  explainApplication,
  NEEDS,
  sayDate,
  SECTORS,
  STAGES,
  type FormErrors,
  type Need,
  type Sector,
  type Stage,
} from "./words";

type Schemas = components["schemas"];
type Call = Schemas["CallView"];
type Application = Schemas["ApplicationView"];
type Project = Schemas["Project"];

interface Answers {
  language: string;
  title: string;
  sector: Sector | "";
  stage: Stage | "";
  description: string;
  needs: Need[];
  team_size: string;
  newcomer_founders: "yes" | "no" | "";
  answers: Record<string, string>;
}

/** The languages one may write in, each named in itself: French first, then those members speak. */
const WRITING_LANGUAGES: [string, string][] = [["fr", "Français"], ...Object.entries(SPOKEN_LANGUAGES)];

const ORDER = ["title", "sector", "stage", "description", "needs", "team_size", "newcomer_founders"] as const;
const LABELS: Record<(typeof ORDER)[number] | "language", MessageKey> = {
  language: "interlab.apply.language",
  title: "interlab.apply.projectTitle",
  sector: "interlab.apply.sector",
  stage: "interlab.apply.stage",
  description: "interlab.apply.description",
  needs: "interlab.apply.needs",
  team_size: "interlab.apply.teamSize",
  newcomer_founders: "interlab.apply.newcomers",
};

const fieldId = (field: string) => `apply-${field.replace(".", "-")}`;

function fromApplication(application: Application | null, lang: string): Answers {
  const project = application?.project ?? {};
  return {
    language: application?.language ?? lang,
    title: project.title ?? "",
    sector: project.sector ?? "",
    stage: project.stage ?? "",
    description: project.description ?? "",
    needs: project.needs ?? [],
    team_size: project.team_size === undefined ? "" : String(project.team_size),
    newcomer_founders: project.newcomer_founders === undefined ? "" : project.newcomer_founders ? "yes" : "no",
    answers: { ...(application?.answers ?? {}) },
  };
}

/** What the API receives: only what is filled in (a draft may leave anything for later). */
function toProject(answers: Answers): Project {
  const project: Project = { needs: answers.needs };
  const title = answers.title.trim();
  const description = answers.description.trim();
  if (title) project.title = title;
  if (answers.sector) project.sector = answers.sector;
  if (answers.stage) project.stage = answers.stage;
  if (description) project.description = description;
  if (/^\d+$/.test(answers.team_size.trim())) project.team_size = Number(answers.team_size.trim());
  if (answers.newcomer_founders) project.newcomer_founders = answers.newcomer_founders === "yes";
  return project;
}

function filledAnswers(answers: Answers): Record<string, string> {
  return Object.fromEntries(
    Object.entries(answers.answers)
      .map(([key, text]) => [key, text.trim()])
      .filter(([, text]) => text),
  );
}

/** What can be told before asking the API. `sending`: everything a submitted application needs. */
export function check(answers: Answers, questions: readonly string[], sending: boolean, t: Translate): FormErrors {
  const errors: FormErrors = {};
  const teamSize = answers.team_size.trim();
  if (teamSize && !(/^\d+$/.test(teamSize) && Number(teamSize) >= 1 && Number(teamSize) <= 50)) {
    errors.team_size = t("interlab.error.teamSize");
  }
  if (!answers.language) errors.language = t("interlab.error.language");
  if (!sending) return errors;
  const title = answers.title.trim();
  if (!title) errors.title = t("error.required");
  else if (title.length < 3) errors.title = t("interlab.error.short", { min: 3 });
  if (!answers.sector) errors.sector = t("error.choose");
  if (!answers.stage) errors.stage = t("error.choose");
  const description = answers.description.trim();
  if (!description) errors.description = t("error.required");
  else if (description.length < 10) errors.description = t("interlab.error.short", { min: 10 });
  if (!teamSize) errors.team_size = t("interlab.error.teamSize");
  if (!answers.newcomer_founders) errors.newcomer_founders = t("error.choose");
  for (const key of questions) {
    if (!answers.answers[key]?.trim()) errors[`answer.${key}`] = t("error.required");
  }
  return errors;
}

type Loaded =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; call: Call; application: Application | null; other: Application | null };

export default function Apply() {
  const { t, lang } = useT();
  const { callId = "" } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });

  const load = useCallback(async () => {
    const [call, mine] = await Promise.all([
      attempt(api.GET("/incubator/calls/{call_id}", { params: { path: { call_id: callId } } })),
      attempt(api.GET("/incubator/applications", { params: { query: { limit: 100 } } })),
    ]);
    if (!call.ok) return setLoaded({ state: "failed", message: failed(call, t) });
    if (!mine.ok) return setLoaded({ state: "failed", message: failed(mine, t) });
    const forThisCall = mine.data.items.filter((a) => a.call_id === callId && a.status !== "withdrawn");
    const editable = forThisCall.find((a) => a.status === "draft" || a.status === "more_info_requested") ?? null;
    setLoaded({ state: "ready", call: call.data, application: editable, other: editable ? null : (forThisCall[0] ?? null) });
  }, [callId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (loaded.state === "loading") {
    return (
      <>
        <PageHeading title={t("interlab.apply.title")} />
        <StillLoading />
      </>
    );
  }
  if (loaded.state === "failed") {
    return (
      <>
        <PageHeading title={t("interlab.apply.title")} />
        <Notice tone="error">{loaded.message}</Notice>
        <BackToMe label={t("interlab.apply.back")} />
      </>
    );
  }
  const { call, application, other } = loaded;
  if (other) {
    return (
      <>
        <PageHeading title={t("interlab.apply.title")} />
        <StatusLine icon="check">{t("interlab.apply.already")}</StatusLine>
        <ButtonLink to={`/interlab/applications/${other.application_id}`} icon="forward" className="button button--primary">
          {t("interlab.apply.seeIt")}
        </ButtonLink>
        <BackToMe label={t("interlab.apply.back")} />
      </>
    );
  }
  if (!application && !call.open) {
    return (
      <>
        <PageHeading title={t("interlab.apply.title")} />
        <StatusLine icon="clock">{t("interlab.apply.closed")}</StatusLine>
        <BackToMe label={t("interlab.apply.back")} />
      </>
    );
  }
  return (
    <ApplicationForm
      key={application?.application_id ?? "new"}
      call={call}
      application={application}
      memberId={session?.memberId ?? ""}
      lang={lang}
      t={t}
      onSent={(sent, answered) =>
        navigate(`/interlab/applications/${sent.application_id}`, { state: { interlab: answered ? "answered" : "sent" } })
      }
    />
  );
}

function failed(failure: Failure, t: Translate): string {
  return explainApplication(failure, t).message ?? t("error.generic");
}


interface FormProps {
  call: Call;
  application: Application | null;
  memberId: string;
  lang: string;
  t: Translate;
  onSent: (application: Application, answered: boolean) => void;
}

function ApplicationForm({ call, application: initial, memberId, lang, t, onSent }: FormProps) {
  const { lang: appLang } = useT();
  const [application, setApplication] = useState(initial);
  const [answers, setAnswers] = useState(() => fromApplication(initial, lang));
  const { errors, message, summary, refuse: refuseForm, clear } = useRefusal();
  const [busy, setBusy] = useState<"draft" | "send" | null>(null);
  const [saved, setSaved] = useState(false);
  const questions = call.questions ?? [];
  const answering = application?.status === "more_info_requested";

  const set =
    <K extends keyof Answers>(field: K) =>
    (value: Answers[K]) => {
      setAnswers((before) => ({ ...before, [field]: value }));
      setSaved(false);
    };

  const refuse = (fields: FormErrors, text: string | null) => {
    setSaved(false); // a refused draft is not saved, whatever the last save said
    refuseForm(fields, text);
  };

  const save = async (sending: boolean) => {
    if (busy) return;
    const problems = check(
      answers,
      questions.map((q) => q.key),
      sending,
      t,
    );
    if (Object.keys(problems).length > 0) return refuse(problems, null);
    setBusy(sending ? "send" : "draft");
    const body = { language: answers.language, project: toProject(answers), answers: filledAnswers(answers) };
    let outcome;
    if (!application) {
      outcome = await attempt(
        api.POST("/incubator/applications", {
          body: { ...body, call_id: call.call_id ?? "", member_id: memberId, submit: sending },
        }),
      );
    } else {
      const path = { params: { path: { application_id: application.application_id ?? "" } } };
      outcome = await attempt(api.PATCH("/incubator/applications/{application_id}", { ...path, body }));
      if (outcome.ok) {
        setApplication(outcome.data);
        if (sending) {
          const move = answering ? "answer" : "submit";
          outcome = await attempt(
            api.POST("/incubator/applications/{application_id}/moves", {
              ...path,
              body: { move, reason: null, message: null },
            }),
          );
        }
      }
    }
    setBusy(null);
    if (!outcome.ok) {
      const explained = explainApplication(outcome, t);
      return refuse(explained.fields, explained.message);
    }
    clear();
    if (sending) return onSent(outcome.data, answering);
    setApplication(outcome.data);
    setSaved(true);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(true);
  };

  const label = (field: string) =>
    field.startsWith("answer.")
      ? (questions.find((q) => `answer.${q.key}` === field)?.text ?? "")
      : t(LABELS[field as keyof typeof LABELS] ?? "error.generic");
  const order = ["language", ...ORDER, ...questions.map((q) => `answer.${q.key}`), "answers"];
  const items: SummaryItem[] = Object.entries(errors)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([field, text]) => ({
      target: field === "answers" ? null : fieldId(field),
      label: field === "answers" ? undefined : label(field),
      text,
    }));

  const optional = t("common.optional");
  // The same title for a new application and its draft: a title change would move the focus to it.
  const title = answering ? t("interlab.apply.editTitle") : t("interlab.apply.title");
  return (
    <>
      <PageHeading title={title} />
      <p className="lead">{t("interlab.apply.intro")}</p>
      <p className="interlab-when">
        <Icon name="calendar" />
        <span>{t("interlab.apply.cohort", { cohort: call.cohort ?? "", date: sayDate(appLang, call.closes_on) })}</span>
      </p>
      {answering && application?.more_info && (
        <div className="alert interlab-asked" role="note">
          <p className="alert__title">
            <Icon name="chat" />
            <span>{t("interlab.apply.askedTitle")}</span>
          </p>
          <p className="interlab-quote" dir="auto">
            {application.more_info}
          </p>
          <p>{t("interlab.apply.askedHint")}</p>
        </div>
      )}
      {!answering && <p>{t("interlab.apply.draftHint")}</p>}
      <form className="form" onSubmit={submit} noValidate>
        <ErrorSummary ref={summary} message={message} items={items} />
        <Select
          id={fieldId("language")}
          label={t("interlab.apply.language")}
          hint={t("interlab.apply.language.hint")}
          error={errors.language}
          value={answers.language}
          onValueChange={set("language")}
        >
          {WRITING_LANGUAGES.map(([code, name]) => (
            <option key={code} value={code} lang={code}>
              {name}
            </option>
          ))}
        </Select>

        <section className="form__section" aria-labelledby="apply-project-title">
          <h2 id="apply-project-title">{t("interlab.apply.section.project")}</h2>
          <TextField
            id={fieldId("title")}
            label={t("interlab.apply.projectTitle")}
            hint={t("interlab.apply.projectTitle.hint")}
            error={errors.title}
            value={answers.title}
            onValueChange={set("title")}
            maxLength={120}
            dir="auto"
          />
          <Choices
            id={fieldId("sector")}
            name="sector"
            legend={t("interlab.apply.sector")}
            error={errors.sector}
            columns
            choices={SECTORS.map((sector) => ({ value: sector, label: t(`interlab.sector.${sector}`) }))}
            selected={[answers.sector]}
            onChange={(value) => set("sector")(value as Sector)}
          />
          <Choices
            id={fieldId("stage")}
            name="stage"
            legend={t("interlab.apply.stage")}
            error={errors.stage}
            choices={STAGES.map((stage) => ({
              value: stage,
              label: t(`interlab.stage.${stage}`),
              detail: t(`interlab.stage.${stage}.detail`),
            }))}
            selected={[answers.stage]}
            onChange={(value) => set("stage")(value as Stage)}
          />
          <TextArea
            id={fieldId("description")}
            label={t("interlab.apply.description")}
            hint={t("interlab.apply.description.hint")}
            error={errors.description}
            value={answers.description}
            onValueChange={set("description")}
            maxLength={4000}
            dir="auto"
            lang={answers.language}
          />
          <Choices
            id={fieldId("needs")}
            name="needs"
            legend={t("interlab.apply.needs")}
            hint={t("interlab.apply.needs.hint")}
            optional={optional}
            error={errors.needs}
            multiple
            columns
            choices={NEEDS.map((need) => ({ value: need, label: t(`interlab.need.${need}`) }))}
            selected={answers.needs}
            onChange={(value, on) => set("needs")(toggle(answers.needs, value as Need, on))}
          />
        </section>

        <section className="form__section" aria-labelledby="apply-team-title">
          <h2 id="apply-team-title">{t("interlab.apply.section.team")}</h2>
          <TextField
            id={fieldId("team_size")}
            label={t("interlab.apply.teamSize")}
            error={errors.team_size}
            value={answers.team_size}
            onValueChange={set("team_size")}
            inputMode="numeric"
            maxLength={2}
            dir="ltr"
            className="field__input field__input--short"
          />
          <Choices
            id={fieldId("newcomer_founders")}
            name="newcomer_founders"
            legend={t("interlab.apply.newcomers")}
            error={errors.newcomer_founders}
            columns
            choices={[
              { value: "yes", label: t("interlab.apply.yes") },
              { value: "no", label: t("interlab.apply.no") },
            ]}
            selected={[answers.newcomer_founders]}
            onChange={(value) => set("newcomer_founders")(value as Answers["newcomer_founders"])}
          />
        </section>

        {questions.length > 0 && (
          <section className="form__section" aria-labelledby="apply-questions-title">
            <h2 id="apply-questions-title">{t("interlab.apply.section.questions")}</h2>
            {questions.map((question) => (
              <TextArea
                key={question.key}
                id={fieldId(`answer.${question.key}`)}
                label={question.text}
                error={errors[`answer.${question.key}`]}
                value={answers.answers[question.key] ?? ""}
                onValueChange={(value) => set("answers")({ ...answers.answers, [question.key]: value })}
                maxLength={4000}
                dir="auto"
                lang={answers.language}
              />
            ))}
          </section>
        )}

        {saved && <Notice>{t("interlab.apply.saved")}</Notice>}
        <div className="interlab-actions">
          <button type="submit" className="button button--primary" aria-disabled={busy !== null || undefined}>
            <Icon name={answering ? "chat" : "rocket"} />
            <span>
              {busy === "send"
                ? t("interlab.apply.sending")
                : t(answering ? "interlab.apply.sendAnswer" : "interlab.apply.send")}
            </span>
          </button>
          {!answering && (
            <button
              type="button"
              className="button"
              onClick={() => void save(false)}
              aria-disabled={busy !== null || undefined}
            >
              <Icon name="pencil" />
              <span>{busy === "draft" ? t("interlab.apply.saving") : t("interlab.apply.saveDraft")}</span>
            </button>
          )}
        </div>
      </form>
      <BackToMe label={t("interlab.apply.back")} />
    </>
  );
}
