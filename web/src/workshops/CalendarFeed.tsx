/**
 * The member's own calendar feed (all their dates, kept up to date on the phone): its secret link is
 * shown once, when it is made or renewed (Interra keeps only a digest), with a copy button and a
 * webcal:// link that phones open in their calendar app; renew it or close it.
 */
import { useRef, useState } from "react";
import { api } from "../api/client";
import { attempt } from "../api/problems";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
import { useT } from "../i18n/i18n";
import { sayRefusal } from "./data";

type Feed =
  | { state: "idle" }
  | { state: "shown"; path: string }
  | { state: "exists" }
  | { state: "closed" };

export function CalendarFeed() {
  const { t } = useT();
  const [feed, setFeed] = useState<Feed>({ state: "idle" });
  const [refused, setRefused] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const run = async (call: () => Promise<Feed | { failed: string }>) => {
    if (busy) return;
    setBusy(true);
    setRefused(null);
    setCopied(false);
    const next = await call();
    setBusy(false);
    if ("failed" in next) setRefused(next.failed);
    else setFeed(next);
  };

  const shown = (data: { url_path?: string | null }): Feed =>
    data.url_path ? { state: "shown", path: data.url_path } : { state: "exists" };

  const make = () =>
    run(async () => {
      const outcome = await attempt(api.POST("/workshops/calendar-token"));
      return outcome.ok ? shown(outcome.data) : { failed: sayRefusal(outcome, t) };
    });
  const rotate = () =>
    run(async () => {
      const outcome = await attempt(api.POST("/workshops/calendar-token/rotate"));
      return outcome.ok ? shown(outcome.data) : { failed: sayRefusal(outcome, t) };
    });
  const close = () =>
    run(async () => {
      try {
        const { response } = await api.DELETE("/workshops/calendar-token");
        return response.ok ? { state: "closed" } : { failed: t("error.server") };
      } catch {
        return { failed: t("error.unreachable") };
      }
    });

  const url = feed.state === "shown" ? `${window.location.origin}${feed.path}` : "";
  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(document.execCommand("copy")); // older phones: copy the selected text
    }
  };

  return (
    <div className="calendar-feed">
      <h3>{t("workshops.calendar.feed")}</h3>
      <p className="field__hint">{t("workshops.calendar.feedHint")}</p>
      {refused && <Notice tone="error">{refused}</Notice>}
      {feed.state === "closed" && <Notice>{t("workshops.calendar.deleted")}</Notice>}
      {(feed.state === "idle" || feed.state === "closed") && (
        <button type="button" className="button" onClick={make} aria-disabled={busy || undefined}>
          <Icon name="key" />
          <span>{t("workshops.calendar.make")}</span>
        </button>
      )}
      {feed.state === "exists" && <p>{t("workshops.calendar.exists")}</p>}
      {feed.state === "shown" && (
        <>
          <div className="field">
            <label className="field__label" htmlFor="calendar-link">
              {t("workshops.calendar.link")}
            </label>
            <p id="calendar-link-hint" className="calendar-feed__secret">
              <Icon name="shield" />
              <span>{t("workshops.calendar.secret")}</span>
            </p>
            <input
              ref={input}
              id="calendar-link"
              className="field__input"
              value={url}
              readOnly
              dir="ltr"
              aria-describedby="calendar-link-hint"
              onFocus={(event) => event.target.select()}
            />
          </div>
          <button type="button" className="button" onClick={copy}>
            <Icon name="check" />
            <span>{t("workshops.calendar.copy")}</span>
          </button>
          {copied && <Notice>{t("workshops.calendar.copied")}</Notice>}
          <a href={`webcal://${window.location.host}${feed.path}`} className="button">
            <Icon name="calendar" />
            <span>{t("workshops.calendar.subscribe")}</span>
          </a>
        </>
      )}
      {(feed.state === "shown" || feed.state === "exists") && (
        <>
          <p className="field__hint">{t("workshops.calendar.rotateHint")}</p>
          <button type="button" className="button" onClick={rotate} aria-disabled={busy || undefined}>
            <Icon name="retry" />
            <span>{t("workshops.calendar.rotate")}</span>
          </button>
          <button type="button" className="button button--quiet" onClick={close} aria-disabled={busy || undefined}>
            <Icon name="trash" />
            <span>{t("workshops.calendar.delete")}</span>
          </button>
        </>
      )}
    </div>
  );
}
