/**
 * One workshop: what it is, who leads it, in which languages, where; its coming dates, each with the live
 * mix and the seats left for the member's group; register for a date or for every coming date (the answer
 * says "confirmed" or "waiting list" in plain words), leave; add the dates to one's calendar.
 */
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { useParams } from "react-router";
import { useSession } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
import { TryAgain } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { languageName, list, number } from "../i18n/format";
import { useT, type Translate } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";
import { CalendarFeed } from "./CalendarFeed";
import {
  byStart,
  calendarFile,
  dates as loadDates,
  member,
  places,
  registerForDate,
  registerForSeries,
  registrations,
  sayRefusal,
  workshop as loadWorkshop,
  type Workshop,
} from "./data";
import { dayOf, groupOf, isActive, isComing, seatsFor, timeOf, type DateView, type Group, type Place, type Registration } from "./logic";
import { PlaceLine, RegistrationItem } from "./parts";
import "./workshops.css";

interface Picture {
  workshop: Workshop;
  coming: DateView[];
  places: Map<string, Place | "online">;
  group: Group | null;
  /** The member's registrations that still hold something, by date id. */
  mine: Map<string, Registration>;
}

type State = { state: "loading" } | { state: "failed"; message: string; notFound: boolean } | { state: "ready"; picture: Picture };

/** What the page says after an action: on one date's card, or for the whole series. */
interface Said {
  where: string; // a date id, or "series"
  text: string;
  tone: "success" | "error";
}

