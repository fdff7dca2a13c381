/**
 * The workshops area's pure rules: where a date takes place (read from the workshop's public .ics),
 * which region an address is in, how many seats are left for the member's group, how a registration
 * is said, and a deadline in words ("in 2 hours"). No React, no network: tested alone (logic.test.ts).
 */
import type { components } from "../api/schema";
import { locale, type Lang } from "../i18n/languages";

type Schemas = components["schemas"];
export type DateView = Schemas["DateView"];
export type Registration = Schemas["RegistrationView"];
export type Group = "newcomer" | "local";

/** Where a date takes place: a partner venue (its name and address) or online. */
export interface Place {
  name: string;
  address: string;
}

/**
 * The places of a workshop's dates, by date id, from its public iCalendar file (each VEVENT's UID is
 * `<date_id>@interra.be`, its LOCATION "name, address" or "Online"). The members' API gives a date's
 * venue_id only (venues are staff business), and the public .ics is the one place that says where a
 * date is. Lines are unfolded and text values unescaped (RFC 5545 §3.1, §3.3.11).
 */
export function placesFromCalendar(ics: string): Map<string, Place | "online"> {
  const places = new Map<string, Place | "online">();
  const lines = ics.replace(/\r\n[ \t]/g, "").replace(/\n[ \t]/g, "").split(/\r?\n/);
  let uid: string | null = null;
  let location: string | null = null;
  for (const line of lines) {
    if (line === "BEGIN:VEVENT") {
      uid = null;
      location = null;
    } else if (line === "END:VEVENT") {
      if (uid && location !== null) places.set(uid.replace(/@.*$/, ""), toPlace(location));
    } else {
      const colon = line.indexOf(":");
      if (colon < 0) continue;
      const name = line.slice(0, colon).split(";")[0]?.toUpperCase();
      const value = line.slice(colon + 1);
      if (name === "UID") uid = value;
      if (name === "LOCATION") location = unescapeText(value);
    }
  }
  return places;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === "n" || c === "N" ? "\n" : c));
}

function toPlace(location: string): Place | "online" {
  if (location === "Online") return "online";
  const comma = location.indexOf(", ");
  return comma < 0 ? { name: location, address: "" } : { name: location.slice(0, comma), address: location.slice(comma + 2) };
}

/**
 * The region of a Belgian address, from its postcode: 1000-1299 is the Brussels region, 4000-4999 the
 * province of Liège (Interra's two regions). Null when the address says neither.
 */
export function regionOfAddress(address: string): "liege" | "brussels" | null {
  const match = /\b([1-9]\d{3})\b/.exec(address);
  if (!match?.[1]) return null;
  const code = Number(match[1]);
  if (code >= 1000 && code <= 1299) return "brussels";
  if (code >= 4000 && code <= 4999) return "liege";
  return null;
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
