/**
 * The console's home: what needs action now, per role. Each block counts the things waiting and lists the
 * first few, each line a link to the page that handles it. Only the routes the signed-in roles may call
 * are called; a block that fails says so and the others stay.
 */
import { useCallback, useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { attempt, type Outcome } from "../api/problems";
import { useSession } from "../api/session";
import { Icon, type IconName } from "../components/Icon";
import { StillLoading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { number } from "../i18n/format";
import { useT, type Translate } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";
import type { MessageKey } from "../i18n/messages/en";
import { runs } from "./roles";
import { statusName } from "./workshops/pipeline";
import { dateOf, liegeDay, when } from "./workshops/time";
import { allPipeline, datesOf } from "./workshops/load";

const SHOWN = 5;

interface Line {
  key: string;
  text: string;
  to: string;
}

type Block = { state: "loading" } | { state: "failed" } | { state: "ready"; total: number; lines: Line[] };

interface Blocks {
  proposals?: Block;
  waiting?: Block;
  offered?: Block;
  flagged?: Block;
  duoProposals?: Block;
  reviews?: Block;
  reports?: Block;
}

const WAITING_STEP = ["in_conversation", "training", "venue_search", "scheduled", "paused"];
const LOADING: Block = { state: "loading" };

function ready<T>(outcome: Outcome<T>, lines: (data: T) => { total: number; lines: Line[] }): Block {
  return outcome.ok ? { state: "ready", ...lines(outcome.data) } : { state: "failed" };
}

function region(value: string | undefined, t: Translate): string {
  return value === "liege" || value === "brussels" ? t(`staff.region.${value}`) : (value ?? "");
}

async function workshopBlocks(t: Translate, lang: Lang): Promise<Blocks> {
  const pipeline = await allPipeline();
  if (!pipeline.ok) return { proposals: { state: "failed" }, waiting: { state: "failed" }, offered: { state: "failed" } };
  const items = pipeline.data;
  const card = (id: string | undefined) => `/staff/workshops?card=${encodeURIComponent(id ?? "")}`;
  const fresh = items.filter((w) => w.status === "proposed");
  const waiting = items.filter((w) => WAITING_STEP.includes(w.status ?? ""));
  // No route lists the seats offered to members across workshops: each open workshop's dates count theirs.
  const open = items.filter((w) => w.status === "published" || w.status === "running");
  const dates = await Promise.all(open.map((w) => datesOf(w.workshop_id ?? "")));
  const now = Date.now();
  const offered: Line[] = [];
  let offeredTotal = 0;
  let offeredFailed = false;
  open.forEach((workshop, index) => {
    const outcome = dates[index];
    if (!outcome?.ok) {
      offeredFailed = true;
      return;
    }
    for (const date of outcome.data.items) {
      const count = date.seats?.offered ?? 0;
      if (count > 0 && date.status === "planned" && new Date(date.starts_at ?? 0).getTime() > now) {
        offeredTotal += count;
        offered.push({
          key: date.date_id ?? "",
          text: t("staff.home.offeredLine", {
            title: workshop.title ?? "",
            date: when(lang, date.starts_at ?? ""),
            count: number(lang, count),
          }),
          to: `/staff/week?day=${liegeDay(date.starts_at ?? "")}`,
        });
      }
    }
  });
  return {
    proposals: {
      state: "ready",
      total: fresh.length,
      lines: fresh.map((w) => ({ key: w.workshop_id ?? "", text: w.title ?? "", to: card(w.workshop_id) })),
    },
    waiting: {
      state: "ready",
      total: waiting.length,
      lines: waiting.map((w) => ({
        key: w.workshop_id ?? "",
        text: t("staff.home.waitingLine", { title: w.title ?? "", status: statusName(w.status, t) }),
        to: card(w.workshop_id),
      })),
    },
    offered: offeredFailed ? { state: "failed" } : { state: "ready", total: offeredTotal, lines: offered },
  };
}

async function duoBlocks(t: Translate, lang: Lang): Promise<Blocks> {
  const [flagged, proposals] = await Promise.all([attempt(api.GET("/duos/flagged")), attempt(api.GET("/duos/proposals"))]);
  return {
    flagged: ready(flagged, (data) => ({
      total: data.total,
      lines: data.items.map((duo) => ({
        key: duo.duo_id ?? "",
        text: duo.last_session_on
          ? t("staff.home.flaggedLine", { region: region(duo.region, t), date: dateOf(lang, duo.last_session_on) })
          : t("staff.home.neverTalked", { region: region(duo.region, t) }),
        to: "/staff/duos",
      })),
    })),
    duoProposals: ready(proposals, (data) => ({
      total: data.total,
      lines: data.items.map((pair) => ({
        key: pair.duo_id ?? "",
        text: t("staff.home.duoProposalLine", { region: region(pair.region, t), score: number(lang, pair.score ?? 0) }),
        to: "/staff/duos",
      })),
    })),
  };
}

async function interlabBlocks(t: Translate, lang: Lang): Promise<Blocks> {
  const [reviews, reports] = await Promise.all([
    attempt(api.GET("/incubator/reviews/mine", { params: { query: { limit: 100 } } })),
    attempt(api.GET("/incubator/safeguarding-reports", { params: { query: { status: "pending", limit: 100 } } })),
  ]);
  return {
    reviews: ready(reviews, (data) => {
      const open = data.items.filter((item) => !item.submitted && !item.conflict);
      return {
        total: open.length,
        lines: open.map((item) => ({
          key: item.application_id ?? "",
          text: t("staff.home.reviewLine", { cohort: item.cohort ?? "" }),
          to: "/staff/interlab",
        })),
      };
    }),
    reports: ready(reports, (data) => ({
      total: data.total,
      lines: data.items.map((report) => ({
        key: report.report_id ?? "",
        text: t("staff.home.reportLine", { category: report.category ?? "", date: dateOf(lang, report.created_at ?? "") }),
        to: "/staff/interlab",
      })),
    })),
  };
}

export default function Home() {
  const { t, lang } = useT();
  const session = useSession();
  const workshops = runs(session, "workshops");
  const duos = runs(session, "duos");
  const interlab = runs(session, "incubator");
  const [blocks, setBlocks] = useState<Blocks>({});

  const load = useCallback(async () => {
    setBlocks({
      ...(workshops && { proposals: LOADING, waiting: LOADING, offered: LOADING }),
      ...(duos && { flagged: LOADING, duoProposals: LOADING }),
      ...(interlab && { reviews: LOADING, reports: LOADING }),
    });
    const parts = [
      workshops ? workshopBlocks(t, lang) : Promise.resolve({}),
      duos ? duoBlocks(t, lang) : Promise.resolve({}),
      interlab ? interlabBlocks(t, lang) : Promise.resolve({}),
    ];
    for (const part of parts) void part.then((done) => setBlocks((before) => ({ ...before, ...done })));
  }, [workshops, duos, interlab, t, lang]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeading title={t("staff.home.title")} />
      <p className="lead">{t("staff.home.intro")}</p>
      {workshops && (
        <Programme title={t("staff.home.workshops")} icon="list">
          <Tile id="proposals" icon="lightbulb" title="staff.home.proposals" block={blocks.proposals} more="/staff/workshops" />
          <Tile id="waiting" icon="clock" title="staff.home.waiting" block={blocks.waiting} more="/staff/workshops" />
          <Tile id="offered" icon="users" title="staff.home.offered" block={blocks.offered} more="/staff/week" />
        </Programme>
      )}
      {duos && (
        <Programme title={t("staff.home.duos")} icon="chat">
          <Tile id="flagged" icon="flag" title="staff.home.flagged" block={blocks.flagged} more="/staff/duos" />
          <Tile id="duo-proposals" icon="heart" title="staff.home.duoProposals" block={blocks.duoProposals} more="/staff/duos" />
        </Programme>
      )}
      {interlab && (
        <Programme title={t("staff.home.interlab")} icon="rocket">
          <Tile id="reviews" icon="star" title="staff.home.reviews" block={blocks.reviews} more="/staff/interlab" />
          <Tile id="reports" icon="shield" title="staff.home.reports" block={blocks.reports} more="/staff/interlab" />
        </Programme>
      )}
    </>
  );
}

function Programme({ title, icon, children }: { title: string; icon: IconName; children: ReactNode }) {
  return (
    <section className="todo">
      <h2 className="todo__title">
        <Icon name={icon} />
        <span>{title}</span>
      </h2>
      <div className="todo__tiles">{children}</div>
    </section>
  );
}

interface TileProps {
  id: string;
  icon: IconName;
  title: MessageKey;
  block: Block | undefined;
  more: string;
}

function Tile({ id, icon, title, block, more }: TileProps) {
  const { t, lang } = useT();
  const headingId = `todo-${id}`;
  return (
    <section className="card todo__tile" aria-labelledby={headingId} data-todo={id}>
      <h3 id={headingId} className="todo__name">
        <Icon name={icon} />
        <span>{t(title)}</span>
        {block?.state === "ready" && (
          <span className={block.total > 0 ? "todo__count todo__count--some" : "todo__count"}>{number(lang, block.total)}</span>
        )}
      </h3>
      {(!block || block.state === "loading") && <StillLoading />}
      {block?.state === "failed" && (
        <p className="todo__failed">
          <Icon name="alert" />
          <span>{t("staff.home.failed")}</span>
        </p>
      )}
      {block?.state === "ready" && block.total === 0 && <p className="todo__none">{t("staff.home.none")}</p>}
      {block?.state === "ready" && block.lines.length > 0 && (
        <ul className="todo__lines">
          {block.lines.slice(0, SHOWN).map((line) => (
            <li key={line.key}>
              <Link to={line.to} dir="auto">
                {line.text}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {block?.state === "ready" && block.total > 0 && (
        <Link to={more} className="todo__more">
          <Icon name="forward" />
          <span>
            {block.total > SHOWN ? t("staff.home.more", { count: number(lang, block.total - SHOWN) }) : t("staff.home.open")}
          </span>
        </Link>
      )}
    </section>
  );
}
