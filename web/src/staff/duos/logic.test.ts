import { describe, expect, it } from "vitest";
import { byRegion, person } from "./logic";

const learner = (member_id: string, region: string, waiting_days: number) => ({
  request_id: `r-${member_id}`,
  member_id,
  region,
  waiting_days,
});

describe("byRegion", () => {
  it("groups the waiting list by region, busiest region first, longest wait first", () => {
    const regions = byRegion([learner("a", "liege", 3), learner("b", "brussels", 40), learner("c", "liege", 10), learner("d", "liege", 1)]);
    expect(regions.map((r) => r.region)).toEqual(["liege", "brussels"]);
    expect(regions[0]?.learners.map((l) => l.member_id)).toEqual(["c", "a", "d"]);
    expect(regions[0]?.longest).toBe(10);
    expect(regions[0]?.median).toBe(3);
    expect(regions[1]?.median).toBe(40);
  });

  it("takes the middle of two for an even count, and says nothing for an empty list", () => {
    expect(byRegion([learner("a", "liege", 2), learner("b", "liege", 6)])[0]?.median).toBe(4);
    expect(byRegion([])).toEqual([]);
  });
});

describe("person (proposals: first names once the API gives them)", () => {
  it("shows the start of the member id until then", () => {
    expect(person({ learner_id: "0123456789abcdef", volunteer_id: "fedcba9876543210" }, "learner")).toEqual({
      name: "01234567",
      isId: true,
    });
    expect(person({}, "volunteer")).toEqual({ name: "—", isId: true });
  });

  it("shows the first name when the proposal view has it", () => {
    expect(person({ learner_id: "0123456789", learner_first_name: "Amal" }, "learner")).toEqual({ name: "Amal", isId: false });
    expect(person({ volunteer_id: "0123456789", volunteer_first_name: " " }, "volunteer").isId).toBe(true);
  });
});
