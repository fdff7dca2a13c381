import { describe, expect, it } from "vitest";
import { comingRegistrations, fromNow, placeOf, seatsFor } from "./logic";

describe("where a date takes place", () => {
  const venue = {
    venue_id: "v1",
    name: "Café Le Pot au Lait",
    address: "Rue Soubre 2, 4020 Liège",
    region: "liege",
    accessibility: ["step_free_entrance"],
  };
  it("is the date's venue as the API gives it, or online, or not said", () => {
    expect(placeOf({ venue, online: false })).toEqual({
      name: "Café Le Pot au Lait",
      address: "Rue Soubre 2, 4020 Liège",
      region: "liege",
      accessibility: ["step_free_entrance"],
    });
    expect(placeOf({ venue: null, online: true })).toBe("online");
    expect(placeOf({ venue: null, online: false })).toBeUndefined();
  });
});

describe("seats for my group", () => {
  const date = { seats: { free_newcomer: 0, free_local: 3, open_to_all: false } };
  it("counts the seats held for the group until the date opens to all", () => {
    expect(seatsFor(date, "newcomer")).toBe(0);
    expect(seatsFor(date, "local")).toBe(3);
    expect(seatsFor({ seats: { ...date.seats, open_to_all: true } }, "newcomer")).toBe(3);
  });
});

describe("coming registrations", () => {
  it("puts offered seats first, then the soonest, without the past or the cancelled", () => {
    const now = new Date("2027-01-01T12:00:00Z");
    const list = comingRegistrations(
      [
        { registration_id: "late", status: "confirmed", starts_at: "2027-02-01T18:00:00+01:00" },
        { registration_id: "soon", status: "waitlisted", starts_at: "2027-01-05T18:00:00+01:00" },
        { registration_id: "offer", status: "offered", starts_at: "2027-01-20T18:00:00+01:00" },
        { registration_id: "gone", status: "cancelled", starts_at: "2027-01-06T18:00:00+01:00" },
        { registration_id: "past", status: "confirmed", starts_at: "2026-12-01T18:00:00+01:00" },
      ],
      now,
    );
    expect(list.map((r) => r.registration_id)).toEqual(["offer", "soon", "late"]);
  });
});

describe("a moment from now", () => {
  const now = new Date("2027-01-01T12:00:00Z");
  it("says hours, minutes or days in the member's language", () => {
    expect(fromNow("en", "2027-01-01T14:00:00Z", now)).toBe("in 2 hours");
    expect(fromNow("fr", "2027-01-01T12:45:00Z", now)).toBe("dans 45 minutes");
    expect(fromNow("en", "2027-01-04T12:00:00Z", now)).toBe("in 3 days");
  });
});
