/**
 * Duo-Langue for its coordinators: the waiting list by region (how many wait where, how long), the pairs
 * the engine proposes (review mode: accept, or reject with a reason), the duos silent for 4 weeks (end
 * one with a reason: both go back to the pool), and "match now". A refused action says why, in words.
 */
import { useCallback, useId, useState, type FormEvent } from "react";
import { api } from "../../api/client";
import { attempt, type Outcome } from "../../api/problems";
import type { components } from "../../api/schema";
import { Choices, Notice, SubmitButton, TextArea } from "../../components/forms";
import { Icon } from "../../components/Icon";
import { PageHeading } from "../../components/PageHeading";
import { sayReason } from "../../duos/reasons";
import { number, quantity } from "../../i18n/format";
import { useT, type Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import { REGIONS, type Region } from "../../vocabulary";
import { DataTable } from "../figures/chart";
import { day, decimal, Id, refusal, Shown, StaffList, StaffSection, useLoaded } from "../figures/kit";
import { byRegion, person } from "./logic";

type Schemas = components["schemas"];
type Proposal = Schemas["ProposalView"];
type Duo = Schemas["DuoView"];
type RejectReason = Schemas["Rejection"]["reason"];
type EndReason = Schemas["EndDuo"]["reason"];

const REJECT_REASONS: Record<RejectReason, MessageKey> = {
  availability: "staffDuos.reject.availability",
  safeguarding: "staffDuos.reject.safeguarding",
  known_to_each_other: "staffDuos.reject.known_to_each_other",
  needs_in_person: "staffDuos.reject.needs_in_person",
  other: "staffDuos.reject.other",
};

const END_REASONS: Record<EndReason, MessageKey> = {
  completed: "staffDuos.end.completed",
  no_time: "staffDuos.end.no_time",
  moved: "staffDuos.end.moved",
  mismatch: "staffDuos.end.mismatch",
  bad_experience: "staffDuos.end.bad_experience",
  other: "staffDuos.end.other",
};

function regionName(region: string | undefined, t: Translate): string {
  if (!region) return "—";
  return region in REGIONS ? t(REGIONS[region as Region]) : region;
}

export default function Duos() {
  const { t } = useT();
  const loadWaitlist = useCallback(() => attempt(api.GET("/duos/waitlist")), []);
  const loadProposals = useCallback(() => attempt(api.GET("/duos/proposals")), []);
  const loadFlagged = useCallback(() => attempt(api.GET("/duos/flagged")), []);
  const waitlist = useLoaded(loadWaitlist);
  const proposals = useLoaded(loadProposals);
  const flagged = useLoaded(loadFlagged);
  const reloadAll = useCallback(async () => {
    await Promise.all([waitlist.reload(), proposals.reload(), flagged.reload()]);
  }, [waitlist.reload, proposals.reload, flagged.reload]);

  return (
    <>
      <PageHeading title={t("staffDuos.title")} />
      <p className="lead">{t("staffDuos.intro")}</p>
      <MatchNow reload={reloadAll} />

      <StaffSection headingId="duos-waitlist" icon="clock" title={t("staffDuos.waitlist")}>
        <Shown loaded={waitlist.loaded} retry={waitlist.reload}>
          {(list) => <Waitlist items={list.items} />}
        </Shown>
      </StaffSection>

      <StaffSection headingId="duos-proposals" icon="users" title={t("staffDuos.proposals")}>
        <Shown loaded={proposals.loaded} retry={proposals.reload}>
          {(list) => (
            <>
              {list.mode !== "review" && <p className="field__hint">{t("staffDuos.automatic")}</p>}
              <StaffList items={list.items} empty={t("staffDuos.noProposals")} keyOf={(proposal) => proposal.duo_id}>
                {(proposal) => <ProposalCard proposal={proposal} done={reloadAll} />}
              </StaffList>
            </>
          )}
        </Shown>
      </StaffSection>

      <StaffSection headingId="duos-flagged" icon="flag" title={t("staffDuos.flagged")}>
        <p className="field__hint">{t("staffDuos.flaggedHint")}</p>
        <Shown loaded={flagged.loaded} retry={flagged.reload}>
          {(list) => (
            <StaffList items={list.items} empty={t("staffDuos.noFlagged")} keyOf={(duo) => duo.duo_id}>
              {(duo) => <FlaggedCard duo={duo} done={reloadAll} />}
            </StaffList>
          )}
        </Shown>
      </StaffSection>
    </>
  );
}

function MatchNow({ reload }: { reload: () => Promise<void> }) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const run = async () => {
    if (busy) return;
    setBusy(true);
    setSaid(null);
    const outcome = await attempt(api.POST("/duos/matching"));
    if (outcome.ok) {
      setSaid({ tone: "success", text: t(outcome.data.mode === "review" ? "staffDuos.matchAskedReview" : "staffDuos.matchAsked") });
      // The round runs in the background (within a second or two): then show what it made.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await reload();
    } else {
      setSaid({ tone: "error", text: refusal(outcome, t) });
    }
    setBusy(false);
  };
  return (
    <div className="staff-actions">
      <button type="button" className="button button--primary" onClick={run} aria-disabled={busy || undefined}>
        <Icon name="users" />
        <span>{busy ? t("staffDuos.matching") : t("staffDuos.matchNow")}</span>
      </button>
      {said && <Notice tone={said.tone}>{said.text}</Notice>}
    </div>
  );
}

