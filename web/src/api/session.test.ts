/**
 * session.ts keeps tokens in memory only: whatever it does (sign in, resume after a reload, refresh after
 * a 401, sign out), it never touches localStorage, sessionStorage or writes a cookie.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const touched: string[] = [];

class SpyStorage {
  getItem(key: string): string | null {
    touched.push(`getItem ${key}`);
    return null;
  }
  setItem(key: string): void {
    touched.push(`setItem ${key}`);
  }
  removeItem(key: string): void {
    touched.push(`removeItem ${key}`);
  }
  clear(): void {
    touched.push("clear");
  }
  key(): string | null {
    touched.push("key");
    return null;
  }
  get length(): number {
    touched.push("length");
    return 0;
  }
}

/** A storage that records every property read or written, not only the methods. */
const watched = (name: string) =>
  new Proxy(new SpyStorage(), {
    get(target, property, receiver) {
      touched.push(`${name}.${String(property)}`);
      return Reflect.get(target, property, receiver) as unknown;
    },
    set(_target, property) {
      touched.push(`${name}.${String(property)} =`);
      return true;
    },
  });

const cookieWrites: string[] = [];
const requests: { url: string; method: string; headers: Headers; body: unknown }[] = [];

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${part({ alg: "HS256" })}.${part(claims)}.signature`;
}

const answer = (n: number, expiresIn = 900) => ({
  access_token: jwt({ member_id: "m1", roles: ["member"], n }),
  token_type: "Bearer" as const,
  expires_in: expiresIn,
  csrf_token: `csrf-${n}`,
});

let refreshes = 0;

beforeAll(() => {
  if (typeof Storage !== "undefined") {
    for (const method of ["getItem", "setItem", "removeItem", "clear", "key"] as const) {
      vi.spyOn(Storage.prototype, method).mockImplementation(() => {
        touched.push(`Storage.prototype.${method}`);
        return null;
      });
    }
  }
  vi.stubGlobal("localStorage", watched("localStorage"));
  vi.stubGlobal("sessionStorage", watched("sessionStorage"));
  vi.stubGlobal("document", {
    get cookie() {
      return "language=ar; interra_csrf=csrf-0";
    },
    set cookie(value: string) {
      cookieWrites.push(value);
    },
  });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string, init: RequestInit = {}) => {
      requests.push({ url, method: init.method ?? "GET", headers: new Headers(init.headers), body: init.body });
      if (url === "/auth/browser/refresh" && init.method === "POST") {
        refreshes += 1;
        return new Response(JSON.stringify(answer(refreshes)), { status: 200 });
      }
      return new Response(null, { status: 204 });
    }),
  );
});

afterAll(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe("the session", () => {
  it("resumes, refreshes and signs out with the cookie and the CSRF token, never with storage", async () => {
    const session = await import("./session");

    await session.resumeSession(); // a reload: the refresh cookie, with the CSRF cookie's token
    expect(session.currentSession()).toEqual({ memberId: "m1", roles: ["member"] });
    expect(requests[0]).toMatchObject({ url: "/auth/browser/refresh", method: "POST", body: undefined });
    expect(requests[0]?.headers.get("X-CSRF-Token")).toBe("csrf-0");
    await session.resumeSession(); // once per page load
    expect(requests).toHaveLength(1);

    const first = await session.accessToken();
    const renewed = await session.renewAfter401(first); // a 401: one refresh, with the newest CSRF token
    expect(renewed).not.toBe(first);
    expect(requests[1]?.headers.get("X-CSRF-Token")).toBe("csrf-1");

    session.startSession(answer(10, 1)); // about to expire: the next call refreshes first
    const next = await session.accessToken();
    expect(next).toBe(answer(3).access_token);
    expect(requests[2]?.headers.get("X-CSRF-Token")).toBe("csrf-10");

    session.signOut();
    expect(session.currentSession()).toBeNull();
    expect(session.lastEnd()).toBe("signed_out");
    expect(requests[3]).toMatchObject({ url: "/auth/browser/refresh", method: "DELETE" });
    expect(requests[3]?.headers.get("X-CSRF-Token")).toBe("csrf-3");

    for (const request of requests) expect(String(request.body ?? "")).not.toContain("refresh_token");
    expect(touched).toEqual([]);
    expect(cookieWrites).toEqual([]);
  });
});
