/**
 * Where the tokens live, and the only place that touches them: this module's memory. Never
 * localStorage, sessionStorage or a cookie written by script (any injected script could read those).
 * A reload forgets the session: the member signs in again.
 *
 * The refresh token is kept here too for now. When the gateway moves it into an HttpOnly cookie with
 * CSRF protection, refresh() and startSession() change, and nothing else in the app does.
 */
import { useSyncExternalStore } from "react";
import type { components } from "./schema";

type TokenPair = components["schemas"]["TokenPair"];

/** Who is signed in, as the app may know it (from the access token's claims; the gateway decides access). */
export interface Session {
  readonly memberId: string | null;
  readonly roles: readonly string[];
}

interface Tokens {
  readonly access: string;
  readonly refresh: string | null;
  readonly expiresAt: number; // ms, by this device's clock (expires_in counted from when it arrived)
}

const REFRESH_MARGIN_MS = 30_000;

let tokens: Tokens | null = null;
let session: Session | null = null;
let ended: "signed_out" | "expired" | null = null;
let refreshing: Promise<string | null> | null = null;
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

/** The claims of a JWT, read without checking it (the gateway checks; the app only needs member_id). */
function claims(token: string): Record<string, unknown> {
  try {
    const payload = token.split(".")[1] ?? "";
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function keep(pair: TokenPair): void {
  tokens = { access: pair.access_token, refresh: pair.refresh_token, expiresAt: Date.now() + pair.expires_in * 1000 };
  const { member_id: memberId, roles } = claims(pair.access_token);
  const next: Session = {
    memberId: typeof memberId === "string" ? memberId : null,
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [],
  };
  // A refreshed token for the same person keeps the same Session object: the screens need not re-render.
  const same = session?.memberId === next.memberId && session.roles.join() === next.roles.join();
  if (!same) session = next;
}

/** After POST /auth/token answered 200. */
export function startSession(pair: TokenPair): Session {
  keep(pair);
  ended = null;
  changed();
  return session as Session;
}

/** Forget the tokens: signed out by the member, or refused by the API (401). */
export function endSession(reason: "signed_out" | "expired"): void {
  if (!tokens && !session) return;
  tokens = null;
  session = null;
  refreshing = null;
  ended = reason;
  changed();
}

export function currentSession(): Session | null {
  return session;
}

/**
 * How the last session ended: "expired" when the API no longer accepted it (sign-in says so), or
 * "signed_out" by the member; null if none ended since the page loaded.
 */
export function lastEnd(): "signed_out" | "expired" | null {
  return ended;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | null {
  return useSyncExternalStore(subscribe, currentSession);
}

/** Trade the refresh token (once) for a new pair; null (and the session ends) if the gateway refuses. */
async function refresh(refreshToken: string): Promise<string | null> {
  try {
    const response = await fetch("/auth/refresh", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: refreshToken }),
    });
    if (response.ok) {
      keep((await response.json()) as TokenPair);
      return tokens?.access ?? null;
    }
    endSession("expired");
    return null;
  } catch {
    return tokens?.access ?? null; // offline: try with the token we have; a 401 ends the session
  }
}

/** The access token for the next call, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS || !tokens.refresh) return tokens.access;
  // One refresh at a time: the refresh token is single-use, parallel calls share the answer.
  refreshing ??= refresh(tokens.refresh).finally(() => {
    refreshing = null;
  });
  return refreshing;
}
