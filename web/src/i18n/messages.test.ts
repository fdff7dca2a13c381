import { describe, expect, it } from "vitest";
import { translate } from "./i18n";
import { ar } from "./messages/ar";
import { en, type MessageKey } from "./messages/en";
import { fr } from "./messages/fr";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the dictionaries", () => {
  it.each([
    ["fr", fr],
    ["ar", ar],
  ])("%s fills in the same values as English in every sentence", (_, messages) => {
    for (const key of Object.keys(en) as MessageKey[]) {
      expect(placeholders(messages[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("leaves no sentence empty", () => {
    for (const messages of [en, fr, ar]) {
      for (const [key, text] of Object.entries(messages)) expect(text.trim(), key).not.toBe("");
    }
  });

  it("fills in values, and leaves unknown ones visible", () => {
    expect(translate(en, "me.hello", { name: "Yasmin" })).toBe("Hello Yasmin!");
    expect(translate(en, "me.hello", {})).toBe("Hello {name}!");
  });
});
