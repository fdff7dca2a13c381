/**
 * InterLab's closed lists (typed from the API schema) and what the member reads of them: statuses in plain
 * words, what happens next, dates in the member's language, and the API's refusals of an application said
 * next to the field they are about.
 */
import type { Failure } from "../api/problems";
import { explain, sayField } from "../api/problems";
import type { components } from "../api/schema";
import type { Translate } from "../i18n/i18n";
import { locale, type Lang } from "../i18n/languages";

type Schemas = components["schemas"];
export type Sector = NonNullable<Schemas["Project"]["sector"]>;
export type Stage = NonNullable<Schemas["Project"]["stage"]>;
export type Need = NonNullable<Schemas["Project"]["needs"]>[number];
export type DeclineReason = NonNullable<Schemas["ApplicationMove"]["reason"]>;
export type ProjectStatus = NonNullable<Schemas["IncubatorProjectView"]["status"]>;
export type MilestoneKind = Schemas["AddMilestone"]["kind"];
export type RevenueBand = Schemas["FollowUpAnswer"]["revenue_band"];

export const SECTORS: readonly Sector[] = ["food", "crafts", "services", "retail", "culture", "tech", "social", "other"];
export const STAGES: readonly Stage[] = ["idea", "validation", "prototype", "launch_preparation"];
export const NEEDS: readonly Need[] = [
  "legal",
  "financing",
  "marketing",
  "accounting",
  "french",
  "premises",
  "digital",
  "sales",
  "networking",
];
export const STATUSES = [
  "draft",
  "submitted",
  "more_info_requested",
  "in_review",
  "interview",
  "admitted",
  "waitlisted",
  "declined",
  "withdrawn",
] as const;
export type Status = (typeof STATUSES)[number];
export const DECLINE_REASONS: readonly DeclineReason[] = ["outside_mission", "not_ready", "no_places", "incomplete", "other"];
export const MOVES = [
  "submit",
  "ask_more_info",
  "answer",
  "review",
  "invite",
  "admit",
  "waitlist",
  "decline",
  "withdraw",
] as const;
export type Move = (typeof MOVES)[number];
export const PROJECT_STATUSES: readonly ProjectStatus[] = [
  "idea",
  "validation",
  "prototype",
  "launch_preparation",
  "launched",
  "paused",
  "stopped",
];
export const MILESTONE_KINDS: readonly MilestoneKind[] = [
  "business_plan",
  "legal_form_chosen",
  "first_customer",
  "financing_found",
  "premises_found",
  "company_registered",
  "launch",
];
export const REVENUE_BANDS: readonly RevenueBand[] = ["none", "under_10k", "10k_50k", "50k_150k", "over_150k"];

const isOneOf =
  <T extends string>(list: readonly T[]) =>
  (value: unknown): value is T =>
    typeof value === "string" && (list as readonly string[]).includes(value);

export const isStatus = isOneOf(STATUSES);
export const isMove = isOneOf(MOVES);
export const isDeclineReason = isOneOf(DECLINE_REASONS);
export const isProjectStatus = isOneOf(PROJECT_STATUSES);
export const isMilestoneKind = isOneOf(MILESTONE_KINDS);
export const isNeed = isOneOf(NEEDS);
export const isRevenueBand = isOneOf(REVENUE_BANDS);

/** The status in plain words ("We received your application"). */
export function sayStatus(status: string | undefined, t: Translate): string {
  return isStatus(status) ? t(`interlab.status.${status}`) : (status ?? "");
}

/** What happens next, or what the member must do, in this status. */
export function nextStep(status: string | undefined, t: Translate): string | null {
  return isStatus(status) ? t(`interlab.next.${status}`) : null;
}

export function sayMove(move: string | undefined, t: Translate): string {
  return isMove(move) ? t(`interlab.move.${move}`) : (move ?? "");
}

export function sayDeclineReason(reason: string | null | undefined, t: Translate): string | null {
  if (!reason) return null;
  return isDeclineReason(reason) ? t(`interlab.declined.${reason}`) : reason;
}

export function sayProjectStatus(status: string | undefined, t: Translate): string {
  return isProjectStatus(status) ? t(`interlab.projectStatus.${status}`) : (status ?? "");
}

export function sayMilestone(kind: string | undefined, t: Translate): string {
  return isMilestoneKind(kind) ? t(`interlab.milestone.${kind}`) : (kind ?? "");
}

export function sayNeed(need: string, t: Translate): string {
  return isNeed(need) ? t(`interlab.need.${need}`) : need;
}

/**
 * A date of the API in the member's language: a day ("2027-02-28", said as that calendar day wherever
 * the phone is) or a moment ("2027-02-28T10:00:00+00:00", said in the phone's time zone).
 */
