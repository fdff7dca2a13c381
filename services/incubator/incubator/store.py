"""The incubator's own database: applications, what this service knows of members (no personal data),
and the erasures it carried out (member id and time only)."""

import pymongo
from pymongo.errors import DuplicateKeyError

from incubator import domain
from interra_chassis.errors import Conflict
from interra_chassis.gdpr import ErasureLog
from interra_chassis.store import KnownMembers, Repository, index_newest_first


class IncubatorStore(KnownMembers, ErasureLog, Repository):
    member_fields = domain.MEMBER_FIELDS
    outbox_collections = ("applications",)

    @classmethod
    def ensure_indexes(cls, db):
        # One open application per member, whatever the number of concurrent requests.
        db.applications.create_index(
            [("member_id", pymongo.ASCENDING)],
            unique=True,
            partialFilterExpression={"open": True},
            name="one_open_application_per_member",
        )
        index_newest_first(db.applications, "member_id")

    def add(self, application: dict, event: dict) -> None:
        """Insert the application and its EntrepreneurApplied event in one write."""
        try:
            self.insert_with_events("applications", application, [("EntrepreneurApplied", event)])
        except DuplicateKeyError:
            raise Conflict(
                "this member already has an open application",
                {"member_id": ["already has an open application"]},
            ) from None

    def get(self, application_id: str) -> dict:
        """The application, or NotFound."""
        return self.by_id("applications", application_id, "application")

    def page(self, offset: int, limit: int, member_id: str | None = None) -> tuple[list[dict], int]:
        """One page of applications (of one member, if given), newest first, and how many in all."""
        return self.newest_first_page("applications", offset, limit, member_id=member_id)

    def applications_of(self, member_id: str) -> list[dict]:
        return self.newest_first("applications", {"member_id": member_id})

    def erase_member(self, member_id: str) -> None:
        """Erasure: the member leaves a tombstone in the read model; their applications go.
        Safe to run again."""
        self.forget_member(member_id)
        self.db.applications.delete_many({"member_id": member_id})
