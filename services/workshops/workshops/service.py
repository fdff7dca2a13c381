"""The workshops service (Ateliers): members propose workshops around a passion or a trade."""

import uuid
from datetime import UTC, datetime

from nameko.rpc import rpc

from interra_chassis.errors import EXPECTED, Invalid
from interra_chassis.handling import FollowsMembers
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rights import MemberRights
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import load
from interra_contracts.api.workshops import ListWorkshops, ProposeWorkshop, WorkshopView
from workshops import domain
from workshops.store import WorkshopStore


class WorkshopsService(MemberRights, FollowsMembers, InterraService):
    name = "workshops"
    store: WorkshopStore = Store(WorkshopStore)

    def export_of(self, member_id: str) -> dict:
        """What Ateliers holds about a member: the read model and the workshops they proposed.
        (Erasure: the store's erase_member; their workshops stay, anonymised.)"""
        return domain.member_export(self.store.member(member_id), self.store.proposed_by(member_id))

    @rpc(expected_exceptions=EXPECTED)
    def propose(self, payload: dict) -> dict:
        """A member proposes a workshop; publishes WorkshopProposed. Returns the workshop's view."""
        proposal = load(ProposeWorkshop(), payload, "workshop proposal")
        errors = domain.proposal_errors(proposal, self.store.member(proposal["proposer_id"]))
        if errors:
            raise Invalid("invalid workshop proposal", errors)
        workshop = domain.new_workshop(proposal, uuid.uuid4().hex, datetime.now(UTC))
        self.store.add(workshop, domain.proposed_event(workshop))
        return WorkshopView().dump(workshop)

    @rpc(expected_exceptions=EXPECTED)
    def get(self, workshop_id: str) -> dict:
        return WorkshopView().dump(self.store.get(workshop_id))

    @rpc(expected_exceptions=EXPECTED)
    def list(self, offset: int = 0, limit: int = DEFAULT_LIMIT, status: str | None = None) -> dict:
        """Workshops newest first, a page at a time (at most MAX_LIMIT a page)."""
        query = load(ListWorkshops(), {"offset": offset, "limit": limit, "status": status}, "query")
        limit = page_limit(query["limit"])
        items, total = self.store.page(query["offset"], limit, query["status"])
        return page(WorkshopView(many=True).dump(items), total, query["offset"], limit)
