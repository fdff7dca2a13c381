/**
 * The week, Monday to Sunday in Liège time: every workshop date with its title, venue, hours and its live
 * mix (seats taken per group against the seats held for it), and a form to plan dates (POST
 * /workshops/{id}/dates: one date or a series, at a venue or online; 409 names the clashing date).
 * No route lists the dates of a week: they are composed from the pipeline's workshops that can have
 * dates, one GET /workshops/{id}/dates each.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { attempt, explain } from "../../api/problems";
import {
  Choices,
  ErrorSummary,
  Notice,
  NumberField,
  Select,
  SubmitButton,
  TextField,
  type SummaryItem,
} from "../../components/forms";
import { ButtonLink } from "../../components/ButtonLink";
import { Card } from "../../components/Card";
import { Icon } from "../../components/Icon";
import { StillLoading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { useRefusal } from "../../components/refusal";
import { number, quantity, today } from "../../i18n/format";
import { useT } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import { allPipeline, datesOf, type DateView, type Venue, type Workshop } from "./load";
import { PLANNABLE, WITH_DATES } from "./pipeline";
import { addDays, clock, dayName, isDay, liegeDay, mondayOf, shortDay } from "./time";
import "./workshops.css";

interface Dated {
  date: DateView;
  workshop: Workshop;
}

type Loaded =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; dates: Dated[]; workshops: Workshop[]; venues: Venue[] };

export default function Week() {
  const { t, lang } = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const asked = params.get("day");
  const monday = mondayOf(isDay(asked) ? asked : today());
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [planned, setPlanned] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [pipeline, venues] = await Promise.all([allPipeline(), attempt(api.GET("/venues", {}))]);
    if (!pipeline.ok || !venues.ok) {
      const failure = !pipeline.ok ? pipeline : venues.ok ? null : venues;
      setLoaded({ state: "failed", message: (failure && explain(failure, t).message) ?? t("error.generic") });
      return;
    }
    const withDates = pipeline.data.filter((w) => WITH_DATES.includes(w.status ?? ""));
    const lists = await Promise.all(withDates.map((w) => datesOf(w.workshop_id ?? "")));
    const dates: Dated[] = [];
    withDates.forEach((workshop, index) => {
      const list = lists[index];
      if (list?.ok) for (const date of list.data.items) dates.push({ date, workshop });
    });
    dates.sort((a, b) => (a.date.starts_at ?? "").localeCompare(b.date.starts_at ?? ""));
    setLoaded({ state: "ready", dates, workshops: pipeline.data, venues: venues.data.items });
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const days = Array.from({ length: 7 }, (_, index) => addDays(monday, index));
  const go = (day: string) => `/staff/week?day=${day}`;
  const venueName = (id: string | null | undefined) =>
    loaded.state === "ready" ? (loaded.venues.find((venue) => venue.venue_id === id)?.name ?? "") : "";

  return (
    <>
      <PageHeading title={t("staffWorkshops.week.title")} />
      <div className="week-nav">
        <p className="week-nav__range">
          {t("staffWorkshops.week.range", { from: shortDay(lang, monday), to: shortDay(lang, addDays(monday, 6)) })}
        </p>
        <ButtonLink to={go(addDays(monday, -7))} icon="back" className="button staff-button">
          {t("staffWorkshops.week.previous")}
        </ButtonLink>
        <ButtonLink to={go(today())} icon="calendar" className="button staff-button">
          {t("staffWorkshops.week.today")}
        </ButtonLink>
        <Link to={go(addDays(monday, 7))} className="button staff-button">
          <span>{t("staffWorkshops.week.next")}</span>
          <Icon name="forward" />
        </Link>
      </div>
      <p className="staff-hint">{t("staffWorkshops.week.composed")}</p>
      {planned && <Notice>{planned}</Notice>}
      {loaded.state === "loading" && <StillLoading />}
      {loaded.state === "failed" && (
        <Notice tone="error">
          {t("staffWorkshops.week.failed")} {loaded.message}
        </Notice>
      )}
      {loaded.state === "ready" && (
        <ol className="week-days">
          {days.map((day) => {
            const onDay = loaded.dates.filter(({ date }) => liegeDay(date.starts_at ?? "") === day);
            return (
              <li key={day} className="week-day" data-day={day}>
                <h2 className="week-day__name">{dayName(lang, day)}</h2>
                {onDay.length === 0 ? (
                  <p className="week-day__none">{t("staffWorkshops.week.noDates")}</p>
                ) : (
                  <ul className="week-day__dates">
                    {onDay.map(({ date, workshop }) => (
                      <DateCard key={date.date_id} date={date} workshop={workshop} venue={venueName(date.venue_id)} />
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {loaded.state === "ready" && (
        <PlanDates
          workshops={loaded.workshops.filter((w) => PLANNABLE.includes(w.status ?? ""))}
          venues={loaded.venues}
          chosen={params.get("workshop")}
          done={(count, title, firstDay) => {
            setPlanned(t("staffWorkshops.week.planned", { count: number(lang, count), title }));
            navigate(go(firstDay));
            void load();
          }}
        />
      )}
    </>
  );
}

function DateCard({ date, workshop, venue }: { date: DateView; workshop: Workshop; venue: string }) {
  const { t, lang } = useT();
  const seats = date.seats;
  const newcomersTaken = seats?.confirmed_newcomers ?? 0;
  const localsTaken = seats?.confirmed_locals ?? 0;
  const cancelled = date.status === "cancelled";
  return (
    <li className={cancelled ? "week-date week-date--cancelled" : "week-date"} data-date={date.date_id} data-workshop={workshop.workshop_id}>
      <p className="week-date__time">
        <Icon name="clock" />
        <span>
          {clock(lang, date.starts_at ?? "")}–{clock(lang, date.ends_at ?? "")}
        </span>
        {cancelled && <span className="week-date__tag">{t("staffWorkshops.week.cancelled")}</span>}
      </p>
      <h3 className="week-date__title" dir="auto">
        {workshop.title}
      </h3>
      <p className="week-date__line" dir="auto">
        <Icon name="pin" />
        <span>{date.online ? t("staffWorkshops.week.online") : venue}</span>
      </p>
      {seats && (
        <div className="mix">
          <MixLine
            label="staffWorkshops.week.newcomers"
            taken={newcomersTaken}
            held={newcomersTaken + (seats.free_newcomer ?? 0)}
            kind="newcomer"
          />
          <MixLine label="staffWorkshops.week.locals" taken={localsTaken} held={localsTaken + (seats.free_local ?? 0)} kind="local" />
          {((seats.offered ?? 0) > 0 || (seats.waitlisted ?? 0) > 0) && (
            <p className="mix__waiting">
              {t("staffWorkshops.week.waiting", { offered: number(lang, seats.offered ?? 0), waiting: number(lang, seats.waitlisted ?? 0) })}
            </p>
          )}
        </div>
      )}
      {date.staff_present && (
        <p className="week-date__line">
          <Icon name="users" />
          <span>{t("staffWorkshops.week.staffPresent")}</span>
        </p>
      )}
    </li>
  );
}

function MixLine({ label, taken, held, kind }: { label: MessageKey; taken: number; held: number; kind: string }) {
  const { t, lang } = useT();
  return (
    <div className={`mix__line mix__line--${kind}`}>
      <span>{t(label, { taken: number(lang, taken), held: number(lang, held) })}</span>
      <progress className="mix__bar" max={Math.max(held, 1)} value={Math.min(taken, Math.max(held, 1))} aria-hidden="true" />
    </div>
  );
}

type PlanField = "workshop" | "first_start" | "minutes" | "count" | "venue_id" | "online_link" | "capacity" | "newcomer_share";
const PLAN_LABELS: Record<PlanField, MessageKey> = {
  workshop: "staffWorkshops.week.workshop",
  first_start: "staffWorkshops.week.start",
  minutes: "staffWorkshops.week.minutes",
  count: "staffWorkshops.week.count",
  venue_id: "staffWorkshops.week.venue",
  online_link: "staffWorkshops.week.link",
  capacity: "staffWorkshops.week.capacity",
  newcomer_share: "staffWorkshops.week.share",
};
const MINUTES = [60, 90, 120, 180];

interface PlanProps {
  workshops: Workshop[];
  venues: Venue[];
  chosen: string | null;
  done: (count: number, title: string, firstDay: string) => void;
}

function PlanDates({ workshops, venues, chosen, done }: PlanProps) {
  const { t, lang } = useT();
  const [workshopId, setWorkshopId] = useState(chosen && workshops.some((w) => w.workshop_id === chosen) ? chosen : "");
  const [firstStart, setFirstStart] = useState("");
  const [minutes, setMinutes] = useState("120");
  const [frequency, setFrequency] = useState("once");
  const [count, setCount] = useState("6");
  const [place, setPlace] = useState("venue");
  const [venueId, setVenueId] = useState("");
  const [link, setLink] = useState("");
  const [capacity, setCapacity] = useState("12");
  const [share, setShare] = useState("50");
  const { errors, message, summary, refuse, clear } = useRefusal<PlanField>();
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const missing: Partial<Record<PlanField, string>> = {};
    if (!workshopId) missing.workshop = t("error.choose");
    if (!firstStart) missing.first_start = t("error.required");
    const seats = Number(capacity);
    if (!Number.isInteger(seats) || seats < 1 || seats > 500) missing.capacity = t("staffWorkshops.capacityError");
    const dates = Number(count);
    if (frequency !== "once" && (!Number.isInteger(dates) || dates < 1 || dates > 53)) missing.count = t("error.required");
    if (place === "venue" && !venueId) missing.venue_id = t("error.choose");
    if (place === "online" && !/^https:\/\//.test(link.trim())) missing.online_link = t("staffWorkshops.week.linkHint");
    const percent = Number(share);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) missing.newcomer_share = t("error.required");
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    setSending(true);
    const outcome = await attempt(
      api.POST("/workshops/{workshop_id}/dates", {
        params: { path: { workshop_id: workshopId } },
        body: {
          first_start: `${firstStart.slice(0, 16)}:00`, // Liège wall-clock time, as the API plans dates
          minutes: Number(minutes),
          frequency: frequency as "once" | "weekly" | "biweekly",
          count: frequency === "once" ? null : dates,
          until: null,
          venue_id: place === "venue" ? venueId : null,
          online_link: place === "online" ? link.trim() : null,
          capacity: seats,
          newcomer_share: percent / 100,
          staff_present_first: 2,
        },
      }),
    );
    setSending(false);
    if (outcome.ok) {
      const title = workshops.find((w) => w.workshop_id === workshopId)?.title ?? "";
      const first = outcome.data.items[0]?.starts_at;
      clear();
      done(outcome.data.items.length, title, first ? liegeDay(first) : firstStart.slice(0, 10));
      return;
    }
    const clash = outcome.status === 409 ? /booked from (\S+) to (\S+)/.exec(outcome.problem?.detail ?? "") : null;
    if (clash?.[1] && clash[2]) {
      const text = t("staffWorkshops.week.clash", {
        date: shortDay(lang, liegeDay(clash[1])),
        from: clock(lang, clash[1]),
        to: clock(lang, clash[2]),
      });
      return refuse({ venue_id: text }, null);
    }
    const explained = explain(outcome, t);
    const fields: Partial<Record<PlanField, string>> = {};
    const others: string[] = [];
    for (const [name, text] of Object.entries(explained.fields)) {
      if (name in PLAN_LABELS) fields[name as PlanField] = text;
      else if (name === "frequency" || name === "until") fields.count = text;
      else others.push(text);
    }
    refuse(fields, explained.message ?? others[0] ?? null);
  };

  const items: SummaryItem[] = (Object.keys(PLAN_LABELS) as PlanField[])
    .filter((field) => errors[field])
    .map((field) => ({ target: `plan-${field}`, label: t(PLAN_LABELS[field]), text: errors[field] ?? "" }));

  return (
    <Card headingId="plan-title" icon="plus" title={t("staffWorkshops.week.plan")} className="staff-form" id="plan">
      <p className="card__subtitle">{t("staffWorkshops.week.planIntro")}</p>
      {workshops.length === 0 ? (
        <p>{t("staffWorkshops.week.noWorkshop")}</p>
      ) : (
        <form onSubmit={submit} noValidate>
          <ErrorSummary ref={summary} message={message} items={items} />
          <Select
            id="plan-workshop"
            label={t(PLAN_LABELS.workshop)}
            error={errors.workshop}
            value={workshopId}
            onValueChange={setWorkshopId}
          >
            <option value="">{t("staffWorkshops.week.chooseWorkshop")}</option>
            {workshops.map((w) => (
              <option key={w.workshop_id ?? ""} value={w.workshop_id ?? ""}>
                {w.title ?? ""}
              </option>
            ))}
          </Select>
          <div className="staff-form__pair">
            <TextField
              id="plan-first_start"
              label={t(PLAN_LABELS.first_start)}
              hint={t("staffWorkshops.week.startHint")}
              error={errors.first_start}
              type="datetime-local"
              value={firstStart}
              onValueChange={setFirstStart}
            />
            <Choices
              id="plan-minutes"
              name="minutes"
              legend={t(PLAN_LABELS.minutes)}
              error={errors.minutes}
              columns
              choices={MINUTES.map((value) => ({ value: String(value), label: quantity(lang, value, "minute") }))}
              selected={[minutes]}
              onChange={setMinutes}
            />
          </div>
          <div className="staff-form__pair">
            <Choices
              id="plan-frequency"
              name="frequency"
              legend={t("staffWorkshops.week.frequency")}
              choices={(["once", "weekly", "biweekly"] as const).map((value) => ({ value, label: t(`staffWorkshops.week.${value}`) }))}
              selected={[frequency]}
              onChange={setFrequency}
            />
            {frequency !== "once" && (
              <NumberField
                id="plan-count"
                label={t(PLAN_LABELS.count)}
                error={errors.count}
                min={1}
                max={53}
                value={count}
                onValueChange={setCount}
              />
            )}
          </div>
          <div className="staff-form__pair">
            <Choices
              id="plan-place"
              name="place"
              legend={t("staffWorkshops.week.place")}
              choices={[
                { value: "venue", label: t("staffWorkshops.week.atVenue") },
                { value: "online", label: t("staffWorkshops.week.onlineLink") },
              ]}
              selected={[place]}
              onChange={setPlace}
            />
            {place === "venue" ? (
              <Select
                id="plan-venue_id"
                label={t(PLAN_LABELS.venue_id)}
                error={errors.venue_id}
                value={venueId}
                onValueChange={setVenueId}
              >
                <option value="">{t("staffWorkshops.week.chooseVenue")}</option>
                {venues.map((v) => (
                  <option key={v.venue_id ?? ""} value={v.venue_id ?? ""}>
                    {`${v.name} (${t("staffWorkshops.venues.seats", { count: number(lang, v.capacity) })})`}
                  </option>
                ))}
              </Select>
            ) : (
              <TextField
                id="plan-online_link"
                label={t(PLAN_LABELS.online_link)}
                hint={t("staffWorkshops.week.linkHint")}
                error={errors.online_link}
                type="url"
                dir="ltr"
                value={link}
                onValueChange={setLink}
              />
            )}
          </div>
          <div className="staff-form__pair">
            <NumberField
              id="plan-capacity"
              label={t(PLAN_LABELS.capacity)}
              error={errors.capacity}
              min={1}
              max={500}
              value={capacity}
              onValueChange={setCapacity}
            />
            <NumberField
              id="plan-newcomer_share"
              label={t(PLAN_LABELS.newcomer_share)}
              hint={t("staffWorkshops.week.shareHint")}
              error={errors.newcomer_share}
              min={0}
              max={100}
              value={share}
              onValueChange={setShare}
            />
          </div>
          <SubmitButton
            icon="calendar"
            label={t("staffWorkshops.week.submit")}
            busyLabel={t("staffWorkshops.week.sending")}
            busy={sending}
            className="button button--primary staff-button"
          />
        </form>
      )}
    </Card>
  );
}
