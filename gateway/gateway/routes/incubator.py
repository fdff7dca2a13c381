"""InterLab: applications to the incubator."""

import functools

from gateway.auth import INCUBATOR_STAFF
from gateway.base import AN_ID, PAGE, Gateway
from gateway.edge import Call, HttpProblem, api
from interra_contracts.api.common import page_of
from interra_contracts.api.incubator import ApplicationView, Apply

route = functools.partial(api, tag="incubator")
ApplicationPage = page_of(ApplicationView, "ApplicationPage")


class IncubatorRoutes(Gateway):
    @route("POST", "/incubator/applications", status=201, body=Apply(), response=ApplicationView())
    def apply_to_incubator(self, call: Call):
        """Apply to InterLab"""
        self.on_behalf(call, "member_id", INCUBATOR_STAFF)
        return self.incubator.apply(call.body)

    @route(
        "GET",
        "/incubator/applications",
        response=ApplicationPage(),
        query={**PAGE, "member_id": (str, "whose applications (default: yours)", AN_ID)},
    )
    def list_applications(self, call: Call):
        """A member's applications (yours by default)"""
        member_id = self.member_arg(call)
        if member_id is None and not call.principal.has_any(INCUBATOR_STAFF):
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        if member_id is not None:
            self.own_or_hidden(call, member_id, INCUBATOR_STAFF)
        offset, limit = self.page(call)
        return self.incubator.list_applications(member_id=member_id, offset=offset, limit=limit)

    @route("GET", "/incubator/applications/{application_id}", response=ApplicationView())
    def get_application(self, call: Call, application_id):
        """One application (its applicant, or staff)"""
        application = self.incubator.get_application(application_id)
        self.own_or_hidden(call, application["member_id"], INCUBATOR_STAFF)
        return application
