"""The HTTP gateway: composes the services for frontends through RPC, enforces who may do what.

Business rules stay in the services; here: authentication, the access rules of each route
(function, object and property level), audit of access to personal data, and the HTTP edge.
"""

import functools
import time
from datetime import UTC, datetime

import eventlet
from nameko.exceptions import RemoteError
from nameko.web.handlers import http
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from duos.schemas import (
    CapacityChange,
    DuoOffer,
    DuoRequest,
    DuoView,
    EndDuo,
    Evaluation,
    Rejection,
    RequestView,
    SessionLog,
    StatusChange,
)
from gateway import auth, docs, schemas
from gateway.auth import STAFF_ROLES, Principal
from gateway.edge import (
    PATH_ID,
    ROUTES,
    SECURITY_HEADERS,
    Call,
    Edge,
    HttpProblem,
    api,
    client_of,
    cors_headers,
    int_arg,
    problem,
    request_id_of,
    werkzeug_path,
)
from gateway.openapi import openapi_document
from gateway.store import GatewayStore
from incubator.schemas import ApplicationView, Apply
from interra_chassis.errors import Forbidden, InterraError, Unauthorized
from interra_chassis.errors import NotFound as NoSuch
from interra_chassis.logs import get_logger
from interra_chassis.rpc import RpcClient
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from members.schemas import CreateStaff, MemberView, RegisterMember, StaffView, update_profile_schema
from workshops.schemas import ProposeWorkshop, WorkshopView

