/**
 * The workshops area's rules: where a date takes place (its venue, as the API gives it with the date),
 * how many seats are left for the member's group, how a registration is said, and a deadline in words
 * ("in 2 hours"). No React, no network: tested alone (logic.test.ts).
 */
import type { components } from "../api/schema";
import { locale, type Lang } from "../i18n/languages";

type Schemas = components["schemas"];
export type DateView = Schemas["DateView"];
export type Registration = Schemas["RegistrationView"];
export type Group = "newcomer" | "local";

/** Where a date takes place: a partner venue's public details (the API gives them with each date), or online. */
export interface Place {
  name: string;
  address: string;
  region: string | null;
  accessibility: string[];
}

/** Where a date takes place: its venue, online, or undefined when the API does not say (yet). */
export function placeOf(date: DateView): Place | "online" | undefined {
  const venue = date.venue;
  if (!venue) return date.online ? "online" : undefined;
  return {
    name: venue.name ?? "",
    address: venue.address ?? "",
    region: venue.region ?? null,
    accessibility: venue.accessibility ?? [],
  };
}

/** The member's group for seats: newcomers and locals each have seats held for them. */
export function groupOf(kind: string | undefined): Group | null {
  return kind === "newcomer" || kind === "local" ? kind : null;
}

/**
 * Seats a member of this group can take now: their group's held seats, or, once the date is open to all
 * (close to its start), every empty seat. Without a group: every empty seat.
 */
export function seatsFor(date: DateView, group: Group | null): number {
  const seats = date.seats ?? {};
  const newcomer = seats.free_newcomer ?? 0;
  const local = seats.free_local ?? 0;
  if (!group || seats.open_to_all) return newcomer + local;
  return group === "newcomer" ? newcomer : local;
}

/** Registrations that still hold something (a seat, a place in the line, an offer). */
export const ACTIVE = ["offered", "confirmed", "waitlisted"] as const;
export type ActiveStatus = (typeof ACTIVE)[number];

export function isActive(registration: Registration): registration is Registration & { status: ActiveStatus } {
  return (ACTIVE as readonly string[]).includes(registration.status ?? "");
}

/** A date that has not started yet (the API writes times with their offset). */
export function isComing(startsAt: string | undefined, now: Date): boolean {
  return !!startsAt && new Date(startsAt).getTime() > now.getTime();
}

/**
 * The member's coming registrations, offered seats first (they have a deadline), then soonest first.
 */
export function comingRegistrations(registrations: readonly Registration[], now: Date): Registration[] {
  const rank = (r: Registration) => (r.status === "offered" ? 0 : 1);
  return registrations
    .filter((r) => isActive(r) && isComing(r.starts_at, now))
    .sort((a, b) => rank(a) - rank(b) || (a.starts_at ?? "").localeCompare(b.starts_at ?? ""));
}

/** A moment said from now, in words: "in 2 hours", "dans 45 minutes", "بعد يومين". */
export function fromNow(lang: Lang, iso: string, now: Date): string {
  const seconds = (new Date(iso).getTime() - now.getTime()) / 1000;
  const format = new Intl.RelativeTimeFormat(locale(lang), { numeric: "auto" });
  const minutes = seconds / 60;
  if (Math.abs(minutes) < 60) return format.format(Math.round(minutes), "minute");
  const hours = minutes / 60;
  if (Math.abs(hours) < 48) return format.format(Math.round(hours), "hour");
  return format.format(Math.round(hours / 24), "day");
}

/** Times in Liège, where the workshops take place, whatever the phone's own time zone. */
const ZONE = "Europe/Brussels";

/** A date's day: "Tuesday 12 January". */
export function dayOf(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(locale(lang), { weekday: "long", day: "numeric", month: "long", timeZone: ZONE }).format(
    new Date(iso),
  );
}

/** A time of day: "18:00". */
export function timeOf(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(locale(lang), { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: ZONE }).format(
    new Date(iso),
  );
}

/** A moment in full, for a deadline: "Tuesday 12 January, 18:00". */
export function momentOf(lang: Lang, iso: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: ZONE,
  }).format(new Date(iso));
}
