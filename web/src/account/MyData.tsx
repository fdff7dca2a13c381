/**
 * My data: what Interra keeps about me, part by part (GET /members/{id}/export), with the whole of it to
 * download as a file; who else read or changed it (GET /members/{id}/audit); and erasing my account
 * (DELETE /members/{id}) after a clear confirmation, then its progress (GET /members/{id}/erasure).
 */
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { api } from "../api/client";
import { attempt, explain, type Failure } from "../api/problems";
import type { components } from "../api/schema";
import { signOut, useSession } from "../api/session";
import { BackToMe } from "../components/ButtonLink";
import { Card } from "../components/Card";
import { Confirm } from "../components/Confirm";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { languageName, list, number } from "../i18n/format";
import { useT, type Translate } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";
import { CONSENTS, FRENCH_LEVELS, GENDERS, INTERESTS, REGIONS, isInterest, type ConsentPurpose } from "../vocabulary";
import {
  actionWords,
  actorWords,
  day,
  erasureSteps,
  fileName,
  keyWords,
  moment,
  sections,
  type Section,
} from "./data";
import "../duos/duos.css";
import "./account.css";

type Schemas = components["schemas"];
type Export = Schemas["MemberExport"];
type AuditEntry = Schemas["AuditEntry"];
type Erasure = Schemas["ErasureReport"];

const AUDIT_PAGE = 20;

function problemWords(failure: Failure, t: Translate): string {
  if (failure.status === 404 || failure.status === 403) return t("account.notYours");
  const explained = explain(failure, t);
  return explained.message ?? Object.values(explained.fields)[0] ?? t("error.generic");
}

export default function MyData() {
  const { t } = useT();
  const session = useSession();
  const memberId = session?.memberId ?? null;
  const [erasing, setErasing] = useState<Erasure | null>(null);

  if (!memberId) {
    return (
      <>
        <PageHeading title={t("account.data.title")} />
        <p>{t("me.staff")}</p>
      </>
    );
  }
  if (erasing) return <ErasureProgress memberId={memberId} first={erasing} />;
  return (
    <>
      <PageHeading title={t("account.data.title")} />
      <p className="lead">{t("account.data.intro")}</p>
      <ExportSection memberId={memberId} />
      <AuditSection memberId={memberId} />
      <EraseSection memberId={memberId} onErased={setErasing} />
      <BackToMe label={t("log.back")} />
    </>
  );
}

/* --- What Interra keeps ----------------------------------------------------------------------------- */

function download(data: Export): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName(data.exported_at);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function ExportSection({ memberId }: { memberId: string }) {
  const { t, lang } = useT();
  const [data, setData] = useState<Export | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const load = useCallback(async () => {
    setFailed(null);
    const outcome = await attempt(
      api.GET("/members/{member_id}/export", { params: { path: { member_id: memberId } } }),
    );
    if (outcome.ok) setData(outcome.data);
    else setFailed(problemWords(outcome, t));
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card headingId="data-kept-title" icon="list" title={t("account.data.kept")}>
      {!data && !failed && <StillLoading />}
      {failed && (
        <LoadFailed message={failed} retry={() => void load()} />
      )}
      {data && (
        <>
          <p>{t("account.data.when", { when: moment(lang, data.exported_at) })}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              download(data);
              setSaved(true);
            }}
          >
            <Icon name="download" />
            <span>{t("account.data.download")}</span>
          </button>
          <p className="field__hint">{t("account.data.downloadHint")}</p>
          {saved && <Notice>{t("account.data.downloaded")}</Notice>}
          {sections(data as unknown as Record<string, unknown>).map((section) => (
            <ServiceSection key={section.service} section={section} lang={lang} t={t} />
          ))}
        </>
      )}
    </Card>
  );
}

