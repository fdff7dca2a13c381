/**
 * Partner venues (GET, POST /venues; PATCH /venues/{id}): the list, and one form to add a venue or change
 * one. A date planned at a venue books it (the week page).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { attempt, explain } from "../../api/problems";
import {
  Choices,
  ErrorSummary,
  Notice,
  NumberField,
  SubmitButton,
  TextField,
  toggle,
  type SummaryItem,
} from "../../components/forms";
import { Icon } from "../../components/Icon";
import { StillLoading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { useRefusal } from "../../components/refusal";
import { number } from "../../i18n/format";
import { useT } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import type { Venue } from "./load";
import "./workshops.css";

const REGIONS = ["liege", "brussels"] as const;
const ACCESS = ["step_free_entrance", "accessible_toilet", "lift", "hearing_loop", "quiet_room", "parking_nearby"] as const;
const AMENITIES = ["kitchen", "sports_hall", "projector", "stage", "garden", "children_corner", "wifi"] as const;

type Field = "name" | "address" | "region" | "capacity" | "accessibility" | "amenities" | "contact_name" | "contact_phone" | "contact_email";
const FIELDS: readonly Field[] = ["name", "address", "region", "capacity", "accessibility", "amenities", "contact_name", "contact_phone", "contact_email"];
const LABELS: Record<Field, MessageKey> = {
  name: "staffWorkshops.venues.name",
  address: "staffWorkshops.venues.address",
  region: "staffWorkshops.venues.region",
  capacity: "staffWorkshops.venues.capacity",
  accessibility: "staffWorkshops.venues.accessibility",
  amenities: "staffWorkshops.venues.amenities",
  contact_name: "staffWorkshops.venues.contactName",
  contact_phone: "staffWorkshops.venues.contactPhone",
  contact_email: "staffWorkshops.venues.contactEmail",
};

interface Draft {
  name: string;
  address: string;
  region: string;
  capacity: string;
  accessibility: string[];
  amenities: string[];
  contact_name: string;
  contact_phone: string;
  contact_email: string;
}

const EMPTY: Draft = {
  name: "",
  address: "",
  region: "liege",
  capacity: "",
  accessibility: [],
  amenities: [],
  contact_name: "",
  contact_phone: "",
  contact_email: "",
};

function draftOf(venue: Venue): Draft {
  return {
    name: venue.name,
    address: venue.address,
    region: venue.region,
    capacity: String(venue.capacity),
    accessibility: [...(venue.accessibility ?? [])],
    amenities: [...(venue.amenities ?? [])],
    contact_name: venue.contact_name ?? "",
    contact_phone: venue.contact_phone ?? "",
    contact_email: venue.contact_email ?? "",
  };
}


type Loaded = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; venues: Venue[] };

export default function Venues() {
  const { t, lang } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [editing, setEditing] = useState<Venue | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { errors, message, summary, refuse, clear } = useRefusal<Field>();
  const [done, setDone] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const focusPlace = useRef<string | null>(null); // the venue just saved takes the focus once it is listed

  const load = useCallback(async () => {
    const outcome = await attempt(api.GET("/venues", {}));
    setLoaded(
      outcome.ok
        ? { state: "ready", venues: outcome.data.items }
        : { state: "failed", message: explain(outcome, t).message ?? t("error.generic") },
    );
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const id = focusPlace.current;
    const element = id ? document.getElementById(`place-${id}`) : null;
    if (element) {
      element.focus();
      focusPlace.current = null;
    }
  });

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((before) => ({ ...before, [key]: value }));

  const edit = (venue: Venue) => {
    setEditing(venue);
    setDraft(draftOf(venue));
    clear();
    setDone(null);
    requestAnimationFrame(() => {
      formHeading.current?.scrollIntoView({ block: "start" });
      document.getElementById("venue-name")?.focus();
    });
  };

  const stopEditing = () => {
    const id = editing?.venue_id;
    setEditing(null);
    setDraft(EMPTY);
    clear();
    if (id) requestAnimationFrame(() => document.getElementById(`edit-${id}`)?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const missing: Partial<Record<Field, string>> = {};
    if (draft.name.trim().length < 2) missing.name = t("error.required");
    if (draft.address.trim().length < 5) missing.address = t("error.required");
    const capacity = Number(draft.capacity);
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 500) missing.capacity = t("staffWorkshops.capacityError");
    if (Object.keys(missing).length > 0) return refuse(missing, null);
    const body = {
      name: draft.name.trim(),
      address: draft.address.trim(),
      region: draft.region as (typeof REGIONS)[number],
      capacity,
      accessibility: draft.accessibility as (typeof ACCESS)[number][],
      amenities: draft.amenities as (typeof AMENITIES)[number][],
      opening: editing?.opening ?? [],
      contact_name: draft.contact_name.trim() || null,
      contact_phone: draft.contact_phone.trim() || null,
      contact_email: draft.contact_email.trim() || null,
    };
    setSending(true);
    const outcome = editing
      ? await attempt(api.PATCH("/venues/{venue_id}", { params: { path: { venue_id: editing.venue_id ?? "" } }, body }))
      : await attempt(api.POST("/venues", { body }));
    setSending(false);
    if (outcome.ok) {
      const saved = outcome.data;
      setDone(t(editing ? "staffWorkshops.venues.saved" : "staffWorkshops.venues.added", { name: saved.name }));
      setEditing(null);
      setDraft(EMPTY);
      clear();
      focusPlace.current = saved.venue_id ?? null;
      await load();
      return;
    }
    const explained = explain(outcome, t);
    const fields: Partial<Record<Field, string>> = {};
    const others: string[] = [];
    for (const [name, text] of Object.entries(explained.fields)) {
      if ((FIELDS as readonly string[]).includes(name)) fields[name as Field] = text;
      else others.push(text);
    }
    refuse(fields, explained.message ?? others[0] ?? null);
  };

  const items: SummaryItem[] = FIELDS.filter((field) => errors[field]).map((field) => ({
    target: `venue-${field}`,
    label: t(LABELS[field]),
    text: errors[field] ?? "",
  }));

  return (
    <>
      <PageHeading title={t("staffWorkshops.venues.title")} />
      <p className="lead">{t("staffWorkshops.venues.intro")}</p>
      {done && <Notice>{done}</Notice>}
      {loaded.state === "loading" && <StillLoading />}
      {loaded.state === "failed" && (
        <Notice tone="error">
          {t("staffWorkshops.venues.failed")} {loaded.message}
        </Notice>
      )}
      {loaded.state === "ready" && loaded.venues.length === 0 && <p>{t("staffWorkshops.venues.none")}</p>}
      {loaded.state === "ready" && loaded.venues.length > 0 && (
        <ul className="venues">
          {loaded.venues.map((venue) => (
            <li key={venue.venue_id} className="card venue" id={`place-${venue.venue_id}`} tabIndex={-1}>
              <h2 className="venue__name" dir="auto">
                <Icon name="pin" />
                <span>{venue.name}</span>
              </h2>
              <p className="venue__line" dir="auto">
                {venue.address} · {t(`staff.region.${venue.region}`)}
              </p>
              <p className="venue__line">
                <Icon name="users" />
                <span>{t("staffWorkshops.venues.seats", { count: number(lang, venue.capacity) })}</span>
              </p>
              {(venue.accessibility?.length ?? 0) + (venue.amenities?.length ?? 0) > 0 && (
                <ul className="venue__tags">
                  {(venue.accessibility ?? []).map((item) => (
                    <li key={item}>{t(`staffWorkshops.access.${item}`)}</li>
                  ))}
                  {(venue.amenities ?? []).map((item) => (
                    <li key={item}>{t(`staffWorkshops.amenity.${item}`)}</li>
                  ))}
                </ul>
              )}
              {(venue.contact_name || venue.contact_phone || venue.contact_email) && (
                <p className="venue__line" dir="auto">
                  {t("staffWorkshops.venues.contact", {
                    contact: [venue.contact_name, venue.contact_phone, venue.contact_email].filter(Boolean).join(", "),
                  })}
                </p>
              )}
              <button
                type="button"
                id={`edit-${venue.venue_id}`}
                className="button staff-button"
                onClick={() => edit(venue)}
                aria-label={`${t("staffWorkshops.venues.edit")}: ${venue.name}`}
              >
                <Icon name="pencil" />
                <span>{t("staffWorkshops.venues.edit")}</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      <section className="card staff-form" aria-labelledby="venue-form-title">
        <h2 id="venue-form-title" ref={formHeading} className="card__title">
          <Icon name={editing ? "pencil" : "plus"} />
          <span>{editing ? t("staffWorkshops.venues.editTitle", { name: editing.name }) : t("staffWorkshops.venues.add")}</span>
        </h2>
        <form onSubmit={submit} noValidate>
          <ErrorSummary ref={summary} message={message} items={items} />
          <div className="staff-form__pair">
            <TextField id="venue-name" label={t(LABELS.name)} error={errors.name} value={draft.name} onValueChange={set("name")} dir="auto" />
            <TextField
              id="venue-address"
              label={t(LABELS.address)}
              error={errors.address}
              value={draft.address}
              onValueChange={set("address")}
              autoComplete="street-address"
              dir="auto"
            />
          </div>
          <div className="staff-form__pair">
            <Choices
              id="venue-region"
              name="region"
              legend={t(LABELS.region)}
              error={errors.region}
              columns
              choices={REGIONS.map((value) => ({ value, label: t(`staff.region.${value}`) }))}
              selected={[draft.region]}
              onChange={set("region")}
            />
            <NumberField
              id="venue-capacity"
              label={t(LABELS.capacity)}
              error={errors.capacity}
              value={draft.capacity}
              onValueChange={set("capacity")}
              min={1}
              max={500}
            />
          </div>
          <Choices
            id="venue-accessibility"
            name="accessibility"
            legend={t(LABELS.accessibility)}
            optional={t("common.optional")}
            error={errors.accessibility}
            multiple
            columns
            choices={ACCESS.map((value) => ({ value, label: t(`staffWorkshops.access.${value}`) }))}
            selected={draft.accessibility}
            onChange={(value, on) => set("accessibility")(toggle(draft.accessibility, value, on))}
          />
          <Choices
            id="venue-amenities"
            name="amenities"
            legend={t(LABELS.amenities)}
            optional={t("common.optional")}
            error={errors.amenities}
            multiple
            columns
            choices={AMENITIES.map((value) => ({ value, label: t(`staffWorkshops.amenity.${value}`) }))}
            selected={draft.amenities}
            onChange={(value, on) => set("amenities")(toggle(draft.amenities, value, on))}
          />
          <div className="staff-form__three">
            <TextField
              id="venue-contact_name"
              label={t(LABELS.contact_name)}
              optional={t("common.optional")}
              error={errors.contact_name}
              value={draft.contact_name}
              onValueChange={set("contact_name")}
              dir="auto"
            />
            <TextField
              id="venue-contact_phone"
              label={t(LABELS.contact_phone)}
              optional={t("common.optional")}
              error={errors.contact_phone}
              value={draft.contact_phone}
              onValueChange={set("contact_phone")}
              type="tel"
              dir="ltr"
            />
            <TextField
              id="venue-contact_email"
              label={t(LABELS.contact_email)}
              optional={t("common.optional")}
              error={errors.contact_email}
              value={draft.contact_email}
              onValueChange={set("contact_email")}
              type="email"
              dir="ltr"
            />
          </div>
          <div className="staff-form__actions">
            <SubmitButton
              icon="check"
              label={t("staffWorkshops.venues.save")}
              busyLabel={t("staffWorkshops.venues.saving")}
              busy={sending}
              className="button button--primary staff-button"
            />
            {editing && (
              <button type="button" className="button staff-button" onClick={stopEditing}>
                <Icon name="close" />
                <span>{t("staffWorkshops.venues.cancel")}</span>
              </button>
            )}
          </div>
        </form>
      </section>
    </>
  );
}
