/**
 * The API client, typed from docs/api/openapi.json (schema.d.ts: `npm run gen:api`). Same origin: the
 * gateway serves the app at / and the API beside it. Every call carries the access token; a 401 refreshes
 * the session once and retries the call, and a second refusal ends the session: the protected screens
 * then send the member to sign-in (and back afterwards).
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { accessToken, endSession, renewAfter401 } from "./session";

/** Signing in and refreshing carry no bearer token, and their 401 means wrong credentials, not an expiry. */
const isAuthRoute = (schemaPath: string) => schemaPath.startsWith("/auth/");

/**
 * A new Idempotency-Key: each POST carries one, so that the copy sent again after a refresh (or the
 * same POST again after no answer, see `unanswered`) creates nothing twice. getRandomValues works on plain http too (randomUUID
 * needs a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A copy of each call in flight (its body unread), to send again after a refresh. */
const copies = new Map<string, Request>();

/** How long the key of a POST left unanswered is kept for the same POST again. */
const KEY_REUSE_MS = 30 * 60 * 1000;

/**
 * The keys of POSTs whose answer never came (the network failed, a 5xx, or 409: still running), by URL
 * and body: pressing the button again sends the same key, so that if the first try did run, the
 * gateway answers with its result instead of creating a second one. A definitive answer frees the key.
 */
const unanswered = new Map<string, { key: string; at: number }>();
const attempts = new Map<string, string>(); // call id -> its URL and body

async function keyFor(request: Request, id: string): Promise<string> {
  const what = `${request.url} ${await request.clone().text()}`;
  attempts.set(id, what);
  const kept = unanswered.get(what);
  if (kept && Date.now() - kept.at < KEY_REUSE_MS) return kept.key;
  const key = newIdempotencyKey();
  unanswered.set(what, { key, at: Date.now() });
  return key;
}

function answered(id: string, status: number | null): void {
  const what = attempts.get(id);
  attempts.delete(id);
  if (what !== undefined && status !== null && status < 500 && status !== 409) unanswered.delete(what);
}

const bearer: Middleware = {
  async onRequest({ request, schemaPath, id }) {
    if (isAuthRoute(schemaPath)) return undefined;
    const token = await accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", await keyFor(request, id));
    }
    copies.set(id, request.clone());
    return request;
  },
  async onResponse({ response, schemaPath, id }) {
    const copy = copies.get(id);
    copies.delete(id);
    if (response.status !== 401) answered(id, response.status);
    if (response.status !== 401 || isAuthRoute(schemaPath)) return undefined;
    const sent = copy?.headers.get("Authorization")?.replace(/^Bearer /, "") ?? null;
    const fresh = copy ? await renewAfter401(sent) : null;
    if (!copy || !fresh) {
      endSession("expired");
      return undefined;
    }
    copy.headers.set("Authorization", `Bearer ${fresh}`);
    const again = await fetch(copy);
    answered(id, again.status);
    if (again.status === 401) endSession("expired");
    return again;
  },
  onError({ id }) {
    copies.delete(id);
    answered(id, null); // the network failed: the same POST again takes the same key
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(bearer);
