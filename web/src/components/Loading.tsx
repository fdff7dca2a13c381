import { useLanguage, useT } from "../i18n/i18n";
import { LOADING } from "../i18n/languages";

/** Shown while a screen or a dictionary downloads (no dictionary needed to say it). */
export function Loading() {
  const { lang } = useLanguage();
  return (
    <p className="loading" role="status">
      {LOADING[lang ?? "fr"]}
    </p>
  );
}

/** "Loading…" in the page's words while its data comes; a status, so that screen readers say it once. */
export function StillLoading() {
  const { t } = useT();
  return <p role="status">{t("common.loading")}</p>;
}
