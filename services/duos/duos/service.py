"""The duos service (Duo-Langue): requests and offers with preferences, matching, the waiting list,
the weekly commitment (sessions, inactivity, endings), evaluations and programme figures.

It knows members only through MemberRegistered (its own read model), never the members database.
"""

import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import NoReturn

import eventlet
from eventlet import tpool
from nameko.timer import timer

from duos import commitment, domain, impact, matching, waitlist
from duos.config import Matching, MatchingConfig
from duos.store import DuoStore, now_iso
from interra_chassis.config import settings
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound, Unavailable
from interra_chassis.handling import FollowsMembers
from interra_chassis.logs import get_logger
from interra_chassis.rights import MemberRights
from interra_chassis.rpc import rpc
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import check_member_id, load
from interra_contracts.api.duos import (
    CapacityChange,
    Commitment,
    DuoFigures,
    DuoOffer,
    DuoRequest,
    DuoView,
    EndDuo,
    Evaluation,
    EvaluationSummary,
    EvaluationView,
    FlaggedDuos,
    MatchingAsked,
    MemberDuos,
    ProposalRejected,
    Proposals,
    Rejection,
    RequestView,
    SessionLog,
    Waitlist,
    WaitlistPosition,
    request_update,
)
from interra_contracts.vocabulary import DUO_BAD_ENDINGS, DUO_REQUEST_ACTIONS

log = get_logger(__name__)

LEASE_SECONDS = 20
"""The cluster-wide matching lease lasts this long unless its holder renews it (every quarter of it while
its round runs): a crashed holder blocks matching for seconds, not minutes."""
ROUND_WAIT_SECONDS = 300
"""How long a round asked for now (run_matching) waits for a running round to finish."""
INVITE_EVERY_DAYS = 30
"""A volunteer is invited to take one more duo at most once in this many days."""
MOVED_MEANWHILE = "it changed meanwhile: try again"


def _new_id() -> str:
    return uuid.uuid4().hex


