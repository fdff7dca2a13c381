"""The platform itself: health, the API's own documents, the web app, and problem details for unknown routes."""

import functools
import json

import eventlet
from nameko.exceptions import RemoteError
from nameko.web.handlers import http
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from gateway import docs, webapp
from gateway.base import Gateway
from gateway.edge import (
    SECURITY_HEADERS,
    Call,
    HttpProblem,
    api,
    cors_headers,
    problem,
    request_id_of,
    routes_of,
    werkzeug_path,
)
from gateway.openapi import openapi_document
from interra_chassis.config import settings
from interra_chassis.errors import InterraError
from interra_contracts.api.platform import Health
from interra_contracts.registry import SERVICE_NAMES

HEALTH_TIMEOUT = 2.0


class PlatformRoutes(Gateway):
    @api("GET", "/health", auth=False, response=Health(), tag="platform")
    def health(self, call: Call):
        """Each service's status"""
        statuses = dict(eventlet.GreenPool().imap(self._status_of, SERVICE_NAMES))
        overall = "ok" if all(s == "ok" for s in statuses.values()) else "degraded"
        supervised = _supervisor_status()
        return {"status": overall, "services": statuses, **({"supervisor": supervised} if supervised else {})}

    @http("GET", "/openapi.json")
    def openapi(self, request):
        """The OpenAPI 3.1 description of this API (checked in at docs/api/openapi.json)."""
        return docs.json_document(openapi_document(type(self)), cors_headers(self.edge, request))

    @http("GET", "/docs")
    def docs_page(self, request):
        return docs.page()

    @http("GET", "/docs/<string:asset>")
    def docs_asset(self, request, asset):
        return docs.asset(asset)

    @http("GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD", "/")
    def web_app(self, request):
        """The web app's page (outside the documented API, like /docs); other methods: 405 problem details."""
        return webapp.page(request)

    @http("GET", "/assets/<path:name>")
    def web_app_asset(self, request, name):
        return webapp.asset(request, name)

    @http("GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD", "/<path:path>")
    def unrouted(self, request, path):
        """404, 405 or a CORS preflight, as problem details."""
        cors = cors_headers(self.edge, request)
        routes, adapter = _routing(type(self))
        try:
            adapter.match(f"/{path}", method="__none__")
        except MethodNotAllowed as exc:
            # a static route (/duos/matching) wins over a pattern that also matches (/duos/{duo_id})
            static = {r.method for r in routes if r.path == f"/{path}"}
            allowed = ", ".join(sorted(static or set(exc.valid_methods) - {"HEAD", "OPTIONS"}))
            if request.method == "OPTIONS":
                return _preflight(allowed, cors)
            failure = HttpProblem(
                405,
                "Method not allowed",
                f"{request.method} is not allowed here; use {allowed}",
                headers={"Allow": allowed},
            )
        except NotFound:
            failure = HttpProblem(404, "Not found", f"no route {request.method} /{path}")
        return problem(failure, request_id_of(request), cors)

    def _status_of(self, service: str) -> tuple[str, str]:
        try:
            with eventlet.Timeout(HEALTH_TIMEOUT):
                return service, self.service(service).health()["status"]
        except (InterraError, RemoteError, eventlet.Timeout):  # any failure is "unavailable", never a 5xx
            return service, "unavailable"


def _supervisor_status() -> dict | None:
    """What `make run`'s supervisor last wrote (deploy/launcher.py), if this runs under it."""
    try:
        return json.loads((settings().var_dir / "run" / "supervisor.json").read_text())
    except (OSError, ValueError):
        return None


def _preflight(allowed: str, cors: dict) -> Response:
    headers = {**SECURITY_HEADERS, **cors, "Allow": allowed}
    if cors:
        headers.update(
            {
                "Access-Control-Allow-Methods": allowed,
                "Access-Control-Allow-Headers": "Authorization, Content-Type, X-Request-ID",
                "Access-Control-Max-Age": "600",
            }
        )
    return Response(status=204, headers=headers)


@functools.cache
def _routing(service_cls):
    routes = routes_of(service_cls)
    rules = Map([Rule(werkzeug_path(r.path), methods=[r.method], endpoint=r.handler) for r in routes])
    return routes, rules.bind("gateway")
