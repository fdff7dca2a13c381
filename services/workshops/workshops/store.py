"""The workshops' own database: workshops and their pipeline, staff notes, partner venues and their
bookings, dates, what this service knows of members (no personal data), and the erasures it carried
out (member id and time only).

Invariants live here, whatever the number of instances:
- a pipeline move applies only from the status it was decided on (conditional update);
- two dates never hold one venue at the same time: a booking is one document per venue and quarter
  hour, under a unique key, so the second booking of a quarter fails;
- a date never has more confirmed and offered seats than its capacity, nor more of one group's
  held seats: a seat is taken by a conditional decrement of the date's free seats of that group;
- a person is at most once on a date: one registration per (date, member), under a unique index;
- a member has at most one calendar feed token, kept only as its digest (a unique index, too).
"""

import pymongo
from pymongo.errors import DuplicateKeyError

from interra_chassis.errors import Conflict
from interra_chassis.gdpr import ErasureLog
from interra_chassis.store import NEWEST_FIRST, KnownMembers, Repository, index_newest_first
from workshops import domain

BY_START = [("starts_at", pymongo.ASCENDING), ("_id", pymongo.ASCENDING)]


class WorkshopStore(KnownMembers, ErasureLog, Repository):
    member_fields = domain.MEMBER_FIELDS
    outbox_collections = ("workshops", "dates", "registrations", "evaluations")

    @classmethod
    def ensure_indexes(cls, db):
        index_newest_first(db.workshops, "status", "proposer_id")
        db.notes.create_index([("workshop_id", pymongo.ASCENDING), ("at", pymongo.ASCENDING)])
        db.venues.create_index([("name", pymongo.ASCENDING)])
        db.dates.create_index([("workshop_id", pymongo.ASCENDING), *BY_START])
        db.dates.create_index([("status", pymongo.ASCENDING), *BY_START])
        db.dates.create_index(BY_START)  # every date in a window (the coordinators' week view)
        db.bookings.create_index([("date_id", pymongo.ASCENDING)])
        db.registrations.create_index(
            [("date_id", pymongo.ASCENDING), ("member_id", pymongo.ASCENDING)], unique=True, name="once_per_date"
        )
        db.registrations.create_index([("date_id", pymongo.ASCENDING), ("status", pymongo.ASCENDING),
                                       ("created_at", pymongo.ASCENDING)])  # fmt: skip
        db.registrations.create_index([("member_id", pymongo.ASCENDING), ("starts_at", pymongo.ASCENDING)])
        db.registrations.create_index([("status", pymongo.ASCENDING), ("offer_expires_at", pymongo.ASCENDING)])
        db.registrations.create_index([("starts_at", pymongo.ASCENDING)])
        db.evaluations.create_index(
            [("date_id", pymongo.ASCENDING), ("evaluator_id", pymongo.ASCENDING)], unique=True, name="once_per_date",
            partialFilterExpression={"evaluator_id": {"$type": "string"}},
        )  # fmt: skip
        db.evaluations.create_index([("workshop_id", pymongo.ASCENDING)])
        db.calendar_tokens.create_index([("digest", pymongo.ASCENDING)], unique=True, name="one_feed_per_digest")

    # --- workshops and the pipeline ---------------------------------------------------------------

    def add(self, workshop: dict, event: dict) -> None:
        """Insert the workshop and its WorkshopProposed event in one write."""
        self.insert_with_events("workshops", workshop, [("WorkshopProposed", event)])

    def get(self, workshop_id: str) -> dict:
        """The workshop, or NotFound."""
        return self.by_id("workshops", workshop_id, "workshop")

    def page(self, offset: int, limit: int, statuses: tuple[str, ...]) -> tuple[list[dict], int]:
        """One page of the workshops in `statuses`, newest first, and how many in all."""
        query = {"status": {"$in": list(statuses)}}
        items = list(self.find("workshops", query, sort=NEWEST_FIRST, skip=offset, limit=limit))
        return items, self.db.workshops.count_documents(query)

    def proposed_by(self, member_id: str) -> list[dict]:
        return self.newest_first("workshops", {"proposer_id": member_id})

    def move(self, workshop: dict, changes: dict, record: dict, event: dict) -> dict | None:
        """Apply a move decided on the workshop as it was read: None if its status changed meanwhile."""
        return self.update_with_events(
            "workshops",
            {"_id": workshop["_id"], "status": workshop["status"]},
            {"$set": changes, "$push": {"history": record}},
            [("WorkshopStatusChanged", event)],
        )

    def set_fields(self, workshop_id: str, fields: dict) -> dict:
        return self.db.workshops.find_one_and_update(
            {"_id": workshop_id}, {"$set": fields}, return_document=pymongo.ReturnDocument.AFTER
        )

    def add_note(self, note: dict) -> None:
        self.db.notes.insert_one(note)

    def notes_of(self, workshop_id: str) -> list[dict]:
        return list(self.db.notes.find({"workshop_id": workshop_id}, sort=[("at", pymongo.ASCENDING)]))

    # --- venues -------------------------------------------------------------------------------------

    def add_venue(self, venue: dict) -> None:
        self.db.venues.insert_one(venue)

    def venue(self, venue_id: str) -> dict:
        return self.by_id("venues", venue_id, "venue")

    def venues(self, region: str | None) -> list[dict]:
        query = {} if region is None else {"region": region}
        return list(self.db.venues.find(query, sort=[("name", pymongo.ASCENDING)]))

    def update_venue(self, venue_id: str, changes: dict) -> dict | None:
        return self.db.venues.find_one_and_update(
            {"_id": venue_id}, {"$set": changes}, return_document=pymongo.ReturnDocument.AFTER
        )

    # --- dates and venue bookings -------------------------------------------------------------------

    def book(self, venue_id: str, date: dict, quarters: list[int]) -> None:
        """Hold the venue for the date's quarter hours, or Conflict naming the date that holds one
        (and nothing of this date stays booked)."""
        for quarter in quarters:
            try:
                self.db.bookings.insert_one({"_id": f"{venue_id}:{quarter}", "date_id": date["_id"]})
            except DuplicateKeyError:
                holder = self.db.bookings.find_one({"_id": f"{venue_id}:{quarter}"}) or {}
                self.unbook(date["_id"])
                clash = self.find_one("dates", {"_id": holder.get("date_id")}) or {}
                raise Conflict(
                    f"the venue is booked from {clash.get('starts_at')} to {clash.get('ends_at')}",
                    {"venue_id": [f"booked by date {holder.get('date_id')} of workshop {clash.get('workshop_id')}"]},
                ) from None

    def unbook(self, date_id: str) -> None:
        self.db.bookings.delete_many({"date_id": date_id})

    def add_dates(self, workshop_id: str, dates: list[dict], event: dict, at: str) -> None:
        """The series' dates, and WorkshopScheduled on the workshop (one event for the series)."""
        self.db.dates.insert_many(dates)
        self.update_with_events(
            "workshops", {"_id": workshop_id}, {"$set": {"last_planned_at": at}}, [("WorkshopScheduled", event)]
        )

    def date(self, date_id: str) -> dict:
        return self.by_id("dates", date_id, "date")

    def dates_of(self, workshop_id: str, statuses: tuple[str, ...] | None = None) -> list[dict]:
        query = {"workshop_id": workshop_id}
        if statuses:
            query["status"] = {"$in": list(statuses)}
        return list(self.find("dates", query, sort=BY_START))

    def dates_between(self, start_iso: str, end_iso: str) -> list[dict]:
        """Every date (any status) starting in [start, end) (UTC ISO text sorts in time order), soonest first."""
        return list(self.find("dates", {"starts_at": {"$gte": start_iso, "$lt": end_iso}}, sort=BY_START))

    def titles(self, workshop_ids: list[str]) -> dict[str, str]:
        return {w["_id"]: w["title"] for w in self.db.workshops.find({"_id": {"$in": workshop_ids}}, {"title": 1})}

    def future_dates(self, workshop_id: str, now_iso: str) -> int:
        return self.db.dates.count_documents(
            {"workshop_id": workshop_id, "status": "planned", "starts_at": {"$gt": now_iso}}
        )

    def change_date(self, date: dict, changes: dict, event_type: str, event: dict) -> dict | None:
        """Change a planned date as it was read (None: it changed meanwhile), with its event."""
        return self.update_with_events(
            "dates", {"_id": date["_id"], "status": "planned", "starts_at": date["starts_at"],
                      "confirmed": date["confirmed"]}, {"$set": changes}, [(event_type, event)],
        )  # fmt: skip

    def dates_starting_before(self, until_iso: str, now_iso: str) -> list[dict]:
        """Planned dates still to come that start before `until_iso`, soonest first."""
        return list(self.find("dates", {"status": "planned", "starts_at": {"$gt": now_iso, "$lte": until_iso}},
                              sort=BY_START))  # fmt: skip

    # --- registrations and seats --------------------------------------------------------------------

    def add_registration(self, registration: dict) -> dict | None:
        """Write a new registration, or None when the member is already on this date."""
        try:
            self.db.registrations.insert_one(registration)
        except DuplicateKeyError:
            return None
        return registration

    def registration(self, registration_id: str) -> dict:
        return self.by_id("registrations", registration_id, "registration")

    def registration_on(self, date_id: str, member_id: str) -> dict | None:
        return self.find_one("registrations", {"date_id": date_id, "member_id": member_id})

    def registrations_of(self, member_id: str) -> list[dict]:
        return list(self.find("registrations", {"member_id": member_id}, sort=[("starts_at", pymongo.ASCENDING)]))

    def registrations_on(self, date_id: str, statuses: tuple[str, ...]) -> list[dict]:
        return list(self.find("registrations", {"date_id": date_id, "status": {"$in": list(statuses)}},
                              sort=[("created_at", pymongo.ASCENDING)]))  # fmt: skip

    def next_waiting(self, date_id: str, groups: tuple[str, ...]) -> dict | None:
        """The longest-waiting person of these groups on a date's waiting list."""
        return self.find_one_sorted(
            "registrations", {"date_id": date_id, "status": "waitlisted", "group": {"$in": list(groups)}}
        )

    def find_one_sorted(self, collection: str, query: dict) -> dict | None:
        return next(iter(self.find(collection, query, sort=[("created_at", pymongo.ASCENDING)], limit=1)), None)

    def expired_offers(self, now_iso: str) -> list[dict]:
        return list(self.find("registrations", {"status": "offered", "offer_expires_at": {"$lte": now_iso}}))

    def take_seat(self, date_id: str, seat: str, counter: str) -> bool:
        """Take one of the seats held for `seat` on a planned date, counted under `counter`
        (confirmed.<group> or offered): the conditional decrement is the capacity and mix rule."""
        return (
            self.db.dates.update_one(
                {"_id": date_id, "status": "planned", f"free.{seat}": {"$gt": 0}},
                {"$inc": {f"free.{seat}": -1, counter: 1}},
            ).modified_count
            == 1
        )

    def give_back_seat(self, date_id: str, seat: str, counter: str) -> None:
        self.db.dates.update_one({"_id": date_id}, {"$inc": {f"free.{seat}": 1, counter: -1}})

    def count(self, date_id: str, counter: str, by: int) -> None:
        """Keep a date's waiting-list count (its seats are counted by take_seat / give_back_seat)."""
        self.db.dates.update_one({"_id": date_id}, {"$inc": {counter: by}})

    def move_registration(self, registration: dict, sources: tuple[str, ...], changes: dict, event: dict | None):
        """Change a registration still in one of `sources` (None: it moved meanwhile), with its event."""
        query = {"_id": registration["_id"], "status": {"$in": list(sources)}}
        if event is None:
            return self.db.registrations.find_one_and_update(
                query, {"$set": changes}, return_document=pymongo.ReturnDocument.AFTER
            )
        return self.update_with_events(
            "registrations", query, {"$set": changes}, [("WorkshopRegistrationChanged", event)]
        )

    # --- attendance, reports, evaluations ---------------------------------------------------------------

    def mark(self, registration: dict, status: str, expires_at: str | None, event: dict) -> dict | None:
        return self.update_with_events(
            "registrations", {"_id": registration["_id"], "status": {"$in": list(domain.MARKABLE)}},
            {"$set": {"status": status, "no_show_expires_at": expires_at}},
            [("WorkshopRegistrationChanged", event)],
        )  # fmt: skip

    def hold(self, date: dict, counts: dict, notes: str | None, at: str, event: dict) -> dict | None:
        """Close a planned date with its attendance counts (what figures keep after registrations go)."""
        return self.update_with_events(
            "dates", {"_id": date["_id"], "status": "planned"},
            {"$set": {"status": "held", **counts, "report": {"notes": notes, "at": at}}},
            [("WorkshopSessionHeld", event)],
        )  # fmt: skip

    def add_evaluation(self, evaluation: dict, event: dict) -> None:
        try:
            self.insert_with_events("evaluations", evaluation, [("SessionEvaluated", event)])
        except DuplicateKeyError:
            raise Conflict("you have already evaluated this date", {"date_id": ["already evaluated"]}) from None

    def evaluations_of(self, workshop_id: str | None) -> list[dict]:
        return list(self.find("evaluations", {} if workshop_id is None else {"workshop_id": workshop_id}))

    def no_shows_of(self, member_id: str, now_iso: str) -> list[dict]:
        query = {"member_id": member_id, "status": "no_show", "no_show_expires_at": {"$gt": now_iso}}
        return list(self.find("registrations", query, sort=[("starts_at", pymongo.ASCENDING)]))

    def dates_to_remind(self, now_iso: str, until_iso: str) -> list[dict]:
        query = {"status": "planned", "reminded": {"$ne": True}, "starts_at": {"$gt": now_iso, "$lte": until_iso}}
        return list(self.find("dates", query, sort=BY_START))

    def remind(self, date: dict, event: dict) -> bool:
        """Mark a date reminded with its WorkshopDateReminder (once, whatever the number of instances)."""
        query = {"_id": date["_id"], "reminded": {"$ne": True}}
        return (
            self.update_with_events("dates", query, {"$set": {"reminded": True}}, [("WorkshopDateReminder", event)])
            is not None
        )

    def forget(self, before_iso: str, now_iso: str) -> dict[str, int]:
        """Retention: registrations of dates before `before_iso` go (dates keep their counts),
        evaluations lose their evaluator; expired no-show records go."""
        old = self.db.registrations.delete_many({"starts_at": {"$lt": before_iso}}).deleted_count
        no_shows = self.db.registrations.delete_many(
            {"status": "no_show", "no_show_expires_at": {"$lte": now_iso}}
        ).deleted_count
        evaluations = self.db.evaluations.update_many(
            {"starts_at": {"$lt": before_iso}, "evaluator_id": {"$type": "string"}}, {"$set": {"evaluator_id": None}}
        ).modified_count
        return {"registrations": old, "no_shows": no_shows, "evaluations": evaluations}

    def everything(self) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
        """Every workshop, date, registration and evaluation (figures; Ateliers' scale is hundreds)."""
        return tuple(list(self.find(name, {})) for name in ("workshops", "dates", "registrations", "evaluations"))

    # --- calendar feeds ------------------------------------------------------------------------------

    def dates_in(self, date_ids: set[str]) -> dict[str, dict]:
        return {d["_id"]: d for d in self.find("dates", {"_id": {"$in": sorted(date_ids)}})}

    def workshops_in(self, workshop_ids: set[str]) -> dict[str, dict]:
        return {w["_id"]: w for w in self.find("workshops", {"_id": {"$in": sorted(workshop_ids)}})}

    def venues_in(self, venue_ids: set[str]) -> dict[str, dict]:
        return {v["_id"]: v for v in self.db.venues.find({"_id": {"$in": sorted(venue_ids)}})}

    def add_calendar_token(self, member_id: str, digest: str, at: str) -> bool:
        """A member's first feed token (its digest): False when they have one already."""
        try:
            self.db.calendar_tokens.insert_one({"_id": member_id, "digest": digest, "created_at": at})
        except DuplicateKeyError:
            return False
        return True

    def calendar_token_of(self, member_id: str) -> dict | None:
        return self.db.calendar_tokens.find_one({"_id": member_id})

    def replace_calendar_token(self, member_id: str, digest: str, at: str) -> None:
        """Rotation: the new digest replaces the old one (which opens nothing any more)."""
        self.db.calendar_tokens.replace_one(
            {"_id": member_id}, {"_id": member_id, "digest": digest, "created_at": at}, upsert=True
        )

    def revoke_calendar_token(self, member_id: str) -> bool:
        return self.db.calendar_tokens.delete_one({"_id": member_id}).deleted_count == 1

    def calendar_token_by_digest(self, digest: str) -> dict | None:
        return self.db.calendar_tokens.find_one({"digest": digest})

    def erase_member(self, member_id: str) -> None:
        """Erasure: the member leaves a tombstone in the read model; the workshops they proposed
        stay (public programme content) without their proposer; their calendar feed closes. Safe
        to run again."""
        self.forget_member(member_id)
        self.db.calendar_tokens.delete_one({"_id": member_id})
        self.db.registrations.delete_many({"member_id": member_id})
        self.db.evaluations.update_many({"evaluator_id": member_id}, {"$set": {"evaluator_id": None}})
        self.db.workshops.update_many(
            {"proposer_id": member_id}, {"$set": {"proposer_id": None, "proposer_erased": True}}
        )
