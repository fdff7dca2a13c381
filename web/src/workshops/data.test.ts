import { describe, expect, it } from "vitest";
import type { Translate } from "../i18n/i18n";
import { sayRefusal } from "./data";

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
