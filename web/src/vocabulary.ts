/**
 * The closed lists of the forms, each with its words. Typed from the API schema: when the API adds a
 * region or a level, `npm run gen:api` makes the compiler ask for its words here.
 */
import type { components } from "./api/schema";
import type { MessageKey } from "./i18n/messages/en";

type RegisterMember = components["schemas"]["RegisterMember"];
export type Region = RegisterMember["region"];
export type FrenchLevel = RegisterMember["french_level"];
export type Gender = NonNullable<RegisterMember["gender"]>;
export type ConsentPurpose = components["schemas"]["Consent"]["purpose"];

export const REGIONS: Record<Region, MessageKey> = { liege: "region.liege", brussels: "region.brussels" };

export const FRENCH_LEVELS: Record<FrenchLevel, MessageKey> = {
  A0: "level.A0",
  A1: "level.A1",
  A2: "level.A2",
  B1: "level.B1",
  B2: "level.B2",
  C1: "level.C1",
  C2: "level.C2",
  native: "level.native",
};

export const GENDERS: Record<Gender, MessageKey> = {
  woman: "register.gender.woman",
  man: "register.gender.man",
  non_binary: "register.gender.non_binary",
};

/** data_processing is required to register; the others are free choices. */
export const CONSENTS: Record<ConsentPurpose, { label: MessageKey; explain: MessageKey }> = {
  data_processing: { label: "consent.data_processing", explain: "consent.data_processing.explain" },
  programme_contact: { label: "consent.programme_contact", explain: "consent.programme_contact.explain" },
  partner_statistics: { label: "consent.partner_statistics", explain: "consent.partner_statistics.explain" },
};
export const REQUIRED_CONSENT: ConsentPurpose = "data_processing";

/**
 * Interests are free words for the API; matching counts the words two members share, so the app offers a
 * fixed list (the same word for everyone). An emoji beside each word helps those who read little (emoji
 * from before 2015 only: old Android phones lack the newer ones).
 */
export const INTERESTS = {
  cooking: { label: "interest.cooking", icon: "🍲" },
  sport: { label: "interest.sport", icon: "⚽" },
  music: { label: "interest.music", icon: "🎵" },
  crafts: { label: "interest.crafts", icon: "✂️" },
  culture: { label: "interest.culture", icon: "🎭" },
  digital: { label: "interest.digital", icon: "💻" },
  nature: { label: "interest.nature", icon: "🌳" },
  reading: { label: "interest.reading", icon: "📚" },
  games: { label: "interest.games", icon: "🎲" },
  family: { label: "interest.family", icon: "👪" },
} as const satisfies Record<string, { label: MessageKey; icon: string }>;

export function isInterest(word: string): word is keyof typeof INTERESTS {
  return Object.hasOwn(INTERESTS, word);
}

/**
 * Languages often spoken by Interra's members besides French (ISO 639-1), each written in itself so that
 * anyone finds theirs whatever the interface language.
 */
export const SPOKEN_LANGUAGES: Readonly<Record<string, string>> = {
  ar: "العربية",
  en: "English",
  nl: "Nederlands",
  de: "Deutsch",
  es: "Español",
  pt: "Português",
  it: "Italiano",
  tr: "Türkçe",
  ru: "Русский",
  uk: "Українська",
  fa: "فارسی",
  ps: "پښتو",
  ku: "Kurdî",
  so: "Soomaali",
  ti: "ትግርኛ",
  am: "አማርኛ",
  ln: "Lingála",
  sw: "Kiswahili",
};
