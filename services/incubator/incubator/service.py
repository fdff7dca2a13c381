"""The incubator service (InterLab): members apply to be accompanied with their business project."""

import uuid
from datetime import UTC, datetime

from nameko.rpc import rpc

from incubator import domain
from incubator.store import IncubatorStore
from interra_chassis.errors import EXPECTED, Invalid, NotFound
from interra_chassis.gdpr import erasure_status
from interra_chassis.handling import FollowsMembers, handle_event
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import check_member_id, load
from interra_contracts import Event
from interra_contracts.api.incubator import ApplicationView, Apply, ListApplications


class IncubatorService(FollowsMembers, InterraService):
    name = "incubator"
    store: IncubatorStore = Store(IncubatorStore)

    @handle_event("members", "MemberErased")
    def on_member_erased(self, event: Event) -> None:
        """Right to erasure: forget the member and delete their applications. Idempotent."""
        member_id = event.data["member_id"]
        self.store.erase_member(member_id)
        self.store.record_erasure(member_id, datetime.now(UTC).isoformat())

    @rpc(expected_exceptions=EXPECTED)
    def export_member(self, member_id: str) -> dict:
        """Everything this service holds about a member (right of access); empty if it knows none."""
        check_member_id(member_id)
        return domain.member_export(self.store.member(member_id), self.store.applications_of(member_id))

    @rpc(expected_exceptions=EXPECTED)
    def erasure_status(self, member_id: str) -> dict:
        """Whether this service has erased the member, and when."""
        check_member_id(member_id)
        return erasure_status(self.name, self.store.erasure(member_id))

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
        application = self.store.get(application_id) if isinstance(application_id, str) else None
        if application is None:
            raise NotFound(f"no application {application_id!r}")
        return ApplicationView().dump(application)

    @rpc(expected_exceptions=EXPECTED)
    def list_applications(
        self, member_id: str | None = None, offset: int = 0, limit: int = domain.DEFAULT_LIMIT
    ) -> dict:
        """Applications newest first, a page at a time (at most MAX_LIMIT a page)."""
        query = load(ListApplications(), {"member_id": member_id, "offset": offset, "limit": limit}, "query")
        limit = domain.page_limit(query["limit"])
        items, total = self.store.page(query["offset"], limit, query["member_id"])
        return {
            "items": ApplicationView(many=True).dump(items),
            "total": total,
            "offset": query["offset"],
            "limit": limit,
        }
