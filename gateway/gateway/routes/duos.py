"""Duo-Langue: requests and offers, duos and their commitment, the waiting list, staff review."""

import functools

from gateway.auth import ADMIN, DUO_STAFF
from gateway.base import AN_ID, Gateway
from gateway.edge import Call, HttpProblem, api
from interra_chassis.errors import NotFound
from interra_chassis.validation import load
from interra_contracts.api import duos as contract

route = functools.partial(api, tag="duos")


class DuoRoutes(Gateway):
    # --- members: their own requests, offers and duos (staff of the programme for anyone) -----------

    @route("POST", "/duos/requests", status=201, body=contract.DuoRequest(), response=contract.RequestView())
    def request_duo(self, call: Call):
        """A newcomer asks for a Duo-Langue partner"""
        self.on_behalf(call, "member_id", DUO_STAFF)
        return self.duos.request_duo(call.body)

    @route("POST", "/duos/offers", status=201, body=contract.DuoOffer(), response=contract.RequestView())
    def offer_duo(self, call: Call):
        """A French speaker (C1, C2 or native) offers 1-3 duos"""
        self.on_behalf(call, "member_id", DUO_STAFF)
        return self.duos.offer_duo(call.body)

    @route(
        "GET",
        "/duos",
        response=contract.MemberDuos(),
        query={"member_id": (str, "whose duos (default: yours; staff must say)", AN_ID)},
    )
    def list_duos(self, call: Call):
        """A member's duos and open requests or offers"""
        member_id = self.member_arg(call)
        if not member_id:
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        self.own_or_hidden(call, member_id, DUO_STAFF)
        duos = self.duos.duos_of(member_id)
        self.audit(call, "read_duos", member_id)
        return {**duos, "duos": self._with_first_names(call, duos["duos"])}

    @route(
        "POST", "/duos/{duo_id}/evaluations", status=201, body=contract.Evaluation(), response=contract.EvaluationView()
    )
    def evaluate_duo(self, call: Call, duo_id):
        """A member of the duo rates a session"""
        self.on_behalf(call, "evaluator_id", ADMIN)
        return self.duos.evaluate(duo_id, call.body)

    @route("PATCH", "/duos/requests/{request_id}", body=contract.request_update(), response=contract.RequestView())
    def update_duo_request(self, call: Call, request_id):
        """Change the availability or preferences of a request or offer"""
        self.on_behalf(call, "member_id", DUO_STAFF)
        return self.duos.update_request(request_id, call.body)

    @route("POST", "/duos/requests/{request_id}/status", body=contract.StatusChange(), response=contract.RequestView())
    def change_duo_request(self, call: Call, request_id):
        """Pause, resume or withdraw a request or offer"""
        owner = None if call.principal.has_any(DUO_STAFF) else call.principal.member_id
        change = load(contract.StatusChange(), call.body, "status change")  # the RPC takes the action alone
        return self.duos.set_request_status(request_id, owner, change["action"])

    @route("GET", "/duos/waitlist/me", response=contract.WaitlistPosition())
    def my_waitlist_position(self, call: Call):
        """Your place on the Duo-Langue waiting list, and an estimated wait"""
        if not call.principal.member_id:
            raise HttpProblem(400, "Invalid query", "only members wait for a duo")
        return self.duos.waitlist_position(call.principal.member_id)

    @route("PUT", "/duos/offers/{request_id}/capacity", body=contract.CapacityChange(), response=contract.RequestView())
    def change_duo_capacity(self, call: Call, request_id):
        """Take more duos (1-3), or fewer than your active ones never"""
        self._member_or_staff(call)
        return self.duos.change_capacity(request_id, call.body)

    @route("GET", "/duos/{duo_id}", response=contract.DuoView())
    def get_duo(self, call: Call, duo_id):
        """One duo (its members, or duo coordinators), with first names"""
        return self._with_first_names(call, [self._duo_for(call, duo_id)])[0]

    @route("POST", "/duos/{duo_id}/sessions", status=201, body=contract.SessionLog(), response=contract.Commitment())
    def log_duo_session(self, call: Call, duo_id):
        """Log a conversation (date, minutes) of your duo"""
        self.on_behalf(call, "member_id", ADMIN)
        return self.duos.log_session(duo_id, call.body)

    @route("GET", "/duos/{duo_id}/commitment", response=contract.Commitment())
    def duo_commitment(self, call: Call, duo_id):
        """Minutes per week against the 30-minute commitment"""
        self._duo_for(call, duo_id)
        return self.duos.commitment_of(duo_id)

    @route("POST", "/duos/{duo_id}/end", body=contract.EndDuo(), response=contract.DuoView())
    def end_duo(self, call: Call, duo_id):
        """End a duo with a reason; both go back to the pool"""
        self._member_or_staff(call)
        return self.duos.end_duo(duo_id, call.body)

    @route("GET", "/duos/{duo_id}/evaluations/summary", response=contract.EvaluationSummary())
    def duo_evaluation_summary(self, call: Call, duo_id):
        """Ratings of one duo"""
        self._duo_for(call, duo_id)
        return self.duos.evaluation_summary(duo_id)

    # --- duo coordinators ---------------------------------------------------------------------------

    @route(
        "GET",
        "/duos/waitlist",
        roles=DUO_STAFF,
        response=contract.Waitlist(),
        query={"region": (str, "one region", {})},
    )
    def waitlist(self, call: Call):
        """Waiting learners, oldest first (duo coordinators)"""
        return self.duos.waitlist(call.request.args.get("region"))

    @route("GET", "/duos/stats", roles=DUO_STAFF, response=contract.DuoFigures())
    def duo_stats(self, call: Call):
        """Programme figures for impact reports (duo coordinators)"""
        return self.duos.stats()

    @route("GET", "/duos/evaluations/summary", roles=DUO_STAFF, response=contract.EvaluationSummary())
    def duo_evaluations(self, call: Call):
        """Ratings of the whole programme (duo coordinators)"""
        return self.duos.evaluation_summary(None)

    @route("POST", "/duos/matching", roles=DUO_STAFF, response=contract.MatchingAsked(), status=202)
    def run_matching(self, call: Call):
        """Ask for a matching round now (otherwise within a second of any change)"""
        return self.duos.ask_matching()

    @route("GET", "/duos/proposals", roles=DUO_STAFF, response=contract.Proposals())
    def duo_proposals(self, call: Call):
        """Pairs the engine proposed, awaiting review, with first names (duo coordinators)"""
        proposals = self.duos.proposals()
        return {**proposals, "items": self._with_first_names(call, proposals["items"])}

    @route("POST", "/duos/proposals/{duo_id}/accept", roles=DUO_STAFF, response=contract.DuoView())
    def accept_duo_proposal(self, call: Call, duo_id):
        """Accept a proposed pair: the duo starts (duo coordinators)"""
        accepted = self.duos.accept_proposal(duo_id, call.actor)
        self.audit(call, "accept_duo_proposal", accepted["learner_id"])
        return accepted

    @route(
        "POST",
        "/duos/proposals/{duo_id}/reject",
        roles=DUO_STAFF,
        body=contract.Rejection(),
        response=contract.ProposalRejected(),
    )
    def reject_duo_proposal(self, call: Call, duo_id):
        """Reject a proposed pair with a reason (duo coordinators)"""
        return self.duos.reject_proposal(duo_id, call.body, call.actor)

    @route("GET", "/duos/flagged", roles=DUO_STAFF, response=contract.FlaggedDuos())
    def flagged_duos(self, call: Call):
        """Duos silent for 4 weeks, flagged for a rematch, with first names (duo coordinators)"""
        flagged = self.duos.flagged_duos()
        return {**flagged, "items": self._with_first_names(call, flagged["items"])}

    @route("POST", "/duos/inactivity-check", roles=DUO_STAFF, response=None, status=204)
    def inactivity_check(self, call: Call):
        """Nudge silent duos now (otherwise hourly)"""
        self.duos.run_inactivity_check()

    # --- access rules of Duo-Langue -----------------------------------------------------------------

    def _member_or_staff(self, call: Call) -> None:
        """A duo coordinator acts as staff (member_id None); a member only as themselves."""
        if call.principal.has_any(DUO_STAFF):
            call.body.setdefault("member_id", None)
        else:
            self.on_behalf(call, "member_id", ())

    def _with_first_names(self, call: Call, duos: list[dict]) -> list[dict]:
        """The duos with the first names the caller may read, asked of members in one call and never
        kept: a member of a duo reads their partner's (partner_first_name), duo coordinators both
        (learner_first_name, volunteer_first_name); null for an erased member."""
        staff = call.principal.has_any(DUO_STAFF)
        me = call.principal.member_id
        names = self.other_sides(duos, ("learner_id", "volunteer_id"), None if staff else me)
        named = []
        for duo in duos:
            learner, volunteer = duo["learner_id"], duo["volunteer_id"]
            if staff:
                duo = {**duo, "learner_first_name": names[learner], "volunteer_first_name": names[volunteer]}
            elif me in (learner, volunteer):
                duo = {**duo, "partner_first_name": names[volunteer if me == learner else learner]}
            named.append(duo)
        return named

    def _duo_for(self, call: Call, duo_id: str) -> dict:
        """A duo its members and duo coordinators may see; to anyone else it does not exist."""
        duo = self.duos.get_duo(duo_id)
        if not (
            call.principal.has_any(DUO_STAFF) or call.principal.member_id in (duo["learner_id"], duo["volunteer_id"])
        ):
            raise NotFound(f"no duo {duo_id!r}")
        return duo
