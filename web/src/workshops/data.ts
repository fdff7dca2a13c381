/**
 * What the workshops screens ask the API, each call as an Outcome (api/problems.ts), and the API's
 * refusals about workshops said in plain words.
 */
import { api } from "../api/client";
import { attempt, explain, type Failure, type Outcome } from "../api/problems";
import type { components } from "../api/schema";
import type { Translate } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { placeOf, type DateView, type Place } from "./logic";

type Schemas = components["schemas"];
export type Workshop = Schemas["WorkshopView"];
export type Member = Schemas["MemberView"];

export const member = (memberId: string) =>
  attempt(api.GET("/members/{member_id}", { params: { path: { member_id: memberId } } }));

export const catalogue = () => attempt(api.GET("/workshops", { params: { query: { limit: 100 } } }));

export const workshop = (workshopId: string) =>
  attempt(api.GET("/workshops/{workshop_id}", { params: { path: { workshop_id: workshopId } } }));

const readDates = (workshopId: string) =>
  attempt(api.GET("/workshops/{workshop_id}/dates", { params: { path: { workshop_id: workshopId } } }));

/** Dates being read, by workshop: a screen asking for a workshop's dates and places at once reads them once. */
const reading = new Map<string, ReturnType<typeof readDates>>();

/** A workshop's dates, each with its venue's public details (or online) and its live mix. */
export function dates(workshopId: string): ReturnType<typeof readDates> {
  let answer = reading.get(workshopId);
  if (!answer) {
    answer = readDates(workshopId).finally(() => reading.delete(workshopId));
    reading.set(workshopId, answer);
  }
  return answer;
}

/** Workshop titles the member's registrations gave (titles answers from them without asking again). */
const titled = new Map<string, string>();

/** The member's registrations, each with its workshop's title and its date's times. */
export async function registrations(memberId: string) {
  const answer = await attempt(api.GET("/workshops/registrations", { params: { query: { member_id: memberId } } }));
  if (answer.ok) {
    for (const r of answer.data.items) if (r.workshop_id && r.workshop_title) titled.set(r.workshop_id, r.workshop_title);
  }
  return answer;
}

/** The public calendar file of a workshop: a plain link (no login), for the phone to open. */
export const calendarFile = (workshopId: string) => `/workshops/${encodeURIComponent(workshopId)}/calendar.ics`;

/**
 * Where each date of a workshop takes place (its venue, or online), by date id, from the dates the API
 * gives. An empty map when they cannot be read: the screens then say the place will be told.
 */
export async function places(workshopId: string): Promise<Map<string, Place | "online">> {
  const answer = await dates(workshopId);
  const found = new Map<string, Place | "online">();
  for (const date of answer.ok ? answer.data.items : []) {
    const place = placeOf(date);
    if (date.date_id && place) found.set(date.date_id, place);
  }
  return found;
}

/**
 * These workshops (their titles), by id: from the member's registrations already read (registrations),
 * else asked of the API one by one.
 */
export async function titles(workshopIds: readonly string[]): Promise<Map<string, Workshop>> {
  const unique = [...new Set(workshopIds)].filter((id) => id);
  const found = new Map<string, Workshop>();
  const missing: string[] = [];
  for (const id of unique) {
    const title = titled.get(id);
    if (title) found.set(id, { workshop_id: id, title });
    else missing.push(id);
  }
  const answers = await Promise.all(missing.map((id) => workshop(id)));
  answers.forEach((answer, index) => {
    const id = missing[index];
    if (answer.ok && id) found.set(id, answer.data);
  });
  return found;
}

/** Coming dates first, in order. */
export function byStart(list: readonly DateView[]): DateView[] {
  return [...list].sort((a, b) => (a.starts_at ?? "").localeCompare(b.starts_at ?? ""));
}

export const confirmOffer = (registrationId: string) =>
  attempt(
    api.POST("/workshops/registrations/{registration_id}/confirm", {
      params: { path: { registration_id: registrationId } },
    }),
  );

export const leave = (registrationId: string) =>
  attempt(
    api.POST("/workshops/registrations/{registration_id}/cancel", {
      params: { path: { registration_id: registrationId } },
    }),
  );

export const registerForDate = (dateId: string, memberId: string) =>
  attempt(
    api.POST("/workshops/dates/{date_id}/registrations", {
      params: { path: { date_id: dateId } },
      body: { member_id: memberId },
    }),
  );

export const registerForSeries = (workshopId: string, memberId: string) =>
  attempt(
    api.POST("/workshops/{workshop_id}/registrations", {
      params: { path: { workshop_id: workshopId } },
      body: { member_id: memberId },
    }),
  );

/** The workshops service's refusals (problem detail or field messages) in the member's words. */
const RULES: readonly { match: RegExp; key: MessageKey }[] = [
  { match: /already (registered|confirmed|waitlisted|offered)/, key: "workshops.error.already" },
  { match: /has started or passed/, key: "workshops.error.started" },
  { match: /^the date is cancelled/, key: "workshops.error.dateCancelled" },
  { match: /not open for registration/, key: "workshops.error.closed" },
  { match: /no coming date/, key: "workshops.error.noComingDate" },
  { match: /offer expired/, key: "workshops.error.offerExpired" },
  { match: /has no offer to confirm|offer changed meanwhile/, key: "workshops.error.noOffer" },
  { match: /^unknown member/, key: "duo.error.notReady" },
  { match: /^only members/, key: "workshops.error.membersOnly" },
];

/** Every message in a problem's errors, whatever their nesting. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(strings);
  return [];
}

/** One sentence for a refused call about a workshop, a date or a registration. */
export function sayRefusal(failure: Failure, t: Translate): string {
  const problem = failure.problem;
  if (problem) {
    const messages = [problem.detail, ...strings(problem.errors)];
    for (const message of messages) {
      const rule = RULES.find((r) => r.match.test(message));
      if (rule) return t(rule.key);
    }
  }
  if (failure.status === 404) return t("workshops.error.notFound");
  const explained = explain(failure, t);
  return explained.message ?? Object.values(explained.fields)[0] ?? t("error.generic");
}

export type { Outcome };
