/** Pure parts of the Duo-Langue staff page: the waiting list by region, and how a duo's people are named. */
import type { components } from "../../api/schema";
import { shortId } from "../figures/kit";

type WaitingLearner = components["schemas"]["WaitingLearner"];

export interface RegionWait {
  region: string;
  learners: WaitingLearner[]; // longest wait first
  longest: number;
  median: number;
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Waiting learners grouped by region, the region with the most waiting first, each longest wait first. */
export function byRegion(items: readonly WaitingLearner[]): RegionWait[] {
  const groups = new Map<string, WaitingLearner[]>();
  for (const item of items) groups.set(item.region, [...(groups.get(item.region) ?? []), item]);
  return [...groups.entries()]
    .map(([region, learners]) => {
      const sorted = [...learners].sort((a, b) => b.waiting_days - a.waiting_days);
      const days = sorted.map((learner) => learner.waiting_days).reverse();
      return { region, learners: sorted, longest: sorted[0]?.waiting_days ?? 0, median: median(days) };
    })
    .sort((a, b) => b.learners.length - a.learners.length || a.region.localeCompare(b.region));
}

/**
 * How a duo's learner or volunteer is named: their first name when the API gives it (`learner_first_name`,
 * `volunteer_first_name`: coming to the proposal view), else the start of their member id.
 */
export function person(view: object, side: "learner" | "volunteer"): { name: string; isId: boolean } {
  const fields = view as Record<string, unknown>;
  const first = fields[`${side}_first_name`];
  if (typeof first === "string" && first.trim()) return { name: first, isId: false };
  const id = fields[`${side}_id`];
  return { name: shortId(typeof id === "string" ? id : null), isId: true };
}
