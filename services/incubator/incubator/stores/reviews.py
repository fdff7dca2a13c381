"""Reviews of applications: one review per application and reviewer (a unique index; an erased
member's review keeps its scores without its reviewer, outside the index), every change conditional on
what the reviewer saw (not yet submitted, submitted, no conflict declared). Reviews carry no events."""

import pymongo
from pymongo.errors import DuplicateKeyError

from interra_chassis.errors import Conflict
from interra_chassis.store import Repository, index_newest_first


class ReviewStore(Repository):
    """Repository mixin (IncubatorStore): the `reviews` collection (an assignment and its review)."""

    @classmethod
    def ensure_indexes(cls, db):
        super().ensure_indexes(db)
        # One review per application and reviewer, whatever the number of concurrent assignments; an
        # erased member's review (reviewer null) stays out of the index so that several may remain.
        db.reviews.create_index(
            [("application_id", pymongo.ASCENDING), ("reviewer", pymongo.ASCENDING)],
            unique=True,
            partialFilterExpression={"reviewer": {"$type": "string"}},
            name="one_review_per_application_and_reviewer",
        )
        db.reviews.create_index("call_id")
        index_newest_first(db.reviews, "reviewer")

    def add_assignment(self, assignment: dict) -> None:
        try:
            self.db.reviews.insert_one(assignment)
        except DuplicateKeyError:
            raise Conflict(
                f"{assignment['reviewer']} already reviews this application",
                {"reviewer": ["already assigned to this application"]},
            ) from None

    def remove_assignment(self, application_id: str, reviewer: str) -> bool:
        """Unassign, unless the review is submitted (atomic: a submission at the same moment wins)."""
        removed = self.db.reviews.delete_one(
            {"application_id": application_id, "reviewer": reviewer, "submitted_at": None}
        )
        return removed.deleted_count == 1

    def review(self, application_id: str, reviewer: str) -> dict | None:
        """One reviewer's assignment to an application (None: not assigned)."""
        if not isinstance(reviewer, str):
            return None
        return self.find_one("reviews", {"application_id": application_id, "reviewer": reviewer})

    def reviews_of(self, application_id: str) -> list[dict]:
        """Every assignment of an application, in the order they were made."""
        return list(self.find("reviews", {"application_id": application_id}, sort=[("created_at", 1), ("_id", 1)]))

    def reviews_in(self, call_id: str) -> list[dict]:
        return list(self.find("reviews", {"call_id": call_id}, sort=[("created_at", 1), ("_id", 1)]))

    def submitted_review_count(self, application_id: str) -> int:
        """The reviews that count for the prerequisite two_reviews: submitted, without a conflict."""
        return self.db.reviews.count_documents(
            {"application_id": application_id, "submitted_at": {"$ne": None}, "conflict": False}
        )

    def save_review(self, review: dict, fields: dict) -> dict | None:
        """Write a submission or an amendment, if the review is still as the reviewer found it
        (submitted or not, no conflict declared meanwhile); None otherwise."""
        return self.db.reviews.find_one_and_update(
            {"_id": review["_id"], "submitted_at": review["submitted_at"], "conflict": False},
            {"$set": fields},
            return_document=pymongo.ReturnDocument.AFTER,
        )

    def declare_conflict(self, review: dict, note: str | None, at: str) -> dict | None:
        """The reviewer takes no further part: their review, if submitted, no longer counts and is
        emptied (atomic: only once, whatever the number of concurrent requests)."""
        return self.db.reviews.find_one_and_update(
            {"_id": review["_id"], "conflict": False},
            {"$set": {"conflict": True, "conflict_note": note, "conflict_at": at, "scores": None, "comment": None,
                      "recommendation": None, "submitted_at": None, "amended_at": None}},
            return_document=pymongo.ReturnDocument.AFTER,
        )  # fmt: skip

    def review_queue(self, reviewer: str, offset: int, limit: int) -> tuple[list[dict], int]:
        return self.newest_first_page("reviews", offset, limit, reviewer=reviewer)

    def statuses_of(self, application_ids: list[str]) -> dict[str, str]:
        """The status of each of these applications, by id."""
        found = self.db.applications.find({"_id": {"$in": application_ids}}, {"status": 1})
        return {application["_id"]: application["status"] for application in found}

    def set_waitlist_rank(self, application_id: str, rank: int) -> None:
        """A waitlisted application's new place on its call's waitlist (after a new decision)."""
        self.db.applications.update_one(
            {"_id": application_id, "status": "waitlisted"}, {"$set": {"waitlist_rank": rank}}
        )

    def reviews_by(self, reviewer: str) -> list[dict]:
        return self.newest_first("reviews", {"reviewer": reviewer})

    def erase_member(self, member_id: str) -> None:
        """Erasure, before the applications' own (which unlinks the applications from the member):
        reviews BY the member lose their reviewer, their comment and conflict note (the scores stay
        for the ranking; an assignment not yet reviewed goes); reviews OF the member's applications
        lose their comments and conflict notes. Safe to run again."""
        reviewer = f"member:{member_id}"
        self.db.reviews.delete_many({"reviewer": reviewer, "submitted_at": None})
        self.db.reviews.update_many(
            {"reviewer": reviewer},
            {"$set": {"reviewer": None, "comment": None, "conflict_note": None, "erased": True}},
        )
        applications = [application["_id"] for application in self.find("applications", {"member_id": member_id})]
        if applications:
            self.db.reviews.update_many(
                {"application_id": {"$in": applications}}, {"$set": {"comment": None, "conflict_note": None}}
            )
        super().erase_member(member_id)
