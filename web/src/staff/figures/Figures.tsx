/**
 * Figures for funders' reports: a section per programme the signed-in roles may read (admins: all), each
 * chart with its title, axis words, its table and a CSV download. InterLab figures about fewer than 5
 * people are marked `small` by the API and shown as "fewer than 5", never as a number or a bar.
 */
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { api } from "../../api/client";
import { attempt } from "../../api/problems";
import type { components } from "../../api/schema";
import { useSession } from "../../api/session";
import { Notice } from "../../components/forms";
import { Icon, type IconName } from "../../components/Icon";
import { PageHeading } from "../../components/PageHeading";
import { number } from "../../i18n/format";
import { useT, type Translate } from "../../i18n/i18n";
import { locale, type Lang } from "../../i18n/languages";
import type { MessageKey } from "../../i18n/messages/en";
import { REGIONS, type Region } from "../../vocabulary";
import { BarChart, DataTable, type Bar } from "./chart";
import type { Cell } from "./csv";
import { decimal, percent, Shown, useLoaded } from "./kit";

type Schemas = components["schemas"];

export function mayRead(roles: readonly string[], programme: "workshops" | "duos" | "incubator"): boolean {
  return roles.includes("admin") || roles.includes(`coordinator:${programme}`);
}

export default function Figures() {
  const { t } = useT();
  const roles = useSession()?.roles ?? [];
  const programmes = (["workshops", "duos", "incubator"] as const).filter((programme) => mayRead(roles, programme));
  return (
    <>
      <PageHeading title={t("staffFigures.title")} />
      <p className="lead">{t("staffFigures.intro")}</p>
      {programmes.length === 0 && <Notice tone="error">{t("staffFigures.noRole")}</Notice>}
      {programmes.includes("workshops") && <WorkshopFigures />}
      {programmes.includes("duos") && <DuoFigures />}
      {programmes.includes("incubator") && <InterlabFigures />}
    </>
  );
}

function Programme({ id, icon, title, children }: { id: string; icon: IconName; title: string; children: ReactNode }) {
  return (
    <section className="card staff-section" aria-labelledby={id}>
      <h2 id={id} className="card__title">
        <Icon name={icon} />
        <span>{title}</span>
      </h2>
      {children}
    </section>
  );
}

/** A key figure: its label, the value as shown, the value for the CSV file. */
type Fact = [string, string, Cell];

function Facts({ id, title, facts, t }: { id: string; title: string; facts: readonly Fact[]; t: Translate }) {
  const headers = useMemo(() => [t("staffFigures.figure"), t("staffFigures.value")], [t]);
  return (
    <DataTable
      id={id}
      title={title}
      headers={headers}
      rows={facts.map(([label, shown]) => [label, shown])}
      csv={facts.map(([label, , raw]) => [label, raw])}
    />
  );
}

const plain = (lang: Lang, value: number | null | undefined): Fact[1] => (value === null || value === undefined ? "—" : number(lang, value));
const raw = (value: number | null | undefined): Cell => (value === null || value === undefined ? null : value);

function bars(entries: readonly [string, number][], lang: Lang): Bar[] {
  return entries.map(([label, value]) => ({ label, value, shown: number(lang, value), csv: value }));
}

