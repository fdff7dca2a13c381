import { describe, expect, it } from "vitest";
import { evaluation, partnerName } from "./rating";

describe("rating a conversation", () => {
  it("needs a rating of 1 to 5", () => {
    expect(evaluation("m1", "", []).ok).toBe(false);
    expect(evaluation("m1", "0", []).ok).toBe(false);
    expect(evaluation("m1", "6", []).ok).toBe(false);
    expect(evaluation("m1", "2.5", []).ok).toBe(false);
  });

  it("sends the rating as a number, with the known tags once each", () => {
    expect(evaluation("m1", "4", ["practised_french", "nonsense", "practised_french", "too_short"])).toEqual({
      ok: true,
      body: { evaluator_id: "m1", rating: 4, tags: ["practised_french", "too_short"], session_id: null },
    });
  });
});

describe("the partner's first name", () => {
  it("is used when the duo view gives one", () => {
    expect(partnerName({ partner_first_name: " Luc " })).toBe("Luc");
  });

  it("is null when missing, empty or null (an erased partner)", () => {
    expect(partnerName({})).toBeNull();
    expect(partnerName({ partner_first_name: null })).toBeNull();
    expect(partnerName({ partner_first_name: "" })).toBeNull();
  });
});
