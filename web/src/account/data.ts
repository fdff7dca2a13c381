/**
 * The member's own data said in plain words: what each part of Interra holds (GET /members/{id}/export),
 * who else read or changed it (GET /members/{id}/audit), and how far an erasure has gone
 * (GET /members/{id}/erasure). Pure functions: the screens show what they give.
 */
import type { MessageKey } from "../i18n/messages/en";
import { locale, type Lang } from "../i18n/languages";

/** The parts of the platform, in the order the page shows them; an unknown one is shown by its name. */
export const SERVICES = {
  members: "account.service.members",
  duos: "account.service.duos",
  workshops: "account.service.workshops",
  incubator: "account.service.incubator",
  notifications: "account.service.notifications",
} as const satisfies Record<string, MessageKey>;

/** What each part keeps, by the export's own keys; an unknown key is shown as written. */
const PARTS: Readonly<Record<string, MessageKey>> = {
  profile: "account.part.profile",
  consents: "account.part.consents",
  known_as: "account.part.known_as",
  requests: "account.part.requests",
  duos: "account.part.duos",
  evaluations: "account.part.evaluations",
  workshops_proposed: "account.part.workshops_proposed",
  registrations: "account.part.registrations",
  calendar_feed: "account.part.calendar_feed",
  applications: "account.part.applications",
  deliveries: "account.part.deliveries",
  reviews: "account.part.reviews",
  projects: "account.part.projects",
  mentoring: "account.part.mentoring",
  follow_ups: "account.part.follow_ups",
};

export interface Part {
  key: string;
  /** The words for it, or null: then the key itself is shown. */
  label: MessageKey | null;
  /** How many records (a list), 1 for a record with something in it, 0 for nothing. */
  count: number;
  /** A list of records (said with its number), or one record (said "kept"). */
  many: boolean;
  value: unknown;
}

export interface Section {
  service: string;
  label: MessageKey | null;
  parts: Part[];
  /** Nothing at all is held here. */
  empty: boolean;
}

function countOf(value: unknown): number {
  if (value === null || value === undefined || value === "") return 0;
  if (Array.isArray(value)) return value.length;
  if (typeof value === "object") return Object.values(value).some((inner) => countOf(inner) > 0) ? 1 : 0;
  return 1;
}

/** The export as sections, one per part of the platform (the known ones first, in a fixed order). */
export function sections(exported: Readonly<Record<string, unknown>>): Section[] {
  const names = Object.keys(exported).filter((key) => key !== "member_id" && key !== "exported_at");
  const known = Object.keys(SERVICES).filter((name) => names.includes(name));
  const others = names.filter((name) => !Object.hasOwn(SERVICES, name)).sort();
  return [...known, ...others].map((service) => {
    const held = exported[service];
    const record = typeof held === "object" && held !== null && !Array.isArray(held) ? (held as Record<string, unknown>) : {};
    const parts = Object.entries(record).map(([key, value]) => ({
      key,
      label: Object.hasOwn(PARTS, key) ? (PARTS[key] ?? null) : null,
      count: countOf(value),
      many: Array.isArray(value),
      value,
    }));
    return {
      service,
      label: Object.hasOwn(SERVICES, service) ? SERVICES[service as keyof typeof SERVICES] : null,
      parts,
      empty: parts.every((part) => part.count === 0),
    };
  });
}

/** A file name for the download: interra-my-data-2026-12-01.json. */
export function fileName(exportedAt: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(exportedAt)?.[0] ?? "export";
  return `interra-my-data-${day}.json`;
}

/** Who did it: a member of the Interra team (staff:…), another member (member:…), or the system. */
export function actorWords(actor: string): MessageKey {
  if (actor.startsWith("staff:")) return "account.audit.actor.staff";
  if (actor.startsWith("member:")) return "account.audit.actor.member";
  return "account.audit.actor.other";
}

const ACTIONS: Readonly<Record<string, MessageKey>> = {
  read_profile: "account.audit.action.read_profile",
  update_profile: "account.audit.action.update_profile",
  export: "account.audit.action.export",
  erase: "account.audit.action.erase",
  read_duos: "account.audit.action.read_duos",
  accept_duo_proposal: "account.audit.action.accept_duo_proposal",
  read_registrations: "account.audit.action.read_registrations",
};

/** What they did, in words; null for an action the app does not know yet (then: "looked at your data"). */
export function actionWords(action: string): MessageKey | null {
  return Object.hasOwn(ACTIONS, action) ? (ACTIONS[action] ?? null) : null;
}

/** A moment (ISO 8601) as the member's language says it: "1 December 2026 at 17:05"; as written if invalid. */
export function moment(lang: Lang, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeStyle: "short" }).format(date);
}

/** A day (YYYY-MM-DD or ISO 8601) as the member's language says it: "1 December 2026". */
export function day(lang: Lang, iso: string): string {
  const only = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(only ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", ...(only ? { timeZone: "UTC" } : {}) }).format(date);
}

export interface ErasureStep {
  service: string;
  label: MessageKey | null;
  erased: boolean;
}

/** Each part of the platform and whether it confirmed the erasure (the known ones first). */
export function erasureSteps(services: readonly { service: string; erased: boolean }[]): ErasureStep[] {
  const order = Object.keys(SERVICES);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  return [...services]
    .sort((a, b) => rank(a.service) - rank(b.service) || a.service.localeCompare(b.service))
    .map(({ service, erased }) => ({
      service,
      label: Object.hasOwn(SERVICES, service) ? SERVICES[service as keyof typeof SERVICES] : null,
      erased,
    }));
}

/** A raw key of the data as words for the details ("arrived_on" → "arrived on"). */
export function keyWords(key: string): string {
  return key.replace(/_/g, " ");
}
