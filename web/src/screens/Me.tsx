/**
 * My Interra: a greeting, and the Duo-Langue card: the duo (who, why, this week's minutes, log a
 * conversation), else the place on the waiting list, else the button to ask for a duo (a newcomer) or to
 * offer one (a local).
 */
import { useCallback, useEffect, useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../api/client";
import { attempt, explain, type Outcome } from "../api/problems";
import type { components } from "../api/schema";
import { useSession } from "../api/session";
import { Notice } from "../components/forms";
import { Icon } from "../components/Icon";
import { PageHeading } from "../components/PageHeading";
import { sayReason } from "../duos/reasons";
import { number, quantity } from "../i18n/format";
import { useT, type Translate } from "../i18n/i18n";
import type { Lang } from "../i18n/languages";
import { MeCard as AccountCard } from "../account/MeCard";
import { MeCard as InterlabCard } from "../interlab/MeCard";
import { MeCard as WorkshopsCard } from "../workshops/MeCard";

type Schemas = components["schemas"];
type Member = Schemas["MemberView"];
type Duo = Schemas["DuoView"];
type Request = Schemas["RequestView"];
type Waitlist = Schemas["WaitlistPosition"];
type Commitment = Schemas["Commitment"];

interface DuoPicture {
  duos: { duo: Duo; commitment: Commitment | null }[];
  requests: Request[];
  waitlist: Waitlist | null;
}

type Loaded<T> = { state: "loading" } | { state: "failed"; message: string } | { state: "ready"; value: T };

/** Whether the member arrives here from logging a conversation: this week's minutes, to say "saved". */
function loggedMinutes(state: unknown): number | null {
  if (typeof state === "object" && state !== null && "loggedMinutes" in state) {
    const { loggedMinutes: minutes } = state;
    return typeof minutes === "number" ? minutes : null;
  }
  return null;
}

async function loadDuos(memberId: string): Promise<Outcome<DuoPicture>> {
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

export default function Me() {
  const { t, lang } = useT();
  const session = useSession();
  const location = useLocation();
  const memberId = session?.memberId ?? null;
  const [member, setMember] = useState<Loaded<Member>>({ state: "loading" });
  const [duos, setDuos] = useState<Loaded<DuoPicture>>({ state: "loading" });
  const logged = loggedMinutes(location.state);

  const load = useCallback(async () => {
    if (!memberId) return;
    const [profile, picture] = await Promise.all([
      attempt(api.GET("/members/{member_id}", { params: { path: { member_id: memberId } } })),
      loadDuos(memberId),
    ]);
    setMember(profile.ok ? { state: "ready", value: profile.data } : { state: "failed", message: said(explain(profile, t)) });
    setDuos(picture.ok ? { state: "ready", value: picture.data } : { state: "failed", message: said(explain(picture, t)) });
  }, [memberId, t]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <PageHeading title={t("me.title")} />
      {!memberId ? (
        <p>{t("me.staff")}</p>
      ) : (
        <>
          {member.state === "ready" && member.value.first_name && (
            <p className="greeting" dir="auto">
              {t("me.hello", { name: member.value.first_name })}
            </p>
          )}
          {member.state === "failed" && <Failed message={member.message} retry={load} t={t} />}
          {logged !== null && (
            <Notice>{t("duo.logged", { minutes: quantity(lang, logged, "minute") })}</Notice>
          )}
          <section className="card" aria-labelledby="duo-title">
            <h2 id="duo-title" className="card__title">
              <Icon name="chat" />
              <span>{t("duo.title")}</span>
            </h2>
            <p className="card__subtitle">{t("duo.subtitle")}</p>
            {duos.state === "loading" && <p role="status">{t("common.loading")}</p>}
            {duos.state === "failed" && <Failed message={duos.message} retry={load} t={t} />}
            {duos.state === "ready" && (
              <DuoCard
                memberId={memberId}
                kind={member.state === "ready" ? member.value.kind : undefined}
                picture={duos.value}
                reload={load}
              />
            )}
          </section>
          <WorkshopsCard memberId={memberId} />
          <InterlabCard memberId={memberId} />
          <AccountCard memberId={memberId} />
        </>
      )}
    </>
  );
}

function said(explained: { message: string | null; fields: Readonly<Record<string, string>> }): string {
  return explained.message ?? Object.values(explained.fields)[0] ?? "";
}

function Failed({ message, retry, t }: { message: string; retry: () => void; t: Translate }) {
  return (
    <>
      <Notice tone="error">{message}</Notice>
      <button type="button" className="button" onClick={retry}>
        <Icon name="retry" />
        <span>{t("common.tryAgain")}</span>
      </button>
    </>
  );
}

interface DuoCardProps {
  memberId: string;
  kind: string | undefined;
  picture: DuoPicture;
  reload: () => Promise<void>;
}

function DuoCard({ memberId, kind, picture, reload }: DuoCardProps) {
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
  const waiting = open("learner", "waiting");
  if (waiting) return <Waiting waitlist={picture.waitlist} lang={lang} t={t} done={done} />;
  if (open("learner", "proposed")) return <p className="status-line">{t("duo.proposed")}</p>;
  if (open("learner", "paused") || open("volunteer", "paused")) return <p className="status-line">{t("duo.paused")}</p>;
  if (open("volunteer", "open")) {
    return (
      <>
        {done && <Notice>{done}</Notice>}
        <p className="status-line">
          <Icon name="heart" />
          <span>{t("duo.offerOpen")}</span>
        </p>
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
    const outcome = learner
      ? await attempt(api.POST("/duos/requests", { body: preferences }))
      : await attempt(api.POST("/duos/offers", { body: { ...preferences, capacity: 1 } }));
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
      <p className="status-line">{t("duo.none")}</p>
      <p>{t(learner ? "duo.askHint" : "duo.offerHint")}</p>
      {refused && <Notice tone="error">{refused}</Notice>}
      <button type="button" className="button button--primary" onClick={start} aria-disabled={busy || undefined}>
        <Icon name={learner ? "chat" : "heart"} />
        <span>{t(learner ? "duo.ask" : "duo.offer")}</span>
      </button>
    </>
  );
}

function Waiting({ waitlist, lang, t, done }: { waitlist: Waitlist | null; lang: Lang; t: Translate; done: string | null }) {
  return (
    <>
      {done && <Notice>{done}</Notice>}
      <p className="status-line">
        <Icon name="clock" />
        <span>{t("duo.waiting")}</span>
      </p>
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
  return (
    <article className="duo" aria-labelledby={headingId}>
      <h3 id={headingId}>{memberId === duo.learner_id ? t("duo.partnerVolunteer") : t("duo.partnerLearner")}</h3>
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
      <Link to={`/duos/${duo.duo_id}/conversation`} className="button button--primary">
        <Icon name="pencil" />
        <span>{t("duo.log")}</span>
      </Link>
    </article>
  );
}