function Waitlist({ items }: { items: Schemas["WaitingLearner"][] }) {
  const { t, lang } = useT();
  const regions = byRegion(items);
  if (regions.length === 0) return <p>{t("staffDuos.nobodyWaits")}</p>;
  const days = (n: number) => quantity(lang, n, "day");
  return (
    <>
      <DataTable
        id="waitlist-regions"
        title={t("staffDuos.byRegion")}
        headers={[t("staffDuos.region"), t("staffDuos.waiting"), t("staffDuos.longest"), t("staffDuos.median")]}
        rows={regions.map((r) => [regionName(r.region, t), number(lang, r.learners.length), days(r.longest), days(r.median)])}
        csv={regions.map((r) => [regionName(r.region, t), r.learners.length, r.longest, r.median])}
      />
      {regions.map((r) => (
        <details key={r.region} className="staff-details">
          <summary>{t("staffDuos.learnersIn", { region: regionName(r.region, t), count: number(lang, r.learners.length) })}</summary>
          <DataTable
            id={`waitlist-${r.region}`}
            title={t("staffDuos.learnersOf", { region: regionName(r.region, t) })}
            headers={[t("staffDuos.learner"), t("staffDuos.waitingFor")]}
            rows={r.learners.map((learner) => [<Id key="id" id={learner.member_id} />, days(learner.waiting_days)])}
            csv={r.learners.map((learner) => [learner.member_id, learner.waiting_days])}
          />
        </details>
      ))}
    </>
  );
}

function People({ view }: { view: Duo }) {
  const { t } = useT();
  const learner = person(view, "learner");
  const volunteer = person(view, "volunteer");
  const shown = (who: { name: string; isId: boolean }) =>
    who.isId ? (
      <code className="staff-id" dir="ltr">
        {who.name}
      </code>
    ) : (
      <bdi>{who.name}</bdi>
    );
  return (
    <>
      <dt>{t("staffDuos.learner")}</dt>
      <dd>{shown(learner)}</dd>
      <dt>{t("staffDuos.volunteer")}</dt>
      <dd>{shown(volunteer)}</dd>
    </>
  );
}

/**
 * One action on a duo at a time (a second press while it runs does nothing): then the lists again, which
 * the action changed, or its refusal in words.
 */
function useAction(done: () => Promise<void>) {
  const { t } = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (send: () => Promise<Outcome<unknown>>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const outcome = await send();
    setBusy(false);
    if (outcome.ok) await done();
    else setError(refusal(outcome, t));
  };
  return { busy, error, setError, act };
}

