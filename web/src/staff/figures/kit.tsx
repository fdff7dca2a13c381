/**
 * What the staff pages of Duo-Langue, InterLab, figures and accounts share: loading a page's data with
 * its failure said plainly (403: your role may not; 404: not found), a retry, short ids, and tables
 * that scroll sideways by keyboard too.
 */
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { explain, type Failure, type Outcome } from "../../api/problems";
import { Notice } from "../../components/forms";
import { Icon, type IconName } from "../../components/Icon";
import { TryAgain } from "../../components/LoadFailed";
import { StillLoading } from "../../components/Loading";
import { useT, type Translate } from "../../i18n/i18n";
import { locale, type Lang } from "../../i18n/languages";
import "./staff.css";

export type Loaded<T> =
  | { state: "loading" }
  | { state: "failed"; status: number; message: string }
  | { state: "ready"; value: T };

/** One sentence for a refusal: the role (403) and absence (404) in plain words, else the API's reason. */
export function refusal(failure: Failure, t: Translate): string {
  if (failure.status === 403) return t("staffFigures.forbidden");
  if (failure.status === 404) return t("staffFigures.notFound");
  const explained = explain(failure, t);
  return explained.message ?? Object.values(explained.fields)[0] ?? t("error.generic");
}

/** Loads with `load` (keep it stable: useCallback) now and on reload(). */
export function useLoaded<T>(load: () => Promise<Outcome<T>>): { loaded: Loaded<T>; reload: () => Promise<void> } {
  const { t } = useT();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const reload = useCallback(async () => {
    const outcome = await load();
    setLoaded(
      outcome.ok
        ? { state: "ready", value: outcome.data }
        : { state: "failed", status: outcome.status, message: refusal(outcome, t) },
    );
  }, [load, t]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { loaded, reload };
}

/** The data once loaded; meanwhile "Loading…", or what went wrong with a button to try again. */
export function Shown<T>({ loaded, retry, children }: { loaded: Loaded<T>; retry: () => void; children: (value: T) => ReactNode }) {
  if (loaded.state === "loading") return <StillLoading />;
  if (loaded.state === "failed") {
    return (
      <>
        <Notice tone="error">{loaded.message}</Notice>
        {loaded.status !== 403 && loaded.status !== 404 && (
          <TryAgain retry={retry} className="button button--quiet" />
        )}
      </>
    );
  }
  return <>{children(loaded.value)}</>;
}

/** The first 8 characters of an id: enough to tell people apart on a screen, shown left to right. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : "—";
}

export function Id({ id }: { id: string | null | undefined }) {
  return (
    <code className="staff-id" dir="ltr">
      {shortId(id)}
    </code>
  );
}

export function percent(lang: Lang, share: number | null | undefined): string {
  if (share === null || share === undefined) return "—";
  return new Intl.NumberFormat(locale(lang), { style: "percent", maximumFractionDigits: 0 }).format(share);
}

export function decimal(lang: Lang, value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
}

/** A date of the API (YYYY-MM-DD or an ISO instant) in the page's language. */
export function day(lang: Lang, value: string | null | undefined): string {
  if (!value) return "—";
  const date = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeZone: "Europe/Brussels" }).format(date);
}

/** A wide table in a region that scrolls sideways and can be reached by keyboard to do so. */
export function TableBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-box" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/** A part of a staff page under its heading, an icon with words; the heading names the region. */
export function StaffSection({ headingId, icon, title, children }: { headingId: string; icon: IconName; title: ReactNode; children: ReactNode }) {
  return (
    <section className="staff-section" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Icon name={icon} />
        <span>{title}</span>
      </h2>
      {children}
    </section>
  );
}

interface StaffListProps<T> {
  items: readonly T[];
  /** The sentence shown instead of an empty list ("No proposal waits."). */
  empty: string;
  keyOf: (item: T, index: number) => string | number | undefined;
  itemClass?: string;
  children: (item: T) => ReactNode;
}

/** A list of things to act on (proposals, reports, reviewers), or one sentence when there is none. */
export function StaffList<T>({ items, empty, keyOf, itemClass, children }: StaffListProps<T>) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul className="staff-list">
      {items.map((item, index) => (
        <li key={keyOf(item, index)} className={itemClass}>
          {children(item)}
        </li>
      ))}
    </ul>
  );
}
