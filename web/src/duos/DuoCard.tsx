/**
 * The Duo-Langue card of My Interra: the duo (the partner's first name, why they are together, this
 * week's minutes, log a conversation, end the duo), else the place on the waiting list (pause, resume or
 * withdraw the request), else the button to ask for a duo (a newcomer) or to offer one (a local).
 */
import { useState } from "react";
import { api } from "../api/client";
import { attempt, explain, type Failure, type Outcome } from "../api/problems";
import type { components } from "../api/schema";
import { ButtonLink } from "../components/ButtonLink";
import { Confirm } from "../components/Confirm";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
import { StatusLine } from "../components/StatusLine";
import { number, quantity } from "../i18n/format";
import { useT, type Translate } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";
import type { MessageKey } from "../i18n/messages/en";
import { partnerName } from "./rating";
import { sayReason } from "./reasons";
import "./duos.css";

type Schemas = components["schemas"];
type Duo = Schemas["DuoView"];
type Request = Schemas["RequestView"];
type Waitlist = Schemas["WaitlistPosition"];
type Commitment = Schemas["Commitment"];
type Action = Schemas["StatusChange"]["action"];

export interface DuoPicture {
  duos: { duo: Duo; commitment: Commitment | null }[];
  requests: Request[];
  waitlist: Waitlist | null;
}

export async function loadDuos(memberId: string): Promise<Outcome<DuoPicture>> {
  const mine = await attempt(api.GET("/duos", { params: { query: { member_id: memberId } } }));
  // 404: Duo-Langue has not yet heard of this new member (it learns of members by event): nothing yet.
  if (!mine.ok && mine.status !== 404) return mine;
  const { duos = [], requests = [] } = mine.ok ? mine.data : {};
  const active = duos.filter((duo) => duo.status === "active" && duo.duo_id);
  const waiting = requests.some((request) => request.side === "learner" && request.status === "waiting");
  const [commitments, waitlist] = await Promise.all([
    Promise.all(
      active.map((duo) =>
        attempt(api.GET("/duos/{duo_id}/commitment", { params: { path: { duo_id: duo.duo_id ?? "" } } })),
      ),
    ),
    waiting ? attempt(api.GET("/duos/waitlist/me")) : null,
  ]);
  return {
    ok: true,
    data: {
      duos: active.map((duo, index) => {
        const commitment = commitments[index];
        return { duo, commitment: commitment?.ok ? commitment.data : null };
      }),
      requests,
      waitlist: waitlist?.ok ? waitlist.data : null,
    },
  };
}

export function said(explained: { message: string | null; fields: Readonly<Record<string, string>> }): string {
  return explained.message ?? Object.values(explained.fields)[0] ?? "";
}