export function sayDate(lang: Lang, value: string | null | undefined): string {
  if (!value) return "";
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(day ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), {
    dateStyle: "long",
    ...(day ? { timeZone: "UTC" } : {}),
  }).format(date);
}

/** A moment of the API (an ISO timestamp) as a day and an hour, in the phone's time zone. */
export function sayMoment(lang: Lang, value: string | null | undefined): string {
  if (!value) return "";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeStyle: "short" }).format(date);
}

/** The project fields a submitted application needs (incubator.domain.PROJECT_FIELDS). */
export const PROJECT_FIELDS = [
  "title",
  "sector",
  "stage",
  "description",
  "needs",
  "team_size",
  "newcomer_founders",
] as const;
export type ProjectField = (typeof PROJECT_FIELDS)[number];

/** A field of the form: a project field, "language", or "answer.<question key>". */
export type FormErrors = Partial<Record<string, string>>;

export interface ExplainedApplication {
  message: string | null;
  fields: FormErrors;
}

const NEEDED = /^(\w+) is needed to submit/;
const ANSWER_NEEDED = /^'([a-z0-9_]+)' is needed to submit/;
const NO_QUESTION = /^this call asks no question '([a-z0-9_]+)'/;
const SHORTER = /^Shorter than minimum length (\d+)/;
const LONGER = /^Longer than maximum length (\d+)/;

/** One message about one field, in the member's words. */
export function sayApplicationField(field: string, message: string, t: Translate): string {
  const short = SHORTER.exec(message);
  if (short && short[1] !== "1") return t("interlab.error.short", { min: Number(short[1]) });
  const long = LONGER.exec(message);
  if (long) return t("interlab.error.long", { max: Number(long[1]) });
  if (field === "team_size" && /integer|greater|less/.test(message)) return t("interlab.error.teamSize");
  if (field === "language") return t("interlab.error.language");
  if (NEEDED.test(message) || ANSWER_NEEDED.test(message)) {
    return t(["sector", "stage", "newcomer_founders"].includes(field) ? "error.choose" : "error.required");
  }
  return sayField(field, message, t);
}

function messages(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(messages);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(messages);
  return [];
}

/**
 * The API's refusal of an application (422: which fields; 409: closed, applied already, moved meanwhile)
 * as a sentence per form field (`title`, `answer.why_liege`, `language`...) and one for the page.
 * Business rules come as lists ("title is needed to submit"); the contract's checks as {field: [...]}.
 */
export function explainApplication(failure: Failure, t: Translate): ExplainedApplication {
  const errors = failure.problem?.errors ?? {};
  const fields: FormErrors = {};
  const put = (field: string, message: string) => {
    fields[field] ??= sayApplicationField(field.replace(/^answer\./, ""), message, t);
  };
  if (failure.status === 404) return { message: t("interlab.error.notFound"), fields };
  if (failure.status === 409) {
    const said = messages(errors).join(" ") + " " + (failure.problem?.detail ?? "");
    if (/already applied/.test(said)) return { message: t("interlab.error.already"), fields };
    if (/takes applications|not open|call_open|is open/.test(said)) return { message: t("interlab.error.closed"), fields };
    return { message: t("interlab.error.moved"), fields };
  }
  if (failure.status === 422 || failure.status === 400) {
    for (const [key, value] of Object.entries(errors)) {
      if (key === "project") {
        if (Array.isArray(value)) {
          for (const message of messages(value)) {
            const field = NEEDED.exec(message)?.[1];
            if (field) put(field, message);
          }
        } else if (typeof value === "object" && value !== null) {
          for (const [field, inner] of Object.entries(value)) {
            const first = messages(inner)[0];
            if (first) put(field, first);
          }
        }
      } else if (key === "answers") {
        if (Array.isArray(value)) {
          for (const message of messages(value)) {
            const question = ANSWER_NEEDED.exec(message)?.[1];
            if (question) put(`answer.${question}`, message);
            else if (NO_QUESTION.test(message)) fields.answers ??= t("interlab.error.unknownQuestion");
          }
        } else if (typeof value === "object" && value !== null) {
          for (const [question, inner] of Object.entries(value)) {
            const first = messages(inner)[0];
            if (first) put(`answer.${question}`, first);
          }
        }
      } else {
        const first = messages(value)[0];
        if (first) put(key, first);
      }
    }
    if (Object.keys(fields).length > 0) return { message: null, fields };
  }
  const explained = explain(failure, t);
  return { message: explained.message ?? Object.values(explained.fields)[0] ?? t("error.generic"), fields };
}

/** The milestone to reach next: the earliest due among those not reached yet. */
export function nextMilestone<M extends { due_on?: string; reached_on?: string | null }>(milestones: readonly M[]): M | null {
  const open = milestones.filter((m) => !m.reached_on && m.due_on);
  open.sort((a, b) => (a.due_on ?? "").localeCompare(b.due_on ?? ""));
  return open[0] ?? null;
}
