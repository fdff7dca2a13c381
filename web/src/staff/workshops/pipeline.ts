/**
 * The accompaniment pipeline as the board shows it (contracts vocabulary WORKSHOP_STATUSES and
 * workshops.domain.MOVES), and the API's refusals of a move said again in plain words.
 */
import type { Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";

/** The steps, in order (workshops.domain.PIPELINE): one column each. */
export const PIPELINE = [
  "proposed",
  "in_conversation",
  "training",
  "venue_search",
  "scheduled",
  "published",
  "running",
  "evaluating",
  "completed",
] as const;
/** Statuses beside the pipeline (workshops.domain.ASIDE). */
export const ASIDE = ["paused", "declined", "withdrawn"] as const;
export type Status = (typeof PIPELINE)[number] | (typeof ASIDE)[number];
export const STATUSES: readonly Status[] = [...PIPELINE, ...ASIDE];

export const MOVES = [
  "accept",
  "train",
  "seek_venue",
  "schedule",
  "publish",
  "start",
  "evaluate",
  "complete",
  "decline",
  "pause",
  "resume",
  "withdraw",
] as const;
export type Move = (typeof MOVES)[number];

/** Moves that ask for something first: a training date, or a reason told to the leader. */
export const NEEDS_TRAINING_DATE: ReadonlySet<string> = new Set(["train"]);
export const NEEDS_REASON: ReadonlySet<string> = new Set(["decline", "pause"]);
/** Only the proposer withdraws (domain.MOVES: by="proposer"): not offered to staff. */
const PROPOSER_ONLY: ReadonlySet<string> = new Set(["withdraw"]);

export const REASONS = ["outside_mission", "not_feasible", "no_venue", "proposer_unavailable", "low_interest", "other"] as const;

/** A workshop may be given dates from its training on (workshops.domain.PLANNABLE). */
export const PLANNABLE: readonly string[] = ["training", "venue_search", "scheduled", "published", "running"];
/** Workshops whose dates the week shows. */
export const WITH_DATES: readonly string[] = [...PLANNABLE, "evaluating", "completed", "paused"];

/** Where each move leads (workshops.domain.MOVES); resume goes back where the workshop paused. */
const LEADS_TO: Record<Move, string> = {
  accept: "in_conversation",
  train: "training",
  seek_venue: "venue_search",
  schedule: "scheduled",
  publish: "published",
  start: "running",
  evaluate: "evaluating",
  complete: "completed",
  decline: "declined",
  pause: "paused",
  resume: "",
  withdraw: "withdrawn",
};

/** The move of a coordinator that takes a workshop to `status` (a card dropped on a column), if any. */
export function moveTo(workshop: { allowed_moves?: string[]; paused_from?: string | null }, status: string): Move | null {
  return (
    staffMoves(workshop.allowed_moves).find(
      (move) => (move === "resume" ? workshop.paused_from : LEADS_TO[move]) === status,
    ) ?? null
  );
}

export const isStatus = (value: string | undefined): value is Status => STATUSES.includes(value as Status);
export const isMove = (value: string): value is Move => (MOVES as readonly string[]).includes(value);

/** The moves a coordinator may offer on a card, in the pipeline's order. */
export function staffMoves(allowed: readonly string[] | undefined): Move[] {
  return MOVES.filter((move) => (allowed ?? []).includes(move) && !PROPOSER_ONLY.has(move));
}

export function statusName(status: string | undefined, t: Translate): string {
  return isStatus(status) ? t(`staffWorkshops.status.${status}`) : (status ?? "");
}

export function moveName(move: string, t: Translate): string {
  return isMove(move) ? t(`staffWorkshops.move.${move}`) : move;
}

/** workshops.domain.PREREQUISITES, as the API words them, and their keys here. */
const PREREQUISITES: Record<string, MessageKey> = {
  "at least one date at a booked venue or with an online link": "staffWorkshops.needs.a_placed_date",
  "a date still to come": "staffWorkshops.needs.a_future_date",
  "a capacity on every date to come": "staffWorkshops.needs.a_capacity",
  "the proposer has accepted the leader's charter": "staffWorkshops.needs.charter_accepted",
  "the workshop's impact evaluation is recorded": "staffWorkshops.needs.impact_recorded",
};

export interface Refusal {
  /** The sentence to show next to the card. */
  readonly text: string;
  /** The missing thing is a date: the card offers a link to plan one. */
  readonly needsDates: boolean;
  /** The workshop changed meanwhile: the board reloads. */
  readonly stale: boolean;
}

/**
 * Why a move was refused (409 problem detail of POST /workshops/{id}/moves), in plain words, or null when
 * the detail is not one of the pipeline's refusals (the caller then says what explain() says).
 */
export function sayRefusal(detail: string, t: Translate, list: (items: string[]) => string): Refusal | null {
  const needs = /^(\w+) needs (.+)$/.exec(detail);
  if (needs) {
    const missing = (needs[2] ?? "").split("; ");
    const said = missing.map((item) => {
      const key = PREREQUISITES[item];
      return key ? t(key) : item;
    });
    return {
      text: t("staffWorkshops.refused.needs", { needs: list(said) }),
      needsDates: missing.some((item) => /date/.test(item)),
      stale: false,
    };
  }
  const notFrom = /^a (\w+) workshop cannot (\w+); allowed: (.*)$/.exec(detail);
  if (notFrom) {
    const status = statusName(notFrom[1], t);
    const allowed = staffMoves((notFrom[3] ?? "").split(", ")).map((move) => moveName(move, t));
    return {
      text: allowed.length
        ? t("staffWorkshops.refused.notFrom", { status, allowed: list(allowed) })
        : t("staffWorkshops.refused.nothing", { status }),
      needsDates: false,
      stale: true, // the board showed a move the workshop no longer has: someone moved it meanwhile
    };
  }
  if (/^only the proposer can/.test(detail)) {
    return { text: t("staffWorkshops.refused.proposerOnly"), needsDates: false, stale: false };
  }
  if (/changed meanwhile/.test(detail)) {
    return { text: t("staffWorkshops.refused.changed"), needsDates: false, stale: true };
  }
  return null;
}
