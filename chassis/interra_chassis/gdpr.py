"""What every service needs for the rights of access and erasure (GDPR arts. 15 and 17), pure:
domain modules use it without the broker.

Helpers for exports, and `ErasureLog`, a Repository mixin recording that a member's erasure was
carried out (member id and time only), which `erasure_status` reports to the gateway. The
entrypoints built on them are the service mixin `interra_chassis.rights.MemberRights`.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interra_chassis.store import Database


def without_id(doc: dict | None) -> dict | None:
    return None if doc is None else {k: v for k, v in doc.items() if k != "_id"}


def exported(doc: dict, id_name: str) -> dict:
    """A stored document as plain data: its id, as a string, under `id_name`."""
    return {id_name: str(doc["_id"]), **without_id(doc)}


def erasure_status(service: str, erasure: dict | None) -> dict:
    """How far a member's erasure went here: erased only once the erasure is recorded."""
    return {"service": service, "erased": erasure is not None, "at": erasure["at"] if erasure else None}


class ErasureLog:
    """Repository mixin: the erasures this service carried out."""

    db: "Database"  # given by the Repository it is mixed into

    def record_erasure(self, member_id: str, at: str) -> None:
        """The erasure is done: keep its time (the first one, if redone)."""
        self.db.erasures.update_one({"_id": member_id}, {"$setOnInsert": {"at": at}}, upsert=True)

    def erasure(self, member_id: str) -> dict | None:
        return self.db.erasures.find_one({"_id": member_id})
