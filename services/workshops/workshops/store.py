"""The workshops' own database: workshops, what this service knows of members (no personal data),
and the erasures it carried out (member id and time only)."""

from interra_chassis.gdpr import ErasureLog
from interra_chassis.store import KnownMembers, Repository, index_newest_first
from workshops import domain


class WorkshopStore(KnownMembers, ErasureLog, Repository):
    member_fields = domain.MEMBER_FIELDS
    outbox_collections = ("workshops",)

    @classmethod
    def ensure_indexes(cls, db):
        index_newest_first(db.workshops, "status", "proposer_id")

    def add(self, workshop: dict, event: dict) -> None:
        """Insert the workshop and its WorkshopProposed event in one write."""
        self.insert_with_events("workshops", workshop, [("WorkshopProposed", event)])

    def get(self, workshop_id: str) -> dict:
        """The workshop, or NotFound."""
        return self.by_id("workshops", workshop_id, "workshop")

    def page(self, offset: int, limit: int, status: str | None = None) -> tuple[list[dict], int]:
        """One page of workshops (of one status, if given), newest first, and how many in all."""
        return self.newest_first_page("workshops", offset, limit, status=status)

    def proposed_by(self, member_id: str) -> list[dict]:
        return self.newest_first("workshops", {"proposer_id": member_id})

    def erase_member(self, member_id: str) -> None:
        """Erasure: the member leaves a tombstone in the read model; the workshops they proposed
        stay (public programme content) without their proposer. Safe to run again."""
        self.forget_member(member_id)
        self.db.workshops.update_many(
            {"proposer_id": member_id}, {"$set": {"proposer_id": None, "proposer_erased": True}}
        )
