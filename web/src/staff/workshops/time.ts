/**
 * Workshops happen in Liège's time (the API plans dates in Liège wall-clock time and stores them in UTC):
 * the week, the days and the hours are Liège's, whatever the laptop's own time zone.
 */
import { locale, type Lang } from "../../i18n/languages";

export const ZONE = "Europe/Brussels";

/** The Liège calendar day (YYYY-MM-DD) of an instant. */
export function liegeDay(instant: Date | string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" })
    .formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A calendar day moved by some days (days as YYYY-MM-DD, computed at noon UTC: no summer-time edge). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The Monday of a day's week (ISO weeks: Monday to Sunday). */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

export const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);

/** The offset of Liège time from UTC at an instant, in minutes (60 in winter, 120 in summer). */
function offsetAt(utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: ZONE,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((wall - utcMs) / 60_000);
}

/** A Liège wall-clock time ("2026-12-08T18:00", as a datetime-local input gives it) as an ISO instant with its offset. */
export function liegeToIso(wallClock: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(wallClock);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let offset = offsetAt(asUtc - 60 * 60_000);
  offset = offsetAt(asUtc - offset * 60_000);
  const sign = offset >= 0 ? "+" : "-";
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${wallClock.slice(0, 16)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "Tuesday 8 December" in the page's language, for a Liège day. */
export function dayName(lang: Lang, day: string): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** "8 December 2026" for a Liège day. */
export function shortDay(lang: Lang, day: string): string {
  return new Intl.DateTimeFormat(locale(lang), { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${day}T12:00:00Z`),
  );
}

/** "18:00" in Liège. */
export function clock(lang: Lang, instant: string): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", timeZone: ZONE }).format(new Date(instant));
}

/** "8 December 2026, 18:00" in Liège. */
export function when(lang: Lang, instant: string): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeStyle: "short", timeZone: ZONE }).format(new Date(instant));
}

/** "8 Dec 2026" in Liège, for an instant. */
export function dateOf(lang: Lang, instant: string): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeZone: ZONE }).format(new Date(instant));
}
