"""The duo service's own database: a read model of members, requests, offers, duos, evaluations.

Invariants are enforced here, not by timing: one open learner request and one open offer per
member (unique sparse `open_key`), a volunteer slot is taken by a conditional $inc, a learner by a
conditional status change — safe with several duo instances on MongoDB.

Erasure ends the member's duos by a conditional status change that also marks the volunteer's
place owed; the place goes back in one write on the offer that records the duo it came from, so
neither a redelivery nor a crash between the two writes gives it back twice or loses it.
"""

import time
from datetime import UTC, datetime

import pymongo
from pymongo.errors import DuplicateKeyError

from duos.domain import (
    DUO_MOVES,
    ENDED_BY_ERASURE,
    ERASED,
    READ_MODEL_FIELDS,
    REQUEST_MOVES,
    STARTED,
    Move,
    ended_event,
    evaluated_event,
    inactive_event,
    invited_event,
    matched_event,
    requested_event,
    session_logged_event,
)
from interra_chassis.errors import Conflict
from interra_chassis.gdpr import ErasureLog
from interra_chassis.store import OUTBOX, KnownMembers, Repository


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _in(move: Move) -> dict:
    """The condition of a move's conditional write: the document is in one of its statuses."""
    return {"$in": list(move.sources)}


class DuoStore(KnownMembers, ErasureLog, Repository):
    member_fields = READ_MODEL_FIELDS
    outbox_collections = ("requests", "duos", "evaluations", "sessions")

    @classmethod
    def ensure_indexes(cls, db):
        db.requests.create_index("open_key", unique=True, sparse=True)
        db.requests.create_index([("region", pymongo.ASCENDING), ("status", pymongo.ASCENDING)])
        db.duos.create_index("learner_id")
        db.duos.create_index("volunteer_id")
        db.duos.create_index("slot_owed", sparse=True)
        db.requests.create_index("member_id")
        db.evaluations.create_index("evaluator_id")
        db.evaluations.create_index("duo_id")
        db.sessions.create_index("duo_id")
        db.duos.create_index("status")

    def stats(self) -> dict:
        requests = self.db.requests
        return {
            "members_known": self.db.members.count_documents({"erased": {"$ne": True}}),
            "waiting_learners": requests.count_documents({"side": "learner", "status": "waiting"}),
            "open_offers": requests.count_documents({"side": "volunteer", "remaining": {"$gt": 0}}),
            "active_duos": self.db.duos.count_documents({"status": "active"}),
        }

    # requests and offers
    def open_request(self, request: dict) -> dict:
        """A new request or offer with DuoRequested, unless the member has one of that side open."""
        try:
            self.insert_with_events("requests", request, [("DuoRequested", requested_event(request))])
        except DuplicateKeyError:
            what = "a duo request" if request["side"] == "learner" else "a volunteer offer"
            raise Conflict(f"this member already has {what} open", {"member_id": ["already open"]}) from None
        return request

    # matching
    def pool(self) -> tuple[list[dict], dict[str, dict]]:
        """What a matching round works on: waiting learner requests and open offers with a free
        place, and the read model of their members."""
        requests = list(
            self.find(
                "requests",
                {"$or": [{"side": "learner", "status": "waiting"},
                         {"side": "volunteer", "status": "open", "remaining": {"$gt": 0}}]},
            )
        )  # fmt: skip
        ids = list({request["member_id"] for request in requests})
        members = {doc["_id"]: doc for doc in self.db.members.find({"_id": {"$in": ids}, "erased": {"$ne": True}})}
        return requests, members

    def take_slot(self, offer_id: str) -> bool:
        """Take one place of an open offer's capacity, if one is left (atomic)."""
        return (
            self.db.requests.find_one_and_update(
                {"_id": offer_id, "status": "open", "remaining": {"$gt": 0}}, {"$inc": {"remaining": -1}}
            )
            is not None
        )

    def give_back_slot(self, offer_id: str) -> None:
        self.db.requests.update_one({"_id": offer_id}, {"$inc": {"remaining": 1}})

    def claim_learner(self, request_id: str, duo: dict) -> bool:
        """Take a waiting learner for this duo (atomic): matched, with DuoMatched in the same write,
        or proposed to staff when the duo awaits review."""
        if duo["status"] == "proposed":
            change = {"status": "proposed", "duo_id": duo["_id"]}
            return (
                self.db.requests.find_one_and_update({"_id": request_id, "status": "waiting"}, {"$set": change})
                is not None
            )
        doc = self.update_with_events(
            "requests",
            {"_id": request_id, "status": "waiting"},
            {"$set": {"status": "matched", "duo_id": duo["_id"], "matched_at": duo["created_at"]}},
            [("DuoMatched", matched_event(duo))],
        )
        return doc is not None

    def proposals(self) -> list[dict]:
        return list(self.find("duos", {"status": "proposed"}).sort([("created_at", 1)]))

    def accept_proposal(self, duo: dict, active: dict) -> bool:
        """A coordinator accepts a proposed duo (once): active (domain.acceptance), with DuoMatched; the
        learner's request is matched as of then."""
        accepted = self.update_with_events(
            "duos", {"_id": duo["_id"], "status": _in(DUO_MOVES["accept"])}, {"$set": active},
            [("DuoMatched", matched_event(duo))],
        )  # fmt: skip
        if accepted is None:
            return False
        self.db.requests.update_one(
            {"_id": duo["learner_request_id"], "status": "proposed", "duo_id": duo["_id"]},
            {"$set": {"status": "matched", "matched_at": active["created_at"]}},
        )
        return True

    def reject_proposal(self, duo: dict, rejection: dict) -> bool:
        """A coordinator rejects a proposed duo (once, domain.rejection): the learner waits again with
        their seniority, the volunteer gets the place back, and the pair is not proposed again."""
        query = {"_id": duo["_id"], "status": _in(DUO_MOVES["reject"])}
        if self.db.duos.find_one_and_update(query, {"$set": rejection}) is None:
            return False
        self._release(duo)
        self._bar(duo, rejection["rejected_at"], bad=False)
        return True

    def _release(self, duo: dict) -> None:
        """Both sides of a duo that ends or never starts go back to the pool, each exactly once."""
        self.db.requests.update_one(
            {"_id": duo["learner_request_id"], "status": {"$in": ["matched", "proposed"]}, "duo_id": duo["_id"]},
            {"$set": {"status": "waiting"}, "$unset": {"duo_id": "", "matched_at": ""}},
        )
        self.db.requests.update_one(
            {"_id": duo["volunteer_request_id"], "returned_slots": {"$ne": duo["_id"]}},
            {"$inc": {"remaining": 1}, "$push": {"returned_slots": duo["_id"]}},
        )

    def ask_matching(self) -> None:
        """Something changed that matching should look at: the next round on any instance will."""
        self.db.matching.update_one({"_id": "asks"}, {"$inc": {"asked": 1}}, upsert=True)

    def matching_asked(self) -> tuple[int, int]:
        """(asks so far, asks a finished round had seen): a round is due when the first is larger."""
        doc = self.db.matching.find_one({"_id": "asks"}) or {}
        return doc.get("asked", 0), doc.get("seen", 0)

    def matching_seen(self, asked: int) -> None:
        self.db.matching.update_one({"_id": "asks"}, {"$max": {"seen": asked}}, upsert=True)

    def take_lease(self, holder: str, seconds: float) -> bool:
        """One matching round at a time across every instance: a lease that expires if its holder dies."""
        now = time.time()
        try:
            self.db.matching.find_one_and_update(
                {"_id": "lease", "$or": [{"until": {"$lt": now}}, {"holder": holder}]},
                {"$set": {"holder": holder, "until": now + seconds}},
                upsert=True,
            )
        except DuplicateKeyError:  # held by another instance
            return False
        return True

    def release_lease(self, holder: str) -> None:
        self.db.matching.update_one({"_id": "lease", "holder": holder}, {"$set": {"until": 0.0}})

    def invite_volunteer(self, offer: dict, waiting: int, at: str, not_since: str) -> bool:
        """Invite a volunteer whose places are all taken to take one more duo, at most once per
        period (conditional on the last invitation), with DuoVolunteerInvited in the same write."""
        doc = self.update_with_events(
            "requests",
            {"_id": offer["_id"], "status": "open", "remaining": 0,
             "$or": [{"invited_at": {"$exists": False}}, {"invited_at": {"$lt": not_since}}]},
            {"$set": {"invited_at": at}},
            [("DuoVolunteerInvited", invited_event(offer, waiting))],
        )  # fmt: skip
        return doc is not None

    def last_duo_at(self, offer_ids: list[str]) -> dict[str, str]:
        """When each of these offers' latest duo (or proposal) began."""
        latest: dict[str, str] = {}
        query = {"volunteer_request_id": {"$in": offer_ids}}
        for duo in self.db.duos.find(query, {"volunteer_request_id": 1, "created_at": 1}):
            offer_id = duo["volunteer_request_id"]
            latest[offer_id] = max(latest.get(offer_id, ""), duo["created_at"])
        return latest

    def full_offers(self, below: int) -> list[dict]:
        """Open offers with every place taken and room to grow (capacity below `below`)."""
        return list(self.find("requests", {"side": "volunteer", "status": "open", "remaining": 0,
                                           "capacity": {"$lt": below}}))  # fmt: skip

    def change_capacity(self, offer: dict, capacity: int) -> dict | None:
        """Raise or lower an offer's capacity, never below the places its active duos hold (atomic)."""
        delta, move = capacity - offer["capacity"], REQUEST_MOVES["volunteer"]["change_capacity"]
        return self.db.requests.find_one_and_update(
            {"_id": offer["_id"], "capacity": offer["capacity"], "status": _in(move),
             "remaining": {"$gte": -delta}},
            {"$set": {"capacity": capacity}, "$inc": {"remaining": delta}},
            projection={OUTBOX: 0},
            return_document=pymongo.ReturnDocument.AFTER,
        )  # fmt: skip

    def add_duo(self, duo: dict) -> None:
        self.db.duos.replace_one({"_id": duo["_id"]}, duo, upsert=True)

    def duos_of(self, member_id: str) -> list[dict]:
        query = {"$or": [{"learner_id": member_id}, {"volunteer_id": member_id}]}
        return list(self.find("duos", query).sort([("created_at", pymongo.DESCENDING)]))

    def requests_of(self, member_id: str) -> list[dict]:
        return list(self.find("requests", {"member_id": member_id}))

    def duo(self, duo_id: str) -> dict | None:
        return self.find_one("duos", {"_id": duo_id})

    def add_evaluation(self, evaluation: dict) -> None:
        self.insert_with_events("evaluations", evaluation, [("SessionEvaluated", evaluated_event(evaluation))])

    def request(self, request_id: str) -> dict | None:
        return self.find_one("requests", {"_id": request_id})

    def move_request(self, request_id: str, move: Move, changes: dict | None = None) -> dict | None:
        """Make a move of a request or offer (its status, the fields it clears, and changes) only while
        it is in one of the move's statuses (atomic); None if it is not."""
        update = {"$set": {**(changes or {}), **move.changes}, "$unset": {name: "" for name in move.clears}}
        return self.db.requests.find_one_and_update(
            {"_id": request_id, "status": _in(move)},
            {operator: fields for operator, fields in update.items() if fields},  # Mongo refuses an empty one
            projection={OUTBOX: 0},
            return_document=pymongo.ReturnDocument.AFTER,
        )

    # weekly commitment
    def log_session(self, session: dict) -> None:
        """The session and its DuoSessionLogged in one write; the duo remembers its last session."""
        self.insert_with_events("sessions", session, [("DuoSessionLogged", session_logged_event(session))])
        self.db.duos.update_one({"_id": session["duo_id"]}, {"$max": {"last_session_on": session["held_on"]}})

    def sessions_of(self, duo_id: str) -> list[dict]:
        return list(self.find("sessions", {"duo_id": duo_id}).sort([("held_on", 1)]))

    def flagged_duos(self) -> list[dict]:
        return list(self.find("duos", {"status": "active", "needs_rematch": True}).sort([("created_at", 1)]))

    def active_duos(self) -> list[dict]:
        return list(self.find("duos", {"status": "active"}))

    def note_inactivity(self, duo: dict, weeks: int, needs_rematch: bool) -> bool:
        """Record a nudge for this many weeks of silence, once (conditional), with DuoInactive."""
        doc = self.update_with_events(
            "duos",
            {"_id": duo["_id"], "status": "active", "inactive_weeks_notified": {"$not": {"$gte": weeks}}},
            {"$set": {"inactive_weeks_notified": weeks, "needs_rematch": needs_rematch}},
            [("DuoInactive", inactive_event(duo, weeks, needs_rematch))],
        )
        return doc is not None

    def end_duo(self, duo: dict, ending: dict, bad: bool) -> bool:
        """End an active duo (once, domain.ending) with DuoEnded; the learner goes back to the waiting
        list with their seniority, the volunteer gets the place back (once), and the pair is not
        proposed again (a bad ending is recorded as such)."""
        ended = self.update_with_events(
            "duos",
            {"_id": duo["_id"], "status": _in(DUO_MOVES["end"])},
            {"$set": ending},
            [("DuoEnded", ended_event(duo, ending["end_reason"]))],
        )
        if ended is None:
            return False
        self._release(duo)
        self._bar(duo, ending["ended_at"], bad)
        return True

    def _bar(self, duo: dict, at: str, bad: bool) -> None:
        """The pair of a duo that ended or was rejected is not proposed again."""
        pair = f"{duo['learner_id']}:{duo['volunteer_id']}"
        self.db.barred_pairs.replace_one({"_id": pair}, {"_id": pair, "at": at, "bad": bad}, upsert=True)

    def barred_pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(tuple(doc["_id"].split(":", 1)) for doc in self.db.barred_pairs.find({}))

    # waiting list and figures
    def waiting_since(self, region: str) -> list[datetime]:
        docs = self.db.requests.find({"region": region, "side": "learner", "status": "waiting"}, {"created_at": 1})
        return [datetime.fromisoformat(doc["created_at"]) for doc in docs]

    def requests_by_status(self, side: str, status: str) -> list[dict]:
        return list(self.find("requests", {"side": side, "status": status}))

    def waiting_requests(self, region: str | None = None) -> list[dict]:
        query = {"side": "learner", "status": "waiting", **({"region": region} if region else {})}
        return list(self.find("requests", query).sort([("created_at", 1)]))

    def matches_since(self, region: str, since: str) -> int:
        query = {"region": region, "created_at": {"$gte": since}, "status": {"$in": list(STARTED)}}
        return self.db.duos.count_documents(query)

    def all_duos(self) -> list[dict]:
        """Every duo that started (not proposals awaiting review, nor rejected ones)."""
        return list(self.find("duos", {"status": {"$in": list(STARTED)}}))

    def all_sessions(self) -> list[dict]:
        return list(self.find("sessions", {}))

    def all_requests(self) -> list[dict]:
        return list(self.find("requests", {}))

    def evaluations_of(self, duo_id: str | None = None) -> list[dict]:
        return list(self.find("evaluations", {"duo_id": duo_id} if duo_id else {}))

    def evaluations_by(self, member_id: str) -> list[dict]:
        return list(self.find("evaluations", {"evaluator_id": member_id}).sort([("created_at", 1)]))

    # erasure
    def erase_member(self, member_id: str, at: str) -> None:
        """Forget the member, delete their requests, offers and evaluations, end the duos they are
        in with their id replaced. Safe to run again; then give_back_owed_slots()."""
        self.forget_member(member_id)
        # a proposal awaiting review never starts: the other side goes back to the pool first (safe
        # to repeat), then it is closed
        for duo in self.db.duos.find({"status": "proposed", "$or": [{"learner_id": member_id},
                                                                   {"volunteer_id": member_id}]}):  # fmt: skip
            self._release(duo)
            self.db.duos.update_one(
                {"_id": duo["_id"]},
                {"$set": {"status": "rejected", "rejection_reason": "member_erased", "rejected_at": at}},
            )
        self.db.requests.delete_many({"member_id": member_id})
        ended = {**ENDED_BY_ERASURE, "ended_at": at}
        # An active duo holds a place of the volunteer's offer: only the write that ends it marks
        # the place owed, so a redelivery finds nothing active and owes nothing more.
        self.db.duos.update_many(
            {"learner_id": member_id, "status": "active"},
            {"$set": {**ended, "learner_id": ERASED, "slot_owed": True}},
        )
        for duo in self.db.duos.find({"volunteer_id": member_id, "status": "active"}):
            # the learner goes back to the waiting list, keeping their seniority (created_at)
            self.db.requests.update_one(
                {"_id": duo["learner_request_id"], "status": "matched", "duo_id": duo["_id"]},
                {"$set": {"status": "waiting"}, "$unset": {"duo_id": "", "matched_at": ""}},
            )
        self.db.duos.update_many(  # their own offer is gone: no place to give back
            {"volunteer_id": member_id, "status": "active"}, {"$set": {**ended, "volunteer_id": ERASED}}
        )
        for side in ("learner_id", "volunteer_id"):  # duos ended before keep their end reason
            self.db.duos.update_many({side: member_id}, {"$set": {side: ERASED}})
        self.db.evaluations.delete_many({"evaluator_id": member_id})

    def give_back_owed_slots(self) -> list[dict]:
        """Give each volunteer back the place an erasure-ended duo held, exactly once: the $inc
        and the note of the duo it comes from are one write on the offer, conditional on that
        note being absent. Returns the duos ({_id, region}) to settle once matching has run."""
        owed = list(self.db.duos.find({"slot_owed": True}, {"volunteer_request_id": 1, "region": 1}))
        for duo in owed:
            self.db.requests.update_one(
                {"_id": duo["volunteer_request_id"], "returned_slots": {"$ne": duo["_id"]}},
                {"$inc": {"remaining": 1}, "$push": {"returned_slots": duo["_id"]}},
            )
        return [{"_id": duo["_id"], "region": duo["region"]} for duo in owed]

    def settle_owed_slots(self, duo_ids: list[str]) -> None:
        self.db.duos.update_many({"_id": {"$in": duo_ids}}, {"$unset": {"slot_owed": ""}})