log = get_logger(__name__)
SERVICES = ("members", "workshops", "duos", "incubator", "notifications")
HEALTH_TIMEOUT = 2.0
DUO_STAFF = ("admin", "coordinator:duos")
AN_ID = {"pattern": PATH_ID.pattern}
PAGE = {
    "offset": (int, "items to skip", {"minimum": 0}),
    "limit": (int, "items per page", {"minimum": 1, "maximum": 100}),
}


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class GatewayService(InterraService):
    name = "gateway"
    edge = Edge()
    store: GatewayStore = Store(GatewayStore)
    members = RpcClient("members")
    workshops = RpcClient("workshops")
    duos = RpcClient("duos")
    incubator = RpcClient("incubator")
    notifications = RpcClient("notifications")

    # --- accounts -------------------------------------------------------------------------------

    @api("POST", "/auth/token", "Log in: e-mail or phone and password give an access and a refresh token",
         auth=False, body=schemas.TokenRequest(), response=schemas.TokenPair(), tag="auth",
         problems=(401,))  # fmt: skip
    def login(self, call: Call):
        self.edge.throttle(self.edge.login_limit, client_of(call.request))
        key = auth.digest(str(call.body.get("username", "")).strip().lower())
        locked_for = self.store.failures(key)["locked_until"] - time.time()
        if locked_for > 0:
            raise self._locked(locked_for)
        try:
            principal = self.members.authenticate(call.body)
        except Unauthorized:
            failures = self.store.add_failure(key, time.time(), self.edge.lock_after, self.edge.lock_seconds)
            log.warning("login failed", username_digest=key[:12], client=client_of(call.request))
            if failures["locked_until"] > time.time():
                raise self._locked(self.edge.lock_seconds) from None
            eventlet.sleep(min(0.1 * 2 ** failures["count"], 2.0))  # each failure answers slower
            raise
        self.store.clear_failures(key)
        return self._tokens(Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"]))

    @api("POST", "/auth/refresh", "Trade a refresh token (once) for a new token pair",
         auth=False, body=schemas.RefreshRequest(), response=schemas.TokenPair(), tag="auth",
         problems=(401,))  # fmt: skip
    def refresh(self, call: Call):
        self.edge.throttle(self.edge.login_limit, client_of(call.request))
        token = call.body.get("refresh_token")
        principal = self.store.use_refresh(auth.digest(token), time.time()) if isinstance(token, str) else None
        if principal is None:
            raise HttpProblem(401, "Unauthorized", "the refresh token is unknown, used or expired; log in again")
        return self._tokens(Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"]))

    @api("POST", "/staff", "Create a staff account (admin only)", roles=("admin",), status=201,
         body=CreateStaff(), response=StaffView(), tag="auth")  # fmt: skip
    def create_staff(self, call: Call):
        return self.members.create_staff(call.body)

    # --- members --------------------------------------------------------------------------------

    @api("POST", "/members", "Register a newcomer or a local (self-registration)", auth=False, status=201,
         body=RegisterMember(), response=MemberView(), tag="members")  # fmt: skip
    def register_member(self, call: Call):
        return self.members.register(call.body)

    @api("GET", "/members/{member_id}", "A member's profile (the member, or staff)",
         response=MemberView(), tag="members")  # fmt: skip
    def get_member(self, call: Call, member_id):
        self._own_or_hidden(call, member_id, STAFF_ROLES)
        profile = self.members.get(member_id)
        self._audit(call, "read_profile", member_id)
        return profile

    @api("PATCH", "/members/{member_id}", "Change one's profile (phone, region, languages, level, interests...)",
         body=update_profile_schema(), response=MemberView(), tag="members")  # fmt: skip
    def update_member(self, call: Call, member_id):
        self._own_or_hidden(call, member_id, ("admin",))
        profile = self.members.update(member_id, call.body)
        self._audit(call, "update_profile", member_id)
        return profile

    @api("GET", "/members/{member_id}/export", "Everything the platform holds about a member (GDPR access)",
         response=schemas.MemberExport(), tag="members")  # fmt: skip
    def export_member(self, call: Call, member_id):
        self._own_or_hidden(call, member_id, ("admin",))
        self.members.get(member_id)  # 404 for an unknown member
        parts = dict(eventlet.GreenPool().imap(lambda s: (s, getattr(self, s).export_member(member_id)), SERVICES))
        self._audit(call, "export", member_id)
        return {"member_id": member_id, "exported_at": now_iso(), **parts}

    @api("DELETE", "/members/{member_id}", "Erase a member everywhere (GDPR erasure); follow it at .../erasure",
         status=202, response=schemas.ErasureReport(), tag="members")  # fmt: skip
    def erase_member(self, call: Call, member_id):
        self._own_or_hidden(call, member_id, ("admin",))
        self.members.erase(member_id)
        self.store.revoke_refresh_of(f"member:{member_id}")
        self._audit(call, "erase", member_id)
        return self._erasure_report(member_id)

    @api("GET", "/members/{member_id}/erasure", "Which services have confirmed a member's erasure",
         response=schemas.ErasureReport(), tag="members")  # fmt: skip
    def erasure(self, call: Call, member_id):
        self._own_or_hidden(call, member_id, ("admin",))
        return self._erasure_report(member_id)

    @api("GET", "/members/{member_id}/audit", "Who read or changed a member's personal data, and when",
         response=schemas.page_of(schemas.AuditEntry, "AuditPage"), query=PAGE, tag="members")  # fmt: skip
    def audit_trail(self, call: Call, member_id):
        self._own_or_hidden(call, member_id, ("admin",))
        offset, limit = self._page(call)
        items, total = self.store.audit_of(member_id, offset, limit)
        return {"items": items, "total": total, "offset": offset, "limit": limit}

    # --- duos -----------------------------------------------------------------------------------

    @api("POST", "/duos/requests", "A newcomer asks for a Duo-Langue partner", status=201,
         body=DuoRequest(), response=RequestView(), tag="duos")  # fmt: skip
    def request_duo(self, call: Call):
        self._on_behalf(call, "member_id", ("admin", "coordinator:duos"))
        return self.duos.request_duo(call.body)

    @api("POST", "/duos/offers", "A French speaker (C1, C2 or native) offers 1-3 duos", status=201,
         body=DuoOffer(), response=RequestView(), tag="duos")  # fmt: skip
    def offer_duo(self, call: Call):
        self._on_behalf(call, "member_id", ("admin", "coordinator:duos"))
        return self.duos.offer_duo(call.body)

    @api("GET", "/duos", "A member's duos and open requests or offers", response=schemas.MemberDuos(),
         query={"member_id": (str, "whose duos (default: yours; staff must say)", AN_ID)}, tag="duos")  # fmt: skip
    def list_duos(self, call: Call):
        member_id = self._member_arg(call)
        if not member_id:
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        self._own_or_hidden(call, member_id, ("admin", "coordinator:duos"))
        duos = self.duos.duos_of(member_id)
        self._audit(call, "read_duos", member_id)
        return duos

    @api("POST", "/duos/{duo_id}/evaluations", "A member of the duo rates a session", status=201,
         body=Evaluation(), response=schemas.EvaluationView(), tag="duos")  # fmt: skip
    def evaluate_duo(self, call: Call, duo_id):
        self._on_behalf(call, "evaluator_id", ("admin",))
        return self.duos.evaluate(duo_id, call.body)

    @api("PATCH", "/duos/requests/{request_id}", "Change the availability or preferences of a request or offer",
         body=DuoRequest(partial=True), response=RequestView(), tag="duos")  # fmt: skip
    def update_duo_request(self, call: Call, request_id):
        self._on_behalf(call, "member_id", DUO_STAFF)
        return self.duos.update_request(request_id, call.body)

    @api("POST", "/duos/requests/{request_id}/status", "Pause, resume or withdraw a request or offer",
         body=StatusChange(), response=RequestView(), tag="duos")  # fmt: skip
    def change_duo_request(self, call: Call, request_id):
        owner = None if call.principal.has_any(DUO_STAFF) else call.principal.member_id
        return self.duos.set_request_status(request_id, owner, call.body.get("action"))

    @api("GET", "/duos/waitlist/me", "Your place on the Duo-Langue waiting list, and an estimated wait",
         response=schemas.WaitlistPosition(), tag="duos")  # fmt: skip
    def my_waitlist_position(self, call: Call):
        if not call.principal.member_id:
            raise HttpProblem(400, "Invalid query", "only members wait for a duo")
        return self.duos.waitlist_position(call.principal.member_id)

    @api("GET", "/duos/waitlist", "Waiting learners, oldest first (duo coordinators)", roles=DUO_STAFF,
         response=schemas.Waitlist(), query={"region": (str, "one region", {})}, tag="duos")  # fmt: skip
    def waitlist(self, call: Call):
        return self.duos.waitlist(call.request.args.get("region"))

    @api("GET", "/duos/stats", "Programme figures for impact reports (duo coordinators)", roles=DUO_STAFF,
         response=schemas.DuoFigures(), tag="duos")  # fmt: skip
    def duo_stats(self, call: Call):
        return self.duos.stats()

    @api("GET", "/duos/evaluations/summary", "Ratings of the whole programme (duo coordinators)",
         roles=DUO_STAFF, response=schemas.EvaluationSummary(), tag="duos")  # fmt: skip
    def duo_evaluations(self, call: Call):
        return self.duos.evaluation_summary(None)

    @api("PUT", "/duos/offers/{request_id}/capacity", "Take more duos (1-3), or fewer than your active ones never",
         body=CapacityChange(), response=RequestView(), tag="duos")  # fmt: skip
    def change_duo_capacity(self, call: Call, request_id):
        if call.principal.has_any(DUO_STAFF):
            call.body.setdefault("member_id", None)
        else:
            self._on_behalf(call, "member_id", ())
        return self.duos.change_capacity(request_id, call.body)

    @api("POST", "/duos/matching", "Ask for a matching round now (otherwise within a second of any change)",
         roles=DUO_STAFF, response=schemas.MatchingAsked(), status=202, tag="duos")  # fmt: skip
    def run_matching(self, call: Call):
        return self.duos.ask_matching()

    @api("GET", "/duos/proposals", "Pairs the engine proposed, awaiting review (duo coordinators)",
         roles=DUO_STAFF, response=schemas.Proposals(), tag="duos")  # fmt: skip
    def duo_proposals(self, call: Call):
        return self.duos.proposals()

    @api("POST", "/duos/proposals/{duo_id}/accept", "Accept a proposed pair: the duo starts (duo coordinators)",
         roles=DUO_STAFF, response=DuoView(), tag="duos")  # fmt: skip
    def accept_duo_proposal(self, call: Call, duo_id):
        accepted = self.duos.accept_proposal(duo_id, call.actor)
        self._audit(call, "accept_duo_proposal", accepted["learner_id"])
        return accepted

    @api("POST", "/duos/proposals/{duo_id}/reject", "Reject a proposed pair with a reason (duo coordinators)",
         roles=DUO_STAFF, body=Rejection(), response=schemas.ProposalRejected(), tag="duos")  # fmt: skip
    def reject_duo_proposal(self, call: Call, duo_id):
        return self.duos.reject_proposal(duo_id, call.body, call.actor)

    @api("GET", "/duos/flagged", "Duos silent for 4 weeks, flagged for a rematch (duo coordinators)",
         roles=DUO_STAFF, response=schemas.FlaggedDuos(), tag="duos")  # fmt: skip
    def flagged_duos(self, call: Call):
        return self.duos.flagged_duos()

    @api("POST", "/duos/inactivity-check", "Nudge silent duos now (otherwise hourly)", roles=DUO_STAFF,
         response=None, status=204, tag="duos")  # fmt: skip
    def inactivity_check(self, call: Call):
        self.duos.run_inactivity_check()

    @api("GET", "/duos/{duo_id}", "One duo (its members, or duo coordinators)", response=DuoView(), tag="duos")
    def get_duo(self, call: Call, duo_id):
        return self._duo_for(call, duo_id)

    @api("POST", "/duos/{duo_id}/sessions", "Log a conversation (date, minutes) of your duo", status=201,
         body=SessionLog(), response=schemas.Commitment(), tag="duos")  # fmt: skip
    def log_duo_session(self, call: Call, duo_id):
        self._on_behalf(call, "member_id", ("admin",))
        return self.duos.log_session(duo_id, call.body)

    @api("GET", "/duos/{duo_id}/commitment", "Minutes per week against the 30-minute commitment",
         response=schemas.Commitment(), tag="duos")  # fmt: skip
    def duo_commitment(self, call: Call, duo_id):
        self._duo_for(call, duo_id)
        return self.duos.commitment_of(duo_id)

    @api("POST", "/duos/{duo_id}/end", "End a duo with a reason; both go back to the pool",
         body=EndDuo(), response=DuoView(), tag="duos")  # fmt: skip
    def end_duo(self, call: Call, duo_id):
        if call.principal.has_any(DUO_STAFF):
            call.body.setdefault("member_id", None)
        else:
            self._on_behalf(call, "member_id", ())
        return self.duos.end_duo(duo_id, call.body)

    @api("GET", "/duos/{duo_id}/evaluations/summary", "Ratings of one duo", response=schemas.EvaluationSummary(),
         tag="duos")  # fmt: skip
    def duo_evaluation_summary(self, call: Call, duo_id):
        self._duo_for(call, duo_id)
        return self.duos.evaluation_summary(duo_id)

    # --- workshops ------------------------------------------------------------------------------

    @api("POST", "/workshops", "Propose a workshop", status=201, body=ProposeWorkshop(),
         response=WorkshopView(), tag="workshops")  # fmt: skip
    def propose_workshop(self, call: Call):
        self._on_behalf(call, "proposer_id", ("admin", "coordinator:workshops"))
        return self.workshops.propose(call.body)

    @api("GET", "/workshops", "Workshops, newest first", auth=False, tag="workshops",
         response=schemas.page_of(WorkshopView, "WorkshopPage"),
         query={**PAGE, "status": (str, "proposed, scheduled, ...", {})})  # fmt: skip
    def list_workshops(self, call: Call):
        offset, limit = self._page(call)
        return self.workshops.list(offset=offset, limit=limit, status=call.request.args.get("status"))

    @api("GET", "/workshops/{workshop_id}", "One workshop", auth=False, response=WorkshopView(), tag="workshops")
    def get_workshop(self, call: Call, workshop_id):
        return self.workshops.get(workshop_id)

    # --- incubator ------------------------------------------------------------------------------

    @api("POST", "/incubator/applications", "Apply to InterLab", status=201, body=Apply(),
         response=ApplicationView(), tag="incubator")  # fmt: skip
    def apply_to_incubator(self, call: Call):
        self._on_behalf(call, "member_id", ("admin", "coordinator:incubator"))
        return self.incubator.apply(call.body)

    @api("GET", "/incubator/applications", "A member's applications (yours by default)", tag="incubator",
         response=schemas.page_of(ApplicationView, "ApplicationPage"),
         query={**PAGE, "member_id": (str, "whose applications (default: yours)", AN_ID)})  # fmt: skip
    def list_applications(self, call: Call):
        member_id = self._member_arg(call)
        if member_id is None and not call.principal.has_any(("admin", "coordinator:incubator")):
            raise HttpProblem(400, "Invalid query", "member_id is required", {"member_id": ["required"]})
        if member_id is not None:
            self._own_or_hidden(call, member_id, ("admin", "coordinator:incubator"))
        offset, limit = self._page(call)
        return self.incubator.list_applications(member_id=member_id, offset=offset, limit=limit)

    @api("GET", "/incubator/applications/{application_id}", "One application (its applicant, or staff)",
         response=ApplicationView(), tag="incubator")  # fmt: skip
    def get_application(self, call: Call, application_id):
        application = self.incubator.get_application(application_id)
        self._own_or_hidden(call, application["member_id"], ("admin", "coordinator:incubator"))
        return application

    # --- platform -------------------------------------------------------------------------------

    @api("GET", "/health", "Each service's status", auth=False, response=schemas.Health(), tag="platform")
    def health(self, call: Call):
        statuses = dict(eventlet.GreenPool().imap(self._status_of, SERVICES))
        overall = "ok" if all(s == "ok" for s in statuses.values()) else "degraded"
        return {"status": overall, "services": statuses}

    @http("GET", "/openapi.json")
    def openapi(self, request):
        """The OpenAPI 3.1 description of this API."""
        return docs.json_document(openapi_document(), cors_headers(self.edge, request))

    @http("GET", "/docs")
    def docs_page(self, request):
        return docs.page()

    @http("GET", "/docs/<string:asset>")
    def docs_asset(self, request, asset):
        return docs.asset(asset)

    @http("GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD", "/<path:path>")
    def unrouted(self, request, path):
        """404, 405 or a CORS preflight, as problem details."""
        return self._unrouted(request, path)

    # --- helpers --------------------------------------------------------------------------------

    def _unrouted(self, request, path):
        cors = cors_headers(self.edge, request)
        adapter = _route_map().bind("gateway")
        try:
            adapter.match(f"/{path}", method="__none__")
        except MethodNotAllowed as exc:
            # a static route (/duos/matching) wins over a pattern that also matches (/duos/{duo_id})
            static = {r.method for r in ROUTES if r.path == f"/{path}"}
            allowed = ", ".join(sorted(static or set(exc.valid_methods) - {"HEAD", "OPTIONS"}))
            if request.method == "OPTIONS":
                headers = {**SECURITY_HEADERS, **cors, "Allow": allowed}
                if cors:
                    headers.update({"Access-Control-Allow-Methods": allowed,
                                    "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Request-ID",
                                    "Access-Control-Max-Age": "600"})  # fmt: skip
                return Response(status=204, headers=headers)
            failure = HttpProblem(405, "Method not allowed", f"{request.method} is not allowed here; use {allowed}",
                                  headers={"Allow": allowed})  # fmt: skip
        except NotFound:
            failure = HttpProblem(404, "Not found", f"no route {request.method} /{path}")
        return problem(failure, request_id_of(request), cors)

    def _tokens(self, principal: Principal) -> dict:
        refresh = auth.new_refresh_token()
        self.store.add_refresh(
            auth.digest(refresh),
            {"subject": principal.subject, "roles": list(principal.roles), "member_id": principal.member_id},
            time.time() + self.edge.refresh_ttl,
        )
        return {
            "access_token": auth.issue_access_token(principal, self.edge.jwt_secret, self.edge.access_ttl),
            "token_type": "Bearer",
            "expires_in": self.edge.access_ttl,
            "refresh_token": refresh,
        }

    def _locked(self, seconds: float) -> HttpProblem:
        wait = str(max(1, round(seconds)))
        return HttpProblem(429, "Too many requests", f"too many failed logins: try again in {wait} s",
                           headers={"Retry-After": wait})  # fmt: skip

    def _own_or_hidden(self, call: Call, member_id: str, staff_roles) -> None:
        """Object level: someone else's member data is not found (its existence must not leak)."""
        if not call.principal.acts_for(member_id, staff_roles):
            log.warning("forbidden", subject=call.principal.subject, action="member data of another")
            raise NoSuch(f"no member {member_id!r}")

    def _on_behalf(self, call: Call, field: str, staff_roles) -> None:
        """A member acts for themselves (their id is the default); staff of the programme for anyone."""
        if call.principal.member_id and field not in call.body:
            call.body[field] = call.principal.member_id
        target = call.body.get(field)
        if isinstance(target, str) and not call.principal.acts_for(target, staff_roles):
            log.warning("forbidden", subject=call.principal.subject, action=f"act for another ({field})")
            raise Forbidden("you may only act for yourself", {field: ["must be your own member id"]})

    def _duo_for(self, call: Call, duo_id: str) -> dict:
        """A duo its members and duo coordinators may see; to anyone else it does not exist."""
        duo = self.duos.get_duo(duo_id)
        if not (
            call.principal.has_any(DUO_STAFF) or call.principal.member_id in (duo["learner_id"], duo["volunteer_id"])
        ):
            raise NoSuch(f"no duo {duo_id!r}")
        return duo

    def _audit(self, call: Call, action: str, member_id: str) -> None:
        if call.principal.member_id != member_id:
            self.store.audit(call.actor, action, member_id, call.request_id, now_iso())

    def _member_arg(self, call: Call) -> str | None:
        """The member_id of the query (default: the caller's own), checked like a path id."""
        member_id = call.request.args.get("member_id")
        if member_id is not None and not PATH_ID.match(member_id):
            raise HttpProblem(400, "Invalid query", "member_id is not a valid id", {"member_id": ["not a valid id"]})
        return member_id or call.principal.member_id

    def _page(self, call: Call) -> tuple[int, int]:
        offset, limit = int_arg(call.request, "offset", 0), int_arg(call.request, "limit", 20)
        errors = {}
        if offset < 0:
            errors["offset"] = ["must be 0 or more"]
        if not 1 <= limit <= 100:
            errors["limit"] = ["must be between 1 and 100"]
        if errors:
            raise HttpProblem(400, "Invalid query", "invalid paging", errors)
        return offset, limit

    def _erasure_report(self, member_id: str) -> dict:
        def status(service):
            try:
                return getattr(self, service).erasure_status(member_id)
            except (InterraError, RemoteError):  # not confirmed (yet): said so, never a 500
                log.warning("erasure status unknown", service=service)
                return {"service": service, "erased": False, "at": None}

        services = list(eventlet.GreenPool().imap(status, SERVICES))
        return {"member_id": member_id, "complete": all(s["erased"] for s in services), "services": services}

    def _status_of(self, service: str) -> tuple[str, str]:
        try:
            with eventlet.Timeout(HEALTH_TIMEOUT):
                return service, getattr(self, service).health()["status"]
        except (InterraError, eventlet.Timeout):
            return service, "unavailable"


@functools.cache
def _route_map() -> Map:
    return Map([Rule(werkzeug_path(r.path), methods=[r.method], endpoint=r.handler) for r in ROUTES])
