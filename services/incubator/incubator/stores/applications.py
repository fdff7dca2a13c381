"""Calls and applications: one application per member and call (a unique index), admissions within
the call's places (a conditional counter), every move conditional on the status it leaves."""

import pymongo
from pymongo.errors import DuplicateKeyError

from interra_chassis.errors import Conflict
from interra_chassis.store import Repository, index_newest_first

ANONYMOUS_PROJECT = ("sector", "stage", "needs", "team_size", "newcomer_founders")
"""What an erased applicant's project keeps: categories that figures count, never free text."""


class ApplicationStore(Repository):
    @classmethod
    def ensure_indexes(cls, db):
        super().ensure_indexes(db)
        db.calls.create_index("cohort", unique=True, name="one_call_per_cohort")
        # One application per member and call, whatever the number of concurrent requests (a
        # withdrawn one does not count: its member may apply again).
        db.applications.create_index(
            [("call_id", pymongo.ASCENDING), ("member_id", pymongo.ASCENDING)],
            unique=True,
            partialFilterExpression={"counts": True},
            name="one_application_per_member_and_call",
        )
        index_newest_first(db.applications, "member_id", "call_id", "status")

    # --- calls --------------------------------------------------------------------------------------

    def add_call(self, call: dict) -> None:
        try:
            self.db.calls.insert_one(call)
        except DuplicateKeyError:
            raise Conflict(
                f"a call for cohort {call['cohort']!r} exists", {"cohort": ["a call for this cohort exists"]}
            ) from None

    def call(self, call_id: str) -> dict:
        return self.by_id("calls", call_id, "call")

    def call_or_none(self, call_id) -> dict | None:
        return self.find_one("calls", {"_id": call_id}) if isinstance(call_id, str) else None

    def calls_page(self, offset: int, limit: int, open_on: str | None) -> tuple[list[dict], int]:
        query = {"opens_on": {"$lte": open_on}, "closes_on": {"$gte": open_on}} if open_on else {}
        items = list(self.find("calls", query, sort=[("opens_on", -1)], skip=offset, limit=limit))
        return items, self.db.calls.count_documents(query)

    def take_place(self, call_id: str) -> bool:
        """One more admitted in the call, if a place is left (atomic: two coordinators admitting at once
        never exceed the places)."""
        taken = self.db.calls.update_one(
            {"_id": call_id, "places_left": {"$gt": 0}}, {"$inc": {"places_left": -1, "admitted": 1}}
        )
        return taken.modified_count == 1

    def give_place_back(self, call_id: str) -> None:
        self.db.calls.update_one({"_id": call_id, "admitted": {"$gt": 0}}, {"$inc": {"places_left": 1, "admitted": -1}})

    # --- applications -------------------------------------------------------------------------------

    def add_application(self, application: dict, events: list[tuple[str, dict]]) -> None:
        """Insert the application (with EntrepreneurApplied when submitted) in one write."""
        try:
            self.insert_with_events("applications", application, events)
        except DuplicateKeyError:
            raise Conflict(
                "this member has already applied to this call",
                {"call_id": ["already applied to this cohort (withdraw first to apply again)"]},
            ) from None

    def application(self, application_id: str) -> dict:
        return self.by_id("applications", application_id, "application")

    def save_application(self, before: dict, after: dict, events: list[tuple[str, dict]], push=None) -> dict | None:
        """Write `after` over the application if it is still in `before`'s status (None: it moved
        meanwhile). `push` appends to lists (history) without rewriting them."""
        fields = {k: v for k, v in after.items() if k not in ("_id", "history", "allowed_moves")}
        update = {"$set": fields, **({"$push": push} if push else {})}
        return self.update_with_events(
            "applications", {"_id": before["_id"], "status": before["status"]}, update, events
        )

    def applications_page(self, offset: int, limit: int, **equal) -> tuple[list[dict], int]:
        return self.newest_first_page("applications", offset, limit, **equal)

    def applications_of(self, member_id: str) -> list[dict]:
        return self.newest_first("applications", {"member_id": member_id})

    def applications_in(self, call_id: str, statuses: tuple[str, ...] | None = None) -> list[dict]:
        query = {"call_id": call_id, **({"status": {"$in": list(statuses)}} if statuses else {})}
        return list(self.find("applications", query, sort=[("created_at", 1)]))

    def erase_member(self, member_id: str) -> None:
        """Erasure: the member leaves a tombstone in the read model; their applications stay for the
        counts, anonymised (no member, no answers, no free text of the project), and one still under
        review is withdrawn (nobody is left to admit). Safe to run again."""
        self.forget_member(member_id)
        for application in self.find("applications", {"member_id": member_id}):
            project = {k: v for k, v in (application.get("project") or {}).items() if k in ANONYMOUS_PROJECT}
            status = application["status"] if application["status"] in ("admitted", "declined") else "withdrawn"
            self.db.applications.update_one(
                {"_id": application["_id"]},
                {"$set": {"member_id": None, "answers": {}, "project": project, "more_info": None, "erased": True,
                          "status": status},
                 "$unset": {"counts": ""}},
            )  # fmt: skip
