"""InterLab follow-up and figures, the store's part: one follow-up per project and number of months (a
unique index: two instances or a rerun never ask twice), each written with its FollowUpRequested; an
answer once (a write conditional on the follow-up being pending), with its FollowUpAnswered; and the
reads the figures are computed from."""

import pymongo
from pymongo.errors import DuplicateKeyError

from interra_chassis.store import Repository


class FollowUpStore(Repository):
    """Repository mixin (IncubatorStore): the `follow_ups` collection (an outbox collection), and
    reads of calls, applications, projects and mentoring sessions for the figures."""

    @classmethod
    def ensure_indexes(cls, db):
        super().ensure_indexes(db)
        db.follow_ups.create_index(
            [("project_id", pymongo.ASCENDING), ("months", pymongo.ASCENDING)],
            unique=True,
            name="one_follow_up_per_project_and_months",
        )
        db.follow_ups.create_index([("member_id", pymongo.ASCENDING), ("due_on", pymongo.DESCENDING)])
        db.follow_ups.create_index([("cohort", pymongo.ASCENDING)])
        db.follow_ups.create_index([("due_on", pymongo.ASCENDING)])
        db.calls.create_index([("ends_on", pymongo.ASCENDING)])

    # --- asking -------------------------------------------------------------------------------------

    def calls_ended_between(self, first: str, last: str) -> list[dict]:
        """Calls whose cohort ended between two ISO days, both included."""
        return list(self.find("calls", {"ends_on": {"$gte": first, "$lte": last}}, sort=[("ends_on", 1)]))

    def projects_of_call(self, call_id: str) -> list[dict]:
        return list(self.find("projects", {"call_id": call_id}, sort=[("_id", 1)]))

    def projects_asked(self, call_id: str, months: int) -> set[str]:
        """The projects of a call already asked their `months` follow-up."""
        asked = self.db.follow_ups.find({"call_id": call_id, "months": months}, {"project_id": 1})
        return {follow_up["project_id"] for follow_up in asked}

    def add_follow_up(self, follow_up: dict, events: list[tuple[str, dict]]) -> bool:
        """Insert the follow-up with its FollowUpRequested in one write; False when that project was
        already asked for these months (by another instance, meanwhile)."""
        try:
            self.insert_with_events("follow_ups", follow_up, events)
        except DuplicateKeyError:
            return False
        return True

    # --- answering ----------------------------------------------------------------------------------

    def follow_up(self, follow_up_id: str) -> dict:
        return self.by_id("follow_ups", follow_up_id, "follow-up")

    def answer_follow_up(self, follow_up_id: str, member_id: str, fields: dict, events) -> dict | None:
        """Set the answer, with its events, if the follow-up is still pending and still the member's
        (None: answered, or the member erased, meanwhile)."""
        query = {"_id": follow_up_id, "member_id": member_id, "status": "pending"}
        return self.update_with_events("follow_ups", query, {"$set": fields}, events)

    def follow_ups_of(self, member_id: str) -> list[dict]:
        """A member's follow-ups, the latest due first."""
        return list(self.find("follow_ups", {"member_id": member_id}, sort=[("due_on", -1), ("months", -1)]))

    # --- figures ------------------------------------------------------------------------------------

    def call_of_cohort(self, cohort: str) -> dict | None:
        return self.find_one("calls", {"cohort": cohort})

    def cohort_records(self, cohort: str) -> dict:
        """What a cohort's figures are computed from."""
        return {
            "applications": list(self.find("applications", {"cohort": cohort})),
            "projects": list(self.find("projects", {"cohort": cohort})),
            "sessions": list(self.find("mentoring_sessions", {"cohort": cohort})),
            "follow_ups": list(self.find("follow_ups", {"cohort": cohort})),
        }

    def year_records(self, year: int) -> dict:
        """What a year's figures are computed from: each record that may fall in the year (the pure
        figures decide), and the applications of the projects (who their entrepreneurs are)."""
        first, after = f"{year:04d}", f"{year + 1:04d}"
        within = {"$gte": first, "$lt": after}
        projects = list(self.find("projects", {"admitted_at": {"$lt": after}}))
        applications = {
            a["_id"]: a
            for query in (
                {"submitted_at": within},
                {"status": "admitted"},
                {"_id": {"$in": [p.get("application_id") for p in projects]}},
            )
            for a in self.find("applications", query)
        }
        return {
            "calls": list(self.find("calls", {})),
            "applications": list(applications.values()),
            "projects": projects,
            "sessions": list(self.find("mentoring_sessions", {"held_on": within})),
            "follow_ups": list(self.find("follow_ups", {"due_on": within})),
        }

    # --- erasure ------------------------------------------------------------------------------------

    def erase_member(self, member_id: str) -> None:
        """Erasure: their follow-ups stay for the counts, unlinked from them (a pending one can no
        longer be answered). Safe to run again."""
        super().erase_member(member_id)
        self.db.follow_ups.update_many({"member_id": member_id}, {"$set": {"member_id": None, "erased": True}})
