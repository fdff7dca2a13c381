import { describe, expect, it } from "vitest";
import { board, mean, missingScores, reviewGrid, sayDecisionProblem, staffMoves } from "./logic";

describe("the review grid", () => {
  it("has a row per criterion, a score per review and the row's mean", () => {
    const grid = reviewGrid(
      ["motivation", "fit"],
      [
        { reviewer: "staff:a", scores: { motivation: 4, fit: 2 }, mean: 3 },
        { reviewer: "member:b", scores: { motivation: 5 }, mean: 5 },
      ],
    );
    expect(grid).toEqual([
      { criterion: "motivation", scores: [4, 5], mean: 4.5 },
      { criterion: "fit", scores: [2, null], mean: 2 },
    ]);
  });

  it("has no mean without scores, and rounds to 2 decimals", () => {
    expect(mean([])).toBeNull();
    expect(mean([null, undefined])).toBeNull();
    expect(mean([4, 4, 5])).toBe(4.33);
  });
});

describe("the board and the moves", () => {
  it("puts each application under its status, in the order of the review", () => {
    const columns = board([
      { application_id: "1", status: "in_review" },
      { application_id: "2", status: "submitted" },
      { application_id: "3", status: "draft" },
    ]);
    expect(columns[0]).toEqual({ status: "submitted", items: [{ application_id: "2", status: "submitted" }] });
    expect(columns.find((c) => c.status === "in_review")?.items).toHaveLength(1);
    expect(columns.flatMap((c) => c.items).map((a) => a.application_id)).not.toContain("3");
  });

  it("offers the coordinator's allowed moves only", () => {
    expect(staffMoves(["withdraw", "decline", "review", "ask_more_info"])).toEqual(["review", "ask_more_info", "decline"]);
    expect(staffMoves(undefined)).toEqual([]);
  });

  it("names the criteria still without a score of 1 to 5", () => {
    expect(missingScores(["motivation", "fit", "feasibility"], { motivation: "4", fit: "7" })).toEqual(["fit", "feasibility"]);
  });
});

describe("a refused decision, in words", () => {
  const t = ((key: string, values?: Record<string, string | number>) => `${key} ${JSON.stringify(values)}`) as never;
  const title = (id: string) => (id === "a1" ? "Aleppo bakery" : id);

  it("names the application by its title, and the places", () => {
    expect(sayDecisionProblem("a1: 1 submitted review, 2 needed", title, t, "en")).toBe(
      'staffInterlab.tooFewReviews {"title":"Aleppo bakery","count":"1","needed":"2"}',
    );
    expect(sayDecisionProblem("3 to admit, 1 place left", title, t, "en")).toBe('staffInterlab.tooMany {"admit":"3","left":"1"}');
  });

  it("shows an unknown refusal as written", () => {
    expect(sayDecisionProblem("something else", title, t, "en")).toBe("something else");
  });
});
