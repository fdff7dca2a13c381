"""The HTTP edge of the gateway, the same for every route: request ids, JSON bodies, security
headers, CORS, rate limits, authentication and role checks, and RFC 9457 problem details for every
error (ours or a service's), never a stack trace.

Routes are declared with `@api(...)`, which also records what OpenAPI needs (see openapi.py).
"""

import functools
import inspect
import itertools
import json
import logging
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import structlog
from marshmallow import Schema
from nameko.exceptions import RemoteError
from nameko.extensions import DependencyProvider
from nameko.web.handlers import HttpRequestHandler
from werkzeug.wrappers import Response

from gateway import idempotency
from gateway.auth import AuthError, Principal, bearer_token, principal_from_token
from gateway.ratelimit import RateLimit
from interra_chassis.broker import BROKER_ERRORS
from interra_chassis.config import settings
from interra_chassis.errors import InterraError, Unavailable
from interra_chassis.logs import get_logger
from interra_chassis.rpc import BROKER_AWAY, SignatureOnce
from interra_contracts.api.common import ID_PATTERN as PATH_ID

log = get_logger(__name__)
JSON = "application/json"
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_declared = itertools.count()
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Strict-Transport-Security": "max-age=31536000",
}

RETRY_AFTER_S = 5
"""A 503's Retry-After: a service or the broker is away; consumers reconnect within a few seconds."""

SECRET_IN_PATH = re.compile(r"(/calendar/)[^/\s?]+")
"""A path that is a credential: a member's calendar feed opens with the token in its path."""


class RedactSecretPaths(logging.Filter):
    """The web server's access log writes each request line: a feed's token is left out of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if SECRET_IN_PATH.search(message):
            record.msg, record.args = SECRET_IN_PATH.sub(r"\1<token>", message), ()
        return True


logging.getLogger("nameko.web.server").addFilter(RedactSecretPaths())


class Http(SignatureOnce, HttpRequestHandler):
    """nameko's @http entrypoint, checking arguments against a signature built once."""


