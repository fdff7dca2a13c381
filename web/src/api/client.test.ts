/** Every POST leaves with an Idempotency-Key; the same POST again after no answer takes the same one. */
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

  it("sends the same key again for the same POST until it gets an answer, then a new one", async () => {
    const sent: Request[] = [];
    const answers = [
      () => Promise.reject(new TypeError("Failed to fetch")), // the network failed: did it run?
      () => Promise.resolve(new Response("{}", { status: 503, headers: { "Retry-After": "5" } })),
      () => Promise.resolve(new Response("{}", { status: 201, headers: { "Content-Type": "application/json" } })),
      () => Promise.resolve(new Response("{}", { status: 201, headers: { "Content-Type": "application/json" } })),
    ];
    let calls = 0;
    vi.stubGlobal("fetch", (request: Request) => {
      sent.push(request);
      const answer = answers[calls++];
      if (!answer) throw new Error("an unexpected call");
      return answer();
    });
    const options = { body: { first_name: "Amal" } as never, baseUrl: "http://localhost", fetch: globalThis.fetch };
    await expect(api.POST("/members", options)).rejects.toThrow("Failed to fetch");
    await api.POST("/members", options); // 503
    await api.POST("/members", { ...options, body: { first_name: "Other" } as never }); // another body: its own key
    await api.POST("/members", options); // 201: the end of this one
    const keys = sent.map((request) => request.headers.get("Idempotency-Key"));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys[3]).toBe(keys[0]);
    answers.push(() => Promise.resolve(new Response("{}", { status: 201, headers: { "Content-Type": "application/json" } })));
    await api.POST("/members", options); // answered before: a new action, a new key
    expect(sent.at(-1)?.headers.get("Idempotency-Key")).not.toBe(keys[0]);
  });

  it("makes keys the gateway accepts (8 to 255 printable characters), never the same twice", () => {
    const keys = new Set(Array.from({ length: 1000 }, newIdempotencyKey));
    expect(keys.size).toBe(1000);
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]{8,255}$/);
  });
});
