"""InterLab mentoring: members join the mentor pool; coordinators run the matching for a call's admitted
entrepreneurs and accept or reject its proposals (MentorAssigned); either side or a coordinator ends a
mentorship (MentorshipEnded); the pair logs sessions (MentoringSessionLogged) and rates them
(SessionEvaluated); a report about a mentor (SafeguardingReported) suspends them until a coordinator
handles it; silent mentorships are nudged (MentorshipInactive).

member_id None means an InterLab coordinator (the gateway decides who is one); a member sees only the
mentorships they are part of that began (proposals are the coordinators' business) — 404 otherwise."""

import time
from datetime import date

from eventlet import tpool
from nameko.timer import timer

from incubator import mentorships as rules
from incubator.mentoring import match_mentors
from incubator.rpc import new_id, now, today
from interra_chassis.config import settings
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound
from interra_chassis.logs import get_logger
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rpc import rpc
from interra_chassis.validation import check_member_id, load
from interra_contracts.api.incubator import mentoring as contract

log = get_logger(__name__)
MATCHING_LEASE_SECONDS = 120
"""A matching run holds its call's lease at most this long (a dead holder's lease expires)."""
MOVED_MEANWHILE = "the mentorship moved meanwhile; reload it"


class MentoringRpc:
    """Service mixin (IncubatorService): the mentor pool, matching, mentorships, sessions, safeguarding."""

    def export_of(self, member_id: str) -> dict:
        return {**super().export_of(member_id), "mentoring": self.store.mentoring_export(member_id)}

    def _mentors_now(self, project_id: str) -> set[str]:
        """The mentors of the project's active mentorships (they see the project while it lasts)."""
        base = getattr(super(), "_mentors_now", None)
        earlier = base(project_id) if base else set()
        return earlier | (
            {m["mentor_id"] for m in self.store.active_mentorships(project_id=project_id)} - {rules.ERASED}
        )

    # --- the mentor pool --------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def put_mentor(self, member_id: str, payload: dict) -> dict:
        """A member joins the mentor pool, or changes their profile (and is back in the pool if they
        had left). The capacity never falls below the mentorships they hold (409)."""
        check_member_id(member_id)
        profile = load(contract.MentorProfile(), payload, "mentor")
        errors = rules.mentor_errors(profile)
        if self.store.member(member_id) is None:
            errors["member_id"] = [f"unknown member {member_id!r}"]
        if errors:
            raise Invalid("invalid mentor profile", errors)
        at = now().isoformat(timespec="microseconds")
        for _ in range(5):  # a proposal or an ending may move the mentor's places between read and write
            mentor = self.store.mentor(member_id)
            if mentor is None and self.store.add_mentor(rules.new_mentor(member_id, profile, now())):
                return self._mentoring_mentor_view(self.store.mentor(member_id))
            if mentor is None:
                continue
            if mentor["removed"]:
                message = "this member was removed from the mentor pool"
                raise Conflict(message, {"member_id": [message]})
            refusal = rules.capacity_error(profile["capacity"], len(mentor["holds"]))
            if refusal:
                raise Conflict(refusal, {"capacity": [refusal]})
            updated = self.store.update_mentor(mentor, {**profile, "updated_at": at})
            if updated is not None:
                return self._mentoring_mentor_view(updated)
        raise Conflict("your places changed meanwhile; try again", {"capacity": ["changed meanwhile"]})

    @rpc(expected_exceptions=EXPECTED)
    def get_mentor(self, member_id: str, staff: bool = False) -> dict:
        """A mentor's profile (their own, or any for coordinators: staff True adds the suspension)."""
        mentor = self.store.mentor(member_id)
        if mentor is None:
            raise NotFound(f"no mentor {member_id!r}")
        return self._mentoring_mentor_view(mentor, staff)

    @rpc(expected_exceptions=EXPECTED)
    def leave_mentor_pool(self, member_id: str) -> dict:
        """The mentor takes no new mentee; their running mentorships continue (end them one by one)."""
        check_member_id(member_id)
        mentor = self.store.leave_pool(member_id, now().isoformat(timespec="microseconds"))
        if mentor is None:
            raise NotFound(f"no mentor {member_id!r}")
        return self._mentoring_mentor_view(mentor)

    @rpc(expected_exceptions=EXPECTED)
    def list_mentors(self, in_pool: bool | None = None, offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict:
        """The mentors, newest first (coordinators)."""
        query = load(contract.ListMentors(), {"in_pool": in_pool, "offset": offset, "limit": limit}, "query")
        limit = page_limit(query["limit"])
        items, total = self.store.mentors_page(query["offset"], limit, query["in_pool"])
        return page([self._mentoring_mentor_view(m, staff=True) for m in items], total, query["offset"], limit)

    # --- matching ---------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def run_mentor_matching(self, call_id: str) -> dict:
        """Coordinators: match the call's admitted entrepreneurs without a mentor to the pool's free
        places, globally and exactly (incubator.mentoring); each pair becomes a proposal with its score
        and reasons. One run per call at a time (409 while another runs)."""
        call = self.store.call(call_id)
        holder = new_id()
        if not self.store.take_mentor_matching_lease(call["_id"], holder, MATCHING_LEASE_SECONDS):
            message = "a matching run for this call is under way; try again in a moment"
            raise Conflict(message, {"call_id": [message]})
        try:
            return contract.MentorMatching().dump(self._mentoring_match_call(call))
        finally:
            self.store.release_mentor_matching_lease(call["_id"], holder)

    def _mentoring_match_call(self, call: dict) -> dict:
        started = time.monotonic()
        applications = self.store.applications_in(call["_id"], ("admitted",))
        members = {a["member_id"]: self.store.member(a["member_id"]) for a in applications if a.get("member_id")}
        live = self.store.projects_with_live_mentorship([a["project_id"] for a in applications if a.get("project_id")])
        entrepreneurs = rules.waiting_entrepreneurs(applications, {k: v for k, v in members.items() if v}, live)
        mentors = rules.pool_mentors(self.store.mentor_pool())
        pairs = self.store.mentorships_between([e.member_id for e in entrepreneurs], [m.member_id for m in mentors])
        barred = rules.barred_pairs(pairs)
        proposals = tpool.execute(match_mentors, entrepreneurs, mentors, barred) if entrepreneurs and mentors else []
        by_id = {a["_id"]: a for a in applications}
        made = []
        for proposal in proposals:
            mentorship = rules.new_mentorship(proposal, by_id[proposal.application_id], new_id(), now())
            if self.store.propose_mentorship(mentorship):
                made.append(mentorship)
        log.info("mentor matching", call_id=call["_id"], entrepreneurs=len(entrepreneurs), mentors=len(mentors),
                 proposed=len(made), seconds=round(time.monotonic() - started, 3))  # fmt: skip
        views = self._mentoring_views(made, None)
        return {"items": views, "total": len(views), "entrepreneurs": len(entrepreneurs),
                "places": sum(m.places for m in mentors)}  # fmt: skip

    # --- mentorships ------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def list_mentorships(
        self,
        member_id: str | None = None,
        status: str | None = None,
        cohort: str | None = None,
        call_id: str | None = None,
        offset: int = 0,
        limit: int = DEFAULT_LIMIT,
    ) -> dict:
        """A member's mentorships that began (either side), or, for coordinators (member_id None), all
        of them by status, cohort or call; newest proposal first."""
        query = load(
            contract.ListMentorships(),
            {"member_id": member_id, "status": status, "cohort": cohort, "call_id": call_id, "offset": offset,
             "limit": limit},
            "query",
        )  # fmt: skip
        limit = page_limit(query["limit"])
        equal = {name: query[name] for name in ("status", "cohort", "call_id")}
        items, total = self.store.mentorships_page(query["offset"], limit, query["member_id"], **equal)
        views = contract.MentorshipView(many=True).dump(self._mentoring_views(items, query["member_id"]))
        return page(views, total, query["offset"], limit)

    @rpc(expected_exceptions=EXPECTED)
    def get_mentorship(self, mentorship_id: str, member_id: str | None = None) -> dict:
        """One mentorship (its two members once it began, or coordinators; 404 for anyone else)."""
        [view] = self._mentoring_views([self._mentoring_visible(mentorship_id, member_id)], member_id)
        return contract.MentorshipView().dump(view)

    @rpc(expected_exceptions=EXPECTED)
    def move_mentorship(self, mentorship_id: str, payload: dict, member_id: str | None = None) -> dict:
        """accept (MentorAssigned) or reject a proposal (coordinators); end an active mentorship with a
        reason (either side or a coordinator: MentorshipEnded). A refused move answers 409 naming the
        allowed ones; accepting needs the mentor in the pool with no report pending."""
        request = load(contract.MentorshipMove(), payload, "move")
        mentorship = self._mentoring_visible(mentorship_id, member_id)
        move, reason = request["move"], request["reason"]
        errors = rules.move_request_errors(move, reason)
        if errors:
            raise Invalid("invalid move", errors)
        by = "coordinator" if member_id is None else rules.side_of(mentorship, member_id)
        facts = {"mentor_available": move == "accept" and self.store.mentor_available(mentorship["mentor_id"])}
        refusal = rules.mentorship_move_error(mentorship, move, by, facts)
        if refusal:
            raise Conflict(refusal, {"move": [refusal]})
        after = self._mentoring_move(mentorship, move, by, reason)
        if after is None:
            message = MOVED_MEANWHILE
            if move == "accept" and not self.store.mentor_available(mentorship["mentor_id"]):
                message = f"accept needs {rules.PREREQUISITES['mentor_available']}; allowed: reject"
            raise Conflict(message, {"move": [message]})
        log.info("mentorship moved", mentorship_id=mentorship_id, move=move, by=by, reason=reason)
        [view] = self._mentoring_views([after], member_id)
        return contract.MentorshipView().dump(view)

    def _mentoring_move(self, mentorship: dict, move: str, by: str, reason: str | None) -> dict | None:
        """The move's write: its status, history entry and event, conditional on the status it leaves."""
        at = now()
        history = rules.history_entry(move, by, at, reason)
        if move == "accept":
            changes = rules.accepted(at.date())
            events = [("MentorAssigned", rules.assigned_event(mentorship))]
            return self.store.move_mentorship(mentorship, changes, history, events, unsuspended=True)
        if move == "reject":
            return self.store.move_mentorship(mentorship, rules.rejected(reason), history, [])
        events = [("MentorshipEnded", rules.ended_event(mentorship, by, reason))]
        return self.store.move_mentorship(mentorship, rules.ended(reason, by, at.date()), history, events)

    @rpc(expected_exceptions=EXPECTED)
    def flagged_mentorships(self) -> dict:
        """Coordinators: active mentorships nudged for their silence and still without a session since."""
        flagged = self._mentoring_views(self.store.flagged_mentorships(), None)
        return contract.FlaggedMentorships().dump({"items": flagged, "total": len(flagged)})

    @timer(interval=3600)
    def check_mentorship_inactivity(self) -> int:
        """Hourly: nudge active mentorships silent for INCUBATOR_INACTIVE_WEEKS weeks since their start
        or last session (MentorshipInactive, once per period); then what a crash may have left half
        done: places owed back to mentors, mentorships of a mentor removed for good still running."""
        weeks = settings().incubator_inactive_weeks
        nudged = 0
        for mentorship in self.store.active_mentorships():
            due = rules.inactivity(date.fromisoformat(mentorship["last_activity_on"]), today(), weeks)
            if due and self.store.note_mentorship_inactivity(mentorship, *due):
                nudged += 1
        self.store.give_owed_mentor_places_back()
        for mentor in self.store.removed_mentors_with_live_mentorships():
            self._mentoring_close_for_removed(mentor)
        return nudged

    @rpc
    def run_mentorship_inactivity_check(self) -> int:
        """The hourly check, on staff demand (or for tests): the number of mentorships nudged."""
        return self.check_mentorship_inactivity()

    # --- sessions ---------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def log_mentoring_session(self, mentorship_id: str, payload: dict, member_id: str) -> dict:
        """Either side of an active mentorship logs a session (MentoringSessionLogged: date, kind,
        minutes; never what they wrote)."""
        check_member_id(member_id)
        entry = load(contract.MentoringSessionLog(), payload, "session")
        mentorship = self._mentoring_visible(mentorship_id, member_id)
        if mentorship["status"] != "active":
            message = f"sessions are logged in an active mentorship; this one is {mentorship['status']}"
            raise Conflict(message, {"mentorship_id": [message]})
        errors = rules.session_errors(entry["held_on"], mentorship["started_on"], today())
        if errors:
            raise Invalid("invalid session", errors)
        session = rules.new_session(mentorship, entry, member_id, new_id(), now())
        self.store.log_mentoring_session(session, [("MentoringSessionLogged", rules.session_logged_event(session))])
        return contract.MentoringSessionView().dump(session)

    @rpc(expected_exceptions=EXPECTED)
    def list_mentoring_sessions(self, mentorship_id: str, member_id: str | None = None) -> dict:
        """A mentorship's sessions, oldest first, with their notes (the pair and coordinators)."""
        mentorship = self._mentoring_visible(mentorship_id, member_id)
        sessions = self.store.mentoring_sessions_of([mentorship["_id"]])
        return contract.MentoringSessionList().dump({"items": sessions, "total": len(sessions)})

    @rpc(expected_exceptions=EXPECTED)
    def evaluate_mentoring_session(self, session_id: str, payload: dict, member_id: str) -> dict:
        """A member of the pair rates a session (1-5, tags), once: SessionEvaluated (programme mentoring)."""
        check_member_id(member_id)
        evaluation = load(contract.MentoringSessionEvaluation(), payload, "evaluation")
        session = self.store.mentoring_session(session_id)
        mentorship = self.store.mentorship(session["mentorship_id"])
        side = rules.side_of(mentorship, member_id)
        if side is None:
            raise NotFound(f"no session {session_id!r}")
        record = rules.new_evaluation(evaluation, member_id, side, now())
        if not self.store.add_mentoring_evaluation(
            session, record, [("SessionEvaluated", rules.evaluated_event(session, record))]
        ):
            message = "you already evaluated this session"
            raise Conflict(message, {"session_id": [message]})
        return contract.MentoringEvaluationView().dump(
            {**record, "session_id": session["_id"], "mentorship_id": session["mentorship_id"]}
        )

    # --- safeguarding -----------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def report_mentor(self, payload: dict, member_id: str | None = None) -> dict:
        """A member reports a mentor they have or had a mentorship with, or a coordinator any mentor
        (member_id None): SafeguardingReported; the mentor gets no new mentee until it is handled."""
        request = load(contract.SafeguardingReport(), payload, "report")
        mentor = self.store.mentor(request["mentor_id"])
        theirs = self.store.mentorships_of(member_id) if member_id is not None else []
        errors = rules.reporter_error(mentor, request["mentor_id"], member_id, theirs)
        if errors:
            raise Invalid("invalid report", errors)
        report = rules.new_report(request, member_id, new_id(), now())
        self.store.add_safeguarding_report(report, [("SafeguardingReported", rules.reported_event(report))])
        log.info("safeguarding report", report_id=report["_id"], category=report["category"])
        return self._mentoring_report_view(report, staff=member_id is None)

    @rpc(expected_exceptions=EXPECTED)
    def list_safeguarding_reports(self, status: str = "pending", offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict:
        """Coordinators: reports in a status (pending by default), newest first, with what was written."""
        query = load(contract.ListSafeguardingReports(), {"status": status, "offset": offset, "limit": limit}, "query")
        limit = page_limit(query["limit"])
        items, total = self.store.safeguarding_reports_page(query["offset"], limit, query["status"])
        return page([self._mentoring_report_view(r, staff=True) for r in items], total, query["offset"], limit)

    @rpc(expected_exceptions=EXPECTED)
    def handle_safeguarding_report(self, report_id: str, payload: dict) -> dict:
        """Coordinators: dismissed (the suspension lifts once no other report is pending) or upheld (the
        mentor leaves the pool for good: their proposals are rejected, their mentorships end)."""
        outcome = load(contract.SafeguardingOutcome(), payload, "outcome")
        report = self.store.safeguarding_report(report_id)
        refusal = rules.report_outcome_error(report)
        if refusal:
            raise Conflict(refusal, {"outcome": [refusal]})
        at = now().isoformat(timespec="microseconds")
        handled = self.store.handle_safeguarding_report_outcome(report, outcome["outcome"], outcome["note"], at)
        if handled is None:
            message = "this report was handled meanwhile"
            raise Conflict(message, {"outcome": [message]})
        if handled["status"] == "upheld":
            self._mentoring_close_for_removed(handled["mentor_id"])
        log.info("safeguarding report handled", report_id=report_id, outcome=handled["status"])
        return self._mentoring_report_view(handled, staff=True)

    def _project_stopped(self, project: dict) -> None:
        """A stopped project's running mentorships end (project_stopped), by whoever stopped it."""
        super()._project_stopped(project)
        stopped_by = project["history"][-1]["by"] if project.get("history") else "coordinator"
        by = "entrepreneur" if stopped_by == "entrepreneur" else "coordinator"
        for mentorship in self.store.active_mentorships(project_id=project["_id"]):
            self._mentoring_move(mentorship, "end", by, "project_stopped")

    def _mentoring_close_for_removed(self, mentor_id: str) -> None:
        """A mentor removed for good: their proposals are rejected (safeguarding), their running
        mentorships end (by a coordinator, MentorshipEnded with a neutral reason)."""
        for mentorship in self.store.active_mentorships(mentor_id=mentor_id) + self.store.proposals_of(mentor_id):
            if mentorship["status"] == "proposed":
                self._mentoring_move(mentorship, "reject", "coordinator", rules.UPHELD_REJECTION)
            else:
                self._mentoring_move(mentorship, "end", "coordinator", rules.UPHELD_END_REASON)

    # --- views ------------------------------------------------------------------------------------------

    def _mentoring_visible(self, mentorship_id: str, member_id: str | None) -> dict:
        mentorship = self.store.mentorship(mentorship_id)
        if not rules.visible_to(mentorship, member_id):
            raise NotFound(f"no mentorship {mentorship_id!r}")
        return mentorship

    def _mentoring_views(self, mentorships: list[dict], member_id: str | None) -> list[dict]:
        """The mentorships with what their views show (the sessions' count and minutes, the moves the
        viewer may make), for a contract to dump."""
        sessions = self.store.mentoring_sessions_of([m["_id"] for m in mentorships]) if mentorships else []
        views = []
        for mentorship in mentorships:
            own = [s for s in sessions if s["mentorship_id"] == mentorship["_id"]]
            by = "coordinator" if member_id is None else rules.side_of(mentorship, member_id)
            views.append(
                {
                    **mentorship,
                    "sessions": len(own),
                    "minutes": sum(s["minutes"] for s in own),
                    "allowed_moves": rules.allowed_moves(mentorship, by),
                }
            )
        return views

    def _mentoring_mentor_view(self, mentor: dict, staff: bool = False) -> dict:
        schema = contract.MentorStaffView() if staff else contract.MentorView()
        return schema.dump(rules.mentor_view(mentor))

    def _mentoring_report_view(self, report: dict, staff: bool) -> dict:
        schema = contract.SafeguardingReportStaffView() if staff else contract.SafeguardingReportView()
        return schema.dump(report)
