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
 * A new Idempotency-Key: each POST carries one, so that the copy sent again after a refresh (or any
 * retry of the same call) creates nothing twice. getRandomValues works on plain http too (randomUUID
 * needs a secure context).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A copy of each call in flight (its body unread), to send again after a refresh. */
const copies = new Map<string, Request>();

const bearer: Middleware = {
  async onRequest({ request, schemaPath, id }) {
    if (isAuthRoute(schemaPath)) return undefined;
    const token = await accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    if (request.method === "POST" && !request.headers.has("Idempotency-Key")) {
      request.headers.set("Idempotency-Key", newIdempotencyKey());
    }
    copies.set(id, request.clone());
    return request;
  },
  async onResponse({ response, schemaPath, id }) {
    const copy = copies.get(id);
    copies.delete(id);
    if (response.status !== 401 || isAuthRoute(schemaPath)) return undefined;
    const sent = copy?.headers.get("Authorization")?.replace(/^Bearer /, "") ?? null;
    const fresh = copy ? await renewAfter401(sent) : null;
    if (!copy || !fresh) {
      endSession("expired");
      return undefined;
    }
    copy.headers.set("Authorization", `Bearer ${fresh}`);
    const again = await fetch(copy);
    if (again.status === 401) endSession("expired");
    return again;
  },
  onError({ id }) {
    copies.delete(id);
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(bearer);
