import { describe, expect, it } from "vitest";
import { translate } from "../../i18n/i18n";
import { en } from "../../i18n/messages/en";
import type { MessageKey } from "../../i18n/messages/en";
import { moveTo, sayRefusal, staffMoves } from "./pipeline";
import { addDays, liegeDay, liegeToIso, mondayOf } from "./time";

const t = (key: MessageKey, values?: Record<string, string | number>) => translate(en, key, values);
const list = (items: string[]) => items.join(" / ");

describe("the pipeline's refusals in plain words", () => {
  it("names a missing prerequisite and offers to plan a date", () => {
    const refusal = sayRefusal("schedule needs at least one date at a booked venue or with an online link", t, list);
    expect(refusal?.text).toBe("Not possible yet. First: at least one date, at a venue or online.");
    expect(refusal?.needsDates).toBe(true);
  });

  it("lists several missing prerequisites", () => {
    const refusal = sayRefusal("publish needs a date still to come; a capacity on every date to come", t, list);
    expect(refusal?.text).toBe("Not possible yet. First: a date still to come / a number of seats on every date to come.");
  });

  it("says which moves are possible from the status, never the proposer's", () => {
    const refusal = sayRefusal("a proposed workshop cannot publish; allowed: accept, decline, withdraw", t, list);
    expect(refusal?.text).toBe("Not possible from “New proposals”. Possible now: Accept: start the conversation / Decline.");
    expect(refusal?.stale).toBe(true);
  });

  it("leaves an unknown detail to the caller", () => {
    expect(sayRefusal("something else", t, list)).toBeNull();
  });

  it("finds the move a card dropped on a column asks for", () => {
    expect(moveTo({ allowed_moves: ["train", "decline", "pause", "withdraw"] }, "training")).toBe("train");
    expect(moveTo({ allowed_moves: ["train", "decline"] }, "published")).toBeNull();
    expect(moveTo({ allowed_moves: ["resume", "withdraw"], paused_from: "training" }, "training")).toBe("resume");
    expect(moveTo({ allowed_moves: ["withdraw"] }, "withdrawn")).toBeNull();
  });

  it("offers staff the allowed moves but withdraw", () => {
    expect(staffMoves(["decline", "accept", "withdraw"])).toEqual(["accept", "decline"]);
  });
});

describe("Liège time", () => {
  it("finds the Monday of a week", () => {
    expect(mondayOf("2026-12-06")).toBe("2026-11-30"); // a Sunday
    expect(mondayOf("2026-11-30")).toBe("2026-11-30");
    expect(addDays("2026-12-28", 7)).toBe("2027-01-04");
  });

  it("gives a wall-clock time its offset, winter and summer", () => {
    expect(liegeToIso("2026-12-08T18:00")).toBe("2026-12-08T18:00:00+01:00");
    expect(liegeToIso("2027-07-06T18:00")).toBe("2027-07-06T18:00:00+02:00");
  });

  it("puts a late UTC instant on the next Liège day", () => {
    expect(liegeDay("2026-12-08T23:30:00+00:00")).toBe("2026-12-09");
  });
});
