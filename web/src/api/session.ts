/**
 * Where the tokens live, and the only place that touches them: this module's memory. Never
 * localStorage, sessionStorage or a cookie written by script (any injected script could read those).
 *
 * The browser flow of the gateway: POST /auth/browser/token answers with the access token (kept here)
 * and puts the refresh token in an HttpOnly cookie that only /auth/browser/refresh receives, so no
 * script ever sees it. Refreshing sends the CSRF token (the readable `interra_csrf` cookie, or the one
 * the sign-in answered) as X-CSRF-Token. After a reload the app refreshes once with the cookie
 * (resumeSession, from main.tsx): a member stays signed in without any token in storage.
 */
import { useSyncExternalStore } from "react";
import type { components } from "./schema";

type BrowserSession = components["schemas"]["BrowserSession"];

const REFRESH = "/auth/browser/refresh";
const CSRF_COOKIE = "interra_csrf";

/** Who is signed in, as the app may know it (from the access token's claims; the gateway decides access). */
export interface Session {
  readonly memberId: string | null;
  readonly roles: readonly string[];
}

interface Tokens {
  readonly access: string;
  readonly expiresAt: number; // ms, by this device's clock (expires_in counted from when it arrived)
}

const REFRESH_MARGIN_MS = 30_000;

let tokens: Tokens | null = null;
let session: Session | null = null;
let ended: "signed_out" | "expired" | null = null;
let refreshing: Promise<string | null> | null = null;
let csrf: string | null = null; // from the last sign-in or refresh; after a reload, read from its cookie
let resuming: Promise<void> | null = null;
let pending = false; // the refresh after a reload has not answered yet
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

/** The CSRF token to send with the refresh cookie (not a credential by itself), or null if there is none. */
function csrfToken(): string | null {
  if (csrf) return csrf;
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === CSRF_COOKIE && value.join("=")) return value.join("=");
  }
  return null;
}

function keep(pair: BrowserSession): void {
  tokens = { access: pair.access_token, expiresAt: Date.now() + pair.expires_in * 1000 };
  csrf = pair.csrf_token;
  const { member_id: memberId, roles } = claims(pair.access_token);
  const next: Session = {
    memberId: typeof memberId === "string" ? memberId : null,
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : [],
  };
  // A refreshed token for the same person keeps the same Session object: the screens need not re-render.
  const same = session?.memberId === next.memberId && session.roles.join() === next.roles.join();
  if (!same) session = next;
}

/** After POST /auth/browser/token answered 200. */
export function startSession(pair: BrowserSession): Session {
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
  csrf = null;
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

/** The member signs out: the session ends here, and the gateway revokes the refresh cookie and clears it. */
export function signOut(): void {
  const token = csrfToken();
  endSession("signed_out");
  if (token) void fetch(REFRESH, { method: "DELETE", headers: { "X-CSRF-Token": token } }).catch(() => undefined);
}

/** True while the refresh after a reload has not answered (the signed-in screens wait for it). */
export function useSessionPending(): boolean {
  return useSyncExternalStore(subscribe, () => pending);
}

/** POST /auth/browser/refresh: the cookie goes by itself, the CSRF token in its header. */
function refreshCall(token: string): Promise<Response> {
  return fetch(REFRESH, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": token } });
}

/**
 * Once per page load (main.tsx): if the gateway left a session cookie, trade it for an access token, so
 * that a reload keeps the member signed in. Nothing is sent when there is no CSRF cookie (never signed in).
 */
export function resumeSession(): Promise<void> {
  resuming ??= (async () => {
    const token = csrfToken();
    if (session || !token) return;
    pending = true;
    changed();
    try {
      const response = await refreshCall(token);
      if (response.ok && !session) keep((await response.json()) as BrowserSession);
    } catch {
      // offline: the member signs in again
    }
    pending = false;
    changed();
  })();
  return resuming;
}

/** Trade the refresh cookie (once) for a new access token; null (and the session ends) if the gateway refuses. */
async function refresh(): Promise<string | null> {
  const token = csrfToken();
  if (!token) {
    endSession("expired");
    return null;
  }
  try {
    const response = await refreshCall(token);
    if (response.ok) {
      keep((await response.json()) as BrowserSession);
      return tokens?.access ?? null;
    }
    endSession("expired");
    return null;
  } catch {
    return tokens?.access ?? null; // offline: try with the token we have; a 401 ends the session
  }
}

/** One refresh at a time: the refresh cookie is single-use, parallel calls share the answer. */
function refreshOnce(): Promise<string | null> {
  refreshing ??= refresh().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The access token for the next call, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  if (!tokens) return null;
  if (tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return tokens.access;
  return refreshOnce();
}

/**
 * A call made with `sent` answered 401: refresh once and give the token to retry with, or null when there
 * is none (the caller then ends the session, and the screens send the member to sign-in).
 */
export async function renewAfter401(sent: string | null): Promise<string | null> {
  if (!tokens) return null;
  if (tokens.access !== sent) return tokens.access; // another call has refreshed it meanwhile
  const fresh = await refreshOnce();
  return fresh && fresh !== sent ? fresh : null;
}
