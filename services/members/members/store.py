"""The members' own database: the only place names, e-mail addresses, phones and passwords are kept."""

import pymongo
from pymongo.errors import DuplicateKeyError

from interra_chassis.errors import Conflict
from interra_chassis.store import Repository


class MemberStore(Repository):
    outbox_collections = ("members",)

    @classmethod
    def ensure_indexes(cls, db):
        db.members.create_index([("email", pymongo.ASCENDING)], unique=True, sparse=True)
        db.members.create_index([("phone_key", pymongo.ASCENDING)], unique=True, sparse=True)
        db.staff.create_index([("email", pymongo.ASCENDING)], unique=True)

    def add(self, member: dict, public: dict) -> None:
        """Insert the member and its MemberRegistered event in one write."""
        try:
            self.insert_with_events("members", member, [("MemberRegistered", public)])
        except DuplicateKeyError as exc:
            field = "phone" if "phone_key" in str(exc) else "email"
            raise Conflict(f"a member with this {field} already exists", {field: ["already registered"]}) from None

    def get(self, member_id: str) -> dict | None:
        return self.find_one("members", {"_id": member_id, "erased": {"$ne": True}})

    def find_login(self, key: str, value: str) -> dict | None:
        return self.find_one("members", {key: value, "erased": {"$ne": True}})

    def update(self, member_id: str, changes: dict, public_changes: dict) -> dict | None:
        events = [("MemberProfileUpdated", {"member_id": member_id, **public_changes})] if public_changes else []
        update = {"$set": {k: v for k, v in changes.items() if v is not None or k != "phone_key"}}
        if changes.get("phone_key", "") is None:  # sparse unique index: absent, never null
            update["$unset"] = {"phone_key": ""}
        try:
            return self.update_with_events("members", {"_id": member_id, "erased": {"$ne": True}}, update, events)
        except DuplicateKeyError:
            raise Conflict("a member with this phone already exists", {"phone": ["already registered"]}) from None

    def erase(self, member_id: str, at: str) -> bool:
        """Remove every personal field, keep the id and the date, record MemberErased: one write.
        (An update, not a replace, so events still waiting in the outbox are kept.)"""
        member = self.get(member_id)
        if member is None:
            return False
        personal = {name: "" for name in member if name != "_id"}
        doc = self.update_with_events(
            "members",
            {"_id": member_id, "erased": {"$ne": True}},
            {"$unset": personal, "$set": {"erased": True, "erased_at": at}},
            [("MemberErased", {"member_id": member_id})],
        )
        return doc is not None

    def erasure(self, member_id: str) -> dict | None:
        """The member's erasure as every service's ErasureLog records one ({_id, at}); here it is
        kept on the member's own tombstone, written with MemberErased in one update."""
        tombstone = self.db.members.find_one({"_id": member_id, "erased": True}, {"erased_at": 1})
        return None if tombstone is None else {"_id": member_id, "at": tombstone["erased_at"]}

    def add_staff(self, staff: dict) -> None:
        try:
            self.db.staff.insert_one(staff)
        except DuplicateKeyError:
            raise Conflict("a staff account with this e-mail exists", {"email": ["already registered"]}) from None

    def staff_by_email(self, email: str) -> dict | None:
        return self.db.staff.find_one({"email": email})

    def staff_accounts(self) -> list[dict]:
        """Every staff account, oldest first (without password hashes)."""
        by_age = [("created_at", pymongo.ASCENDING), ("_id", pymongo.ASCENDING)]
        return list(self.db.staff.find({}, {"password_hash": 0}, sort=by_age))

    def staff_version(self) -> int:
        """How many staff changes were made: read before checking a change against every account."""
        return (self.db.counters.find_one({"_id": "staff_changes"}) or {}).get("version", 0)

    def next_staff_version(self, version: int) -> bool:
        """Count one more staff change, if none came in since `version` was read (False: one did)."""
        try:  # the first change ever creates the counter: the upsert answers None, not the document before
            before = self.db.counters.find_one_and_update(
                {"_id": "staff_changes", "version": version}, {"$inc": {"version": 1}}, upsert=True
            )
        except DuplicateKeyError:  # no counter at `version`, and the upsert met the one another change made
            return False
        return before is not None or version == 0

    def change_staff(self, staff: dict, changes: dict) -> dict | None:
        """Change an account as it was read (None: it changed meanwhile)."""
        as_read = {"_id": staff["_id"], "roles": staff["roles"], "active": {"$ne": False}}
        if staff.get("active", True) is False:
            as_read["active"] = False
        return self.db.staff.find_one_and_update(
            as_read, {"$set": changes}, return_document=pymongo.ReturnDocument.AFTER
        )

    def first_names(self, member_ids: list[str]) -> dict[str, str]:
        """The first names of these members who exist and are not erased, by id."""
        found = self.db.members.find({"_id": {"$in": member_ids}, "erased": {"$ne": True}}, {"first_name": 1})
        return {m["_id"]: m.get("first_name") for m in found}
