import { describe, expect, it } from "vitest";
import { fileName, toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a header and rows, with a byte-order mark and CRLF lines", () => {
    expect(toCsv(["Region", "Learners"], [["Liège", 3], ["Brussels", null]])).toBe(
      "\uFEFFRegion,Learners\r\nLiège,3\r\nBrussels,\r\n",
    );
  });

  it("quotes commas, quotes and line breaks", () => {
    expect(toCsv(["a"], [['say "hi", then\ngo']])).toBe('\uFEFFa\r\n"say ""hi"", then\ngo"\r\n');
  });

  it("never lets a text cell start a formula, but keeps negative numbers", () => {
    expect(toCsv(["a", "b"], [["=SUM(A1)", -2]])).toBe("\uFEFFa,b\r\n'=SUM(A1),-2\r\n");
  });
});

describe("fileName", () => {
  it("keeps letters of any script, drops accents and punctuation", () => {
    expect(fileName("Learners waiting, by region")).toBe("learners-waiting-by-region.csv");
    expect(fileName("Durée d’attente")).toBe("duree-d-attente.csv");
    expect(fileName("المتعلمون")).toBe("المتعلمون.csv");
    expect(fileName("!!!")).toBe("interra.csv");
  });
});
