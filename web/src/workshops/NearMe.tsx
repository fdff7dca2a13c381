/**
 * Workshops near me: the published workshops, those in the member's region first (then online, then
 * elsewhere), each a big card to tap: its title, next date and place, and the seats left for the member.
 */
import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router";
import { useSession } from "../api/session";
import { ButtonLink } from "../components/ButtonLink";
import { Icon } from "../components/Icon";
import { LoadFailed } from "../components/LoadFailed";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { number } from "../i18n/format";
import { useT } from "../i18n/i18n";
import { REGIONS, type Region } from "../vocabulary";
import { byStart, catalogue, dates, member, places, sayRefusal, type Workshop } from "./data";
import { dayOf, groupOf, isComing, seatsFor, timeOf, type DateView, type Group, type Place } from "./logic";
import { PlaceLine } from "./parts";
import "./workshops.css";

interface Entry {
  workshop: Workshop;
  next: DateView | undefined;
  place: Place | "online" | undefined;
  coming: number;
}

type State =
  | { state: "loading" }
  | { state: "failed"; message: string }
  | { state: "ready"; near: Entry[]; elsewhere: Entry[]; region: Region | null; group: Group | null };

async function entryOf(workshop: Workshop, now: Date): Promise<Entry> {
  const id = workshop.workshop_id ?? "";
  const [answer, where] = await Promise.all([dates(id), places(id)]);
  const coming = answer.ok ? byStart(answer.data.items).filter((d) => d.status === "planned" && isComing(d.starts_at, now)) : [];
  const next = coming[0];
  return { workshop, next, place: next ? (where.get(next.date_id ?? "") ?? (next.online ? "online" : undefined)) : undefined, coming: coming.length };
}

function isRegion(value: string | undefined): value is Region {
  return !!value && Object.hasOwn(REGIONS, value);
}

export default function NearMe() {
  const { t, lang } = useT();
  const session = useSession();
  const memberId = session?.memberId ?? "";
  const [list, setList] = useState<State>({ state: "loading" });

  const load = useCallback(async () => {
    const [published, me] = await Promise.all([catalogue(), memberId ? member(memberId) : null]);
    if (!published.ok) {
      setList({ state: "failed", message: sayRefusal(published, t) });
      return;
    }
    const now = new Date();
    const entries = await Promise.all(published.data.items.map((w) => entryOf(w, now)));
    const region = me?.ok && isRegion(me.data.region) ? me.data.region : null;
    const isNear = (e: Entry) => e.place === "online" || (!!e.place && e.place.region === region);
    // In the member's region, then online (anyone can join), then the others; each the soonest first.
    const rank = (e: Entry) => (e.place !== "online" && isNear(e) ? 0 : e.place === "online" ? 1 : 2);
    const sorted = entries.sort(
      (a, b) => rank(a) - rank(b) || (a.next?.starts_at ?? "9999").localeCompare(b.next?.starts_at ?? "9999"),
    );
    setList({
      state: "ready",
      near: region ? sorted.filter(isNear) : sorted,
      elsewhere: region ? sorted.filter((e) => !isNear(e)) : [],
      region,
      group: me?.ok ? groupOf(me.data.kind) : null,
    });
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  const cards = (entries: Entry[], group: Group | null) => (
    <ul className="workshop-cards">
      {entries.map((entry) => {
        const seats = entry.next ? seatsFor(entry.next, group) : 0;
        return (
          <li key={entry.workshop.workshop_id}>
            <Link to={`/workshops/${entry.workshop.workshop_id}`} className="workshop-card">
              <span className="workshop-card__title">
                <bdi>{entry.workshop.title}</bdi>
              </span>
              <span className="workshop-line">
                <Icon name="calendar" />
                <span>
                  {entry.next?.starts_at
                    ? t("workshops.near.next", {
                        when: `${dayOf(lang, entry.next.starts_at)}, ${timeOf(lang, entry.next.starts_at)}`,
                      })
                    : t("workshops.near.noDate")}
                </span>
              </span>
              {entry.next && <PlaceLine place={entry.place} online={entry.next.online} inline />}
              {entry.next && (
                <span className={seats > 0 ? "workshop-line workshop-seats" : "workshop-line workshop-seats workshop-seats--full"}>
                  <Icon name="users" />
                  <span>{seats > 0 ? t("workshops.seats.left", { count: number(lang, seats) }) : t("workshops.seats.full")}</span>
                </span>
              )}
              <span className="workshop-card__go">
                <span>{t("workshops.open")}</span>
                <Icon name="forward" />
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );

  return (
    <>
      <PageHeading title={t("workshops.near.title")} />
      <p className="lead">{t("workshops.near.intro")}</p>
      <div className="workshop-links">
        <ButtonLink to="/workshops/mine" icon="list">{t("workshops.mine.link")}</ButtonLink>
        <ButtonLink to="/workshops/propose" icon="lightbulb">{t("workshops.card.propose")}</ButtonLink>
      </div>
      {list.state === "loading" && <StillLoading />}
      {list.state === "failed" && (
        <LoadFailed message={list.message} retry={() => void load()} />
      )}
      {list.state === "ready" && list.near.length + list.elsewhere.length === 0 && (
        <p className="status-line">{t("workshops.near.none")}</p>
      )}
      {list.state === "ready" && list.near.length > 0 && (
        <section aria-labelledby="near-title">
          <h2 id="near-title">
            {list.region ? t("workshops.near.yourRegion", { region: t(REGIONS[list.region]) }) : t("workshops.title")}
          </h2>
          {cards(list.near, list.group)}
        </section>
      )}
      {list.state === "ready" && list.elsewhere.length > 0 && (
        <section aria-labelledby="elsewhere-title">
          <h2 id="elsewhere-title">{t("workshops.near.elsewhere")}</h2>
          {cards(list.elsewhere, list.group)}
        </section>
      )}
    </>
  );
}
