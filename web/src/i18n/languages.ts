/**
 * The languages of the app, and where the choice is kept. Loaded with the first screen: keep it small
 * (no dictionary here; they are loaded on demand by i18n/messages.ts).
 */

export const LANGUAGES = ["fr", "en", "ar"] as const;
export type Lang = (typeof LANGUAGES)[number];

export const DIRECTION: Record<Lang, "ltr" | "rtl"> = { fr: "ltr", en: "ltr", ar: "rtl" };

/** Each language named in itself: the first screen is read before any choice. */
export const ENDONYM: Record<Lang, string> = { fr: "Français", en: "English", ar: "العربية" };

/** The language choice is not personal data: it may stay on the device (tokens never do). */
const STORAGE_KEY = "interra.language";

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export function savedLanguage(): Lang | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLang(value) ? value : null;
  } catch {
    return null; // storage disabled (private mode, policy): the choice lasts for this visit only
  }
}

export function saveLanguage(lang: Lang): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // see savedLanguage
  }
}

/** lang and dir on <html>: screen readers pick their voice, the layout mirrors for Arabic. */
export function applyToDocument(lang: Lang): void {
  const html = document.documentElement;
  html.lang = lang;
  html.dir = DIRECTION[lang];
}

/**
 * Locale for numbers and dates. Arabic keeps Western digits, as on the phone keyboards members type with
 * (years, minutes, dates entered and shown alike).
 */
export function locale(lang: Lang): string {
  return lang === "ar" ? "ar-u-nu-latn" : `${lang}-BE`;
}

/** Said before any dictionary has arrived (the screens' fallback while a chunk downloads). */
export const LOADING: Record<Lang, string> = { fr: "Chargement…", en: "Loading…", ar: "جارٍ التحميل…" };
