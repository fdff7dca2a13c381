/**
 * Why a duo was formed, in the member's language. The matching engine writes its reasons in English
 * (services/duos/duos/matching/rules.py: reasons() and describe()); each known form is said again here,
 * and an unknown one is shown as written.
 */
import { languageName, list, quantity, weekday } from "../i18n/format";
import type { Translate } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";
import { INTERESTS, REGIONS, isInterest, type Region } from "../vocabulary";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function regionName(region: string, t: Translate): string {
  return region in REGIONS ? t(REGIONS[region as Region]) : region;
}

function words(csv: string): string[] {
  return csv.split(", ").filter(Boolean);
}

export function sayReason(reason: string, t: Translate, lang: Lang): string {
  let m: RegExpMatchArray | null;
  if ((m = reason.match(/^\d+ shared interests?: (.+)$/))) {
    const interests = words(m[1] ?? "").map((w) => (isInterest(w) ? t(INTERESTS[w].label) : w));
    return t("reason.interests", { list: list(lang, interests) });
  }
  if ((m = reason.match(/^both free (\w+) (\d\d:\d\d)-(\d\d:\d\d)(?: \(and (\d+) other times?\))?$/))) {
    const [, dayName = "", from, to, others = "0"] = m;
    const allDay = from === "00:00" && to === "24:00";
    if (allDay && Number(others) >= 6) return t("reason.anyTime"); // both said "any time" (no availability)
    const index = DAYS.indexOf(dayName);
    const day = index >= 0 ? weekday(lang, index) : dayName;
    const when = allDay ? `${day}, ${t("reason.allDay")}` : `${day} \u2066${from}–${to}\u2069`;
    return t("reason.time", { when: Number(others) > 0 ? `${when} ${t("reason.timeMore")}` : when });
  }
  if ((m = reason.match(/^same region: (\w+)$/))) {
    return t("reason.sameRegion", { region: regionName(m[1] ?? "", t) });
  }
  if ((m = reason.match(/^video across regions: (\w+) and (\w+)$/))) {
    return t("reason.crossRegion", { a: regionName(m[1] ?? "", t), b: regionName(m[2] ?? "", t) });
  }
  if ((m = reason.match(/^shared languages?: (.+)$/))) {
    return t("reason.languages", { list: list(lang, words(m[1] ?? "").map((code) => languageName(lang, code))) });
  }
  if ((m = reason.match(/^French level (\w+): a shared language helps$/))) {
    return t("reason.levelHelps", { level: m[1] ?? "" });
  }
  if ((m = reason.match(/^waited (\d+) days?$/))) {
    return t("reason.waited", { days: quantity(lang, Number(m[1]), "day") });
  }
  if ((m = reason.match(/^age gap (\d+) years?$/))) {
    return t("reason.ageGap", { years: quantity(lang, Number(m[1]), "year") });
  }
  return reason;
}
