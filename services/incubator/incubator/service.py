"""The incubator service (InterLab): members apply to be accompanied with their business project."""

import uuid
from datetime import UTC, datetime

from nameko.rpc import rpc

from incubator import domain
from incubator.store import IncubatorStore
from interra_chassis.errors import EXPECTED, Invalid
from interra_chassis.handling import FollowsMembers
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rights import MemberRights
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import load
from interra_contracts.api.incubator import ApplicationView, Apply, ListApplications


class IncubatorService(MemberRights, FollowsMembers, InterraService):
    name = "incubator"
    store: IncubatorStore = Store(IncubatorStore)

    def export_of(self, member_id: str) -> dict:
        """What InterLab holds about a member: the read model and their applications.
        (Erasure: the store's erase_member; their applications go.)"""
        return domain.member_export(self.store.member(member_id), self.store.applications_of(member_id))

    @rpc(expected_exceptions=EXPECTED)
    def apply(self, payload: dict) -> dict:
        """A member applies to InterLab; publishes EntrepreneurApplied. Returns the application's view."""
        request = load(Apply(), payload, "application")
        errors = domain.application_errors(request, self.store.member(request["member_id"]))
        if errors:
            raise Invalid("invalid application", errors)
        application = domain.new_application(request, uuid.uuid4().hex, datetime.now(UTC))
        self.store.add(application, domain.applied_event(application))
        return ApplicationView().dump(application)

    @rpc(expected_exceptions=EXPECTED)
    def get_application(self, application_id: str) -> dict:
        return ApplicationView().dump(self.store.get(application_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_applications(self, member_id: str | None = None, offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict:
        """Applications newest first, a page at a time (at most MAX_LIMIT a page)."""
        query = load(ListApplications(), {"member_id": member_id, "offset": offset, "limit": limit}, "query")
        limit = page_limit(query["limit"])
        items, total = self.store.page(query["offset"], limit, query["member_id"])
        return page(ApplicationView(many=True).dump(items), total, query["offset"], limit)
