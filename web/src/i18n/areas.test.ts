import { describe, expect, it } from "vitest";
import { messages as account } from "../account/messages/en";
import { messages as interlab } from "../interlab/messages/en";
import { messages as staffAccounts } from "../staff/accounts/messages/en";
import { messages as staffDuos } from "../staff/duos/messages/en";
import { messages as staffFigures } from "../staff/figures/messages/en";
import { messages as staffInterlab } from "../staff/interlab/messages/en";
import { messages as staff } from "../staff/messages/en";
import { messages as staffWorkshops } from "../staff/workshops/messages/en";
import { messages as workshops } from "../workshops/messages/en";
import { en } from "./messages/en";

// Each area's texts are spread into one dictionary per language: a key two areas shared would silently
// take the text of the last one. The prefix keeps them apart.
const AREAS: Record<string, Record<string, string>> = {
  workshops,
  interlab,
  account,
  staff,
  staffWorkshops,
  staffDuos,
  staffInterlab,
  staffFigures,
  staffAccounts,
};

describe("each area's texts", () => {
  it.each(Object.entries(AREAS))("%s: every key starts with the area's name", (area, texts) => {
    for (const key of Object.keys(texts)) expect(key.startsWith(`${area}.`), key).toBe(true);
  });

  it("are all in the dictionary, none hidden by another", () => {
    const dictionary: Record<string, string> = en;
    for (const texts of Object.values(AREAS)) {
      for (const [key, text] of Object.entries(texts)) expect(dictionary[key], key).toBe(text);
    }
  });
});
