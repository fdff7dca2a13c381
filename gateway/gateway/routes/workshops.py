"""Ateliers: workshops members propose and lead."""

import functools

from gateway.auth import WORKSHOP_STAFF
from gateway.base import PAGE, Gateway
from gateway.edge import Call, api
from interra_contracts.api.common import page_of
from interra_contracts.api.workshops import ProposeWorkshop, WorkshopView
from interra_contracts.vocabulary import WORKSHOP_STATUSES

route = functools.partial(api, tag="workshops")
WorkshopPage = page_of(WorkshopView, "WorkshopPage")


class WorkshopRoutes(Gateway):
    @route("POST", "/workshops", status=201, body=ProposeWorkshop(), response=WorkshopView())
    def propose_workshop(self, call: Call):
        """Propose a workshop"""
        self.on_behalf(call, "proposer_id", WORKSHOP_STAFF)
        return self.workshops.propose(call.body)

    @route(
        "GET",
        "/workshops",
        auth=False,
        response=WorkshopPage(),
        query={**PAGE, "status": (str, "proposed, scheduled, ...", {"enum": list(WORKSHOP_STATUSES)})},
    )
    def list_workshops(self, call: Call):
        """Workshops, newest first"""
        offset, limit = self.page(call)
        return self.workshops.list(offset=offset, limit=limit, status=call.request.args.get("status"))

    @route("GET", "/workshops/{workshop_id}", auth=False, response=WorkshopView())
    def get_workshop(self, call: Call, workshop_id):
        """One workshop"""
        return self.workshops.get(workshop_id)