function monthName(lang: Lang, key: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(key);
  if (!match) return key;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15));
  return new Intl.DateTimeFormat(locale(lang), { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}

const HEARD_FROM: Record<string, MessageKey> = {
  reception_centre: "staffFigures.heard.reception_centre",
  fle_school: "staffFigures.heard.fle_school",
  citizenship_school: "staffFigures.heard.citizenship_school",
  cpas: "staffFigures.heard.cpas",
  commune: "staffFigures.heard.commune",
  youth_centre: "staffFigures.heard.youth_centre",
  social_media: "staffFigures.heard.social_media",
  word_of_mouth: "staffFigures.heard.word_of_mouth",
  other: "staffFigures.heard.other",
};

function regionName(region: string, t: Translate): string {
  return region in REGIONS ? t(REGIONS[region as Region]) : region;
}

// --- Ateliers ---------------------------------------------------------------------------------------

function WorkshopFigures() {
  const { t, lang } = useT();
  const load = useCallback(() => attempt(api.GET("/workshops/stats")), []);
  const { loaded, reload } = useLoaded(load);
  return (
    <Programme id="figures-workshops" icon="calendar" title={t("staffFigures.workshops")}>
      <Shown loaded={loaded} retry={reload}>
        {(stats: Schemas["WorkshopFigures"]) => {
          const facts: Fact[] = [
            [t("staffFigures.w.datesHeld"), plain(lang, stats.dates_held), raw(stats.dates_held)],
            [t("staffFigures.w.participants"), plain(lang, stats.unique_participants), raw(stats.unique_participants)],
            [t("staffFigures.w.returning"), plain(lang, stats.returning_participants), raw(stats.returning_participants)],
            [t("staffFigures.w.newcomerShare"), percent(lang, stats.newcomer_share_mean), raw(stats.newcomer_share_mean)],
            [t("staffFigures.w.mixed"), percent(lang, stats.share_of_dates_within_40_60), raw(stats.share_of_dates_within_40_60)],
            [t("staffFigures.w.attendance"), percent(lang, stats.attendance_rate), raw(stats.attendance_rate)],
            [t("staffFigures.w.noShows"), percent(lang, stats.no_show_rate), raw(stats.no_show_rate)],
            [t("staffFigures.w.rating"), decimal(lang, stats.average_rating), raw(stats.average_rating)],
            [t("staffFigures.w.leadersNewcomers"), percent(lang, stats.share_of_leaders_newcomers), raw(stats.share_of_leaders_newcomers)],
            [t("staffFigures.w.daysToFirstDate"), decimal(lang, stats.median_days_proposal_to_first_date), raw(stats.median_days_proposal_to_first_date)],
          ];
          const months = Object.entries(stats.dates_held_by_month ?? {})
            .sort(([a], [b]) => a.localeCompare(b))
            .slice(-12);
          const heard = Object.entries(stats.heard_from ?? {}).sort(([, a], [, b]) => b - a);
          return (
            <>
              <Facts id="w-facts" title={t("staffFigures.keyFigures")} facts={facts} t={t} />
              <BarChart
                id="w-months"
                title={t("staffFigures.w.byMonth")}
                category={t("staffFigures.month")}
                measure={t("staffFigures.w.dates")}
                bars={bars(months.map(([key, value]) => [monthName(lang, key), value]), lang)}
              />
              <BarChart
                id="w-heard"
                title={t("staffFigures.w.heardFrom")}
                category={t("staffFigures.w.channel")}
                measure={t("staffFigures.w.leaders")}
                bars={bars(heard.map(([key, value]) => [key in HEARD_FROM ? t(HEARD_FROM[key] as MessageKey) : key, value]), lang)}
              />
            </>
          );
        }}
      </Shown>
    </Programme>
  );
}

// --- Duo-Langue -------------------------------------------------------------------------------------

interface DuoPicture {
  stats: Schemas["DuoFigures"];
  ratings: Schemas["EvaluationSummary"];
}

function DuoFigures() {
  const { t, lang } = useT();
  const load = useCallback(async () => {
    const [stats, ratings] = await Promise.all([
      attempt(api.GET("/duos/stats")),
      attempt(api.GET("/duos/evaluations/summary")),
    ]);
    if (!stats.ok) return stats;
    if (!ratings.ok) return ratings;
    return { ok: true as const, data: { stats: stats.data, ratings: ratings.data } };
  }, []);
  const { loaded, reload } = useLoaded<DuoPicture>(load);
  return (
    <Programme id="figures-duos" icon="chat" title={t("staffFigures.duos")}>
      <Shown loaded={loaded} retry={reload}>
        {({ stats, ratings }) => {
          const facts: Fact[] = [
            [t("staffFigures.d.members"), plain(lang, stats.members_known), raw(stats.members_known)],
            [t("staffFigures.d.waiting"), plain(lang, stats.waiting_learners), raw(stats.waiting_learners)],
            [t("staffFigures.d.offers"), plain(lang, stats.open_offers), raw(stats.open_offers)],
            [t("staffFigures.d.active"), plain(lang, stats.active_duos), raw(stats.active_duos)],
            [t("staffFigures.d.ended"), plain(lang, stats.ended_duos), raw(stats.ended_duos)],
            [t("staffFigures.d.waitMedian"), decimal(lang, stats.wait_days_median), raw(stats.wait_days_median)],
            [t("staffFigures.d.waitP90"), decimal(lang, stats.wait_days_p90), raw(stats.wait_days_p90)],
            [t("staffFigures.d.minutes"), decimal(lang, stats.minutes_per_week_per_duo), raw(stats.minutes_per_week_per_duo)],
            [t("staffFigures.d.commitment"), percent(lang, stats.share_of_weeks_meeting_commitment), raw(stats.share_of_weeks_meeting_commitment)],
            [t("staffFigures.d.retention4"), percent(lang, stats.retention_4_weeks), raw(stats.retention_4_weeks)],
            [t("staffFigures.d.retention12"), percent(lang, stats.retention_12_weeks), raw(stats.retention_12_weeks)],
            [t("staffFigures.d.ratings"), plain(lang, ratings.count), ratings.count],
            [t("staffFigures.d.rating"), decimal(lang, ratings.average_rating), raw(ratings.average_rating)],
          ];
          const byRegion = (counts: Record<string, number> | undefined) =>
            bars(
              Object.entries(counts ?? {}).map(([region, value]) => [regionName(region, t), value]),
              lang,
            );
          const stars = [5, 4, 3, 2, 1].map((n): [string, number] => [
            t("staffFigures.d.stars", { n: number(lang, n) }),
            ratings.ratings[String(n)] ?? 0,
          ]);
          return (
            <>
              <Facts id="d-facts" title={t("staffFigures.keyFigures")} facts={facts} t={t} />
              <BarChart
                id="d-waiting"
                title={t("staffFigures.d.waitingByRegion")}
                category={t("staffFigures.region")}
                measure={t("staffFigures.d.learners")}
                bars={byRegion(stats.waiting_learners_by_region)}
              />
              <BarChart
                id="d-places"
                title={t("staffFigures.d.placesByRegion")}
                category={t("staffFigures.region")}
                measure={t("staffFigures.d.places")}
                bars={byRegion(stats.open_volunteer_places_by_region)}
              />
              <BarChart
                id="d-stars"
                title={t("staffFigures.d.ratingsTitle")}
                category={t("staffFigures.d.rating")}
                measure={t("staffFigures.d.sessions")}
                bars={bars(stars, lang)}
              />
            </>
          );
        }}
      </Shown>
    </Programme>
  );
}

// --- InterLab ---------------------------------------------------------------------------------------

/** A count for the report: "fewer than 5" instead of the number when the API marks it small. */
export function countBar(label: string, figure: Schemas["FigureCount"] | undefined, lang: Lang, small: string): Bar {
  if (!figure || figure.small) return { label, value: null, shown: small, csv: small };
  const value = figure.value ?? 0;
  return { label, value, shown: number(lang, value), csv: value };
}

export function shareBar(label: string, figure: Schemas["FigureShare"] | undefined, lang: Lang, small: string): Bar {
  if (!figure || figure.small) return { label, value: null, shown: small, csv: small };
  if (figure.percent === null || figure.percent === undefined) return { label, value: null, shown: "—", csv: null };
  const shown = `${percent(lang, figure.percent / 100)} (${number(lang, figure.count ?? 0)} / ${number(lang, figure.base ?? 0)})`;
  return { label, value: figure.percent, shown, csv: figure.percent };
}

function measureFact(label: string, figure: Schemas["FigureMeasure"] | undefined, lang: Lang, small: string): Fact {
  if (!figure || figure.small) return [label, small, small];
  return [label, decimal(lang, figure.value), raw(figure.value)];
}

function InterlabFigures() {
  const { t, lang } = useT();
  const year = new Date().getFullYear();
  const [period, setPeriod] = useState(`year:${year}`);
  const loadCalls = useCallback(() => attempt(api.GET("/incubator/calls", { params: { query: { limit: 100 } } })), []);
  const calls = useLoaded(loadCalls);
  const load = useCallback(() => {
    const [kind, value = ""] = period.split(":");
    const query = kind === "cohort" ? { cohort: value } : { year: Number(value) };
    return attempt(api.GET("/incubator/figures", { params: { query } }));
  }, [period]);
  const { loaded, reload } = useLoaded(load);
  const small = t("staffFigures.small");
  const cohorts = calls.loaded.state === "ready" ? calls.loaded.value.items.map((call) => call.cohort ?? "").filter(Boolean) : [];
  return (
    <Programme id="figures-interlab" icon="rocket" title={t("staffFigures.interlab")}>
      <div className="field">
        <label className="field__label" htmlFor="figures-period">
          {t("staffFigures.i.period")}
        </label>
        <select id="figures-period" className="field__input field__input--short" value={period} onChange={(event) => setPeriod(event.target.value)}>
          <optgroup label={t("staffFigures.i.years")}>
            {[year, year - 1, year - 2].map((y) => (
              <option key={y} value={`year:${y}`}>
                {String(y)}
              </option>
            ))}
          </optgroup>
          {cohorts.length > 0 && (
            <optgroup label={t("staffFigures.i.cohorts")}>
              {[...new Set(cohorts)].map((cohort) => (
                <option key={cohort} value={`cohort:${cohort}`}>
                  {t("staffFigures.i.cohort", { cohort })}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <p className="field__hint">{t("staffFigures.i.smallNote")}</p>
      <Shown loaded={loaded} retry={reload}>
        {(figures: Schemas["IncubatorFigures"]) => {
          const funnel = [
            countBar(t("staffFigures.i.applications"), figures.applications, lang, small),
            countBar(t("staffFigures.i.admitted"), figures.admitted, lang, small),
            countBar(t("staffFigures.i.accompanied"), figures.accompanied, lang, small),
            countBar(t("staffFigures.i.launched"), figures.launched, lang, small),
            countBar(t("staffFigures.i.stopped"), figures.stopped, lang, small),
          ];
          const shares = [
            shareBar(t("staffFigures.i.women"), figures.women, lang, small),
            shareBar(t("staffFigures.i.newcomers"), figures.newcomers, lang, small),
            shareBar(t("staffFigures.i.newcomerFounders"), figures.newcomer_founders, lang, small),
          ];
          const facts: Fact[] = [
            (({ label, shown, csv }) => [label, shown, csv] as Fact)(countBar(t("staffFigures.i.genderUnknown"), figures.gender_unknown, lang, small)),
            (({ label, shown, csv }) => [label, shown, csv] as Fact)(countBar(t("staffFigures.i.kindUnknown"), figures.kind_unknown, lang, small)),
            measureFact(t("staffFigures.i.hours"), figures.mentoring_hours, lang, small),
            measureFact(t("staffFigures.i.daysToLaunch"), figures.days_to_launch, lang, small),
            ...(figures.follow_ups ?? []).flatMap((followUp): Fact[] => {
              const months = new Intl.NumberFormat(locale(lang), { style: "unit", unit: "month", unitDisplay: "long" }).format(followUp.months ?? 0);
              const asked = countBar(t("staffFigures.i.asked", { months }), followUp.asked, lang, small);
              const answered = countBar(t("staffFigures.i.answered", { months }), followUp.answered, lang, small);
              const active = shareBar(t("staffFigures.i.active", { months }), followUp.active, lang, small);
              return [
                [asked.label, asked.shown, asked.csv],
                [answered.label, answered.shown, answered.csv],
                [active.label, active.shown, active.csv],
                measureFact(t("staffFigures.i.jobs", { months }), followUp.jobs_created, lang, small),
              ];
            }),
          ];
          return (
            <>
              <BarChart
                id="i-funnel"
                title={t("staffFigures.i.funnel")}
                category={t("staffFigures.i.step")}
                measure={t("staffFigures.i.count")}
                bars={funnel}
              />
              <BarChart
                id="i-shares"
                title={t("staffFigures.i.shares")}
                category={t("staffFigures.i.who")}
                measure={t("staffFigures.i.percent")}
                bars={shares}
                max={100}
                maxShown={percent(lang, 1)}
              />
              <Facts id="i-facts" title={t("staffFigures.keyFigures")} facts={facts} t={t} />
            </>
          );
        }}
      </Shown>
    </Programme>
  );
}
