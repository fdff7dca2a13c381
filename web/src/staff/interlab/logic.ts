/** Pure parts of InterLab's staff pages: the review grid (criteria x reviewers, with means), the board. */
import type { components } from "../../api/schema";
import { number } from "../../i18n/format";
import type { Translate } from "../../i18n/i18n";
import type { Lang } from "../../i18n/languages";

type Review = components["schemas"]["ReviewView"];
type Application = components["schemas"]["ApplicationView"];

export interface GridRow {
  criterion: string;
  /** One score per review, in the order of the reviews (null: that reviewer did not score it). */
  scores: (number | null)[];
  mean: number | null;
}

export function mean(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((value): value is number => typeof value === "number");
  if (known.length === 0) return null;
  return Math.round((known.reduce((sum, value) => sum + value, 0) / known.length) * 100) / 100;
}

/** The review grid: a row per criterion of the call, a column per submitted review, the mean of each row. */
export function reviewGrid(criteria: readonly string[], reviews: readonly Review[]): GridRow[] {
  return criteria.map((criterion) => {
    const scores = reviews.map((review) => review.scores?.[criterion] ?? null);
    return { criterion, scores, mean: mean(scores) };
  });
}

/** The board's columns in the order an application moves through them; drafts are the applicant's own. */
export const BOARD = [
  "submitted",
  "more_info_requested",
  "in_review",
  "interview",
  "waitlisted",
  "admitted",
  "declined",
  "withdrawn",
] as const;

export function board(applications: readonly Application[]): { status: string; items: Application[] }[] {
  return BOARD.map((status) => ({ status, items: applications.filter((a) => a.status === status) }));
}

/** The moves a coordinator makes from the staff pages (the applicant's own are submit, answer, withdraw). */
export const STAFF_MOVES = ["review", "invite", "ask_more_info", "waitlist", "decline", "admit"] as const;
export type StaffMove = (typeof STAFF_MOVES)[number];

export function staffMoves(allowed: readonly string[] | undefined): StaffMove[] {
  return STAFF_MOVES.filter((move) => (allowed ?? []).includes(move));
}

/** A criterion of a call's grid as words: the known ones are translated, a call's own shown readable. */
export function criterionWords(criterion: string): string {
  return criterion.replace(/_/g, " ");
}

/** A whole score of 1 to 5 for every criterion, or the criteria still missing one. */
export function missingScores(criteria: readonly string[], scores: Readonly<Record<string, string>>): string[] {
  return criteria.filter((criterion) => !/^[1-5]$/.test(scores[criterion] ?? ""));
}

/** The decision's refusals (services/incubator review.py) in the page's language; others as written. */
export function sayDecisionProblem(message: string, title: (id: string) => string, t: Translate, lang: Lang): string {
  let m = /^([A-Za-z0-9_-]+): (\d+) submitted reviews?, (\d+) needed$/.exec(message);
  if (m) return t("staffInterlab.tooFewReviews", { title: title(m[1] ?? ""), count: number(lang, Number(m[2])), needed: number(lang, Number(m[3])) });
  m = /^(\d+) to admit, (\d+) places? left$/.exec(message);
  if (m) return t("staffInterlab.tooMany", { admit: number(lang, Number(m[1])), left: number(lang, Number(m[2])) });
  return message;
}
