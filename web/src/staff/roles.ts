/**
 * Which parts of the console concern whom, from the session's roles (the access token's claims). Only to
 * choose what to show and which calls to make: the gateway decides access, and answers 403 otherwise.
 */
import type { Session } from "../api/session";

export const STAFF_ROLES = ["admin", "coordinator:workshops", "coordinator:duos", "coordinator:incubator"] as const;

/** A programme of the console: its coordinators (and admins) run it. */
export type Programme = "workshops" | "duos" | "incubator";

export function isStaff(session: Session | null): boolean {
  return !!session && session.roles.some((role) => (STAFF_ROLES as readonly string[]).includes(role));
}

export function isAdmin(session: Session | null): boolean {
  return !!session && session.roles.includes("admin");
}

/** Admins and the programme's coordinators. */
export function runs(session: Session | null, programme: Programme): boolean {
  return isAdmin(session) || (!!session && session.roles.includes(`coordinator:${programme}`));
}
