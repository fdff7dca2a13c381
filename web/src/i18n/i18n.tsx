/**
 * The chosen language for the whole app, and t() to say things in it. The dictionaries are loaded on
 * demand (one small chunk per language), so the first screen carries none of them.
 */
import { createContext, use, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { applyToDocument, saveLanguage, savedLanguage, type Lang } from "./languages";
import type { MessageKey, Messages } from "./messages/en";

const LOADERS: Record<Lang, () => Promise<Messages>> = {
  fr: () => import("./messages/fr").then((module) => module.fr),
  en: () => import("./messages/en").then((module) => module.en),
  ar: () => import("./messages/ar").then((module) => module.ar),
};

const loading = new Map<Lang, Promise<Messages>>();

/** The dictionary of a language: one promise per language (React's use() needs the same one each time). */
export function loadMessages(lang: Lang): Promise<Messages> {
  let promise = loading.get(lang);
  if (!promise) {
    promise = LOADERS[lang]().catch((error: unknown) => {
      loading.delete(lang); // a failed download (slow network) is tried again next time
      throw error;
    });
    loading.set(lang, promise);
  }
  return promise;
}

interface LanguageState {
  lang: Lang | null;
  choose: (lang: Lang) => void;
}

const LanguageContext = createContext<LanguageState>({ lang: null, choose: () => undefined });

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLang] = useState<Lang | null>(savedLanguage);
  const choose = useCallback((next: Lang) => {
    saveLanguage(next);
    applyToDocument(next);
    void loadMessages(next).catch(() => undefined); // start the download now; the next screen waits for it
    setLang(next);
  }, []);
  const state = useMemo(() => ({ lang, choose }), [lang, choose]);
  return <LanguageContext value={state}>{children}</LanguageContext>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

export type Values = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: Values) => string;

export function translate(messages: Messages, key: MessageKey, values?: Values): string {
  const text = messages[key];
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * t() in the chosen language. Suspends while the dictionary downloads; only for screens after the
 * language choice (the layout sends anyone without a language back to the first screen).
 */
export function useT(): { t: Translate; lang: Lang } {
  const { lang } = useLanguage();
  if (!lang) throw new Error("useT() before a language was chosen");
  const messages = use(loadMessages(lang));
  const t = useCallback<Translate>((key, values) => translate(messages, key, values), [messages]);
  return { t, lang };
}