/** Duo-Langue learns of a new member by event, a moment after registration: worth asking again. */
function notKnownYet(failure: Failure): boolean {
  const detail = failure.problem?.detail ?? "";
  return /^(unknown member|no member .* known to Duo-Langue)/.test(detail);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface DuoCardProps {
  memberId: string;
  kind: string | undefined;
  picture: DuoPicture;
  reload: () => Promise<void>;
}

export function DuoCard({ memberId, kind, picture, reload }: DuoCardProps) {
  const { t, lang } = useT();
  const [done, setDone] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (picture.duos.length > 0) {
    return (
      <>
        {picture.duos.map(({ duo, commitment }) => (
          <DuoDetails key={duo.duo_id} duo={duo} commitment={commitment} memberId={memberId} lang={lang} t={t} />
        ))}
      </>
    );
  }

  const open = (side: string, ...statuses: string[]) =>
    picture.requests.find((request) => request.side === side && statuses.includes(request.status ?? ""));
  const learnerRequest = open("learner", "waiting", "paused");
  const offer = open("volunteer", "open", "paused");
  const controls = (request: Request) => (
    <RequestControls
      request={request}
      t={t}
      onDone={async (text) => {
        setDone(text);
        await reload();
      }}
    />
  );

  if (learnerRequest?.status === "waiting") {
    return (
      <>
        <Waiting waitlist={picture.waitlist} lang={lang} t={t} done={done} />
        {controls(learnerRequest)}
      </>
    );
  }
  if (open("learner", "proposed")) return <p className="status-line">{t("duo.proposed")}</p>;
  if (learnerRequest || offer?.status === "paused") {
    return (
      <>
        {done && <Notice>{done}</Notice>}
        <StatusLine icon="clock">{t("duo.paused")}</StatusLine>
        <p>{t("duo.pausedHint")}</p>
        {controls((learnerRequest ?? offer) as Request)}
      </>
    );
  }
  if (offer) {
    return (
      <>
        {done && <Notice>{done}</Notice>}
        <StatusLine icon="heart">{t("duo.offerOpen")}</StatusLine>
        {controls(offer)}
      </>
    );
  }

  const learner = kind === "newcomer";
  const start = async () => {
    if (busy) return;
    setBusy(true);
    setRefused(null);
    // The documented defaults, said explicitly: any time, the profile's interests, no partner preference.
    const preferences = { member_id: memberId, cross_region: false, interests: null, age_range: null, gender_preference: null };
    const send = () =>
      learner
        ? attempt(api.POST("/duos/requests", { body: preferences }))
        : attempt(api.POST("/duos/offers", { body: { ...preferences, capacity: 1 } }));
    let outcome = await send();
    for (let tries = 0; !outcome.ok && notKnownYet(outcome) && tries < 5; tries += 1) {
      await pause(1000);
      outcome = await send();
    }
    setBusy(false);
    if (outcome.ok) {
      setDone(t(learner ? "duo.asked" : "duo.offered"));
      await reload();
    } else {
      setRefused(said(explain(outcome, t)));
    }
  };

  return (
    <>
      {done && <Notice>{done}</Notice>}
      <p className="status-line">{t("duo.none")}</p>
      <p>{t(learner ? "duo.askHint" : "duo.offerHint")}</p>
      {refused && <Notice tone="error">{refused}</Notice>}
      <button type="button" className="button button--primary" onClick={start} aria-disabled={busy || undefined}>
        <Icon name={learner ? "chat" : "heart"} />
        <span>{busy ? t("duo.sending") : t(learner ? "duo.ask" : "duo.offer")}</span>
      </button>
    </>
  );
}

function Waiting({ waitlist, lang, t, done }: { waitlist: Waitlist | null; lang: Lang; t: Translate; done: string | null }) {
  return (
    <>
      {done && <Notice>{done}</Notice>}
      <StatusLine icon="clock">{t("duo.waiting")}</StatusLine>
      {waitlist && (
        <>
          <p className="big-number">
            {t("duo.position", { position: number(lang, waitlist.position), waiting: number(lang, waitlist.waiting) })}
          </p>
          <p>
            {waitlist.estimated_wait_days === null
              ? t("duo.estimateUnknown")
              : t("duo.estimate", { days: quantity(lang, waitlist.estimated_wait_days, "day") })}
          </p>
        </>
      )}
    </>
  );
}

const DONE = {
  pause: "duo.request.paused",
  resume: "duo.request.resumed",
  withdraw: "duo.request.withdrawn",
} as const satisfies Record<Action, MessageKey>;

/** Pause, resume or withdraw one's request or offer; withdrawing asks first (the place in line is lost). */
function RequestControls({ request, t, onDone }: { request: Request; t: Translate; onDone: (text: string) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<string | null>(null);
  const learner = request.side === "learner";

  const act = async (action: Action) => {
    if (busy || !request.request_id) return;
    setBusy(true);
    setRefused(null);
    const outcome = await attempt(
      api.POST("/duos/requests/{request_id}/status", {
        params: { path: { request_id: request.request_id } },
        body: { action },
      }),
    );
    setBusy(false);
    setConfirming(false);
    if (outcome.ok) await onDone(t(DONE[action]));
    else setRefused(said(explain(outcome, t)));
  };

  const paused = request.status === "paused";
  return (
    <div className="duo-controls">
      {refused && <Notice tone="error">{refused}</Notice>}
      {paused ? (
        <button type="button" className="button button--primary" onClick={() => void act("resume")} aria-disabled={busy || undefined}>
          <Icon name="retry" />
          <span>{t(learner ? "duo.request.resume" : "duo.offer.resume")}</span>
        </button>
      ) : (
        <button type="button" className="button" onClick={() => void act("pause")} aria-disabled={busy || undefined}>
          <Icon name="clock" />
          <span>{t(learner ? "duo.request.pause" : "duo.offer.pause")}</span>
        </button>
      )}
      {confirming ? (
        <Confirm
          id="duo-withdraw-question"
          question={t(learner ? "duo.request.withdrawQuestion" : "duo.offer.withdrawQuestion")}
          yes={t("duo.request.withdrawYes")}
          yesIcon="trash"
          busy={busy}
          onYes={() => void act("withdraw")}
          no={t("duo.request.withdrawNo")}
          onNo={() => setConfirming(false)}
        />
      ) : (
        <button type="button" className="button button--quiet" onClick={() => setConfirming(true)}>
          <Icon name="close" />
          <span>{t(learner ? "duo.request.withdraw" : "duo.offer.withdraw")}</span>
        </button>
      )}
    </div>
  );
}

interface DuoDetailsProps {
  duo: Duo;
  commitment: Commitment | null;
  memberId: string;
  lang: Lang;
  t: Translate;
}

function DuoDetails({ duo, commitment, memberId, lang, t }: DuoDetailsProps) {
  const headingId = `duo-${duo.duo_id}`;
  const reasons = duo.reasons ?? [];
  const name = partnerName(duo);
  const mine = memberId === duo.learner_id ? "volunteer" : "learner";
  return (
    <article className="duo" aria-labelledby={headingId}>
      {name ? (
        <>
          <h3 id={headingId} className="duo__partner">
            <Icon name="users" />
            {/* the name in an isolate (U+2068…U+2069): a Latin name keeps its place in an Arabic sentence */}
            <span>{t("duo.partnerNamed", { name: `\u2068${name}\u2069` })}</span>
          </h3>
          <p className="duo__who">{t(mine === "volunteer" ? "duo.partnerIsVolunteer" : "duo.partnerIsLearner")}</p>
        </>
      ) : (
        <h3 id={headingId} className="duo__partner">
          <Icon name="users" />
          <span>{mine === "volunteer" ? t("duo.partnerVolunteer") : t("duo.partnerLearner")}</span>
        </h3>
      )}
      {commitment && (
        <div className="week">
          <p>
            {t("duo.thisWeek", {
              done: quantity(lang, commitment.this_week, "minute"),
              goal: quantity(lang, commitment.weekly_goal, "minute"),
            })}
          </p>
          <progress
            className="week__bar"
            max={commitment.weekly_goal}
            value={Math.min(commitment.this_week, commitment.weekly_goal)}
            aria-hidden="true"
          />
        </div>
      )}
      {reasons.length > 0 && (
        <>
          <p className="reasons__title">{t("duo.why")}</p>
          <ul className="reasons">
            {reasons.map((reason) => (
              <li key={reason}>
                <Icon name="check" />
                <span>{sayReason(reason, t, lang)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ButtonLink to={`/duos/${duo.duo_id}/conversation`} icon="pencil" className="button button--primary">
        {t("duo.log")}
      </ButtonLink>
      <ButtonLink to={`/duos/${duo.duo_id}/end`} icon="close" className="button button--quiet duo__end">
        {t("duo.end.link")}
      </ButtonLink>
    </article>
  );
}
