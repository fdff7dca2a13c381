"""The workshops service (Ateliers): members propose workshops around a passion or a trade; Interra
receives and trains the proposer, finds a partner venue, plans the dates, publishes them, and the
group stays mixed (newcomers and locals) as members register."""

import hashlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from nameko.timer import timer

from interra_chassis.config import settings
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound
from interra_chassis.handling import FollowsMembers
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rights import MemberRights
from interra_chassis.rpc import rpc
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import check_member_id, load
from interra_contracts.api import workshops as contract
from workshops import calendar as ical
from workshops import domain, mix, schedule
from workshops.store import WorkshopStore


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


FEED_TOKEN_BYTES = 32
"""A calendar feed token: 32 random bytes (43 URL-safe characters). It opens the feed without a login,
so Interra stores only its SHA-256 digest: with 256 random bits a plain hash cannot be reversed or
guessed, and a leaked database opens no feed."""


def feed_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_view(token: str | None, created_at: str) -> dict:
    """What a member is told of their feed: the token and its path only when just made."""
    url_path = f"/calendar/{token}.ics" if token else None
    return contract.CalendarToken().dump(
        {"token": token, "url_path": url_path, "created": token is not None, "created_at": created_at}
    )


class WorkshopsService(MemberRights, FollowsMembers, InterraService):
    name = "workshops"
    store: WorkshopStore = Store(WorkshopStore)

    def export_of(self, member_id: str) -> dict:
        """What Ateliers holds about a member: the read model, the workshops they proposed, their
        registrations, whether they have a calendar feed (never its token)."""
        return domain.member_export(
            self.store.member(member_id), self.store.proposed_by(member_id), self.store.registrations_of(member_id),
            self.store.calendar_token_of(member_id),
        )  # fmt: skip

    def erase_member(self, member_id: str) -> None:
        """Erasure: the seats they held go back (and to the next on the waiting list), then the store
        forgets them (their calendar feed closes); the workshops they proposed stay, anonymised."""
        freed = {reg["date_id"] for reg in self.store.registrations_of(member_id) if self._release(reg)}
        self.store.erase_member(member_id)
        for date_id in freed:
            self._offer_freed_seats(self.store.date(date_id))

    # --- proposals and the pipeline ---------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def propose(self, payload: dict) -> dict:
        """A member proposes a workshop; publishes WorkshopProposed. Returns what its proposer sees."""
        proposal = load(contract.ProposeWorkshop(), payload, "workshop proposal")
        errors = domain.proposal_errors(proposal, self.store.member(proposal["proposer_id"]))
        if errors:
            raise Invalid("invalid workshop proposal", errors)
        workshop = domain.new_workshop(proposal, new_id(), now())
        self.store.add(workshop, domain.proposed_event(workshop))
        return self._view(workshop, "staff")

    @rpc(expected_exceptions=EXPECTED)
    def get(self, workshop_id: str, member_id: str | None = None, staff: bool = False) -> dict:
        """A workshop as this caller may see it: staff and its proposer see the pipeline; anyone else
        only a published workshop, its leader by the first name they chose."""
        workshop = self.store.get(workshop_id)
        view = domain.seen_by(workshop, member_id, staff)
        if view is None:
            raise NotFound(f"no workshop {workshop_id!r}")
        return self._view(workshop, view)

    @rpc(expected_exceptions=EXPECTED)
    def list(self, offset: int = 0, limit: int = DEFAULT_LIMIT, status: str | None = None, staff: bool = False) -> dict:
        """The public catalogue (published and running workshops, newest first); staff see every
        status and may filter by one."""
        query = load(contract.ListWorkshops(), {"offset": offset, "limit": limit, "status": status}, "query")
        limit = page_limit(query["limit"])
        statuses = domain.STATUSES if staff else domain.CATALOGUE
        if query["status"]:
            statuses = tuple(s for s in statuses if s == query["status"])
        items, total = self.store.page(query["offset"], limit, statuses)
        view = "staff" if staff else "public"
        return page([self._view(w, view) for w in items], total, query["offset"], limit)

    @rpc(expected_exceptions=EXPECTED)
    def move(self, workshop_id: str, payload: dict, actor: str, member_id: str | None = None) -> dict:
        """A step of the pipeline by a coordinator (member_id None), or the proposer's withdrawal
        (member_id: theirs). Checks the move and its prerequisites, records who, when and why, and
        publishes WorkshopStatusChanged. A refused move answers 409 naming the allowed ones."""
        request = load(contract.WorkshopMove(), payload, "move")
        workshop = self.store.get(workshop_id)
        by = "staff" if member_id is None else "proposer"
        if by == "proposer" and workshop.get("proposer_id") != member_id:
            raise NotFound(f"no workshop {workshop_id!r}")
        move, reason = request["move"], request["reason"]
        errors = domain.move_request_errors(move, reason, request["training_at"])
        if errors:
            raise Invalid("invalid move", errors)
        refusal = domain.move_error(workshop, move, self._facts(workshop), by)
        if refusal:
            raise Conflict(refusal, {"move": [refusal]})
        at = now().isoformat()
        training_at = request["training_at"].isoformat() if request["training_at"] else None
        changes = domain.move_changes(workshop, move, at, training_at)
        record = domain.step_record(workshop, move, actor, at, reason)
        moved = self.store.move(
            workshop, changes, record, domain.status_changed_event(workshop, move, reason, training_at)
        )
        if moved is None:
            raise Conflict("the workshop changed meanwhile: read it again", {"move": ["changed meanwhile"]})
        if request["note"]:
            self._note(workshop_id, request["note"], actor, at)
        return self._view(moved, "staff")

    @rpc(expected_exceptions=EXPECTED)
    def add_note(self, workshop_id: str, payload: dict, actor: str) -> dict:
        """A staff note on a workshop: private to staff, never in events, e-mails or exports."""
        note = load(contract.StaffNote(), payload, "note")
        self.store.get(workshop_id)
        return contract.NoteView().dump(self._note(workshop_id, note["text"], actor, now().isoformat()))

    @rpc(expected_exceptions=EXPECTED)
    def notes(self, workshop_id: str) -> dict:
        self.store.get(workshop_id)
        notes = self.store.notes_of(workshop_id)
        return contract.NoteList().dump({"items": notes, "total": len(notes)})

    @rpc(expected_exceptions=EXPECTED)
    def accept_charter(self, workshop_id: str, payload: dict, member_id: str) -> dict:
        """The proposer accepts the leader's charter, and says the first name they agree to show."""
        charter = load(contract.Charter(), payload, "charter")
        workshop = self.store.get(workshop_id)
        if workshop.get("proposer_id") != member_id:
            raise NotFound(f"no workshop {workshop_id!r}")
        accepted = {"shown_name": charter["shown_name"], "accepted_at": now().isoformat()}
        return self._view(self.store.set_fields(workshop_id, {"charter": accepted}), "staff")

    @rpc(expected_exceptions=EXPECTED)
    def record_impact(self, workshop_id: str, payload: dict, actor: str) -> dict:
        """Staff record the workshop's impact evaluation (step F), before it is completed."""
        impact = load(contract.ImpactEvaluation(), payload, "impact evaluation")
        self.store.get(workshop_id)
        recorded = {**impact, "by": actor, "at": now().isoformat()}
        return self._view(self.store.set_fields(workshop_id, {"impact": recorded}), "staff")

    # --- partner venues -----------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def add_venue(self, payload: dict) -> dict:
        venue = {**load(contract.Venue(), payload, "venue"), "_id": new_id(), "created_at": now().isoformat()}
        self.store.add_venue(venue)
        return contract.VenueView().dump(venue)

    @rpc(expected_exceptions=EXPECTED)
    def venues(self, region: str | None = None) -> dict:
        query = load(contract.VenueQuery(), {"region": region}, "query")
        venues = self.store.venues(query["region"])
        return contract.VenueList().dump({"items": venues, "total": len(venues)})

    @rpc(expected_exceptions=EXPECTED)
    def venue(self, venue_id: str) -> dict:
        return contract.VenueView().dump(self.store.venue(venue_id))

    @rpc(expected_exceptions=EXPECTED)
    def update_venue(self, venue_id: str, payload: dict) -> dict:
        changes = load(contract.venue_update(), payload, "venue")
        self.store.venue(venue_id)
        return contract.VenueView().dump(self.store.update_venue(venue_id, changes))

    # --- dates ----------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def plan_dates(self, workshop_id: str, payload: dict) -> dict:
        """One date or a series at a partner venue (booked: 409 naming a clashing date) or online;
        publishes WorkshopScheduled."""
        plan = load(contract.PlanDates(), payload, "dates")
        workshop = self.store.get(workshop_id)
        if workshop["status"] not in domain.PLANNABLE:
            raise Conflict(f"a {workshop['status']} workshop cannot be given dates", {"workshop_id": ["not plannable"]})
        recurrence = schedule.Recurrence(
            plan["first_start"], plan["minutes"], plan["frequency"], plan["count"], plan["until"]
        )
        errors = schedule.recurrence_errors(recurrence, now())
        venue = self.store.venue(plan["venue_id"]) if plan["venue_id"] else None
        if venue is not None and plan["capacity"] > venue["capacity"]:
            errors["capacity"] = [f"the venue holds {venue['capacity']} at most"]
        if errors:
            raise Invalid("these dates cannot be planned", errors)
        series = new_id()
        dates = [
            domain.new_date(workshop_id, series, start, end, plan, index, new_id())
            for index, (start, end) in enumerate(schedule.dates_of(recurrence))
        ]
        booked = []
        try:
            for date in dates:
                if venue is not None:
                    self.store.book(venue["_id"], date, domain.quarters_of(*schedule.interval(date)))
                    booked.append(date["_id"])
        except Conflict:
            for date_id in booked:
                self.store.unbook(date_id)
            raise
        self.store.add_dates(workshop_id, dates, domain.scheduled_event(workshop_id, dates, plan), now().isoformat())
        return self._dates(dates, staff=True)

    @rpc(expected_exceptions=EXPECTED)
    def dates(self, workshop_id: str, member_id: str | None = None, staff: bool = False) -> dict:
        """A workshop's dates as this caller may see them (the online link: staff only, until the
        registrations give it to confirmed participants)."""
        workshop = self.store.get(workshop_id)
        view = domain.seen_by(workshop, member_id, staff)
        if view is None:
            raise NotFound(f"no workshop {workshop_id!r}")
        confirmed = {r["date_id"] for r in self.store.registrations_of(member_id or "") if r["status"] == "confirmed"}
        return self._dates(self.store.dates_of(workshop_id), staff=view == "staff", link_for=confirmed)

    @rpc(expected_exceptions=EXPECTED)
    def dates_between(self, first: str | None = None, last: str | None = None) -> dict:
        """Every date of every workshop (any status) starting on the days first..last of Liège time,
        soonest first, each with its live mix as staff see it, its workshop's title and its venue's
        name (workshop coordinators' week view). A week from today by default; 31 days at most."""
        window = load(contract.DateWindow(), {"from": first, "to": last}, "window")
        today = now().astimezone(schedule.LOCAL_TIME).date()
        try:
            days = schedule.day_window(window["first"], window["last"], today, contract.WINDOW_MAX_DAYS)
        except ValueError as exc:
            field, message = exc.args
            raise Invalid("invalid window", {field: [message]}) from None
        start, end = schedule.utc_bounds(*days)
        dates = self.store.dates_between(start.isoformat(), end.isoformat())
        titles = self.store.titles(sorted({d["workshop_id"] for d in dates}))
        venues = self._venues_of(dates)
        shown = [
            {**self._live(d, venues), "workshop_title": titles.get(d["workshop_id"]),
             "venue_name": (venues.get(d.get("venue_id") or "") or {}).get("name")}
            for d in dates
        ]  # fmt: skip
        return contract.WindowDates().dump({"first": days[0], "last": days[1], "items": shown, "total": len(shown)})

    @rpc(expected_exceptions=EXPECTED)
    def date_view(self, date_id: str) -> dict:
        """One date with its live mix, as staff see it."""
        return self._dates([self.store.date(date_id)], staff=True)["items"][0]

    @rpc(expected_exceptions=EXPECTED)
    def cancel_date(self, date_id: str, payload: dict) -> dict:
        """Cancel a planned date: the venue is free again; its participants are told."""
        load(contract.CancelDate(), payload, "cancellation")
        date = self.store.date(date_id)
        workshop = self.store.get(date["workshop_id"])
        self._planned(date)
        event = domain.date_changed_event(workshop, date, "cancelled", self._to_tell(date))
        changed = self.store.change_date(date, {"status": "cancelled"}, "WorkshopDateChanged", event)
        if changed is None:
            raise Conflict("the date changed meanwhile: read it again", {"date_id": ["changed meanwhile"]})
        self.store.unbook(date_id)
        return self._dates([changed], staff=True)["items"][0]

    @rpc(expected_exceptions=EXPECTED)
    def move_date(self, date_id: str, payload: dict) -> dict:
        """Move a planned date (its venue booked at the new time, or 409); its participants are told."""
        move = load(contract.MoveDate(), payload, "move")
        date = self.store.date(date_id)
        workshop = self.store.get(date["workshop_id"])
        self._planned(date)
        errors = schedule.one_date_errors(move["start"], move["minutes"], now())
        if errors:
            raise Invalid("the date cannot move there", errors)
        [(start, end)] = schedule.dates_of(schedule.Recurrence(move["start"], move["minutes"]))
        moved = {**date, "starts_at": start.isoformat(), "ends_at": end.isoformat()}
        if date["venue_id"]:
            self.store.unbook(date_id)
            try:
                self.store.book(date["venue_id"], moved, domain.quarters_of(start, end))
            except Conflict:
                self.store.book(date["venue_id"], date, domain.quarters_of(*schedule.interval(date)))
                raise
        event = domain.date_changed_event(workshop, moved, "moved", self._to_tell(date))
        changes = {"starts_at": moved["starts_at"], "ends_at": moved["ends_at"]}
        changed = self.store.change_date(date, changes, "WorkshopDateChanged", event)
        if changed is None:
            raise Conflict("the date changed meanwhile: read it again", {"date_id": ["changed meanwhile"]})
        return self._dates([changed], staff=True)["items"][0]

    @rpc(expected_exceptions=EXPECTED)
    def change_capacity(self, date_id: str, payload: dict) -> dict:
        """A date's capacity (never below its confirmed participants, nor above its venue's) and target
        newcomer share; the seats held per group follow."""
        change = load(contract.DateCapacity(), payload, "capacity")
        date = self.store.date(date_id)
        self._planned(date)
        share = date["newcomer_share"] if change["newcomer_share"] is None else change["newcomer_share"]
        venue = self.store.venue(date["venue_id"]) if date["venue_id"] else None
        if venue is not None and change["capacity"] > venue["capacity"]:
            raise Invalid("too many seats", {"capacity": [f"the venue holds {venue['capacity']} at most"]})
        free = domain.free_after_capacity(change["capacity"], share, date["confirmed"])
        if free is None:
            taken = sum(date["confirmed"].values())
            raise Conflict(f"{taken} participants are confirmed", {"capacity": [f"at least {taken}"]})
        changes = {"capacity": change["capacity"], "newcomer_share": share, "free": free}
        changed = self.store.change_date(date, changes, "WorkshopScheduled", domain.scheduled_event(
            date["workshop_id"], [date], {**date, **changes}))  # fmt: skip
        if changed is None:
            raise Conflict("the date changed meanwhile: read it again", {"date_id": ["changed meanwhile"]})
        return self._dates([changed], staff=True)["items"][0]

    # --- registration that keeps the group mixed ------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def register(self, date_id: str, payload: dict) -> dict:
        """A member registers for a date: a seat held for their group (or, close to the start, any
        empty seat), else the waiting list. Never more than the capacity, never twice on a date."""
        member_id = load(contract.Register(), payload, "registration")["member_id"]
        date = self.store.date(date_id)
        return contract.RegistrationView().dump(self._register(self.store.get(date["workshop_id"]), date, member_id))

    @rpc(expected_exceptions=EXPECTED)
    def register_series(self, workshop_id: str, payload: dict) -> dict:
        """A member registers for every coming date of a workshop they are not yet on."""
        member_id = load(contract.Register(), payload, "registration")["member_id"]
        workshop = self.store.get(workshop_id)
        coming = [d for d in self.store.dates_of(workshop_id, ("planned",)) if schedule.interval(d)[0] > now()]
        if not coming:
            raise Conflict("no coming date to register for", {"workshop_id": ["no coming date"]})
        done = []
        for date in coming:
            if self.store.registration_on(date["_id"], member_id) is None:
                done.append(self._register(workshop, date, member_id))
        return contract.RegistrationList().dump({"items": done, "total": len(done)})

    @rpc(expected_exceptions=EXPECTED)
    def confirm_offer(self, registration_id: str, member_id: str | None = None) -> dict:
        """A member takes the seat offered to them, before the offer's deadline."""
        registration = self._own_registration(registration_id, member_id)
        if registration["status"] != "offered":
            raise Conflict(f"a {registration['status']} registration has no offer to confirm",
                           {"registration_id": [registration["status"]]})  # fmt: skip
        if registration["offer_expires_at"] <= now().isoformat():
            raise Conflict(f"the offer expired at {registration['offer_expires_at']}",
                           {"registration_id": ["the offer expired"]})  # fmt: skip
        title = self.store.get(registration["workshop_id"])["title"]
        confirmed = self.store.move_registration(
            registration, ("offered",), {"status": "confirmed", "offer_expires_at": None},
            domain.registration_event(registration, title, "confirmed"),
        )  # fmt: skip
        if confirmed is None:
            raise Conflict("the offer changed meanwhile", {"registration_id": ["changed meanwhile"]})
        group = registration["group"]
        self.store.count(registration["date_id"], "offered", -1)
        self.store.count(registration["date_id"], f"confirmed.{group}", 1)
        return contract.RegistrationView().dump(confirmed)

    @rpc(expected_exceptions=EXPECTED)
    def cancel_registration(self, registration_id: str, member_id: str | None = None) -> dict:
        """A member leaves a date or its waiting list (staff: member_id None); a freed seat is
        offered to the next eligible person on the waiting list."""
        registration = self._own_registration(registration_id, member_id)
        title = self.store.get(registration["workshop_id"])["title"]
        cancelled = self.store.move_registration(
            registration, domain.ACTIVE_REGISTRATION, {"status": "cancelled", "offer_expires_at": None},
            domain.registration_event(registration, title, "cancelled"),
        )  # fmt: skip
        if cancelled is None:
            raise Conflict(f"a {registration['status']} registration cannot be cancelled",
                           {"registration_id": [registration["status"]]})  # fmt: skip
        if self._free(registration):
            self._offer_freed_seats(self.store.date(registration["date_id"]))
        return contract.RegistrationView().dump(cancelled)

    @rpc(expected_exceptions=EXPECTED)
    def registrations(self, member_id: str) -> dict:
        """A member's registrations, soonest first, each with its workshop's title and its date's times
        as they are now (read from the date: a moved date shows its new times)."""
        check_member_id(member_id)
        mine = self.store.registrations_of(member_id)
        dates = self.store.dates_in({r["date_id"] for r in mine})
        titles = self.store.titles(sorted({r["workshop_id"] for r in mine}))
        shown = []
        for registration in mine:
            date = dates.get(registration["date_id"], {})
            shown.append({**registration, "workshop_title": titles.get(registration["workshop_id"]),
                          "starts_at": date.get("starts_at", registration["starts_at"]),
                          "ends_at": date.get("ends_at")})  # fmt: skip
        shown.sort(key=lambda r: r["starts_at"])
        return contract.MemberRegistrationList().dump({"items": shown, "total": len(shown)})

    @rpc(expected_exceptions=EXPECTED)
    def participants(self, date_id: str, member_id: str | None = None, staff: bool = False) -> dict:
        """Who is on a date (ids, group, status), for staff and the workshop's leader only."""
        if not staff and member_id is None:
            raise NotFound(f"no date {date_id!r}")
        self._leader_date(date_id, None if staff else member_id)
        on_it = self.store.registrations_on(date_id, (*domain.ACTIVE_REGISTRATION, "attended", "no_show"))
        return contract.RegistrationList().dump({"items": on_it, "total": len(on_it)})

    @timer(interval=60)
    def keep_seats_moving(self) -> None:
        """Every minute: offers not confirmed in time pass to the next person; dates that open to
        everyone offer their empty seats to whoever waits."""
        for registration in self.store.expired_offers(now().isoformat()):
            expired = self.store.move_registration(
                registration, ("offered",), {"status": "cancelled", "offer_expires_at": None, "expired": True},
                domain.registration_event(registration, self.store.get(registration["workshop_id"])["title"],
                                          "cancelled"),
            )  # fmt: skip
            if expired is not None:
                self._free(registration)
                self._offer_freed_seats(self.store.date(registration["date_id"]))
        horizon = (now() + timedelta(hours=self._rules().open_hours)).isoformat()
        for date in self.store.dates_starting_before(horizon, now().isoformat()):
            if date.get("waitlisted", 0) > 0 and sum(date["free"].values()) > 0:
                self._offer_freed_seats(date)

    @rpc
    def run_seat_check(self) -> None:
        """The minute's check, on demand (tests, staff)."""
        self.keep_seats_moving()

    # --- attendance, reports, evaluations (step F) -------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def mark_attendance(self, date_id: str, payload: dict, member_id: str | None = None) -> dict:
        """The leader (member_id: theirs) or staff (None) mark who came and who did not, during the date
        or afterwards from a paper list. A no-show is remembered WORKSHOP_NO_SHOW_DAYS, then forgotten."""
        marks = load(contract.Attendance(), payload, "attendance")
        date, workshop = self._leader_date(date_id, member_id)
        on_date = {r["member_id"]: r for r in self.store.registrations_on(date_id, domain.MARKABLE)}
        errors = domain.attendance_errors(date, on_date, marks, now())
        if errors:
            raise Invalid("attendance cannot be marked", errors)
        expires = (now() + timedelta(days=settings().workshop_no_show_days)).isoformat()
        for status, ids in (("attended", marks["attended"]), ("no_show", marks["no_show"])):
            for marked in ids:
                registration = on_date[marked]
                event = domain.registration_event(registration, workshop["title"], status)
                self.store.mark(registration, status, expires if status == "no_show" else None, event)
        return self.participants(date_id, member_id, member_id is None)

    @rpc(expected_exceptions=EXPECTED)
    def report_date(self, date_id: str, payload: dict, member_id: str | None = None) -> dict:
        """The leader closes a date with a short report: attendance by newcomer and local is counted
        from the marks, and WorkshopSessionHeld published."""
        report = load(contract.DateReport(), payload, "report")
        date, _ = self._leader_date(date_id, member_id)
        if datetime.fromisoformat(date["starts_at"]) > now():
            raise Invalid("a date is reported once it has taken place", {"date_id": ["still to come"]})
        counts = domain.attendance_counts(self.store.registrations_on(date_id, ("attended", "no_show")))
        held = self.store.hold(date, counts, report["notes"], now().isoformat(), domain.held_event(date, counts))
        if held is None:
            raise Conflict(f"a {date['status']} date cannot be reported", {"date_id": [date["status"]]})
        return self._dates([held], staff=True)["items"][0]

    @rpc(expected_exceptions=EXPECTED)
    def evaluate(self, date_id: str, payload: dict) -> dict:
        """A participant who attended rates the date (1-5, tags); publishes SessionEvaluated."""
        evaluation = load(contract.DateEvaluation(), payload, "evaluation")
        date = self.store.date(date_id)
        refusal = domain.evaluation_error(self.store.registration_on(date_id, evaluation["evaluator_id"]))
        if refusal:
            raise Invalid(refusal, {"evaluator_id": [refusal]})
        record = {**evaluation, "_id": new_id(), "workshop_id": date["workshop_id"], "date_id": date_id,
                  "starts_at": date["starts_at"], "created_at": now().isoformat()}  # fmt: skip
        self.store.add_evaluation(record, domain.evaluated_event(record))
        return contract.DateEvaluationView().dump(record)

    @rpc(expected_exceptions=EXPECTED)
    def evaluation_summary(self, workshop_id: str | None = None) -> dict:
        """Ratings and tags of one workshop, or of the whole programme."""
        if workshop_id is not None:
            self.store.get(workshop_id)
        return contract.WorkshopEvaluationSummary().dump(
            domain.evaluation_summary(self.store.evaluations_of(workshop_id))
        )

    @rpc(expected_exceptions=EXPECTED)
    def no_shows(self, member_id: str) -> dict:
        """A member's own no-show records still kept, with when each is forgotten."""
        check_member_id(member_id)
        mine = [
            {**r, "expires_at": r["no_show_expires_at"]} for r in self.store.no_shows_of(member_id, now().isoformat())
        ]
        return contract.NoShowList().dump({"items": mine, "total": len(mine)})

    @rpc(expected_exceptions=EXPECTED)
    def stats(self) -> dict:
        """Ateliers figures for impact reports (counts, shares, durations; no member data)."""
        workshops, dates, registrations, evaluations = self.store.everything()
        leaders = {w["proposer_id"] for w in workshops if w.get("proposer_id")}
        kinds = {m: known["kind"] for m in leaders if (known := self.store.member(m))}
        return contract.WorkshopFigures().dump(domain.figures(workshops, dates, registrations, evaluations, kinds))

    @timer(interval=3600)
    def send_reminders(self) -> int:
        """Hourly: the dates of the next 24 hours remind their confirmed participants (once)."""
        sent = 0
        for date in self.store.dates_to_remind(now().isoformat(), (now() + timedelta(hours=24)).isoformat()):
            workshop = self.store.get(date["workshop_id"])
            venue = self.store.venue(date["venue_id"]) if date["venue_id"] else None
            confirmed = [r["member_id"] for r in self.store.registrations_on(date["_id"], ("confirmed",))]
            sent += self.store.remind(date, domain.reminder_event(workshop, date, venue, confirmed))
        return sent

    @timer(interval=86400)
    def forget_old_registrations(self) -> dict:
        """Daily: registrations of dates older than WORKSHOP_RETENTION_DAYS go (figures keep the dates'
        counts), and no-show records past their time."""
        before = now() - timedelta(days=settings().workshop_retention_days)
        return self.store.forget(before.isoformat(), now().isoformat())

    @rpc
    def run_daily_and_hourly(self) -> dict:
        """The reminder and retention timers on demand (tests, staff)."""
        return {"reminded": self.send_reminders(), "forgotten": self.forget_old_registrations()}

    # --- calendars (.ics) ------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def calendar(self, workshop_id: str) -> str:
        """A published workshop's dates as an iCalendar file, for anyone (never the online link)."""
        workshop = self.store.get(workshop_id)
        if domain.seen_by(workshop, None, False) is None:
            raise NotFound(f"no workshop {workshop_id!r}")
        dates = self.store.dates_of(workshop_id, ical.PUBLIC_DATES)
        venues = self.store.venues_in({d["venue_id"] for d in dates if d.get("venue_id")})
        return ical.workshop_calendar(workshop, dates, venues).decode()

    @rpc(expected_exceptions=EXPECTED)
    def calendar_token(self, member_id: str) -> dict:
        """A member's calendar feed: made on the first call (the token shown once), else said to exist."""
        self._feed_member(member_id)
        token, at = secrets.token_urlsafe(FEED_TOKEN_BYTES), now().isoformat()
        if self.store.add_calendar_token(member_id, feed_digest(token), at):
            return feed_view(token, at)
        return feed_view(None, self.store.calendar_token_of(member_id)["created_at"])

    @rpc(expected_exceptions=EXPECTED)
    def rotate_calendar_token(self, member_id: str) -> dict:
        """A new token for a member's feed (the old one opens nothing any more), shown once."""
        self._feed_member(member_id)
        token, at = secrets.token_urlsafe(FEED_TOKEN_BYTES), now().isoformat()
        self.store.replace_calendar_token(member_id, feed_digest(token), at)
        return feed_view(token, at)

    @rpc(expected_exceptions=EXPECTED)
    def revoke_calendar_token(self, member_id: str) -> bool:
        """Close a member's feed: its token opens nothing any more. True if there was one."""
        check_member_id(member_id)
        return self.store.revoke_calendar_token(member_id)

    @rpc(expected_exceptions=EXPECTED)
    def member_calendar(self, token: str) -> str:
        """The feed a token opens: its member's dates (seats held, offered, attended) as an
        iCalendar file, the online link on the dates they are confirmed on. NotFound otherwise."""
        feed = self.store.calendar_token_by_digest(feed_digest(token)) if isinstance(token, str) else None
        if feed is None:
            raise NotFound("no such calendar feed")
        mine = [r for r in self.store.registrations_of(feed["_id"]) if r["status"] in ical.FEED_REGISTRATIONS]
        dates = self.store.dates_in({r["date_id"] for r in mine})
        workshops = self.store.workshops_in({r["workshop_id"] for r in mine})
        venues = self.store.venues_in({d["venue_id"] for d in dates.values() if d.get("venue_id")})
        entries = [
            ical.FeedEntry(workshops[r["workshop_id"]], date, venues.get(date.get("venue_id") or ""), r)
            for r in mine if (date := dates.get(r["date_id"])) and r["workshop_id"] in workshops
        ]  # fmt: skip
        return ical.member_feed(entries).decode()

    # --- helpers --------------------------------------------------------------------------------------

    def _leader_date(self, date_id: str, member_id: str | None) -> tuple[dict, dict]:
        """A date for its workshop's leader (member_id) or staff (None); to anyone else it does not exist."""
        date = self.store.date(date_id)
        workshop = self.store.get(date["workshop_id"])
        if member_id is not None and workshop.get("proposer_id") != member_id:
            raise NotFound(f"no date {date_id!r}")
        return date, workshop

    def _feed_member(self, member_id: str) -> None:
        """A feed is for a member Ateliers knows (an erased member has none)."""
        check_member_id(member_id)
        if self.store.member(member_id) is None:
            reason = "unknown member (not yet known to Ateliers: try again in a moment)"
            raise Invalid(reason, {"member_id": [reason]})

    def _rules(self) -> mix.MixRules:
        config = settings()
        return mix.MixRules(config.workshop_open_hours, config.workshop_offer_hours, config.workshop_last_call_hours)

    def _register(self, workshop: dict, date: dict, member_id: str) -> dict:
        member = self.store.member(member_id)
        refusal = domain.registration_error(workshop, date, member, now())
        if refusal:
            field, reason = refusal
            raise (Invalid if field == "member_id" else Conflict)(reason, {field: [reason]})
        group = member["kind"]
        registration = domain.new_registration(date, member_id, group, now().isoformat(), new_id())
        if self.store.add_registration(registration) is None:
            existing = self.store.registration_on(date["_id"], member_id)
            if existing["status"] not in ("cancelled", "pending"):
                raise Conflict(f"already {existing['status']} on this date", {"date_id": ["already registered"]})
            registration = self.store.move_registration(
                existing, ("cancelled", "pending"), {"status": "pending", "created_at": now().isoformat()}, None
            )
            if registration is None:
                raise Conflict("already registered on this date", {"date_id": ["already registered"]})
        starts_at = schedule.interval(date)[0]
        for seat in mix.seats_to_try(group, starts_at, now(), self._rules()):
            if self.store.take_seat(date["_id"], seat, f"confirmed.{group}"):
                return self._settle(registration, workshop, "confirmed", seat)
        self.store.count(date["_id"], "waitlisted", 1)
        return self._settle(registration, workshop, "waitlisted", None)

    def _settle(self, registration: dict, workshop: dict, status: str, seat: str | None,
                offer_expires_at: str | None = None) -> dict:  # fmt: skip
        """A pending or waiting registration becomes confirmed, waitlisted or offered (with its event)."""
        changes = {"status": status, "seat": seat, "offer_expires_at": offer_expires_at}
        event = domain.registration_event(registration, workshop["title"], status, offer_expires_at)
        return self.store.move_registration(registration, ("pending", "waitlisted"), changes, event)

    def _own_registration(self, registration_id: str, member_id: str | None) -> dict:
        registration = self.store.registration(registration_id)
        if member_id is not None and registration["member_id"] != member_id:
            raise NotFound(f"no registration {registration_id!r}")
        return registration

    def _free(self, registration: dict) -> bool:
        """Give back what a registration held (as it was before it left): True if a seat freed."""
        date_id, status = registration["date_id"], registration["status"]
        if status == "confirmed":
            self.store.give_back_seat(date_id, registration["seat"], f"confirmed.{registration['group']}")
        elif status == "offered":
            self.store.give_back_seat(date_id, registration["seat"], "offered")
        elif status == "waitlisted":
            self.store.count(date_id, "waitlisted", -1)
        return status in domain.HOLDING

    def _release(self, registration: dict) -> bool:
        """An erased member's registration leaves without a word: True if a seat freed."""
        return registration["status"] in domain.ACTIVE_REGISTRATION and self._free(registration)

    def _offer_freed_seats(self, date: dict) -> None:
        """Offer each free seat to the next eligible person waiting: of the seat's group, or anyone's
        once the date is open to all. The offer holds the seat until its deadline."""
        if date["status"] != "planned":
            return
        starts_at, rules = schedule.interval(date)[0], self._rules()
        deadline = mix.offer_deadline(starts_at, now(), rules)
        if deadline is None:
            return  # too close to the start for anyone to confirm: the seat stays free
        workshop = self.store.get(date["workshop_id"])
        for seat in mix.GROUPS:
            groups = mix.GROUPS if mix.open_to_all(starts_at, now(), rules) else (seat,)
            while (waiting := self.store.next_waiting(date["_id"], groups)) is not None:
                if not self.store.take_seat(date["_id"], seat, "offered"):
                    break  # no free seat of this group (any more)
                if self._settle(waiting, workshop, "offered", seat, deadline.isoformat()) is None:
                    self.store.give_back_seat(date["_id"], seat, "offered")  # they left meanwhile
                    continue
                self.store.count(date["_id"], "waitlisted", -1)

    def _view(self, workshop: dict, view: str) -> dict:
        shown = {**workshop, "leader_name": domain.leader_name(workshop)}
        if view == "public":
            return contract.WorkshopView().dump(shown)
        charter = workshop.get("charter") or {}
        staff_view = {**domain.with_allowed_moves(shown), "charter_accepted_at": charter.get("accepted_at")}
        return contract.WorkshopStaffView().dump(staff_view)

    def _facts(self, workshop: dict) -> dict[str, bool]:
        """Which prerequisites of the pipeline hold (domain.PREREQUISITES)."""
        planned = self.store.dates_of(workshop["_id"], ("planned", "held"))
        future = self.store.future_dates(workshop["_id"], now().isoformat())
        return {
            "a_placed_date": bool(planned),  # every date has a booked venue or an online link
            "a_future_date": future > 0,
            "a_capacity": all(d["capacity"] > 0 for d in planned),
            "charter_accepted": bool(workshop.get("charter")),
            "impact_recorded": bool(workshop.get("impact")),
        }

    def _note(self, workshop_id: str, text: str, actor: str, at: str) -> dict:
        note = {"_id": new_id(), "workshop_id": workshop_id, "text": text, "by": actor, "at": at}
        self.store.add_note(note)
        return note

    def _planned(self, date: dict) -> None:
        if date["status"] != "planned":
            raise Conflict(f"a {date['status']} date cannot change", {"date_id": [date["status"]]})

    def _to_tell(self, date: dict) -> "list[str]":
        """Who is told when a date changes: everyone on it, confirmed, offered or waiting."""
        return [r["member_id"] for r in self.store.registrations_on(date["_id"], domain.ACTIVE_REGISTRATION)]

    def _dates(self, dates: "list[dict]", staff: bool, link_for: frozenset | set = frozenset()) -> dict:
        """Dates with their live mix; the online link only to staff and to the date's confirmed."""
        venues = self._venues_of(dates)
        shown = [self._live(d, venues) for d in dates]
        if not staff:
            shown = [{**d, "online_link": d["online_link"] if d["_id"] in link_for else None} for d in shown]
        return contract.DateList().dump({"items": shown, "total": len(shown)})

    def _live(self, date: dict, venues: dict[str, dict]) -> dict:
        """A stored date with what its views show: online or not, its venue's public details
        (contract.DateVenue: never its contact), its live mix of seats."""
        online, venue = bool(date.get("online_link")), venues.get(date.get("venue_id") or "")
        return {**date, "online": online, "venue": venue, "seats": domain.seats_view(date, now())}

    def _venues_of(self, dates: "list[dict]") -> dict[str, dict]:
        """The venues of these dates, by id (read once for them all)."""
        return self.store.venues_in({d["venue_id"] for d in dates if d.get("venue_id")})
