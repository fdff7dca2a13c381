"""InterLab mentoring: the mentor pool, matching a call's entrepreneurs, the review of proposals,
mentorships and their sessions, safeguarding reports. The acting member always comes from the token:
a member acts as themselves, an InterLab coordinator as staff."""

import functools

from gateway.auth import INCUBATOR_STAFF
from gateway.base import AN_ID, PAGE, Gateway
from gateway.edge import Call, HttpProblem, api
from interra_chassis.errors import Forbidden
from interra_contracts.api.common import page_of
from interra_contracts.api.incubator import mentoring as contract
from interra_contracts.vocabulary import MENTORSHIP_STATUSES

route = functools.partial(api, tag="incubator")
MentorPage = page_of(contract.MentorStaffView, "MentorPage")
MentorshipPage = page_of(contract.MentorshipView, "MentorshipPage")
SafeguardingReportPage = page_of(contract.SafeguardingReportStaffView, "SafeguardingReportPage")
TRUE_OR_FALSE = {"enum": ["true", "false"]}


class IncubatorMentoringRoutes(Gateway):
    # --- the mentor pool --------------------------------------------------------------------------------

    @route("PUT", "/incubator/mentors/me", body=contract.MentorProfile(), response=contract.MentorView())
    def put_mentor_profile(self, call: Call):
        """Join the mentor pool, or change your profile (capacity: not below the mentorships you hold, 409)"""
        return self.incubator.put_mentor(self._mentoring_member(call), call.body)

    @route("GET", "/incubator/mentors/me", response=contract.MentorView())
    def get_mentor_profile(self, call: Call):
        """Your mentor profile and places"""
        return self.incubator.get_mentor(self._mentoring_member(call))

    @route("DELETE", "/incubator/mentors/me", response=contract.MentorView())
    def leave_mentor_pool(self, call: Call):
        """Leave the mentor pool: no new mentee; your running mentorships continue"""
        return self.incubator.leave_mentor_pool(self._mentoring_member(call))

    @route("GET", "/incubator/mentors", roles=INCUBATOR_STAFF, response=MentorPage(),
           query={**PAGE, "in_pool": (str, "in (true) or out of (false) the pool", TRUE_OR_FALSE)})  # fmt: skip
    def list_mentors(self, call: Call):
        """The mentors, newest first, with their places and suspensions (InterLab coordinators)"""
        offset, limit = self.page(call)
        in_pool = call.request.args.get("in_pool")
        if in_pool not in (None, "true", "false"):
            raise HttpProblem(400, "Invalid query", "in_pool is true or false", {"in_pool": ["true or false"]})
        return self.incubator.list_mentors(in_pool=None if in_pool is None else in_pool == "true", offset=offset,
                                           limit=limit)  # fmt: skip

    @route("GET", "/incubator/mentors/{member_id}", roles=INCUBATOR_STAFF, response=contract.MentorStaffView())
    def get_mentor(self, call: Call, member_id):
        """One mentor (InterLab coordinators)"""
        return self.incubator.get_mentor(member_id, True)

    # --- matching and mentorships -----------------------------------------------------------------------

    @route("POST", "/incubator/calls/{call_id}/mentor-matching", roles=INCUBATOR_STAFF,
           response=contract.MentorMatching())  # fmt: skip
    def run_mentor_matching(self, call: Call, call_id):
        """Match the call's admitted entrepreneurs to mentors: the proposals, with score and reasons (coordinators)"""
        return self.incubator.run_mentor_matching(call_id)

    @route("GET", "/incubator/mentorships", response=MentorshipPage(),
           query={**PAGE, "status": (str, "in one status", {"enum": list(MENTORSHIP_STATUSES)}),
                  "cohort": (str, "of one cohort (InterLab coordinators)", {"maxLength": 40}),
                  "call_id": (str, "of one call (InterLab coordinators)", AN_ID)})  # fmt: skip
    def list_mentorships(self, call: Call):
        """Your mentorships (either side, once accepted); InterLab coordinators: all, by status, cohort and call"""
        member_id = self._mentoring_member_or_staff(call)
        args = call.request.args
        offset, limit = self.page(call)
        filters = {"status": args.get("status")}
        if member_id is None:
            filters |= {name: args.get(name) for name in ("cohort", "call_id")}
        else:
            filters["member_id"] = member_id
        mentorships = self.incubator.list_mentorships(offset=offset, limit=limit, **filters)
        return {**mentorships, "items": self._with_pair_first_names(member_id, mentorships["items"])}

    @route("GET", "/incubator/mentorships/flagged", roles=INCUBATOR_STAFF, response=contract.FlaggedMentorships())
    def flagged_mentorships(self, call: Call):
        """Active mentorships without a session for weeks, nudged (InterLab coordinators)"""
        return self.incubator.flagged_mentorships()

    @route("POST", "/incubator/mentorships/inactivity-check", roles=INCUBATOR_STAFF, response=None, status=204)
    def mentorship_inactivity_check(self, call: Call):
        """Nudge silent mentorships now (otherwise hourly)"""
        self.incubator.run_mentorship_inactivity_check()

    @route("GET", "/incubator/mentorships/{mentorship_id}", response=contract.MentorshipView())
    def get_mentorship(self, call: Call, mentorship_id):
        """One mentorship (its mentor and entrepreneur once accepted, or InterLab coordinators)"""
        member_id = self._mentoring_member_or_staff(call)
        return self._with_pair_first_names(member_id, [self.incubator.get_mentorship(mentorship_id, member_id)])[0]

    @route("POST", "/incubator/mentorships/{mentorship_id}/moves", body=contract.MentorshipMove(),
           response=contract.MentorshipView())  # fmt: skip
    def move_mentorship(self, call: Call, mentorship_id):
        """Accept or reject a proposal (coordinators); end a mentorship with a reason (either side, coordinators)"""
        return self.incubator.move_mentorship(mentorship_id, call.body, self._mentoring_member_or_staff(call))

    # --- sessions -----------------------------------------------------------------------------------------

    @route("POST", "/incubator/mentorships/{mentorship_id}/sessions", status=201, body=contract.MentoringSessionLog(),
           response=contract.MentoringSessionView())  # fmt: skip
    def log_mentoring_session(self, call: Call, mentorship_id):
        """Log a session of your active mentorship (either side): date, minutes, kind, topics, notes"""
        return self.incubator.log_mentoring_session(mentorship_id, call.body, self._mentoring_member(call))

    @route("GET", "/incubator/mentorships/{mentorship_id}/sessions", response=contract.MentoringSessionList())
    def list_mentoring_sessions(self, call: Call, mentorship_id):
        """A mentorship's sessions with their notes (the pair and InterLab coordinators)"""
        return self.incubator.list_mentoring_sessions(mentorship_id, self._mentoring_member_or_staff(call))

    @route("POST", "/incubator/mentoring-sessions/{session_id}/evaluations", status=201,
           body=contract.MentoringSessionEvaluation(), response=contract.MentoringEvaluationView())  # fmt: skip
    def evaluate_mentoring_session(self, call: Call, session_id):
        """Rate a session of your mentorship, once (1 to 5, tags)"""
        return self.incubator.evaluate_mentoring_session(session_id, call.body, self._mentoring_member(call))

    # --- safeguarding -------------------------------------------------------------------------------------

    @route("POST", "/incubator/safeguarding-reports", status=201, body=contract.SafeguardingReport(),
           response=contract.SafeguardingReportView())  # fmt: skip
    def report_mentor(self, call: Call):
        """Report a mentor you had a mentorship with (coordinators: any) — only coordinators read it"""
        return self.incubator.report_mentor(call.body, self._mentoring_member_or_staff(call))

    @route("GET", "/incubator/safeguarding-reports", roles=INCUBATOR_STAFF, response=SafeguardingReportPage(),
           query={**PAGE, "status": (str, "pending (default), dismissed or upheld",
                                     {"enum": list(contract.REPORT_STATUSES)})})  # fmt: skip
    def list_safeguarding_reports(self, call: Call):
        """Safeguarding reports, pending by default, with what was written (InterLab coordinators)"""
        offset, limit = self.page(call)
        status = call.request.args.get("status", "pending")
        return self.incubator.list_safeguarding_reports(status=status, offset=offset, limit=limit)

    @route("POST", "/incubator/safeguarding-reports/{report_id}/outcome", roles=INCUBATOR_STAFF,
           body=contract.SafeguardingOutcome(), response=contract.SafeguardingReportStaffView())  # fmt: skip
    def handle_safeguarding_report(self, call: Call, report_id):
        """Dismiss or uphold a report, with a private note (upheld: the mentor leaves the pool for good)"""
        return self.incubator.handle_safeguarding_report(report_id, call.body)

    # --- first names ------------------------------------------------------------------------------------------

    def _with_pair_first_names(self, member_id: str | None, mentorships: list[dict]) -> list[dict]:
        """The mentorships with the first name of the other side of the pair, for a member of it: the
        entrepreneur reads mentor_first_name, the mentor entrepreneur_first_name. Asked of members in one
        call as the gateway answers, never kept nor logged (InterLab holds no name); null for an erased
        member. Coordinators (member_id None) read the ids only."""
        if member_id is None:
            return mentorships
        names = self.other_sides(mentorships, ("mentor_id", "entrepreneur_id"), member_id)
        named = []
        for mentorship in mentorships:
            if mentorship["entrepreneur_id"] == member_id:
                mentorship = {**mentorship, "mentor_first_name": names.get(mentorship["mentor_id"])}
            elif mentorship["mentor_id"] == member_id:
                mentorship = {**mentorship, "entrepreneur_first_name": names.get(mentorship["entrepreneur_id"])}
            named.append(mentorship)
        return named

    # --- who acts -------------------------------------------------------------------------------------------

    def _mentoring_member(self, call: Call) -> str:
        """A member acting as themselves (mentor or entrepreneur); an account with no member may not."""
        if not call.principal.member_id:
            raise Forbidden("only members may do this (as mentor or entrepreneur)")
        return call.principal.member_id

    def _mentoring_member_or_staff(self, call: Call) -> str | None:
        """An InterLab coordinator acts as staff (None); a member as themselves; anyone else may not."""
        if call.principal.has_any(INCUBATOR_STAFF):
            return None
        return self._mentoring_member(call)
