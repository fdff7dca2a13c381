import { describe, expect, it } from "vitest";
import { barLength, scaleMax } from "./chart";

describe("bars", () => {
  it("scales to the largest value, or a fixed end", () => {
    expect(scaleMax([3, null, 12])).toBe(12);
    expect(scaleMax([])).toBe(1);
    expect(scaleMax([0, 0])).toBe(1);
    expect(scaleMax([40], 100)).toBe(100);
  });

  it("draws a bar in hundredths of the width, none for a hidden figure", () => {
    expect(barLength(6, 12)).toBe(50);
    expect(barLength(1, 3)).toBe(33.3);
    expect(barLength(null, 10)).toBe(0);
    expect(barLength(20, 10)).toBe(100);
    expect(barLength(-1, 10)).toBe(0);
  });
});
