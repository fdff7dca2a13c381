import { describe, expect, it } from "vitest";
import { actionWords, actorWords, day, erasureSteps, fileName, sections } from "./data";
import { changes, fromProfile } from "./preferences";

describe("my data, part by part", () => {
  const exported = {
    member_id: "m1",
    exported_at: "2026-12-01T17:00:00+00:00",
    workshops: { known_as: null, workshops_proposed: [], registrations: [], calendar_feed: null },
    notifications: { deliveries: [{ template: "duo_matched" }, { template: "duo_inactive" }] },
    members: { profile: { first_name: "Amal" }, consents: [] },
    duos: { known_as: { kind: "newcomer" }, requests: [{ status: "waiting" }], duos: [], evaluations: [] },
    incubator: { known_as: null, mentoring: { mentor: null, mentorships: [] } },
    newthing: { stuff: [1] },
  };

  it("orders the known parts first, the unknown ones after, without the envelope", () => {
    expect(sections(exported).map((s) => s.service)).toEqual(["members", "duos", "workshops", "incubator", "notifications", "newthing"]);
  });

  it("counts what each part keeps, and says when a part keeps nothing", () => {
    const [, duos, workshops, incubator, notifications, other] = sections(exported);
    expect(duos?.parts.map((p) => [p.key, p.count])).toEqual([
      ["known_as", 1],
      ["requests", 1],
      ["duos", 0],
      ["evaluations", 0],
    ]);
    expect(workshops?.empty).toBe(true);
    expect(incubator?.empty).toBe(true); // a record of empty lists keeps nothing
    expect(duos?.parts[0]).toMatchObject({ many: false, count: 1 });
    expect(duos?.parts[1]).toMatchObject({ many: true, count: 1 });
    expect(notifications?.parts[0]).toMatchObject({ label: "account.part.deliveries", count: 2 });
    expect(other).toMatchObject({ label: null, empty: false });
    expect(other?.parts[0]?.label).toBeNull();
  });

  it("names the downloaded file after the day of the export", () => {
    expect(fileName("2026-12-01T17:00:00+00:00")).toBe("interra-my-data-2026-12-01.json");
    expect(fileName("garbage")).toBe("interra-my-data-export.json");
  });
});

describe("who looked at my data", () => {
  it("says who in words", () => {
    expect(actorWords("staff:abc")).toBe("account.audit.actor.staff");
    expect(actorWords("member:abc")).toBe("account.audit.actor.member");
    expect(actorWords("system")).toBe("account.audit.actor.other");
  });

  it("says what in words, and null for an action it does not know", () => {
    expect(actionWords("read_profile")).toBe("account.audit.action.read_profile");
    expect(actionWords("export")).toBe("account.audit.action.export");
    expect(actionWords("toString")).toBeNull();
    expect(actionWords("something_new")).toBeNull();
  });

  it("writes days in the member's language", () => {
    expect(day("fr", "2026-12-01")).toBe("1 décembre 2026");
    expect(day("en", "2026-12-01")).toBe("1 December 2026");
  });
});

describe("the erasure's progress", () => {
  it("puts the known parts first and says which are done", () => {
    const steps = erasureSteps([
      { service: "workshops", erased: false },
      { service: "members", erased: true },
      { service: "zeta", erased: true },
    ]);
    expect(steps.map((s) => [s.service, s.label, s.erased])).toEqual([
      ["members", "account.service.members", true],
      ["workshops", "account.service.workshops", false],
      ["zeta", null, true],
    ]);
  });
});

describe("preferences", () => {
  const member = {
    member_id: "m1",
    phone: null,
    region: "liege",
    french_level: "A2",
    languages: ["ar"],
    interests: ["cooking", "music"],
    preferred_language: "ar",
    programmes: ["duos"],
  };

  it("sends nothing when nothing changed (the same interests in another order included)", () => {
    const before = fromProfile(member);
    expect(changes(before, { ...before, interests: ["music", "cooking"] })).toEqual({});
  });

  it("sends only what changed, and an emptied phone as null", () => {
    const before = fromProfile({ ...member, phone: "+32 470 12 34 56" });
    const after = { ...before, phone: "  ", preferred_language: "fr", interests: ["cooking"] };
    expect(changes(before, after)).toEqual({ phone: null, preferred_language: "fr", interests: ["cooking"] });
  });
});
