/**
 * What a member says of a conversation (POST /duos/{id}/evaluations): a rating of 1 to 5, each a face
 * and a word, and a few tags. The API takes tags as free words; the app offers a fixed list so that the
 * coordinators' summary counts the same word for everyone (emoji from before 2015 only: old Android
 * phones lack the newer ones).
 */
import type { MessageKey } from "../i18n/messages/en";

export const RATINGS = [
  { value: 1, face: "😞", label: "duo.rate.1" },
  { value: 2, face: "😟", label: "duo.rate.2" },
  { value: 3, face: "😐", label: "duo.rate.3" },
  { value: 4, face: "😊", label: "duo.rate.4" },
  { value: 5, face: "😄", label: "duo.rate.5" },
] as const satisfies readonly { value: number; face: string; label: MessageKey }[];

export const DUO_TAGS = {
  practised_french: "duo.tag.practised_french",
  learned_something: "duo.tag.learned_something",
  felt_at_ease: "duo.tag.felt_at_ease",
  too_short: "duo.tag.too_short",
  hard_to_understand: "duo.tag.hard_to_understand",
  connection_problems: "duo.tag.connection_problems",
} as const satisfies Record<string, MessageKey>;

export type DuoTag = keyof typeof DUO_TAGS;

/** Why a member ends a duo (POST /duos/{id}/end: the API's reasons, member_erased apart). */
export const END_REASONS = {
  completed: "duo.end.reason.completed",
  no_time: "duo.end.reason.no_time",
  moved: "duo.end.reason.moved",
  mismatch: "duo.end.reason.mismatch",
  bad_experience: "duo.end.reason.bad_experience",
  other: "duo.end.reason.other",
} as const satisfies Record<string, MessageKey>;

export type EndReason = keyof typeof END_REASONS;

/** The evaluation to send, or the field that is missing (a rating is required; tags are optional). */
export function evaluation(
  evaluatorId: string,
  rating: string,
  tags: readonly string[],
): { ok: true; body: { evaluator_id: string; rating: number; tags: DuoTag[]; session_id: null } } | { ok: false } {
  const value = Number(rating);
  if (!Number.isInteger(value) || value < 1 || value > 5) return { ok: false };
  const known = tags.filter((tag): tag is DuoTag => Object.hasOwn(DUO_TAGS, tag));
  return { ok: true, body: { evaluator_id: evaluatorId, rating: value, tags: [...new Set(known)], session_id: null } };
}

/** The partner's first name when the duo view gives it (partner_first_name), else null. */
export function partnerName(duo: object): string | null {
  if (!("partner_first_name" in duo)) return null;
  const name = duo.partner_first_name;
  return typeof name === "string" && name.trim() ? name.trim() : null;
}
