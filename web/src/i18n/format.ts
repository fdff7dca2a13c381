/** Numbers, units, lists and names said the way each language says them (plural rules included). */
import { locale, type Lang } from "./languages";

type Unit = "minute" | "day" | "year";

export function quantity(lang: Lang, value: number, unit: Unit): string {
  return new Intl.NumberFormat(locale(lang), { style: "unit", unit, unitDisplay: "long" }).format(value);
}

export function number(lang: Lang, value: number): string {
  return new Intl.NumberFormat(locale(lang)).format(value);
}

export function list(lang: Lang, items: readonly string[]): string {
  return new Intl.ListFormat(locale(lang), { style: "long", type: "conjunction" }).format(items);
}

/** A language's name from its ISO 639 code ("ar" → "Arabic", "arabe", "العربية"); the code if unknown. */
export function languageName(lang: Lang, code: string): string {
  try {
    return new Intl.DisplayNames([locale(lang)], { type: "language", fallback: "code" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Monday is 0, as in the API's weekly windows. */
export function weekday(lang: Lang, index: number): string {
  const aMonday = new Date(Date.UTC(2024, 0, 1 + index)); // 1 January 2024 was a Monday
  return new Intl.DateTimeFormat(locale(lang), { weekday: "long", timeZone: "UTC" }).format(aMonday);
}

/** Today in the member's own calendar day, as the API writes dates (YYYY-MM-DD). */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