class HttpProblem(Exception):
    def __init__(self, status: int, title: str, detail: str, errors: dict | None = None, headers=None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors
        self.headers = headers or {}


@dataclass(frozen=True)
class Route:
    """What a route is, for the edge and for OpenAPI."""

    method: str
    path: str  # OpenAPI style: /members/{member_id}
    handler: str
    summary: str
    status: int = 200
    auth: bool | str = True  # True: a token is required; "optional": a token changes what one sees; False: none
    roles: tuple[str, ...] = ()
    body: Schema | None = None
    response: Any = None  # a schema instance, or None for no body
    query: dict = field(default_factory=dict)  # name -> (type, description, {json schema limits})
    problems: tuple[int, ...] = ()  # problem statuses beyond the usual ones
    tag: str = ""
    media: str = JSON  # another media type (text/calendar): the handler returns the body as text
    headers: dict = field(default_factory=dict)  # request header name -> description (X-CSRF-Token)
    cookies: dict = field(default_factory=dict)  # request cookie name -> description
    sets_cookies: str = ""  # what the answer's Set-Cookie headers set, for OpenAPI ("" for none)

    @property
    def idempotent(self) -> bool:
        """A POST that creates something (201) takes an Idempotency-Key: a retry returns the first answer."""
        return self.method == "POST" and self.status == 201

    order: int = field(default_factory=lambda: next(_declared))  # the order routes are declared in


def routes_of(service_cls) -> list[Route]:
    """The routes a gateway class declares with @api, in the order they are declared."""
    routes = [member.route for _, member in inspect.getmembers(service_cls) if hasattr(member, "route")]
    return sorted(routes, key=lambda route: route.order)


@dataclass
class Call:
    """One request as a handler sees it."""

    request: Any
    request_id: str
    principal: Principal | None
    body: dict | None
    set_cookies: list[str] = field(default_factory=list)  # Set-Cookie values for a successful answer

    @property
    def actor(self) -> str:
        return self.principal.subject if self.principal else "anonymous"


class Edge(DependencyProvider):
    """Settings and counters of the edge, built in setup() from the environment."""

    def setup(self):
        config = settings()
        self.jwt_secret = config.jwt_secret or secrets.token_urlsafe(48)
        if not config.jwt_secret:
            log.warning("JWT_SECRET is not set: tokens will not survive a restart")
        self.access_ttl = config.access_token_ttl
        self.refresh_ttl = config.refresh_token_ttl
        self.login_limit = RateLimit.parse(config.rate_limit_login)
        self.write_limit = RateLimit.parse(config.rate_limit_write)
        self.lock_after = config.login_lock_after
        self.lock_seconds = config.login_lock_seconds
        self.cors_origins = set(config.cors_origins)
        self.max_body = config.max_body_bytes

    def get_dependency(self, worker_ctx):
        return self

    def throttle(self, limit: RateLimit, key: str) -> None:
        wait = limit.hit(key)
        if wait:
            retry_after = str(max(1, round(wait)))
            raise HttpProblem(
                429,
                "Too many requests",
                f"slow down: try again in {retry_after} s",
                headers={"Retry-After": retry_after},
            )


def client_of(request) -> str:
    return request.remote_addr or "unknown"


def json_response(data, status: int, request_id: str, cors: dict, content_type=JSON) -> Response:
    body = "" if data is None else json.dumps(data)
    headers = {"X-Request-ID": request_id, **SECURITY_HEADERS, **cors}
    return Response(body, status=status, mimetype=content_type, headers=headers)


def text_response(text: str, media: str, status: int, request_id: str, cors: dict) -> Response:
    """A body that is not JSON (an .ics file), in UTF-8, with the same headers as any answer."""
    headers = {"X-Request-ID": request_id, **SECURITY_HEADERS, **cors}
    return Response(text, status=status, content_type=f"{media}; charset=utf-8", headers=headers)


def problem(exc: HttpProblem, request_id: str, cors: dict) -> Response:
    body = {
        "type": f"https://interra.be/problems/{exc.title.lower().replace(' ', '-')}",
        "title": exc.title,
        "status": exc.status,
        "detail": exc.detail,
        "request_id": request_id,
    }
    if exc.errors:
        body["errors"] = exc.errors
    response = json_response(body, exc.status, request_id, cors, "application/problem+json")
    response.headers.update(exc.headers)
    return response


def cors_headers(edge: Edge, request) -> dict:
    origin = request.headers.get("Origin")
    if origin and origin in edge.cors_origins:
        return {
            "Access-Control-Allow-Origin": origin,
            "Vary": "Origin",
            "Access-Control-Expose-Headers": "X-Request-ID, Retry-After",
        }
    return {}


def read_json(request, max_bytes: int) -> dict:
    """The request's JSON object, or a 413/415/400 problem that says what is wrong."""
    too_large = HttpProblem(413, "Payload too large", f"the body may not exceed {max_bytes} bytes")
    if request.content_length and request.content_length > max_bytes:
        raise too_large
    if request.mimetype != "application/json":
        raise HttpProblem(415, "Unsupported media type", "send the body as application/json")
    raw = request.stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise too_large
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise HttpProblem(400, "Malformed JSON", f"the body is not valid JSON: {exc}") from None
    if not isinstance(body, dict):
        raise HttpProblem(400, "Malformed JSON", "the body must be a JSON object")
    return body


def int_arg(request, name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise HttpProblem(400, "Invalid query", f"{name} must be an integer", {name: ["not an integer"]}) from None


def authenticate(edge: Edge, request, required: bool) -> Principal | None:
    try:
        token = bearer_token(request.headers.get("Authorization"))
        if token is None:
            if required:
                raise AuthError("log in first: send 'Authorization: Bearer <access token>'")
            return None
        return principal_from_token(token, edge.jwt_secret)
    except AuthError as exc:
        raise HttpProblem(
            401, "Unauthorized", str(exc), headers={"WWW-Authenticate": 'Bearer realm="interra"'}
        ) from None


def to_problem(exc: Exception) -> HttpProblem:
    """Any error as the problem a client may see. A 503 says when to try again (Retry-After)."""
    if isinstance(exc, HttpProblem):
        return exc
    if isinstance(exc, InterraError):
        headers = {"Retry-After": str(RETRY_AFTER_S)} if exc.status == 503 else None
        return HttpProblem(exc.status, exc.title, exc.message, exc.fields or None, headers=headers)
    if isinstance(exc, BROKER_ERRORS):  # the broker is away (ADR 0010): RpcClient says so, this is the net
        log.warning("broker unreachable", error=str(exc))
        return HttpProblem(503, Unavailable.title, BROKER_AWAY, headers={"Retry-After": str(RETRY_AFTER_S)})
    if isinstance(exc, RemoteError):
        log.error("service error", remote=exc.exc_type)
        return HttpProblem(502, "Bad gateway", "a service failed to answer; try again")
    log.exception("gateway error")
    return HttpProblem(500, "Internal error", "an unexpected error occurred")


def request_id_of(request) -> str:
    """The client's X-Request-ID when well-formed, else a new one."""
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def werkzeug_path(path: str) -> str:
    return re.sub(r"{(\w+)}", r"<string:\1>", path)


def api(method: str, path: str, **options):
    """Declare a route: nameko's @http plus the edge, and its OpenAPI description (the summary is the
    first line of the handler's docstring)."""

    def decorate(handler):
        summary = (handler.__doc__ or "").strip().splitlines()[0] if handler.__doc__ else ""
        route = Route(method, path, handler.__name__, summary, **options)

        @functools.wraps(handler)
        def serve(self, request, **params):
            started = time.monotonic()
            request_id = request_id_of(request)
            self.log_context.data["correlation_id"] = request_id  # carried by RPC and events
            structlog.contextvars.bind_contextvars(correlation_id=request_id)
            cors = cors_headers(self.edge, request)
            try:
                if method in WRITES:
                    self.edge.throttle(self.edge.write_limit, client_of(request))
                bad_ids = {name: ["not a valid id"] for name, value in params.items() if not PATH_ID.match(value)}
                if bad_ids:
                    raise HttpProblem(400, "Invalid path", "an id in the path is not valid", bad_ids)
                principal = authenticate(self.edge, request, route.auth is True)
                if route.roles and not (principal and principal.has_any(route.roles)):
                    raise HttpProblem(403, "Forbidden", "your role may not do this")
                body = read_json(request, self.edge.max_body) if route.body is not None else None
                call = Call(request, request_id, principal, body)
                key = idempotency.key_of(request, principal) if route.idempotent else None
                first = idempotency.begin(self.store, key, principal, request, body) if key else None
                if first is not None:  # the same request again: its first answer, nothing done twice
                    response = json_response(first["body"], first["status"], request_id, cors)
                    response.headers["Idempotent-Replayed"] = "true"
                else:
                    try:
                        result = handler(self, call, **params)
                    except Exception:
                        if key:
                            idempotency.forget(self.store, key)  # a failed try leaves the key free for a retry
                        raise
                    if key:
                        idempotency.finish(self.store, key, route.status, result)
                    if route.media == JSON:
                        response = json_response(result, route.status, request_id, cors)
                    else:
                        response = text_response(result, route.media, route.status, request_id, cors)
                for cookie in call.set_cookies:
                    response.headers.add("Set-Cookie", cookie)
            except Exception as exc:  # every failure leaves as problem details
                failure = to_problem(exc)
                if failure.status in (401, 403):  # security events, without personal details
                    log.warning("refused", status=failure.status, route=f"{method} {path}", client=client_of(request))
                response = problem(failure, request_id, cors)
            log.info("http", method=method, route=path, status=response.status_code,
                     ms=round((time.monotonic() - started) * 1000, 1))  # fmt: skip
            return response

        serve.route = route
        return Http.decorator(method, werkzeug_path(path))(serve)

    return decorate