export default function Detail() {
  const { t, lang } = useT();
  const { workshopId = "" } = useParams();
  const session = useSession();
  const memberId = session?.memberId ?? "";
  const [page, setPage] = useState<State>({ state: "loading" });
  const [said, setSaid] = useState<Said | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const [found, planned, where, me, mine] = await Promise.all([
      loadWorkshop(workshopId),
      loadDates(workshopId),
      places(workshopId),
      memberId ? member(memberId) : null,
      memberId ? registrations(memberId) : null,
    ]);
    if (!found.ok || !planned.ok) {
      const failure = !found.ok ? found : planned.ok ? null : planned;
      if (failure) setPage({ state: "failed", message: sayRefusal(failure, t), notFound: failure.status === 404 });
      return;
    }
    const now = new Date();
    const held = (mine?.ok ? mine.data.items : []).filter((r) => r.workshop_id === workshopId && isActive(r));
    setPage({
      state: "ready",
      picture: {
        workshop: found.data,
        coming: byStart(planned.data.items).filter((d) => d.status === "planned" && isComing(d.starts_at, now)),
        places: where,
        group: me?.ok ? groupOf(me.data.kind) : null,
        mine: new Map(held.map((r) => [r.date_id ?? "", r])),
      },
    });
  }, [workshopId, memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  if (page.state === "loading") return <StillLoading />;
  if (page.state === "failed") {
    return (
      <>
        <PageHeading title={t("workshops.title")} />
        <Notice tone="error">{page.notFound ? t("workshops.detail.notFound") : page.message}</Notice>
        {!page.notFound && (
          <TryAgain retry={() => void load()} />
        )}
        <BackLink t={t} />
      </>
    );
  }

  const { workshop, coming, group, mine } = page.picture;
  const free = coming.filter((d) => !mine.has(d.date_id ?? ""));

  const register = async (dateId: string) => {
    if (busy || !memberId) return;
    setBusy(true);
    setSaid(null);
    const outcome = await registerForDate(dateId, memberId);
    setBusy(false);
    if (outcome.ok) {
      const day = outcome.data.starts_at ? dayOf(lang, outcome.data.starts_at) : "";
      const key = outcome.data.status === "confirmed" ? "workshops.detail.confirmed" : "workshops.detail.waitlisted";
      setSaid({ where: dateId, text: t(key, { day }), tone: "success" });
      await load();
    } else {
      setSaid({ where: dateId, text: sayRefusal(outcome, t), tone: "error" });
    }
  };

  const registerAll = async () => {
    if (busy || !memberId) return;
    setBusy(true);
    setSaid(null);
    const outcome = await registerForSeries(workshopId, memberId);
    setBusy(false);
    if (outcome.ok) {
      const count = (status: string) => number(lang, outcome.data.items.filter((r) => r.status === status).length);
      setSaid({
        where: "series",
        text: t("workshops.detail.series", { confirmed: count("confirmed"), waitlisted: count("waitlisted") }),
        tone: "success",
      });
      await load();
    } else {
      setSaid({ where: "series", text: sayRefusal(outcome, t), tone: "error" });
    }
  };

  const changed = async (where: string, text: string) => {
    setSaid({ where, text, tone: "success" });
    await load();
  };

  return (
    <>
      <PageHeading title={workshop.title ?? t("workshops.title")}>
        <span dir="auto">{workshop.title}</span>
      </PageHeading>
      <About workshop={workshop} lang={lang} t={t} />

      <section aria-labelledby="dates-title" className="workshop-section">
        <h2 id="dates-title">
          <Icon name="calendar" />
          <span>{t("workshops.detail.dates")}</span>
        </h2>
        {coming.length === 0 && <p className="status-line">{t("workshops.detail.noDates")}</p>}
        {said?.where === "series" && <Notice tone={said.tone}>{said.text}</Notice>}
        {memberId && free.length > 1 && (
          <div className="workshop-series">
            <p className="field__hint">{t("workshops.detail.registerAllHint")}</p>
            <button type="button" className="button" onClick={registerAll} aria-disabled={busy || undefined}>
              <Icon name="list" />
              <span>{t("workshops.detail.registerAll")}</span>
            </button>
          </div>
        )}
        <ul className="workshop-dates">
          {coming.map((date) => {
            const dateId = date.date_id ?? "";
            const registration = mine.get(dateId);
            return (
              <li key={dateId}>
                <DateCard
                  date={date}
                  place={page.picture.places.get(dateId)}
                  group={group}
                  mine={!!registration}
                  lang={lang}
                  t={t}
                >
                  {said?.where === dateId && <Notice tone={said.tone}>{said.text}</Notice>}
                  {registration ? (
                    <RegistrationItem registration={registration} changed={(text) => changed(dateId, text)} bare />
                  ) : memberId ? (
                    <button
                      type="button"
                      className="button button--primary"
                      onClick={() => register(dateId)}
                      aria-disabled={busy || undefined}
                    >
                      <Icon name="check" />
                      <span>{busy ? t("workshops.detail.sending") : t("workshops.detail.register")}</span>
                    </button>
                  ) : null}
                </DateCard>
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="calendar-title" className="workshop-section">
        <h2 id="calendar-title">
          <Icon name="calendar" />
          <span>{t("workshops.calendar.title")}</span>
        </h2>
        <p className="field__hint">{t("workshops.calendar.downloadHint")}</p>
        <a href={calendarFile(workshopId)} className="button" download={`${workshopId}.ics`}>
          <Icon name="download" />
          <span>{t("workshops.calendar.download")}</span>
        </a>
        {memberId && <CalendarFeed />}
      </section>
      <BackLink t={t} />
    </>
  );
}

function BackLink({ t }: { t: Translate }) {
  return (
    <ButtonLink to="/workshops" icon="back" className="button button--quiet">{t("workshops.detail.back")}</ButtonLink>
  );
}

function About({ workshop, lang, t }: { workshop: Workshop; lang: Lang; t: Translate }) {
  const languages = (workshop.languages ?? []).map((code) => languageName(lang, code));
  return (
    <div className="workshop-about">
      {workshop.leader_name && (
        <p className="workshop-line">
          <Icon name="star" />
          <span>{t("workshops.detail.leader", { name: workshop.leader_name })}</span>
        </p>
      )}
      {languages.length > 0 && (
        <p className="workshop-line">
          <Icon name="chat" />
          <span>{t("workshops.detail.languages", { list: list(lang, languages) })}</span>
        </p>
      )}
      {workshop.description && (
        <p className="workshop-description" dir="auto">
          {workshop.description}
        </p>
      )}
    </div>
  );
}

interface DateCardProps {
  date: DateView;
  place: Place | "online" | undefined;
  group: Group | null;
  /** The member is on this date: the seats left are no longer their question. */
  mine: boolean;
  lang: Lang;
  t: Translate;
  children: ReactNode;
}

/** One coming date: when, where, the seats left for the member's group, the mix now; then the action. */
function DateCard({ date, place, group, mine, lang, t, children }: DateCardProps) {
  const seats = seatsFor(date, group);
  const mix = date.seats ?? {};
  const id = `date-${date.date_id}`;
  return (
    <article className="workshop-date" aria-labelledby={id}>
      <h3 id={id}>{date.starts_at ? dayOf(lang, date.starts_at) : ""}</h3>
      {date.starts_at && date.ends_at && (
        <p className="workshop-line">
          <Icon name="clock" />
          <span>
            {timeOf(lang, date.starts_at)} – {timeOf(lang, date.ends_at)}
          </span>
        </p>
      )}
      <PlaceLine place={place} online={date.online} />
      {!mine && (
        <p className={seats > 0 ? "workshop-line workshop-seats" : "workshop-line workshop-seats workshop-seats--full"}>
          <Icon name="users" />
          <span>{seats > 0 ? t("workshops.seats.left", { count: number(lang, seats) }) : t("workshops.seats.full")}</span>
        </p>
      )}
      <p className="workshop-mix">
        {t("workshops.seats.mix", {
          newcomers: number(lang, mix.confirmed_newcomers ?? 0),
          locals: number(lang, mix.confirmed_locals ?? 0),
        })}
        {(mix.waitlisted ?? 0) > 0 && <> · {t("workshops.seats.waiting", { count: number(lang, mix.waitlisted ?? 0) })}</>}
      </p>
      {children}
    </article>
  );
}
