"""The rights of access and erasure (GDPR arts. 15 and 17) as entrypoints, the same in every service:
the service mixin `MemberRights`."""

from datetime import UTC, datetime

from interra_chassis.errors import EXPECTED
from interra_chassis.gdpr import ErasureLog, erasure_status
from interra_chassis.handling import handle_event
from interra_chassis.rpc import rpc
from interra_chassis.validation import check_member_id


class MemberRights:
    """Service mixin: a member's rights of access and erasure, the same way in every service.

    The service provides two hooks:
    - `export_of(member_id) -> dict`: everything it holds about the member, as plain data (an
      empty export for a member it does not know);
    - `erase_member(member_id) -> None`: forget the member; safe to run again (MemberErased is
      delivered at least once). By default its store's `erase_member`.
    The mixin checks the member id, records the erasure once the hook is done, and answers
    `erasure_status` from that record (the gateway polls it until every service is done).
    """

    name: str  # the service's name, as InterraService declares it
    store: ErasureLog  # the service's Store(...) of an ErasureLog repository (with erase_member, by default)

    def export_of(self, member_id: str) -> dict:
        raise NotImplementedError(f"{type(self).__name__} must say what it exports of a member")

    def erase_member(self, member_id: str) -> None:
        self.store.erase_member(member_id)

    @rpc(expected_exceptions=EXPECTED)
    def export_member(self, member_id: str) -> dict:
        """Everything this service holds about a member (right of access); empty if it knows none."""
        check_member_id(member_id)
        return self.export_of(member_id)

    @rpc(expected_exceptions=EXPECTED)
    def erasure_status(self, member_id: str) -> dict:
        """Whether this service has erased the member, and when."""
        check_member_id(member_id)
        return erasure_status(self.name, self.store.erasure(member_id))

    @handle_event("members", "MemberErased")
    def on_member_erased(self, event) -> None:
        """Right to erasure: the service's own erasure, then its record (so that erasure_status
        says erased only once it is done). Idempotent."""
        member_id = event.data["member_id"]
        self.erase_member(member_id)
        self.store.record_erasure(member_id, datetime.now(UTC).isoformat())