function ServiceSection({ section, lang, t }: { section: Section; lang: Lang; t: Translate }) {
  const id = `data-${section.service}`;
  const profile = section.parts.find((part) => part.key === "profile");
  const consents = section.parts.find((part) => part.key === "consents");
  return (
    <section className="data-part" aria-labelledby={id}>
      <h3 id={id}>{section.label ? t(section.label) : section.service}</h3>
      {section.service === "members" && profile ? (
        <>
          <Profile value={profile.value} lang={lang} t={t} />
          {consents && <Consents value={consents.value} lang={lang} t={t} />}
        </>
      ) : section.empty ? (
        <p className="data-part__empty">{t("account.data.nothing")}</p>
      ) : (
        <>
          <ul className="data-counts">
            {section.parts.map((part) => (
              <li key={part.key}>
                <span>{part.label ? t(part.label) : keyWords(part.key)}</span>
                <span className="data-counts__count">
                  {part.count === 0
                    ? t("account.data.none")
                    : part.many
                      ? t("account.data.count", { count: number(lang, part.count) })
                      : t("account.data.kept1")}
                </span>
              </li>
            ))}
          </ul>
          <details className="data-details">
            <summary>{t("account.data.details")}</summary>
            {/* the data as Interra stores it: its field names are English words */}
            <div lang="en" dir="ltr">
              <Tree value={Object.fromEntries(section.parts.map((part) => [part.key, part.value]))} lang={lang} />
            </div>
          </details>
        </>
      )}
    </section>
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

/** Any data as nested lists: the readable form of what has no words of its own. */
function Tree({ value, lang }: { value: unknown; lang: Lang }): ReactNode {
  if (Array.isArray(value)) {
    if (value.length === 0) return <span>—</span>;
    return (
      <ol className="tree">
        {value.map((item, index) => (
          <li key={index}>
            <Tree value={item} lang={lang} />
          </li>
        ))}
      </ol>
    );
  }
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return <span>—</span>;
    return (
      <dl className="tree">
        {entries.map(([key, item]) => (
          <div key={key} className="tree__row">
            <dt>{keyWords(key)}</dt>
            <dd>
              <Tree value={item} lang={lang} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span dir="auto">{text(value)}</span>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd dir="auto">{children}</dd>
    </div>
  );
}

function Profile({ value, lang, t }: { value: unknown; lang: Lang; t: Translate }) {
  if (!isRecord(value)) return <p className="data-part__empty">{t("account.data.nothing")}</p>;
  const str = (key: string) => (typeof value[key] === "string" ? (value[key] as string) : "");
  const words = (key: string) => (Array.isArray(value[key]) ? (value[key] as unknown[]).map(String) : []);
  const region = str("region");
  const level = str("french_level");
  const gender = str("gender");
  const none = t("account.data.none");
  return (
    <dl className="facts">
      <Row label={t("register.firstName")}>{str("first_name") || none}</Row>
      <Row label={t("register.lastName")}>{str("last_name") || none}</Row>
      <Row label={t("register.email")}>
        <span dir="ltr">{str("email") || none}</span>
      </Row>
      <Row label={t("register.phone")}>
        <span dir="ltr">{str("phone") || none}</span>
      </Row>
      <Row label={t("register.birthYear")}>{typeof value.birth_year === "number" ? String(value.birth_year) : none}</Row>
      <Row label={t("register.gender")}>
        {gender in GENDERS ? t(GENDERS[gender as keyof typeof GENDERS]) : t("register.gender.none")}
      </Row>
      <Row label={t("account.field.region")}>{region in REGIONS ? t(REGIONS[region as keyof typeof REGIONS]) : region || none}</Row>
      <Row label={t("account.field.arrivedOn")}>{str("arrived_on") ? day(lang, str("arrived_on")) : none}</Row>
      <Row label={t("account.field.frenchLevel")}>
        {level in FRENCH_LEVELS ? t(FRENCH_LEVELS[level as keyof typeof FRENCH_LEVELS]) : level || none}
      </Row>
      <Row label={t("account.field.languages")}>
        {words("languages").length ? list(lang, words("languages").map((code) => languageName(lang, code))) : none}
      </Row>
      <Row label={t("account.field.interests")}>
        {words("interests").length
          ? list(lang, words("interests").map((word) => (isInterest(word) ? t(INTERESTS[word].label) : word)))
          : none}
      </Row>
      <Row label={t("account.field.messages")}>{str("preferred_language") ? languageName(lang, str("preferred_language")) : none}</Row>
      <Row label={t("account.field.registered")}>{str("registered_at") ? day(lang, str("registered_at")) : none}</Row>
    </dl>
  );
}

function Consents({ value, lang, t }: { value: unknown; lang: Lang; t: Translate }) {
  const given = Array.isArray(value) ? value.filter(isRecord) : [];
  if (given.length === 0) return null;
  return (
    <>
      <h4 className="data-part__subtitle">{t("account.part.consents")}</h4>
      <ConsentList consents={given} lang={lang} t={t} />
    </>
  );
}

/** Each consent in words: what it is, and yes (since when) or no. */
export function ConsentList({ consents, lang, t }: { consents: readonly Record<string, unknown>[]; lang: Lang; t: Translate }) {
  return (
    <ul className="consents">
      {consents.map((consent) => {
        const purpose = String(consent.purpose ?? "");
        const words = purpose in CONSENTS ? CONSENTS[purpose as ConsentPurpose] : null;
        const at = typeof consent.at === "string" ? day(lang, consent.at) : "";
        return (
          <li key={purpose} className="consents__item">
            <Icon name={consent.granted ? "check" : "close"} />
            <span>
              <strong>{words ? t(words.label) : purpose}</strong>
              <span className="consents__answer">
                {consent.granted ? t("account.consent.yes", { date: at }) : t("account.consent.no", { date: at })}
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/* --- Who else read or changed my data ------------------------------------------------------------- */

function AuditSection({ memberId }: { memberId: string }) {
  const { t, lang } = useT();
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(
    async (offset: number) => {
      setFailed(null);
      const outcome = await attempt(
        api.GET("/members/{member_id}/audit", {
          params: { path: { member_id: memberId }, query: { offset, limit: AUDIT_PAGE } },
        }),
      );
      if (!outcome.ok) return setFailed(problemWords(outcome, t));
      setItems((current) => (offset === 0 ? outcome.data.items : [...current, ...outcome.data.items]));
      setTotal(outcome.data.total);
    },
    [memberId, t],
  );

  useEffect(() => {
    void load(0);
  }, [load]);

  return (
    <Card headingId="audit-title" icon="users" title={t("account.audit.title")}>
      <p className="card__subtitle">{t("account.audit.intro")}</p>
      {total === null && !failed && <StillLoading />}
      {failed && <Notice tone="error">{failed}</Notice>}
      {total === 0 && <p className="status-line">{t("account.audit.nobody")}</p>}
      {items.length > 0 && (
        <ul className="audit">
          {items.map((entry) => {
            const action = actionWords(entry.action);
            return (
              <li key={`${entry.request_id}-${entry.action}-${entry.at}`} className="audit__item">
                <span className="audit__what">
                  {t(action ?? "account.audit.action.other", { who: t(actorWords(entry.actor)) })}
                </span>
                <span className="audit__when">{moment(lang, entry.at)}</span>
              </li>
            );
          })}
        </ul>
      )}
      {total !== null && items.length < total && (
        <button type="button" className="button" onClick={() => void load(items.length)}>
          <Icon name="plus" />
          <span>{t("account.audit.more")}</span>
        </button>
      )}
    </Card>
  );
}

/* --- Erase my account ------------------------------------------------------------------------------- */

function EraseSection({ memberId, onErased }: { memberId: string; onErased: (report: Erasure) => void }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);

  const erase = async () => {
    if (busy) return;
    if (!understood) {
      setRefused(t("account.erase.tickFirst"));
      return;
    }
    setBusy(true);
    setRefused(null);
    const outcome = await attempt(api.DELETE("/members/{member_id}", { params: { path: { member_id: memberId } } }));
    setBusy(false);
    if (outcome.ok) onErased(outcome.data);
    else setRefused(problemWords(outcome, t));
  };

  return (
    <Card headingId="erase-title" icon="trash" title={t("account.erase.title")} className="card--danger">
      <p>{t("account.erase.intro")}</p>
      {!confirming ? (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          <Icon name="trash" />
          <span>{t("account.erase.start")}</span>
        </button>
      ) : (
        <Confirm
          id="erase-question"
          question={t("account.erase.question")}
          yes={t("account.erase.yes")}
          yesIcon="trash"
          busyLabel={t("account.erase.sending")}
          busy={busy}
          onYes={() => void erase()}
          no={t("account.erase.no")}
          onNo={() => {
            setConfirming(false);
            setUnderstood(false);
            setRefused(null);
          }}
        >
          <p className="confirm__subtitle">{t("account.erase.gone")}</p>
          <ul className="erase-list">
            <li>{t("account.erase.gone.profile")}</li>
            <li>{t("account.erase.gone.duos")}</li>
            <li>{t("account.erase.gone.workshops")}</li>
            <li>{t("account.erase.gone.messages")}</li>
          </ul>
          <p className="confirm__subtitle">{t("account.erase.kept")}</p>
          <ul className="erase-list">
            <li>{t("account.erase.kept.counts")}</li>
            <li>{t("account.erase.kept.partner")}</li>
            <li>{t("account.erase.kept.trace")}</li>
          </ul>
          <label className="choice choice--consent">
            <input
              type="checkbox"
              checked={understood}
              onChange={(event) => setUnderstood(event.target.checked)}
              aria-describedby={refused ? "erase-refused" : undefined}
            />
            <span className="choice__text">
              <strong>{t("account.erase.understand")}</strong>
            </span>
          </label>
          {refused && (
            <p id="erase-refused" className="field__error" role="alert">
              <Icon name="alert" />
              <span>{refused}</span>
            </p>
          )}
        </Confirm>
      )}
    </Card>
  );
}

/** After DELETE: each part of Interra confirms in turn (asked every second, for half a minute at most). */
function ErasureProgress({ memberId, first }: { memberId: string; first: Erasure }) {
  const { t } = useT();
  const [report, setReport] = useState<Erasure>(first);
  const [gaveUp, setGaveUp] = useState(false);

  useEffect(() => {
    if (report.complete) return;
    let tries = 0;
    let stopped = false;
    const timer = setInterval(() => {
      tries += 1;
      if (tries > 30) {
        clearInterval(timer);
        setGaveUp(true);
        return;
      }
      void attempt(api.GET("/members/{member_id}/erasure", { params: { path: { member_id: memberId } } })).then(
        (outcome) => {
          if (!stopped && outcome.ok) setReport(outcome.data);
        },
      );
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [memberId, report.complete]);

  const steps = erasureSteps(report.services);
  const done = steps.filter((step) => step.erased).length;
  return (
    <>
      <PageHeading title={t("account.erasure.title")} />
      <p className="lead" role="status">
        {report.complete
          ? t("account.erasure.complete")
          : t("account.erasure.progress", { done, total: steps.length })}
      </p>
      <ul className="erasure">
        {steps.map((step) => (
          <li key={step.service} className={step.erased ? "erasure__step erasure__step--done" : "erasure__step"}>
            <Icon name={step.erased ? "check" : "clock"} />
            <span>{step.label ? t(step.label) : step.service}</span>
            <span className="erasure__state">{step.erased ? t("account.erasure.done") : t("account.erasure.waiting")}</span>
          </li>
        ))}
      </ul>
      {gaveUp && !report.complete && <p>{t("account.erasure.later")}</p>}
      {(report.complete || gaveUp) && <p>{t("account.erasure.goodbye")}</p>}
      <button type="button" className="button button--primary" onClick={signOut}>
        <Icon name="logout" />
        <span>{t("account.erasure.signOut")}</span>
      </button>
    </>
  );
}
