/**
 * The API's refusals (RFC 9457 problem details, with `errors: {field: [messages]}`) said in the member's
 * language: a sentence per field next to it, and one for the whole page. Known messages are translated;
 * an unknown one is shown as the API wrote it rather than hidden.
 */
import type { Translate } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];

export type Outcome<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; problem: Problem | null }; // status 0: the network failed

/** An openapi-fetch call as an Outcome: never throws (a network failure is status 0). */
export async function attempt<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Outcome<T>> {
  try {
    const { data, error, response } = await call;
    if (response.ok && data !== undefined) return { ok: true, data };
    return { ok: false, status: response.status, problem: isProblem(error) ? error : null };
  } catch {
    return { ok: false, status: 0, problem: null };
  }
}

export type Failure = Extract<Outcome<unknown>, { ok: false }>;

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && "status" in value && "detail" in value;
}

interface Rule {
  readonly match: RegExp;
  readonly key: MessageKey;
  readonly field?: string; // only for this field
}

/** Messages of the contracts (marshmallow) and of the services' rules, per field. */
const FIELD_RULES: readonly Rule[] = [
  { match: /^already registered/, field: "email", key: "error.emailTaken" },
  { match: /^already registered/, field: "phone", key: "error.phoneTaken" },
  { match: /^(Missing data for required field|Field may not be null|Shorter than minimum length 1\b)/, key: "error.required" },
  { match: /^must not be blank/, key: "error.required" },
  { match: /^use 10 to 128 characters/, field: "password", key: "error.passwordLength" },
  { match: /^Not a valid email/, key: "error.email" },
  { match: /^not a phone number/, key: "error.phone" },
  { match: /years old/, field: "birth_year", key: "error.age" },
  { match: /^(Not a valid integer|Must be greater than or equal to)/, field: "birth_year", key: "error.year" },
  { match: /^cannot be in the future/, key: "error.future" },
  { match: /^is before the duo began/, key: "error.beforeDuo" },
  { match: /^Not a valid date/, key: "error.date" },
  { match: /^must be between 1 and 240/, field: "minutes", key: "error.minutes" },
  { match: /^consent to data_processing is required/, key: "error.consentRequired" },
  { match: /^(must be one of|Must be one of)/, key: "error.choose" },
];

/** Refusals told in `detail` alone (Duo-Langue's rules on who may ask or offer). */
const DETAIL_RULES: readonly Rule[] = [
  { match: /^unknown member/, key: "duo.error.notReady" },
  { match: /^no member .* known to Duo-Langue/, key: "duo.error.notReady" },
  { match: /^Duo-Langue pairs newcomers/, key: "duo.error.notNewcomer" },
  { match: /^a native French speaker can volunteer/, key: "duo.error.native" },
  { match: /^volunteers speak French at level/, key: "duo.error.level" },
  { match: /already has .* open/, key: "duo.error.alreadyOpen" },
];

/** The first message of a field's errors, whatever their nesting (lists, or {index: {field: [...]}}). */
function firstMessage(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = firstMessage(item);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) return firstMessage(Object.values(value));
  return null;
}

export function sayField(field: string, message: string, t: Translate): string {
  const rule = FIELD_RULES.find((r) => (r.field === undefined || r.field === field) && r.match.test(message));
  return rule ? t(rule.key) : message;
}

export interface Explained {
  /** One sentence for the whole page, or null when the field messages say it all. */
  readonly message: string | null;
  /** Per field of the API (first_name, consents, held_on...): one sentence each. */
  readonly fields: Readonly<Record<string, string>>;
}

export function explain(failure: Failure, t: Translate): Explained {
  if (failure.status === 0) return { message: t("error.unreachable"), fields: {} };
  if (failure.status === 429) return { message: t("error.tooMany"), fields: {} };
  if (failure.status >= 500 || !failure.problem) return { message: t("error.server"), fields: {} };
  const { detail, errors } = failure.problem;
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(errors ?? {})) {
    const message = firstMessage(value);
    if (message) fields[field] = sayField(field, message, t);
  }
  const rule = DETAIL_RULES.find((r) => r.match.test(detail));
  if (rule) return { message: t(rule.key), fields: {} };
  if (Object.keys(fields).length > 0) return { message: null, fields };
  return { message: detail || t("error.generic"), fields };
}
