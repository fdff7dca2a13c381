"""InterLab mentoring, the store's part: the mentor pool (`mentors`, _id = member id), mentorships,
their sessions (with the evaluations of each, one per person) and safeguarding reports.

Invariants, whatever the number of concurrent requests or service instances:
- one mentorship proposed or active per project: a partial unique index on `project_id` where `live`;
- a mentor never holds more than their capacity: a proposal takes a place by a conditional write on
  the mentor (`free` > 0, the mentorship's id pushed on `holds`), and gives it back once (only while
  `holds` has that id); a capacity change is conditional on the places it computed from;
- no proposal of a suspended or departed mentor, and no acceptance either: the conditions are in the
  writes (`reports_pending` empty, `in_pool`);
- each status move is conditional on the status it leaves, with its events in the same write;
- one evaluation per person and session (conditional on `evaluated_by` not holding them);
- one inactivity nudge per silence and period (conditional on the mark).
"""

import time
from datetime import UTC, datetime

import pymongo
from pymongo.errors import DuplicateKeyError

from incubator import mentorships as rules
from interra_chassis.store import OUTBOX, Repository, index_newest_first

NEWEST_PROPOSED = [("proposed_at", pymongo.DESCENDING), ("_id", pymongo.DESCENDING)]


class MentoringStore(Repository):
    """Repository mixin (IncubatorStore)."""

    @classmethod
    def ensure_indexes(cls, db):
        super().ensure_indexes(db)
        db.mentorships.create_index(
            "project_id", unique=True, partialFilterExpression={"live": True}, name="one_live_mentorship_per_project"
        )
        for field in ("mentor_id", "entrepreneur_id", "call_id", "cohort", "status"):
            db.mentorships.create_index([(field, pymongo.ASCENDING), *NEWEST_PROPOSED])
        db.mentorships.create_index(NEWEST_PROPOSED)
        db.mentoring_sessions.create_index([("mentorship_id", pymongo.ASCENDING), ("held_on", pymongo.ASCENDING)])
        db.mentoring_sessions.create_index("cohort")
        db.mentoring_sessions.create_index("logged_by")
        index_newest_first(db.safeguarding_reports, "status", "mentor_id", "reporter_id")
        db.mentors.create_index("in_pool")

    # --- the mentor pool ------------------------------------------------------------------------------

    def mentor(self, member_id) -> dict | None:
        return self.find_one("mentors", {"_id": member_id}) if isinstance(member_id, str) else None

    def add_mentor(self, mentor: dict) -> bool:
        """A first profile (False: the member joined meanwhile)."""
        try:
            self.db.mentors.insert_one(mentor)
        except DuplicateKeyError:
            return False
        return True

    def update_mentor(self, before: dict, changes: dict) -> dict | None:
        """The profile changed, back in the pool, and `free` recomputed from the new capacity, if the
        mentor's places and capacity are still those `before` saw (None: they changed meanwhile)."""
        held = len(before["holds"])
        return self.db.mentors.find_one_and_update(
            {"_id": before["_id"], "free": before["free"], "capacity": before["capacity"], "removed": False},
            {"$set": {**changes, "free": changes["capacity"] - held, "in_pool": True}},
            return_document=pymongo.ReturnDocument.AFTER,
        )

    def leave_pool(self, member_id: str, at: str) -> dict | None:
        return self.db.mentors.find_one_and_update(
            {"_id": member_id},
            {"$set": {"in_pool": False, "updated_at": at}},
            return_document=pymongo.ReturnDocument.AFTER,
        )

    def mentors_page(self, offset: int, limit: int, in_pool: bool | None) -> tuple[list[dict], int]:
        query = {} if in_pool is None else {"in_pool": in_pool}
        items = list(self.find("mentors", query, sort=[("joined_at", -1), ("_id", -1)], skip=offset, limit=limit))
        return items, self.db.mentors.count_documents(query)

    def mentor_pool(self) -> list[dict]:
        """Mentors who may take a new mentee now (in the pool, a place free, no report pending)."""
        query = {"in_pool": True, "removed": False, "free": {"$gt": 0}, "reports_pending.0": {"$exists": False}}
        return list(self.find("mentors", query, sort=[("_id", 1)]))

    def take_mentor_place(self, mentor_id: str, mentorship_id: str) -> bool:
        """A proposal holds one of the mentor's places, if one is free and they may be proposed (atomic)."""
        taken = self.db.mentors.update_one(
            {"_id": mentor_id, "in_pool": True, "removed": False, "free": {"$gt": 0},
             "reports_pending.0": {"$exists": False}, "holds": {"$ne": mentorship_id}},
            {"$inc": {"free": -1}, "$push": {"holds": mentorship_id}},
        )  # fmt: skip
        return taken.modified_count == 1

    def give_mentor_place_back(self, mentor_id: str, mentorship_id: str) -> None:
        """The place a mentorship held, back to its mentor once (safe to repeat)."""
        self.db.mentors.update_one(
            {"_id": mentor_id, "holds": mentorship_id}, {"$inc": {"free": 1}, "$pull": {"holds": mentorship_id}}
        )

    def give_owed_mentor_places_back(self) -> int:
        """Places still held by mentorships that no longer live (a crash between their two writes): back."""
        returned = 0
        for mentor in self.find("mentors", {"holds.0": {"$exists": True}}):
            for done in self.find("mentorships", {"_id": {"$in": mentor["holds"]}, "live": {"$ne": True}}):
                self.give_mentor_place_back(mentor["_id"], done["_id"])
                returned += 1
        return returned

    # --- mentorships ----------------------------------------------------------------------------------

    def take_mentor_matching_lease(self, call_id: str, holder: str, seconds: float) -> bool:
        """One matching run per call at a time across instances (a lease that expires if its holder dies)."""
        now = time.time()
        try:
            self.db.mentor_matching.find_one_and_update(
                {"_id": call_id, "$or": [{"until": {"$lt": now}}, {"holder": holder}]},
                {"$set": {"holder": holder, "until": now + seconds}},
                upsert=True,
            )
        except DuplicateKeyError:  # held by another run
            return False
        return True

    def release_mentor_matching_lease(self, call_id: str, holder: str) -> None:
        self.db.mentor_matching.update_one({"_id": call_id, "holder": holder}, {"$set": {"until": 0.0}})

    def projects_with_live_mentorship(self, project_ids: list[str]) -> set[str]:
        query = {"project_id": {"$in": project_ids}, "live": True}
        return {m["project_id"] for m in self.db.mentorships.find(query, {"project_id": 1})}

    def mentorships_between(self, member_ids: list[str], mentor_ids: list[str]) -> list[dict]:
        """The mentorships of these entrepreneurs with these mentors (to bar the pairs that ended)."""
        query = {"entrepreneur_id": {"$in": member_ids}, "mentor_id": {"$in": mentor_ids}}
        return list(self.find("mentorships", query))

    def propose_mentorship(self, mentorship: dict) -> bool:
        """A proposal: the mentor's place first, then the mentorship (False: no place left, or the
        project got a mentorship meanwhile; the place is given back)."""
        if not self.take_mentor_place(mentorship["mentor_id"], mentorship["_id"]):
            return False
        try:
            self.insert_with_events("mentorships", mentorship, [])
        except DuplicateKeyError:
            self.give_mentor_place_back(mentorship["mentor_id"], mentorship["_id"])
            return False
        return True

    def mentorship(self, mentorship_id: str) -> dict:
        return self.by_id("mentorships", mentorship_id, "mentorship")

    def move_mentorship(self, before: dict, changes: dict, history: dict, events: list, unsuspended=False):
        """Write the move if the mentorship is still in `before`'s status (None: it moved meanwhile, or
        `unsuspended` and a report about its mentor is pending); `live` goes when the status is no longer
        proposed or active, and so does the mentor's place (given back)."""
        update = {"$set": changes, "$push": {"history": history}}
        if "live" not in changes:
            update["$unset"] = {"live": ""}
        query = {"_id": before["_id"], "status": before["status"]}
        if unsuspended:
            query["reports_pending.0"] = {"$exists": False}
        after = self.update_with_events("mentorships", query, update, events, projection={OUTBOX: 0})
        if after is not None and "live" not in changes:
            self.give_mentor_place_back(after["mentor_id"], after["_id"])
        return after

    def mentor_available(self, mentor_id: str) -> bool:
        """In the pool with no report pending (accepting a proposal asks; the write itself is conditional
        on the proposal's own `reports_pending`, which a report fills)."""
        query = {"_id": mentor_id, "in_pool": True, "removed": False, "reports_pending.0": {"$exists": False}}
        return self.db.mentors.count_documents(query) == 1

    def mentorships_page(
        self, offset: int, limit: int, member_id: str | None = None, **equal
    ) -> tuple[list[dict], int]:
        """A page, newest proposal first: all (coordinators), or a member's that began (either side)."""
        query = {name: value for name, value in equal.items() if value is not None}
        if member_id is not None:
            if query.get("status", rules.BEGUN[0]) not in rules.BEGUN:
                return [], 0
            query["$or"] = [{"mentor_id": member_id}, {"entrepreneur_id": member_id}]
            query.setdefault("status", {"$in": list(rules.BEGUN)})
        items = list(self.find("mentorships", query, sort=NEWEST_PROPOSED, skip=offset, limit=limit))
        return items, self.db.mentorships.count_documents(query)

    def mentorships_of(self, member_id: str) -> list[dict]:
        query = {"$or": [{"mentor_id": member_id}, {"entrepreneur_id": member_id}]}
        return list(self.find("mentorships", query, sort=NEWEST_PROPOSED))

    def active_mentorships(self, **equal) -> list[dict]:
        return list(self.find("mentorships", {"status": "active", **equal}, sort=[("_id", 1)]))

    def proposals_of(self, mentor_id: str) -> list[dict]:
        return list(self.find("mentorships", {"status": "proposed", "mentor_id": mentor_id}, sort=[("_id", 1)]))

    def removed_mentors_with_live_mentorships(self) -> list[str]:
        removed = [m["_id"] for m in self.db.mentors.find({"removed": True}, {"_id": 1})]
        if not removed:
            return []
        return sorted({m["mentor_id"] for m in self.find("mentorships", {"mentor_id": {"$in": removed}, "live": True})})

    def flagged_mentorships(self) -> list[dict]:
        query = {"status": "active", "inactive_weeks": {"$gt": 0}}
        return list(self.find("mentorships", query, sort=[("last_activity_on", 1), ("_id", 1)]))

    def note_mentorship_inactivity(self, mentorship: dict, weeks: int, mark: str) -> bool:
        """A nudge for this silence and period, once (conditional on the mark and on the last activity
        the check saw), with MentorshipInactive; the mentorship is flagged until a session is logged."""
        doc = self.update_with_events(
            "mentorships",
            {"_id": mentorship["_id"], "status": "active", "last_activity_on": mentorship["last_activity_on"],
             "nudged": {"$ne": mark}},
            {"$set": {"nudged": mark, "inactive_weeks": weeks}},
            [("MentorshipInactive", rules.inactive_event(mentorship, weeks))],
        )  # fmt: skip
        return doc is not None

    # --- sessions -------------------------------------------------------------------------------------

    def log_mentoring_session(self, session: dict, events: list) -> None:
        """The session and its event in one write; the mentorship's last activity moves on and its
        inactivity flag goes."""
        self.insert_with_events("mentoring_sessions", session, events)
        self.db.mentorships.update_one(
            {"_id": session["mentorship_id"]},
            {"$max": {"last_activity_on": session["held_on"]}, "$unset": {"inactive_weeks": ""}},
        )

    def mentoring_session(self, session_id: str) -> dict:
        return self.by_id("mentoring_sessions", session_id, "session")

    def mentoring_sessions_of(self, mentorship_ids: list[str]) -> list[dict]:
        query = {"mentorship_id": {"$in": mentorship_ids}}
        return list(self.find("mentoring_sessions", query, sort=[("held_on", 1), ("created_at", 1)]))

    def add_mentoring_evaluation(self, session: dict, evaluation: dict, events: list) -> bool:
        """The member's evaluation of the session, once (False: they evaluated it already)."""
        evaluator_id = evaluation["evaluator_id"]
        doc = self.update_with_events(
            "mentoring_sessions",
            {"_id": session["_id"], "evaluated_by": {"$ne": evaluator_id}},
            {"$push": {"evaluations": evaluation, "evaluated_by": evaluator_id}},
            events,
        )
        return doc is not None

    # --- safeguarding ---------------------------------------------------------------------------------

    def add_safeguarding_report(self, report: dict, events: list) -> None:
        """The mentor and their proposals are suspended first (the safe order: a crash leaves a
        suspension, never a report without one), then the report and SafeguardingReported in one write."""
        suspend = {"$addToSet": {"reports_pending": report["_id"]}}
        self.db.mentors.update_one({"_id": report["mentor_id"]}, suspend)
        self.db.mentorships.update_many({"mentor_id": report["mentor_id"], "status": "proposed"}, suspend)
        self.insert_with_events("safeguarding_reports", report, events)

    def safeguarding_report(self, report_id: str) -> dict:
        return self.by_id("safeguarding_reports", report_id, "safeguarding report")

    def safeguarding_reports_page(self, offset: int, limit: int, status: str) -> tuple[list[dict], int]:
        return self.newest_first_page("safeguarding_reports", offset, limit, status=status)

    def handle_safeguarding_report_outcome(self, report: dict, outcome: str, note: str, at: str) -> dict | None:
        """The outcome, once (None: handled meanwhile); the report no longer suspends its mentor; upheld,
        the mentor leaves the pool for good."""
        handled = self.db.safeguarding_reports.find_one_and_update(
            {"_id": report["_id"], "status": "pending"},
            {"$set": {"status": outcome, "outcome_note": note, "handled_at": at}},
            projection={OUTBOX: 0},
            return_document=pymongo.ReturnDocument.AFTER,
        )
        if handled is None:
            return None
        removal = {"in_pool": False, "removed": True, "updated_at": at} if outcome == "upheld" else {}
        lift = {"$pull": {"reports_pending": report["_id"]}}
        self.db.mentors.update_one({"_id": report["mentor_id"]}, {**lift, **({"$set": removal} if removal else {})})
        self.db.mentorships.update_many({"mentor_id": report["mentor_id"], "reports_pending": report["_id"]}, lift)
        return handled

    # --- the member's rights --------------------------------------------------------------------------

    def mentoring_export(self, member_id: str) -> dict:
        mentorships = self.mentorships_of(member_id)
        reports = list(self.find("safeguarding_reports", {"reporter_id": member_id}, sort=[("created_at", 1)]))
        about = list(self.find("safeguarding_reports", {"mentor_id": member_id}, sort=[("created_at", 1)]))
        sessions = self.mentoring_sessions_of([m["_id"] for m in mentorships])
        return rules.member_export(self.mentor(member_id), mentorships, sessions, reports, about, member_id)

    def _end_live_mentorships_of_erased(self, member_id: str) -> None:
        """An erased member's proposals are rejected (availability) and their active mentorships end
        (member_erased, by their side) with MentorshipEnded naming them `erased`, so that the other side
        is told and the event names no erased member; the places go back. Their id is replaced last (see
        erase_member), so that a redelivery still finds what is theirs."""
        now = datetime.now(UTC)
        query = {"live": True, "$or": [{"mentor_id": member_id}, {"entrepreneur_id": member_id}]}
        for mentorship in self.find("mentorships", query):
            side = rules.side_of(mentorship, member_id)
            erased = {**mentorship, f"{side}_id": rules.ERASED}
            if mentorship["status"] == "proposed":
                changes, events = rules.rejected("availability"), []
                history = rules.history_entry("reject", "coordinator", now, "availability")
            else:
                changes = rules.ended("member_erased", side, now.date())
                events = [("MentorshipEnded", rules.ended_event(erased, side, "member_erased"))]
                history = rules.history_entry("end", side, now, "member_erased")
            self.move_mentorship(mentorship, changes, history, events)

    def erase_member(self, member_id: str) -> None:
        """Erasure, safe to run again: their live mentorships end (the other side is told); they leave the
        pool; what the pair wrote in their sessions, their evaluations and what reports by or about them
        say go; their id is replaced in mentorships, sessions and reports (last); dates, minutes and
        kinds stay for the figures."""
        super().erase_member(member_id)
        self._end_live_mentorships_of_erased(member_id)
        theirs = {"$or": [{"mentor_id": member_id}, {"entrepreneur_id": member_id}]}
        ids = [m["_id"] for m in self.db.mentorships.find(theirs, {"_id": 1})]
        self.db.mentors.delete_one({"_id": member_id})
        if ids:
            self.db.mentoring_sessions.update_many({"mentorship_id": {"$in": ids}}, {"$set": rules.ERASED_SESSION})
        self.db.mentoring_sessions.update_many({"logged_by": member_id}, {"$set": {"logged_by": rules.ERASED}})
        self.db.mentoring_sessions.update_many(
            {"evaluated_by": member_id},
            {"$pull": {"evaluations": {"evaluator_id": member_id}, "evaluated_by": member_id}},
        )
        for side in ("mentor_id", "entrepreneur_id"):
            self.db.mentorships.update_many({side: member_id}, {"$set": {side: rules.ERASED}})
        self.db.safeguarding_reports.update_many(
            {"reporter_id": member_id}, {"$set": {"reporter_id": rules.ERASED, "description": None}}
        )
        self.db.safeguarding_reports.update_many(
            {"mentor_id": member_id}, {"$set": {"mentor_id": rules.ERASED, "description": None, "outcome_note": None}}
        )
