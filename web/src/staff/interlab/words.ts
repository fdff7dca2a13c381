/** InterLab's closed lists, each with its words for staff (unknown values are shown as written). */
import type { Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import { criterionWords } from "./logic";

const k = (prefix: string, values: readonly string[]) =>
  Object.fromEntries(values.map((value) => [value, `staffInterlab.${prefix}.${value}` as MessageKey]));

const STATUS = k("status", ["draft", "submitted", "more_info_requested", "in_review", "interview", "admitted", "waitlisted", "declined", "withdrawn"]);
const MOVE = k("move", ["review", "invite", "ask_more_info", "waitlist", "decline", "admit"]);
const DECLINE = k("decline", ["outside_mission", "not_ready", "no_places", "incomplete", "other"]);
const SECTOR = k("sector", ["food", "crafts", "services", "retail", "culture", "tech", "social", "other"]);
const STAGE = k("stage", ["idea", "validation", "prototype", "launch_preparation"]);
const CRITERION = k("criterion", ["motivation", "feasibility", "social_value", "fit"]);
const CATEGORY = k("category", ["paid_services", "inappropriate_behaviour", "discrimination", "pressure", "other"]);
const RECOMMENDATION = k("recommendation", ["admit", "interview", "waitlist", "decline"]);
const REPORT = k("report", ["pending", "dismissed", "upheld"]);

export const DECLINE_REASONS = Object.keys(DECLINE);
export const RECOMMENDATIONS = Object.keys(RECOMMENDATION);

function say(table: Record<string, MessageKey>, value: string | null | undefined, t: Translate): string {
  if (!value) return "—";
  const key = table[value];
  return key ? t(key) : value;
}

export const words = {
  status: (value: string | null | undefined, t: Translate) => say(STATUS, value, t),
  move: (value: string, t: Translate) => say(MOVE, value, t),
  decline: (value: string | null | undefined, t: Translate) => say(DECLINE, value, t),
  sector: (value: string | null | undefined, t: Translate) => say(SECTOR, value, t),
  stage: (value: string | null | undefined, t: Translate) => say(STAGE, value, t),
  category: (value: string | null | undefined, t: Translate) => say(CATEGORY, value, t),
  recommendation: (value: string | null | undefined, t: Translate) => say(RECOMMENDATION, value, t),
  report: (value: string | null | undefined, t: Translate) => say(REPORT, value, t),
  criterion: (value: string, t: Translate) => (CRITERION[value] ? t(CRITERION[value] as MessageKey) : criterionWords(value)),
};
