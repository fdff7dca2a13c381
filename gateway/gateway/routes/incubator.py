"""InterLab: calls for cohorts, applications and their review workflow."""

import functools

from gateway.auth import INCUBATOR_STAFF
from gateway.base import AN_ID, PAGE, Gateway
from gateway.edge import Call, HttpProblem, api
from interra_chassis.errors import Forbidden
from interra_contracts.api.common import page_of
from interra_contracts.api.incubator import applications as contract
from interra_contracts.vocabulary import APPLICATION_STATUSES

route = functools.partial(api, tag="incubator")
ApplicationPage = page_of(contract.ApplicationView, "ApplicationPage")
CallPage = page_of(contract.CallView, "CallPage")
STATUS = {"enum": list(APPLICATION_STATUSES)}


class IncubatorRoutes(Gateway):
    # --- calls ------------------------------------------------------------------------------------------

    @route("POST", "/incubator/calls", roles=INCUBATOR_STAFF, status=201, body=contract.OpenCall(),
           response=contract.CallView())  # fmt: skip
    def open_incubator_call(self, call: Call):
        """Open a call for a cohort: dates, places, questions, the review grid (InterLab coordinators)"""
        return self.incubator.open_call(call.body)

    @route("GET", "/incubator/calls", response=CallPage(),
           query={**PAGE, "open_only": (str, "only the calls open today", {"enum": ["true", "false"]})})  # fmt: skip
    def list_incubator_calls(self, call: Call):
        """InterLab's calls, the latest first (to apply: one open today)"""
        offset, limit = self.page(call)
        open_only = call.request.args.get("open_only", "false")
        if open_only not in ("true", "false"):
            raise HttpProblem(400, "Invalid query", "open_only is true or false", {"open_only": ["true or false"]})
        return self.incubator.list_calls(open_only=open_only == "true", offset=offset, limit=limit)

    @route("GET", "/incubator/calls/{call_id}", response=contract.CallView())
    def get_incubator_call(self, call: Call, call_id):
        """One call: its dates, places left and questions"""
        return self.incubator.get_call(call_id)

    # --- applications -----------------------------------------------------------------------------------

    @route("POST", "/incubator/applications", status=201, body=contract.Apply(), response=contract.ApplicationView())
    def apply_to_incubator(self, call: Call):
        """Apply to an open call of InterLab (submit false: save a draft)"""
        self.on_behalf(call, "member_id", INCUBATOR_STAFF)
        return self.incubator.apply(call.body)

    @route("GET", "/incubator/applications", response=ApplicationPage(),
           query={**PAGE, "member_id": (str, "whose applications (default: yours)", AN_ID),
                  "call_id": (str, "of one call (InterLab coordinators)", AN_ID),
                  "status": (str, "in one status (InterLab coordinators)", STATUS)})  # fmt: skip
    def list_applications(self, call: Call):
        """A member's applications (yours by default); InterLab coordinators: any, by call and status"""
        member_id = self.member_arg(call)
        staff = call.principal.has_any(INCUBATOR_STAFF)
        if member_id is None and not staff:
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        if member_id is not None:
            self.own_or_hidden(call, member_id, INCUBATOR_STAFF)
        filters = {name: call.request.args.get(name) for name in ("call_id", "status")} if staff else {}
        offset, limit = self.page(call)
        return self.incubator.list_applications(member_id=member_id, offset=offset, limit=limit, **filters)

    @route("GET", "/incubator/applications/{application_id}", response=contract.ApplicationView())
    def get_application(self, call: Call, application_id):
        """One application (its applicant, or InterLab coordinators)"""
        return self.incubator.get_application(application_id, self._applicant(call))

    @route("PATCH", "/incubator/applications/{application_id}", body=contract.EditApplication(),
           response=contract.ApplicationView())  # fmt: skip
    def edit_application(self, call: Call, application_id):
        """Change a draft, or answer what a coordinator asked (the applicant)"""
        return self.incubator.edit_application(application_id, call.body, self._applicant(call))

    @route("POST", "/incubator/applications/{application_id}/moves", body=contract.ApplicationMove(),
           response=contract.ApplicationView())  # fmt: skip
    def move_application(self, call: Call, application_id):
        """A step of the review (coordinators); the applicant submits, answers or withdraws (409 lists the allowed)"""
        return self.incubator.move_application(application_id, call.body, self._applicant(call))

    def _applicant(self, call: Call) -> str | None:
        """An InterLab coordinator acts as staff (None); a member as the applicant; anyone else may not."""
        if call.principal.has_any(INCUBATOR_STAFF):
            return None
        if not call.principal.member_id:
            raise Forbidden("only members and InterLab coordinators may do this")
        return call.principal.member_id
