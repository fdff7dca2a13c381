import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Translate } from "../i18n/i18n";
import { dates, places, registrations, sayRefusal, titles } from "./data";

/** The API as the screens see it: GET answers by path, each call counted. */
const GET = vi.hoisted(() => vi.fn());
vi.mock("../api/client", () => ({ api: { GET } }));
const answer = (data: unknown) => Promise.resolve({ data, response: new Response(null, { status: 200 }) });

const t: Translate = (key) => key;
const conflict = (detail: string, errors: Record<string, unknown>) => ({
  ok: false as const,
  status: 409,
  problem: { type: "about:blank", title: "Conflict", status: 409, detail, request_id: "r", errors },
});

describe("the workshops service's refusals", () => {
  it("are said in plain words, from the detail or a field's message", () => {
    expect(sayRefusal(conflict("already confirmed on this date", { date_id: ["already registered"] }), t)).toBe(
      "workshops.error.already",
    );
    expect(sayRefusal(conflict("the offer expired at 2027-01-01T10:00:00+00:00", {}), t)).toBe(
      "workshops.error.offerExpired",
    );
    expect(sayRefusal(conflict("x", { date_id: ["the date has started or passed"] }), t)).toBe("workshops.error.started");
  });

  it("says a 404 plainly and falls back to the shared explanations", () => {
    expect(sayRefusal({ ok: false, status: 404, problem: null }, t)).toBe("workshops.error.notFound");
    expect(sayRefusal({ ok: false, status: 0, problem: null }, t)).toBe("error.unreachable");
  });
});

describe("where a workshop's dates take place", () => {
  const venue = {
    venue_id: "v1",
    name: "Café Le Pot au Lait",
    address: "Rue Soubre 2, 4020 Liège",
    region: "liege",
    accessibility: ["step_free_entrance"],
  };
  beforeEach(() => {
    GET.mockReset();
    GET.mockImplementation(() =>
      answer({
        items: [
          { date_id: "d-cafe", venue, online: false },
          { date_id: "d-online", venue: null, online: true },
        ],
        total: 2,
      }),
    );
  });

  it("comes with the dates (their venue or online), read once for a screen asking for both", async () => {
    const [planned, where] = await Promise.all([dates("w1"), places("w1")]);
    expect(planned.ok && planned.data.total).toBe(2);
    expect(where.get("d-cafe")).toEqual({
      name: venue.name,
      address: venue.address,
      region: "liege",
      accessibility: ["step_free_entrance"],
    });
    expect(where.get("d-online")).toBe("online");
    expect(GET).toHaveBeenCalledTimes(1);
    await places("w1"); // a later screen reads them again
    expect(GET).toHaveBeenCalledTimes(2);
  });

  it("is unknown when the dates cannot be read", async () => {
    GET.mockImplementation(() => Promise.resolve({ error: null, response: new Response(null, { status: 503 }) }));
    expect((await places("w2")).size).toBe(0);
  });
});

describe("the titles of the member's workshops", () => {
  it("come with the registrations; a workshop they do not name is asked of the API", async () => {
    GET.mockReset();
    GET.mockImplementation((path: string, options: { params: { path?: { workshop_id: string } } }) =>
      path === "/workshops/registrations"
        ? answer({ items: [{ registration_id: "r1", workshop_id: "w-cook", workshop_title: "Syrian cooking" }], total: 1 })
        : answer({ workshop_id: options.params.path?.workshop_id, title: "Arabic calligraphy" }),
    );
    await registrations("m1");
    const found = await titles(["w-cook", "w-cook", "w-write"]);
    expect([...found].map(([id, w]) => [id, w.title])).toEqual([["w-cook", "Syrian cooking"], ["w-write", "Arabic calligraphy"]]);
    expect(GET.mock.calls.map(([path]) => path)).toEqual(["/workshops/registrations", "/workshops/{workshop_id}"]);
  });
});
