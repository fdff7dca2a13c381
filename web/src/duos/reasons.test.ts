import { describe, expect, it } from "vitest";
import { translate, type Translate } from "../i18n/i18n";
import { ar } from "../i18n/messages/ar";
import { en } from "../i18n/messages/en";
import { fr } from "../i18n/messages/fr";
import { sayReason } from "./reasons";

const tEn: Translate = (key, values) => translate(en, key, values);
const tFr: Translate = (key, values) => translate(fr, key, values);
const tAr: Translate = (key, values) => translate(ar, key, values);

// The reasons as services/duos/duos/matching/rules.py writes them.
describe("a duo's reasons, said again", () => {
  it("names shared interests with the app's words", () => {
    expect(sayReason("2 shared interests: cooking, music", tFr, "fr")).toBe("Vous aimez tous les deux\u00a0: Cuisine et Musique");
    expect(sayReason("1 shared interest: chess", tEn, "en")).toBe("You both like: chess");
  });

  it("says the common time in the member's language", () => {
    expect(sayReason("both free Tuesday 19:00-20:30", tFr, "fr")).toBe("Vous êtes libres tous les deux\u00a0: mardi \u206619:00–20:30\u2069");
    expect(sayReason("both free Monday 00:00-24:00 (and 6 other times)", tEn, "en")).toBe("You are both free at any time");
    expect(sayReason("both free Saturday 00:00-24:00", tEn, "en")).toBe("You are both free: Saturday, all day");
    expect(sayReason("both free Tuesday 19:00-20:00 (and 1 other time)", tEn, "en")).toBe(
      "You are both free: Tuesday \u206619:00–20:00\u2069 (and other times)",
    );
  });

  it("names regions, languages, levels, waits and ages", () => {
    expect(sayReason("same region: liege", tAr, "ar")).toBe("كلاكما يسكن في: لييج");
    expect(sayReason("video across regions: liege and brussels", tFr, "fr")).toBe("En vidéo entre Liège et Bruxelles");
    expect(sayReason("shared languages: ar, en", tFr, "fr")).toBe("Vous parlez tous les deux\u00a0: arabe et anglais");
    expect(sayReason("French level A2: a shared language helps", tEn, "en")).toBe("French level A2: a shared language helps");
    expect(sayReason("waited 1 day", tEn, "en")).toBe("Waiting time: 1 day");
    expect(sayReason("age gap 12 years", tAr, "ar")).toBe("فرق العمر: 12 سنة");
  });

  it("shows an unknown reason as the engine wrote it", () => {
    expect(sayReason("a brand new reason", tAr, "ar")).toBe("a brand new reason");
  });
});
