"""InterLab follow-up and figures: an entrepreneur reads and answers their follow-ups (6 and 12 months
after their cohort ends); InterLab coordinators read the figures of a cohort or a year, counts only."""

import functools

from gateway.auth import INCUBATOR_STAFF
from gateway.base import AN_ID, Gateway
from gateway.edge import Call, HttpProblem, api, int_arg
from interra_chassis.errors import Forbidden
from interra_contracts.api.incubator import follow_up as contract

route = functools.partial(api, tag="incubator")
YEARS = {"minimum": 2000, "maximum": 2100}


class IncubatorFollowUpRoutes(Gateway):
    @route("GET", "/incubator/follow-ups", response=contract.FollowUpList(),
           query={"member_id": (str, "whose follow-ups (default: yours; coordinators: anyone's)", AN_ID)})  # fmt: skip
    def list_follow_ups(self, call: Call):
        """A member's follow-ups, pending and answered, the latest due first (yours by default)"""
        member_id = self.member_arg(call)
        if member_id is None:
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        self.own_or_hidden(call, member_id, INCUBATOR_STAFF)
        return self.incubator.list_follow_ups(member_id)

    @route("POST", "/incubator/follow-ups/{follow_up_id}/answer", body=contract.FollowUpAnswer(),
           response=contract.FollowUpView())  # fmt: skip
    def answer_follow_up(self, call: Call, follow_up_id):
        """Say once how your project stands: still active, revenue band, jobs created, needs (the entrepreneur)"""
        if not call.principal.member_id:
            raise Forbidden("only the entrepreneur asked answers a follow-up")
        return self.incubator.answer_follow_up(follow_up_id, call.body, call.principal.member_id)

    @route("GET", "/incubator/figures", roles=INCUBATOR_STAFF, response=contract.IncubatorFigures(),
           query={"cohort": (str, "a cohort's figures (or year)", {"pattern": contract.COHORT_PATTERN}),
                  "year": (int, "a calendar year's figures (or cohort)", YEARS)})  # fmt: skip
    def incubator_figures(self, call: Call):
        """InterLab's figures per cohort or calendar year: counts only, each marked small below 5 (coordinators)"""
        cohort = call.request.args.get("cohort")
        year = int_arg(call.request, "year", None) if "year" in call.request.args else None
        if (cohort is None) == (year is None):
            message = "give a cohort or a year, not both" if cohort is not None else "give a cohort or a year"
            raise HttpProblem(400, "Invalid query", message, {"cohort": [message], "year": [message]})
        return self.incubator.figures(cohort=cohort, year=year)
