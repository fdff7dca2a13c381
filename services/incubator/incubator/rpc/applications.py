"""Calls and applications: a coordinator opens a call; members apply (a draft first, if they like);
the application moves along its review (incubator.domain.MOVES); an admission takes one of the
cohort's places and opens the entrepreneur's project."""

from incubator import domain
from incubator.rpc import new_id, now, today
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound
from interra_chassis.paging import DEFAULT_LIMIT, page, page_limit
from interra_chassis.rpc import rpc
from interra_chassis.validation import load
from interra_contracts.api.incubator import applications as contract


class ApplicationRpc:
    """Service mixin (IncubatorService): calls, applications, their review moves."""

    def export_of(self, member_id: str) -> dict:
        """The first part of a member's export (other areas add theirs): the read model and their
        applications."""
        return domain.member_export(self.store.member(member_id), self.store.applications_of(member_id))

    # --- calls ----------------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def open_call(self, payload: dict) -> dict:
        """A coordinator opens a call for a cohort (dates, places, questions, review grid)."""
        request = load(contract.OpenCall(), payload, "call")
        call = domain.new_call(request, new_id(), now())
        errors = domain.call_errors(call)
        if errors:
            raise Invalid("invalid call", errors)
        self.store.add_call(call)
        return self._call_view(call)

    @rpc(expected_exceptions=EXPECTED)
    def get_call(self, call_id: str) -> dict:
        return self._call_view(self.store.call(call_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_calls(self, open_only: bool = False, offset: int = 0, limit: int = DEFAULT_LIMIT) -> dict:
        """Calls, the latest first (only those open today, if asked)."""
        query = load(contract.ListCalls(), {"open_only": open_only, "offset": offset, "limit": limit}, "query")
        limit = page_limit(query["limit"])
        open_on = today().isoformat() if query["open_only"] else None
        items, total = self.store.calls_page(query["offset"], limit, open_on)
        return page([self._call_view(call) for call in items], total, query["offset"], limit)

    # --- applications ---------------------------------------------------------------------------------

    @rpc(expected_exceptions=EXPECTED)
    def apply(self, payload: dict) -> dict:
        """A member applies to an open call: a draft, or submitted at once (then EntrepreneurApplied)."""
        request = load(contract.Apply(), payload, "application")
        call = self.store.call_or_none(request["call_id"])
        member = self.store.member(request["member_id"])
        errors = domain.application_errors(request, member, call, request["submit"])
        if errors:
            raise Invalid("invalid application", errors)
        if not domain.call_open(call, today()):
            raise Conflict(
                f"the call for cohort {call['cohort']!r} is not open",
                {"call_id": [f"takes applications from {call['opens_on']} to {call['closes_on']}"]},
            )
        application = domain.new_application(request, call, member, new_id(), now())
        self.store.add_application(application, domain.move_events(application, "submit") if request["submit"] else [])
        return self._application_view(application)

    @rpc(expected_exceptions=EXPECTED)
    def edit_application(self, application_id: str, payload: dict, member_id: str | None = None) -> dict:
        """The applicant changes their draft, or answers what a coordinator asked (then moves "answer")."""
        changes = load(contract.EditApplication(), payload, "application")
        application = self._own_application(application_id, member_id)
        if application["status"] not in domain.EDITABLE:
            message = f"a {application['status']} application cannot be changed"
            raise Conflict(message, {"status": [message]})
        after = domain.edited(application, changes)
        errors = domain.application_errors(after, {}, self.store.call(application["call_id"]), submitting=False)
        if errors:
            raise Invalid("invalid application", errors)
        return self._save(application, after, [])

    @rpc(expected_exceptions=EXPECTED)
    def move_application(self, application_id: str, payload: dict, member_id: str | None = None) -> dict:
        """A step of the review by a coordinator (member_id None) or by the applicant (member_id:
        theirs: submit, answer, withdraw). A refused move answers 409 naming the allowed ones; an
        admission takes a place of the cohort (409 when none is left) and opens the project."""
        request = load(contract.ApplicationMove(), payload, "move")
        application = self._own_application(application_id, member_id)
        move, reason, message = request["move"], request["reason"], request["message"]
        errors = domain.move_request_errors(move, reason, message)
        if errors:
            raise Invalid("invalid move", errors)
        by = "staff" if member_id is None else "applicant"
        call = self.store.call(application["call_id"])
        if move in ("submit", "answer"):
            self._check_complete(application, call)
        refusal = domain.review_move_error(application, move, self._facts(application, call), by)
        if refusal:
            raise Conflict(refusal, {"move": [refusal]})
        return self._move(application, move, reason, message)

    @rpc(expected_exceptions=EXPECTED)
    def get_application(self, application_id: str, member_id: str | None = None) -> dict:
        """One application (member_id: only if it is theirs; 404 otherwise)."""
        return self._application_view(self._own_application(application_id, member_id))

    @rpc(expected_exceptions=EXPECTED)
    def list_applications(
        self,
        member_id: str | None = None,
        offset: int = 0,
        limit: int = DEFAULT_LIMIT,
        call_id: str | None = None,
        status: str | None = None,
    ) -> dict:
        """Applications newest first (of a member, a call, in a status), a page at a time."""
        query = load(
            contract.ListApplications(),
            {"member_id": member_id, "call_id": call_id, "status": status, "offset": offset, "limit": limit},
            "query",
        )
        limit = page_limit(query["limit"])
        equal = {name: query[name] for name in ("member_id", "call_id", "status")}
        items, total = self.store.applications_page(query["offset"], limit, **equal)
        return page([self._application_view(a) for a in items], total, query["offset"], limit)

    # --- the moves --------------------------------------------------------------------------------------

    def _move(self, application: dict, move: str, reason: str | None, message: str | None) -> dict:
        """Carry out an allowed move: the status, its history entry and its events in one conditional
        write; an admission first takes a place (given back if the application moved meanwhile)."""
        status_to = domain.MOVES[move].to
        after = domain.with_status(application, status_to)
        at = now()
        after["decline_reason"] = reason if move == "decline" else application.get("decline_reason")
        after["more_info"] = message if move == "ask_more_info" else application.get("more_info")
        if move == "submit":
            after["submitted_at"] = at.isoformat(timespec="microseconds")
        changed = domain.status_changed_event(application, move, reason)
        events = [("ApplicationStatusChanged", changed), *domain.move_events(after, move, reason)]
        if move == "admit":
            if not self.store.take_place(application["call_id"]):
                message = "no place left in this cohort"
                raise Conflict(message, {"move": [f"admit needs {domain.PREREQUISITES['a_place_left']}"]})
            after["project_id"] = new_id()
        push = {"history": domain.history_entry(move, application["status"], status_to, at, reason, message)}
        saved = self.store.save_application(application, after, events, push)
        if saved is None:
            if move == "admit":
                self.store.give_place_back(application["call_id"])
            message = "the application moved meanwhile; reload it"
            raise Conflict(message, {"move": [message]})
        if move == "admit":
            self._open_project(saved)
        return self._application_view(saved)

    def _facts(self, application: dict, call: dict) -> dict[str, bool]:
        """Which prerequisites of the moves hold (domain.PREREQUISITES); other areas add theirs
        (super()._facts(...) | {...})."""
        return {"call_open": domain.call_open(call, today()), "a_place_left": call["places_left"] > 0}

    def _open_project(self, application: dict) -> None:
        """An admitted entrepreneur's project is followed from here: the projects area overrides it
        (incubator/rpc/projects.py). Called after the admission is saved, with the saved application."""

    def _check_complete(self, application: dict, call: dict) -> None:
        errors = domain.application_errors(application, {}, call, submitting=True)
        if errors:
            raise Invalid("the application is not complete", errors)

    def _save(self, before: dict, after: dict, events: list) -> dict:
        saved = self.store.save_application(before, after, events)
        if saved is None:
            message = "the application moved meanwhile; reload it"
            raise Conflict(message, {"status": [message]})
        return self._application_view(saved)

    def _own_application(self, application_id: str, member_id: str | None) -> dict:
        """The application; with member_id, only if it is that member's (404 otherwise: no hint)."""
        application = self.store.application(application_id)
        if member_id is not None and application.get("member_id") != member_id:
            raise NotFound(f"no application {application_id!r}")
        return application

    def _application_view(self, application: dict) -> dict:
        return contract.ApplicationView().dump(domain.with_allowed_moves(application))

    def _call_view(self, call: dict) -> dict:
        return contract.CallView().dump(domain.call_view(call, today()))
