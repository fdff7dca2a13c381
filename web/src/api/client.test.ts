/** Every POST leaves with an Idempotency-Key of its own; reads carry none. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, newIdempotencyKey } from "./client";

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the API client", () => {
  it("gives each POST a new Idempotency-Key and a GET none", async () => {
    const sent: Request[] = [];
    vi.stubGlobal("fetch", (request: Request) => {
      sent.push(request);
      return Promise.resolve(new Response("{}", { status: 201, headers: { "Content-Type": "application/json" } }));
    });
    await api.POST("/members", { body: {} as never, baseUrl: "http://localhost", fetch: globalThis.fetch });
    await api.POST("/members", { body: {} as never, baseUrl: "http://localhost", fetch: globalThis.fetch });
    await api.GET("/health", { baseUrl: "http://localhost", fetch: globalThis.fetch });
    const [first, second, read] = sent.map((request) => request.headers.get("Idempotency-Key"));
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(second).toMatch(/^[0-9a-f]{32}$/);
    expect(second).not.toBe(first);
    expect(read).toBeNull();
  });

  it("makes keys the gateway accepts (8 to 255 printable characters), never the same twice", () => {
    const keys = new Set(Array.from({ length: 1000 }, newIdempotencyKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]{8,255}$/);
  });
});