class DuosService(MemberRights, FollowsMembers, InterraService):
    name = "duos"
    store: DuoStore = Store(DuoStore)
    match_config: MatchingConfig = Matching()

    def erase_member(self, member_id: str) -> None:
        """Forget the member, delete their requests, offers and evaluations, end their duos with
        their id replaced; a volunteer gets back the place an active duo held, and a waiting
        learner of the region may take it at once. Idempotent."""
        self.store.erase_member(member_id, now_iso())
        settled = self.store.give_back_owed_slots()
        self.store.ask_matching()  # learners back on the waiting list, places given back
        self.store.settle_owed_slots([duo["_id"] for duo in settled])
        log.info("member erased", duos_ended_with_place_back=len(settled))

    def export_of(self, member_id: str) -> dict:
        """Everything Duo-Langue holds about a member; empty if it knows none."""
        if member_id == domain.ERASED:  # the placeholder of erased members is no one's
            return domain.member_export(None, [], [], [])
        return domain.member_export(
            self.store.member(member_id),
            self.store.requests_of(member_id),
            self.store.duos_of(member_id),
            self.store.evaluations_by(member_id),
        )

    @rpc(expected_exceptions=EXPECTED)
    def request_duo(self, payload: dict) -> dict:
        """A newcomer asks for a French-speaking partner, with availability and preferences."""
        request = load(DuoRequest(), payload)
        member = self.store.member(request["member_id"])
        self._check(domain.learner_error(member))
        prefs = self._preferences(request, member)
        opened = self.store.open_request(domain.new_request(member, "learner", None, prefs, now_iso(), _new_id()))
        self.store.ask_matching()
        return self._request_view(opened["_id"])

    @rpc(expected_exceptions=EXPECTED)
    def offer_duo(self, payload: dict) -> dict:
        """A French speaker (C1, C2, native) offers to take 1-3 duos."""
        offer = load(DuoOffer(), payload)
        member = self.store.member(offer["member_id"])
        self._check(domain.volunteer_error(member))
        prefs = self._preferences(offer, member)
        opened = self.store.open_request(
            domain.new_request(member, "volunteer", offer["capacity"], prefs, now_iso(), _new_id())
        )
        self.store.ask_matching()
        return self._request_view(opened["_id"])

    @rpc(expected_exceptions=EXPECTED)
    def update_request(self, request_id: str, payload: dict) -> dict:
        """Change the availability or preferences of an open request or offer (its owner only)."""
        changes = load(request_update(), payload, "update")
        request = self._own_request(request_id, changes.pop("member_id", None))
        member = self.store.member(request["member_id"]) or {}
        prefs = self._preferences({**request, **changes}, member)
        self._move_request(request, "change", prefs, {"request_id": ["not open"]})
        self.store.ask_matching()
        return self._request_view(request_id)

    @rpc(expected_exceptions=EXPECTED)
    def set_request_status(self, request_id: str, member_id: str, action: str) -> dict:
        """pause, resume or withdraw a request or an offer (its owner only)."""
        request = self._own_request(request_id, member_id)
        if action not in DUO_REQUEST_ACTIONS:
            raise Invalid(f"unknown action {action!r}", {"action": ["pause, resume or withdraw"]})
        self._move_request(request, action, {}, {"action": [f"not from {request['status']}"]})
        if action == "resume":
            self.store.ask_matching()
        return self._request_view(request_id)

    @rpc(expected_exceptions=EXPECTED)
    def waitlist_position(self, member_id: str) -> dict:
        """A waiting learner's place in line in their region and an estimate of the wait."""
        check_member_id(member_id)
        request = next((r for r in self.store.requests_of(member_id) if r["status"] == "waiting"), None)
        if request is None:
            raise NotFound("no waiting duo request", {"member_id": ["not on the waiting list"]})
        place = waitlist.position(
            datetime.fromisoformat(request["created_at"]), self.store.waiting_since(request["region"])
        )
        since = (datetime.now(UTC) - timedelta(days=waitlist.RATE_WINDOW_DAYS)).isoformat()
        recent = self.store.matches_since(request["region"], since)
        return WaitlistPosition().dump(
            {
                "request_id": request["_id"],
                "region": request["region"],
                "position": place,
                "waiting": len(self.store.waiting_since(request["region"])),
                "duos_formed_last_30_days": recent,
                "estimated_wait_days": waitlist.estimated_wait_days(place, recent),
            }
        )

    @rpc(expected_exceptions=EXPECTED)
    def waitlist(self, region: str | None = None) -> dict:
        """Staff view: waiting learners by region, oldest first, with days waited (ids only)."""
        today = datetime.now(UTC)
        items = [
            {"request_id": r["_id"], "member_id": r["member_id"], "region": r["region"],
             "waiting_days": (today - datetime.fromisoformat(r["created_at"])).days}
            for r in self.store.waiting_requests(region)
        ]  # fmt: skip
        return Waitlist().dump({"items": items, "total": len(items)})

    @rpc(expected_exceptions=EXPECTED)
    def log_session(self, duo_id: str, payload: dict) -> dict:
        """A member of the duo logs a conversation (date, minutes); publishes DuoSessionLogged."""
        session = load(SessionLog(), payload, "session")
        duo = self._duo_of_member(duo_id, session["member_id"], "member_id")
        self._refuse(domain.duo_move_error(duo, "log_session"), {"duo_id": ["ended"]})
        errors = commitment.session_errors(
            session["held_on"], session["minutes"], datetime.fromisoformat(duo["created_at"]).date(), date.today()
        )
        if errors:
            raise Invalid("invalid session", errors)
        self.store.log_session(domain.new_session(duo_id, session, now_iso(), _new_id()))
        return self.commitment_of(duo_id)

    @rpc(expected_exceptions=EXPECTED)
    def commitment_of(self, duo_id: str) -> dict:
        """Minutes per week of a duo against the 30-minute commitment."""
        duo = self._duo(duo_id)
        sessions = self.store.sessions_of(duo_id)
        by_week = commitment.weekly_minutes((date.fromisoformat(s["held_on"]), s["minutes"]) for s in sessions)
        weeks = commitment.weeks_between(datetime.fromisoformat(duo["created_at"]).date(), date.today())
        return Commitment().dump(
            {
                "duo_id": duo_id,
                "weekly_minutes": by_week,
                "this_week": by_week.get(commitment.week_of(date.today()), 0),
                "weekly_goal": commitment.WEEKLY_MINUTES,
                "share_of_weeks_met": commitment.commitment_share(by_week, weeks),
                "sessions": len(sessions),
            }
        )

    @rpc(expected_exceptions=EXPECTED)
    def end_duo(self, duo_id: str, payload: dict) -> dict:
        """End a duo with a reason (a member of it, or staff: member_id None); publishes DuoEnded.
        Both go back to the pool; the pair is not proposed again (a bad ending is recorded as such)."""
        ending = load(EndDuo(), payload, "ending")
        duo = self._duo_of_member(duo_id, ending["member_id"], "member_id")
        bad = ending["reason"] in DUO_BAD_ENDINGS
        self._refuse(domain.duo_move_error(duo, "end"), {"duo_id": ["ended"]})
        if not self.store.end_duo(duo, domain.ending(ending["reason"], now_iso()), bad):
            self._moved_meanwhile(duo_id, "end", {"duo_id": ["ended"]})
        self.store.ask_matching()
        return DuoView().dump(self.store.duo(duo_id))

    @rpc(expected_exceptions=EXPECTED)
    def change_capacity(self, request_id: str, payload: dict) -> dict:
        """A volunteer takes more duos (1-3), or fewer but never below their active duos."""
        change = load(CapacityChange(), payload, "capacity")
        offer = self._own_request(request_id, change["member_id"])
        if offer["side"] != "volunteer":
            raise Invalid("only a volunteer offer has a capacity", {"request_id": ["a learner request"]})
        taken = (offer["capacity"] or 0) - (offer["remaining"] or 0)
        fields = {"capacity": [f"at least {taken}, on an open or paused offer"]}
        self._refuse(domain.request_move_error(offer, "change_capacity"), fields)
        if self.store.change_capacity(offer, change["capacity"]) is None:
            raise Conflict(f"the offer is {offer['status']} with {taken} place(s) taken", fields)
        self.store.ask_matching()
        return self._request_view(request_id)

    @timer(interval=1)
    def match_when_asked(self) -> None:
        """Asks are batched: each second, if anything changed since the last round, one instance runs
        a round (the others find the lease taken; the ask stays until a round has seen it)."""
        asked, seen = self.store.matching_asked()
        if asked > seen:
            self._round(wait_s=0)

    @timer(interval=900)
    def match_on_schedule(self) -> None:
        """Every 15 minutes, a round whatever happened: nothing is left to a lost ask."""
        self._round(wait_s=0)

    @rpc(expected_exceptions=EXPECTED)
    def run_matching(self) -> dict:
        """A round now (staff demand, tests), once any running round has finished: what it did."""
        summary = self._round(wait_s=ROUND_WAIT_SECONDS)
        if summary is None:
            raise Unavailable("another matching round is still running")
        return summary

    @rpc(expected_exceptions=EXPECTED)
    def ask_matching(self) -> dict:
        """Ask for a round within the second (on any instance), without waiting for it."""
        self.store.ask_matching()
        return MatchingAsked().dump({"asked": True, "mode": self.match_config.mode})

    @rpc(expected_exceptions=EXPECTED)
    def proposals(self) -> dict:
        """Staff review mode: the pairs the engine proposed, oldest first, with score and reasons."""
        today = datetime.now(UTC)
        waited = {r["_id"]: r["created_at"] for r in self.store.requests_by_status("learner", "proposed")}
        items = [
            {**duo, "learner_waiting_days": (today - datetime.fromisoformat(waited[duo["learner_request_id"]])).days}
            for duo in self.store.proposals()
            if duo["learner_request_id"] in waited
        ]
        return Proposals().dump({"items": items, "total": len(items), "mode": self.match_config.mode})

    @rpc(expected_exceptions=EXPECTED)
    def accept_proposal(self, duo_id: str, reviewer_id: str | None = None) -> dict:
        """A coordinator accepts a proposed pair: the duo starts, DuoMatched is published."""
        duo = self._proposal(duo_id)
        self._refuse(domain.duo_move_error(duo, "accept"), {"duo_id": ["reviewed"]})
        if not self.store.accept_proposal(duo, domain.acceptance(duo, reviewer_id, now_iso())):
            self._moved_meanwhile(duo_id, "accept", {"duo_id": ["reviewed"]})
        log.info("proposal accepted", duo_id=duo_id)
        return DuoView().dump(self.store.duo(duo_id))

    @rpc(expected_exceptions=EXPECTED)
    def reject_proposal(self, duo_id: str, payload: dict, reviewer_id: str | None = None) -> dict:
        """A coordinator rejects a proposed pair with a reason: both go back to the pool and the pair
        is not proposed again."""
        rejection = load(Rejection(), payload, "rejection")
        duo = self._proposal(duo_id)
        self._refuse(domain.duo_move_error(duo, "reject"), {"duo_id": ["reviewed"]})
        rejected = domain.rejection(rejection["reason"], rejection["note"], reviewer_id, now_iso())
        if not self.store.reject_proposal(duo, rejected):
            self._moved_meanwhile(duo_id, "reject", {"duo_id": ["reviewed"]})
        self.store.ask_matching()
        log.info("proposal rejected", duo_id=duo_id, reason=rejection["reason"])
        return ProposalRejected().dump({"duo_id": duo_id, "status": "rejected", "reason": rejection["reason"]})

    @timer(interval=3600)
    def check_inactivity(self) -> int:
        """Hourly: nudge duos silent for 2 weeks (DuoInactive), flag them for a rematch at 4."""
        nudged = 0
        for duo in self.store.active_duos():
            last = duo.get("last_session_on") or duo["created_at"][:10]
            due = commitment.inactivity(date.fromisoformat(last), date.today(), duo.get("inactive_weeks_notified", 0))
            if due and self.store.note_inactivity(duo, *due):
                nudged += 1
        return nudged

    @rpc(expected_exceptions=EXPECTED)
    def flagged_duos(self) -> dict:
        """Staff view: active duos silent for 4 weeks or more, flagged for a rematch (oldest first);
        ending one (POST /duos/{id}/end) sends both back to the pool."""
        flagged = self.store.flagged_duos()
        return FlaggedDuos().dump({"items": flagged, "total": len(flagged)})

    @rpc
    def run_inactivity_check(self) -> int:
        """The hourly check, on staff demand (or for tests); the number of duos nudged."""
        return self.check_inactivity()

    @rpc(expected_exceptions=EXPECTED)
    def get_duo(self, duo_id: str) -> dict:
        duo = self._duo(duo_id)
        return DuoView().dump(duo)

    @rpc(expected_exceptions=EXPECTED)
    def evaluation_summary(self, duo_id: str | None = None) -> dict:
        """Ratings of one duo, or of the whole programme."""
        return EvaluationSummary().dump(impact.evaluation_summary(self.store.evaluations_of(duo_id)))

    @rpc(expected_exceptions=EXPECTED)
    def duos_of(self, member_id: str) -> dict:
        """A member's duos and open requests or offers."""
        if not isinstance(member_id, str) or self.store.member(member_id) is None:
            raise NotFound(f"no member {member_id!r} known to Duo-Langue")
        started = [duo for duo in self.store.duos_of(member_id) if duo["status"] in domain.STARTED]
        return MemberDuos().dump({"duos": started, "requests": self.store.requests_of(member_id)})

    @rpc(expected_exceptions=EXPECTED)
    def evaluate(self, duo_id: str, payload: dict) -> dict:
        """A member of the duo rates a session (1–5, tags); publishes SessionEvaluated."""
        evaluation = load(Evaluation(), payload, "evaluation")
        duo = self._duo(duo_id)
        if evaluation["evaluator_id"] not in domain.duo_members(duo):
            raise Invalid("only a member of the duo can evaluate it", {"evaluator_id": ["not in this duo"]})
        record = domain.new_evaluation(duo_id, evaluation, now_iso(), _new_id())
        self.store.add_evaluation(record)
        return EvaluationView().dump({"evaluation_id": record["_id"], "duo_id": duo_id, **evaluation})

    @rpc
    def stats(self) -> dict:
        """Programme figures for staff and impact reports (counts and durations, no member data)."""
        return DuoFigures().dump(
            {
                **self.store.stats(),
                **impact.figures(
                    self.store.all_requests(), self.store.all_duos(), self.store.all_sessions(), date.today()
                ),
            }
        )

    def _check(self, error: str | None) -> None:
        if error:
            raise Invalid(error, {"member_id": [error]})

    def _refuse(self, error: str | None, fields: dict) -> None:
        """A move the domain refuses: 409, saying why and which moves are allowed."""
        if error:
            raise Conflict(error, fields)

    def _preferences(self, given: dict, member: dict) -> dict:
        """What a request stores of its preferences, or Invalid naming what is wrong."""
        errors = domain.preference_errors(given)
        if errors:
            raise Invalid("invalid availability or preferences", {"availability": errors})
        return domain.stored_preferences(given, member)

    def _move_request(self, request: dict, name: str, changes: dict, fields: dict) -> None:
        """A member's move on their request or offer, if the domain allows it from its status (409 with
        the moves that are allowed otherwise); the write is conditional on the move's statuses, so a
        move made meanwhile is refused too."""
        error = domain.request_move_error(request, name)
        if error is None:
            move = domain.REQUEST_MOVES[request["side"]][name]
            if self.store.move_request(request["_id"], move, changes) is not None:
                return
            now = self.store.request(request["_id"]) or request
            error = domain.request_move_error(now, name) or MOVED_MEANWHILE
        raise Conflict(error, fields)

    def _moved_meanwhile(self, duo_id: str, name: str, fields: dict) -> NoReturn:
        """A conditional write found the duo moved since it was read: 409, from its status now."""
        raise Conflict(domain.duo_move_error(self._duo(duo_id), name) or MOVED_MEANWHILE, fields)

    def _own_request(self, request_id: str, member_id: str | None) -> dict:
        request = self.store.request(request_id) if isinstance(request_id, str) else None
        if request is None or (member_id is not None and request["member_id"] != member_id):
            raise NotFound(f"no request {request_id!r}")
        return request

    def _duo_of_member(self, duo_id: str, member_id: str | None, field: str) -> dict:
        """The duo, checked to include member_id (None: staff acting)."""
        duo = self._duo(duo_id)
        if member_id is not None and member_id not in domain.duo_members(duo):
            raise Invalid("only a member of the duo can do this", {field: ["not in this duo"]})
        return duo

    def _request_view(self, request_id: str) -> dict:
        return RequestView().dump(self.store.request(request_id))

    def _proposal(self, duo_id: str) -> dict:
        duo = self._duo(duo_id)
        if duo["status"] == "ended":
            raise NotFound(f"no proposed duo {duo_id!r}")
        return duo

    def _duo(self, duo_id: str) -> dict:
        duo = self.store.duo(duo_id) if isinstance(duo_id, str) else None
        if duo is None:
            raise NotFound(f"no duo {duo_id!r}")
        return duo

    def _round(self, wait_s: float) -> dict | None:
        """One matching round under the cluster-wide lease (None: another round held it for wait_s)."""
        holder = _new_id()
        deadline = time.monotonic() + wait_s
        while not self.store.take_lease(holder, LEASE_SECONDS):
            if time.monotonic() >= deadline:
                return None
            eventlet.sleep(0.2)
        renewing = eventlet.spawn(self._renew_lease, holder)
        try:
            asked, _ = self.store.matching_asked()  # asks after this point need another round
            summary = self._match_everyone()
            self.store.matching_seen(asked)
            return summary
        finally:
            renewing.kill()
            self.store.release_lease(holder)

    def _renew_lease(self, holder: str) -> None:
        """Keep the lease while this round runs (however long the solver takes); if this process dies,
        the renewals stop and the lease expires within LEASE_SECONDS."""
        while True:
            eventlet.sleep(LEASE_SECONDS / 4)
            if not self.store.take_lease(holder, LEASE_SECONDS):
                log.warning("matching lease lost during a round")  # its writes stay conditional: no harm
                return

    def _match_everyone(self) -> dict:
        """The engine over every waiting learner and free place (in a native thread, off the hub),
        then its pairs become duos, or proposals in review mode."""
        started, now = time.monotonic(), datetime.now(UTC)
        requests, members = self.store.pool()
        learners, volunteers = domain.engine_input(requests, members, now)
        config = self.match_config
        proposals = tpool.execute(
            matching.match, learners, volunteers, config.weights, self.store.barred_pairs(), now.year
        )
        solved = time.monotonic() - started
        region_of = {request["_id"]: request["region"] for request in requests}
        status = "proposed" if config.mode == "review" else "active"
        formed = 0
        for count, proposal in enumerate(proposals, 1):
            formed += self._form(proposal, region_of[proposal.learner_request_id], status)
            if count % 100 == 0:
                eventlet.sleep(0)  # the embedded store does not yield: let heartbeats and requests through
        invited = self._invite_volunteers(round_started=now)
        summary = {
            "mode": config.mode,
            "learners": len(learners),
            "places": sum(v.places for v in volunteers),
            "duos_formed": formed if status == "active" else 0,
            "proposed": formed if status == "proposed" else 0,
            "volunteers_invited": invited,
            "solve_seconds": round(solved, 3),
        }
        if learners and volunteers:
            log.info("matching round", **summary)
        return summary

    def _form(self, proposal: matching.Proposal, region: str, status: str) -> bool:
        """A pair becomes a duo (or a proposal) if both are still free: the volunteer's place and
        then the learner are taken by conditional writes, so concurrent instances cannot double-book."""
        if not self.store.take_slot(proposal.volunteer_request_id):
            return False  # paused, withdrawn or full since the pool was read
        duo = domain.new_duo(proposal, region, status, now_iso(), _new_id())
        if not self.store.claim_learner(proposal.learner_request_id, duo):
            self.store.give_back_slot(proposal.volunteer_request_id)  # the learner left meanwhile
            return False
        self.store.add_duo(duo)
        log.info("duo proposed" if status == "proposed" else "duo matched", duo_id=duo["_id"], score=duo["score"])
        return True

    def _invite_volunteers(self, round_started: datetime) -> int:
        """Learners still wait: invite the volunteers of their region whose places are all taken (and
        could take more) to take one more duo, by domain.volunteers_to_invite's rule (learners who waited
        a whole round and DUO_INVITE_AFTER_DAYS, volunteers not just matched), each at most once in
        INVITE_EVERY_DAYS."""
        offers = self.store.full_offers(below=domain.MAX_CAPACITY)
        waiting = self.store.waiting_requests() if offers else []
        if not waiting:
            return 0
        last_duo_at = self.store.last_duo_at([offer["_id"] for offer in offers])
        after_days = settings().duo_invite_after_days
        now = datetime.now(UTC)
        not_since = (now - timedelta(days=INVITE_EVERY_DAYS)).isoformat()
        return sum(
            self.store.invite_volunteer(offer, count, now.isoformat(), not_since)
            for offer, count in domain.volunteers_to_invite(offers, waiting, last_duo_at, round_started, after_days)
        )
