/**
 * The API client, typed from docs/api/openapi.json (schema.d.ts: `npm run gen:api`). Same origin: the
 * gateway serves the app at / and the API beside it. Every call carries the access token; a 401 ends the
 * session, and the protected screens then send the member to sign-in (and back afterwards).
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";
import { accessToken, endSession } from "./session";

/** Signing in and refreshing carry no bearer token, and their 401 means wrong credentials, not an expiry. */
const isAuthRoute = (schemaPath: string) => schemaPath.startsWith("/auth/");

const bearer: Middleware = {
  async onRequest({ request, schemaPath }) {
    if (isAuthRoute(schemaPath)) return undefined;
    const token = await accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ response, schemaPath }) {
    if (response.status === 401 && !isAuthRoute(schemaPath)) endSession("expired");
    return undefined;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(bearer);