function ProposalCard({ proposal, done }: { proposal: Proposal; done: () => Promise<void> }) {
  const { t, lang } = useT();
  const id = useId();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState<RejectReason | "">("");
  const [note, setNote] = useState("");
  const { busy, error, setError, act } = useAction(done);
  const duoId = proposal.duo_id ?? "";
  const learner = person(proposal, "learner");

  const accept = () => act(() => attempt(api.POST("/duos/proposals/{duo_id}/accept", { params: { path: { duo_id: duoId } } })));

  const reject = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!reason) {
      setError(t("staffDuos.reasonNeeded"));
      return;
    }
    await act(() =>
      attempt(
        api.POST("/duos/proposals/{duo_id}/reject", {
          params: { path: { duo_id: duoId } },
          body: { reason, note: note.trim() || null },
        }),
      ),
    );
  };

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t("staffDuos.proposalFor", { learner: learner.name })}</h3>
      <dl className="staff-facts">
        <People view={proposal} />
        <dt>{t("staffDuos.region")}</dt>
        <dd>{regionName(proposal.region, t)}</dd>
        <dt>{t("staffDuos.score")}</dt>
        <dd>{decimal(lang, proposal.score, 2)}</dd>
        <dt>{t("staffDuos.waitingFor")}</dt>
        <dd>{quantity(lang, proposal.learner_waiting_days ?? 0, "day")}</dd>
      </dl>
      {(proposal.reasons ?? []).length > 0 && (
        <>
          <p className="reasons__title">{t("staffDuos.why")}</p>
          <ul className="reasons">
            {(proposal.reasons ?? []).map((reasonText) => (
              <li key={reasonText}>
                <Icon name="check" />
                <span>{sayReason(reasonText, t, lang)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {error && <Notice tone="error">{error}</Notice>}
      <div className="staff-actions">
        <button type="button" className="button button--primary" onClick={accept} aria-disabled={busy || undefined}>
          <Icon name="check" />
          <span>{t("staffDuos.accept")}</span>
        </button>
        <button type="button" className="button" onClick={() => setRejecting(!rejecting)} aria-expanded={rejecting}>
          <Icon name="close" />
          <span>{t("staffDuos.reject")}</span>
        </button>
      </div>
      {rejecting && (
        <form onSubmit={reject} noValidate>
          <Choices
            id={`${id}-reason`}
            name={`${id}-reason`}
            legend={t("staffDuos.rejectWhy")}
            choices={Object.entries(REJECT_REASONS).map(([value, key]) => ({ value, label: t(key) }))}
            selected={[reason]}
            onChange={(value) => setReason(value as RejectReason)}
          />
          <TextArea
            id={`${id}-note`}
            label={t("staffDuos.note")}
            hint={t("staffDuos.noteHint")}
            optional={t("common.optional")}
            value={note}
            onValueChange={setNote}
            maxLength={500}
          />
          <SubmitButton icon="close" label={t("staffDuos.rejectConfirm")} busy={busy} className="button" />
        </form>
      )}
    </article>
  );
}

function FlaggedCard({ duo, done }: { duo: Duo; done: () => Promise<void> }) {
  const { t, lang } = useT();
  const id = useId();
  const [ending, setEnding] = useState(false);
  const [reason, setReason] = useState<EndReason | "">("");
  const { busy, error, setError, act } = useAction(done);

  const end = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!reason) {
      setError(t("staffDuos.reasonNeeded"));
      return;
    }
    await act(() =>
      attempt(api.POST("/duos/{duo_id}/end", { params: { path: { duo_id: duo.duo_id ?? "" } }, body: { member_id: null, reason } })),
    );
  };

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t("staffDuos.duo")} <Id id={duo.duo_id} />
      </h3>
      <dl className="staff-facts">
        <People view={duo} />
        <dt>{t("staffDuos.region")}</dt>
        <dd>{regionName(duo.region, t)}</dd>
        <dt>{t("staffDuos.since")}</dt>
        <dd>{day(lang, duo.created_at)}</dd>
        <dt>{t("staffDuos.lastSession")}</dt>
        <dd>{duo.last_session_on ? day(lang, duo.last_session_on) : t("staffDuos.never")}</dd>
      </dl>
      {error && <Notice tone="error">{error}</Notice>}
      <button type="button" className="button" onClick={() => setEnding(!ending)} aria-expanded={ending}>
        <Icon name="close" />
        <span>{t("staffDuos.endDuo")}</span>
      </button>
      {ending && (
        <form onSubmit={end} noValidate>
          <p className="field__hint">{t("staffDuos.endHint")}</p>
          <Choices
            id={`${id}-reason`}
            name={`${id}-reason`}
            legend={t("staffDuos.endWhy")}
            choices={Object.entries(END_REASONS).map(([value, key]) => ({ value, label: t(key) }))}
            selected={[reason]}
            onChange={(value) => setReason(value as EndReason)}
          />
          <SubmitButton icon="check" label={t("staffDuos.endConfirm")} busy={busy} />
        </form>
      )}
    </article>
  );
}
