"""Ateliers: workshops members propose and lead; the accompaniment pipeline, partner venues, dates."""

import functools

from gateway.auth import WORKSHOP_STAFF
from gateway.base import AN_ID, PAGE, Gateway
from gateway.edge import Call, HttpProblem, api
from interra_chassis.errors import Forbidden
from interra_contracts.api import workshops as contract
from interra_contracts.api.common import page_of
from interra_contracts.vocabulary import REGIONS, WORKSHOP_STATUSES

route = functools.partial(api, tag="workshops")
venue_route = functools.partial(api, tag="venues", roles=WORKSHOP_STAFF)
REGION = {"enum": list(REGIONS)}
ICS = "text/calendar"
WorkshopPage = page_of(contract.WorkshopView, "WorkshopPage")
PipelinePage = page_of(contract.WorkshopStaffView, "PipelinePage")


class WorkshopRoutes(Gateway):
    # --- proposals and the pipeline ---------------------------------------------------------------

    @route("POST", "/workshops", status=201, body=contract.ProposeWorkshop(), response=contract.WorkshopStaffView())
    def propose_workshop(self, call: Call):
        """Propose a workshop"""
        self.on_behalf(call, "proposer_id", WORKSHOP_STAFF)
        return self.workshops.propose(call.body)

    @route("GET", "/workshops", auth=False, response=WorkshopPage(),
           query={**PAGE, "status": (str, "published or running", {"enum": ["published", "running"]})})  # fmt: skip
    def list_workshops(self, call: Call):
        """The catalogue: published workshops members can join, newest first"""
        offset, limit = self.page(call)
        return self.workshops.list(offset=offset, limit=limit, status=call.request.args.get("status"))

    @route("GET", "/workshops/pipeline", roles=WORKSHOP_STAFF, response=PipelinePage(),
           query={**PAGE, "status": (str, "one status", {"enum": list(WORKSHOP_STATUSES)})})  # fmt: skip
    def workshop_pipeline(self, call: Call):
        """Every workshop in the pipeline, newest first, with its history (workshop coordinators)"""
        offset, limit = self.page(call)
        return self.workshops.list(offset=offset, limit=limit, status=call.request.args.get("status"), staff=True)

    @route("GET", "/workshops/{workshop_id}", auth="optional", response=contract.WorkshopStaffView())
    def get_workshop(self, call: Call, workshop_id):
        """One workshop: published ones to anyone; the pipeline and history to staff and its proposer"""
        return self.workshops.get(workshop_id, *self._workshop_viewer(call))

    @route("POST", "/workshops/{workshop_id}/moves", body=contract.WorkshopMove(),
           response=contract.WorkshopStaffView())  # fmt: skip
    def move_workshop(self, call: Call, workshop_id):
        """A step of the pipeline (workshop coordinators); the proposer may only withdraw (409 lists the allowed)"""
        return self.workshops.move(workshop_id, call.body, call.actor, self._workshop_actor(call))

    @route("POST", "/workshops/{workshop_id}/charter", body=contract.Charter(), response=contract.WorkshopStaffView())
    def accept_charter(self, call: Call, workshop_id):
        """The proposer accepts the leader's charter and the first name they agree to show"""
        return self.workshops.accept_charter(workshop_id, call.body, call.principal.member_id)

    @route("POST", "/workshops/{workshop_id}/impact", roles=WORKSHOP_STAFF, body=contract.ImpactEvaluation(),
           response=contract.WorkshopStaffView())  # fmt: skip
    def record_impact(self, call: Call, workshop_id):
        """Record the workshop's impact evaluation (step F; needed to complete it)"""
        return self.workshops.record_impact(workshop_id, call.body, call.actor)

    @route("POST", "/workshops/{workshop_id}/notes", roles=WORKSHOP_STAFF, status=201, body=contract.StaffNote(),
           response=contract.NoteView())  # fmt: skip
    def add_workshop_note(self, call: Call, workshop_id):
        """A private staff note on a workshop (never sent, never in events)"""
        return self.workshops.add_note(workshop_id, call.body, call.actor)

    @route("GET", "/workshops/{workshop_id}/notes", roles=WORKSHOP_STAFF, response=contract.NoteList())
    def workshop_notes(self, call: Call, workshop_id):
        """A workshop's staff notes, oldest first"""
        return self.workshops.notes(workshop_id)

    # --- dates ----------------------------------------------------------------------------------------

    @route("POST", "/workshops/{workshop_id}/dates", roles=WORKSHOP_STAFF, status=201, body=contract.PlanDates(),
           response=contract.DateList())  # fmt: skip
    def plan_workshop_dates(self, call: Call, workshop_id):
        """Plan one date or a weekly / fortnightly series at a partner venue (booked, or 409) or online"""
        return self.workshops.plan_dates(workshop_id, call.body)

    @route("GET", "/workshops/dates", roles=WORKSHOP_STAFF, response=contract.WindowDates(), query={
        "from": (str, "first day, Liège time (default: today)", {"format": "date"}),
        "to": (str, f"last day, included (default: six days after from; {contract.WINDOW_MAX_DAYS} days at most)",
               {"format": "date"}),
    })  # fmt: skip
    def dates_between(self, call: Call):
        """Every workshop date in a window of days, with its workshop, venue and live mix (workshop coordinators)"""
        return self.workshops.dates_between(call.request.args.get("from"), call.request.args.get("to"))

    @route("GET", "/workshops/{workshop_id}/dates", auth="optional", response=contract.DateList())
    def workshop_dates(self, call: Call, workshop_id):
        """A workshop's dates with their venue (public details) and live mix of seats (the online link: staff)"""
        return self.workshops.dates(workshop_id, *self._workshop_viewer(call))

    @route("POST", "/workshops/dates/{date_id}/cancel", roles=WORKSHOP_STAFF, body=contract.CancelDate(),
           response=contract.DateView())  # fmt: skip
    def cancel_workshop_date(self, call: Call, date_id):
        """Cancel a date: its venue is free again and its participants are told"""
        return self.workshops.cancel_date(date_id, call.body)

    @route("POST", "/workshops/dates/{date_id}/move", roles=WORKSHOP_STAFF, body=contract.MoveDate(),
           response=contract.DateView())  # fmt: skip
    def move_workshop_date(self, call: Call, date_id):
        """Move a date (its venue booked at the new time, or 409); its participants are told"""
        return self.workshops.move_date(date_id, call.body)

    @route("PUT", "/workshops/dates/{date_id}/capacity", roles=WORKSHOP_STAFF, body=contract.DateCapacity(),
           response=contract.DateView())  # fmt: skip
    def change_date_capacity(self, call: Call, date_id):
        """A date's capacity (never below its confirmed participants) and target newcomer share"""
        return self.workshops.change_capacity(date_id, call.body)

    # --- registration (members for themselves; workshop coordinators for anyone) ------------------------

    @route("POST", "/workshops/dates/{date_id}/registrations", status=201, body=contract.Register(),
           response=contract.RegistrationView())  # fmt: skip
    def register_for_date(self, call: Call, date_id):
        """Register for a date: confirmed on a seat held for your group, or on the waiting list"""
        self.on_behalf(call, "member_id", WORKSHOP_STAFF)
        return self.workshops.register(date_id, call.body)

    @route("POST", "/workshops/{workshop_id}/registrations", status=201, body=contract.Register(),
           response=contract.RegistrationList())  # fmt: skip
    def register_for_series(self, call: Call, workshop_id):
        """Register for every coming date of a workshop"""
        self.on_behalf(call, "member_id", WORKSHOP_STAFF)
        return self.workshops.register_series(workshop_id, call.body)

    @route("GET", "/workshops/registrations", response=contract.MemberRegistrationList(),
           query={"member_id": (str, "whose registrations (default: yours)", AN_ID)})  # fmt: skip
    def workshop_registrations(self, call: Call):
        """A member's registrations, soonest first, with the workshop's title and any seat offered and its deadline"""
        member_id = self.member_arg(call)
        if not member_id:
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        self.own_or_hidden(call, member_id, WORKSHOP_STAFF)
        registrations = self.workshops.registrations(member_id)
        self.audit(call, "read_registrations", member_id)
        return registrations

    @route("POST", "/workshops/registrations/{registration_id}/confirm", response=contract.RegistrationView())
    def confirm_seat_offer(self, call: Call, registration_id):
        """Take the seat offered to you, before its deadline"""
        return self.workshops.confirm_offer(registration_id, self._workshop_actor(call))

    @route("POST", "/workshops/registrations/{registration_id}/cancel", response=contract.RegistrationView())
    def cancel_workshop_registration(self, call: Call, registration_id):
        """Leave a date or its waiting list; a freed seat is offered to the next person waiting"""
        return self.workshops.cancel_registration(registration_id, self._workshop_actor(call))

    @route("GET", "/workshops/dates/{date_id}/participants", response=contract.RegistrationList())
    def date_participants(self, call: Call, date_id):
        """Who is on a date (ids, group, status): workshop coordinators and the workshop's leader"""
        return self.workshops.participants(date_id, *self._workshop_viewer(call))

    # --- attendance, reports, evaluations, figures (step F) ---------------------------------------------

    @route("PUT", "/workshops/dates/{date_id}/attendance", body=contract.Attendance(),
           response=contract.RegistrationList())  # fmt: skip
    def mark_attendance(self, call: Call, date_id):
        """The workshop's leader or staff mark who came (during the date or afterwards, from a paper list)"""
        return self.workshops.mark_attendance(date_id, call.body, self._workshop_actor(call))

    @route("POST", "/workshops/dates/{date_id}/report", body=contract.DateReport(), response=contract.DateView())
    def report_workshop_date(self, call: Call, date_id):
        """The leader closes a date with a short report; attendance by newcomer and local is counted"""
        return self.workshops.report_date(date_id, call.body, self._workshop_actor(call))

    @route("POST", "/workshops/dates/{date_id}/evaluations", status=201, body=contract.DateEvaluation(),
           response=contract.DateEvaluationView())  # fmt: skip
    def evaluate_workshop_date(self, call: Call, date_id):
        """A participant who attended rates the date (1-5) and says what it gave them"""
        self.on_behalf(call, "evaluator_id", ())
        return self.workshops.evaluate(date_id, call.body)

    @route("GET", "/workshops/{workshop_id}/evaluations/summary", roles=WORKSHOP_STAFF,
           response=contract.WorkshopEvaluationSummary())  # fmt: skip
    def workshop_evaluation_summary(self, call: Call, workshop_id):
        """Ratings and tags of one workshop (workshop coordinators)"""
        return self.workshops.evaluation_summary(workshop_id)

    @route("GET", "/workshops/evaluations/summary", roles=WORKSHOP_STAFF, response=contract.WorkshopEvaluationSummary())
    def workshops_evaluation_summary(self, call: Call):
        """Ratings and tags of the whole programme (workshop coordinators)"""
        return self.workshops.evaluation_summary(None)

    @route("GET", "/workshops/no-shows", response=contract.NoShowList(),
           query={"member_id": (str, "whose no-shows (default: yours)", AN_ID)})  # fmt: skip
    def workshop_no_shows(self, call: Call):
        """A member's own no-show records still kept, and when each is forgotten"""
        member_id = self.member_arg(call)
        if not member_id:
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        self.own_or_hidden(call, member_id, WORKSHOP_STAFF)
        return self.workshops.no_shows(member_id)

    @route("GET", "/workshops/stats", roles=WORKSHOP_STAFF, response=contract.WorkshopFigures())
    def workshop_stats(self, call: Call):
        """Ateliers figures for impact reports: dates held, participants, mix, attendance, ratings, channels"""
        return self.workshops.stats()

    # --- calendars (.ics): a phone subscribes without logging in ----------------------------------------

    @route("GET", "/workshops/{workshop_id}/calendar.ics", auth=False, media=ICS)
    def workshop_calendar(self, call: Call, workshop_id):
        """A published workshop's dates as an iCalendar file (cancelled ones marked so; never the online link)"""
        return self.workshops.calendar(workshop_id)

    @route("GET", "/calendar/{token}.ics", auth=False, media=ICS)
    def member_calendar(self, call: Call, token):
        """A member's own dates as an iCalendar feed, opened by its secret token (no login: for a phone)"""
        return self.workshops.member_calendar(token)

    @route("POST", "/workshops/calendar-token", response=contract.CalendarToken())
    def calendar_token(self, call: Call):
        """Your calendar feed: made on the first call, its token shown then only (rotate to see a new one)"""
        return self.workshops.calendar_token(self._feed_owner(call))

    @route("POST", "/workshops/calendar-token/rotate", response=contract.CalendarToken())
    def rotate_calendar_token(self, call: Call):
        """A new token for your calendar feed, shown once; the old link opens nothing any more"""
        return self.workshops.rotate_calendar_token(self._feed_owner(call))

    @route("DELETE", "/workshops/calendar-token", status=204)
    def revoke_calendar_token(self, call: Call):
        """Close your calendar feed: its link opens nothing any more"""
        self.workshops.revoke_calendar_token(self._feed_owner(call))

    # --- partner venues -------------------------------------------------------------------------------

    @venue_route("POST", "/venues", status=201, body=contract.Venue(), response=contract.VenueView())
    def add_venue(self, call: Call):
        """A partner venue: address, capacity, accessibility, amenities, opening hours, contact"""
        return self.workshops.add_venue(call.body)

    @venue_route(
        "GET", "/venues", response=contract.VenueList(), query={"region": (str, "one region", {"enum": list(REGIONS)})}
    )
    def list_venues(self, call: Call):
        """The partner venues, by name (workshop coordinators)"""
        return self.workshops.venues(call.request.args.get("region"))

    @venue_route("GET", "/venues/{venue_id}", response=contract.VenueView())
    def get_venue(self, call: Call, venue_id):
        """One partner venue"""
        return self.workshops.venue(venue_id)

    @venue_route("PATCH", "/venues/{venue_id}", body=contract.venue_update(), response=contract.VenueView())
    def update_venue(self, call: Call, venue_id):
        """Change a partner venue"""
        return self.workshops.update_venue(venue_id, call.body)

    def _workshop_actor(self, call: Call) -> str | None:
        """A workshop coordinator acts as staff (None); a member as themselves; anyone else may not."""
        if call.principal.has_any(WORKSHOP_STAFF):
            return None
        if not call.principal.member_id:
            raise Forbidden("only members and workshop coordinators may do this")
        return call.principal.member_id

    def _feed_owner(self, call: Call) -> str:
        """A calendar feed is a member's own: staff accounts have none."""
        if not call.principal.member_id:
            raise Forbidden("only members have a calendar feed")
        return call.principal.member_id

    def _workshop_viewer(self, call: Call) -> tuple[str | None, bool]:
        """Who asks (member id, and whether a workshop coordinator), for the service to choose a view."""
        if call.principal is None:
            return None, False
        return call.principal.member_id, call.principal.has_any(WORKSHOP_STAFF)
