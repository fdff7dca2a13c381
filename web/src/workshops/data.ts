/**
 * What the workshops screens ask the API, each call as an Outcome (api/problems.ts), and the API's
 * refusals about workshops said in plain words.
 */
import { api } from "../api/client";
import { attempt, explain, type Failure, type Outcome } from "../api/problems";
import type { components } from "../api/schema";
import type { Translate } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { placesFromCalendar, type DateView, type Place } from "./logic";

type Schemas = components["schemas"];
export type Workshop = Schemas["WorkshopView"];
export type Member = Schemas["MemberView"];

export const member = (memberId: string) =>
  attempt(api.GET("/members/{member_id}", { params: { path: { member_id: memberId } } }));

export const catalogue = () => attempt(api.GET("/workshops", { params: { query: { limit: 100 } } }));

export const workshop = (workshopId: string) =>
  attempt(api.GET("/workshops/{workshop_id}", { params: { path: { workshop_id: workshopId } } }));

export const dates = (workshopId: string) =>
  attempt(api.GET("/workshops/{workshop_id}/dates", { params: { path: { workshop_id: workshopId } } }));

export const registrations = (memberId: string) =>
  attempt(api.GET("/workshops/registrations", { params: { query: { member_id: memberId } } }));

/** The public calendar file of a workshop: a plain link (no login), for the phone to open. */
export const calendarFile = (workshopId: string) => `/workshops/${encodeURIComponent(workshopId)}/calendar.ics`;

/**
 * Where each date of a workshop takes place, by date id (logic.placesFromCalendar). An empty map when
 * the file cannot be read: the screens then say the place will be told.
 */
export async function places(workshopId: string): Promise<Map<string, Place | "online">> {
  try {
    const response = await fetch(calendarFile(workshopId));
    return response.ok ? placesFromCalendar(await response.text()) : new Map();
  } catch {
    return new Map();
  }
}

/** The titles of these workshops, by id (a registration names its workshop by id only). */
export async function titles(workshopIds: readonly string[]): Promise<Map<string, Workshop>> {
  const unique = [...new Set(workshopIds)];
  const answers = await Promise.all(unique.map((id) => workshop(id)));
  const found = new Map<string, Workshop>();
  answers.forEach((answer, index) => {
    const id = unique[index];
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
