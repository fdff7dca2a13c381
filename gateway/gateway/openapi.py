"""OpenAPI 3.1 of the gateway, generated with apispec from the routes and their contracts.

Checked in at docs/api/openapi.json (frontends generate their typed client from it); a test fails
when it is stale. Regenerate: `make api` (python -m gateway.openapi docs/api/openapi.json).
"""

import functools
import json
import re
import sys
from pathlib import Path

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from gateway.edge import JSON, PATH_ID, Route, routes_of
from interra_contracts.api.common import Problem

PROBLEMS = {
    400: "Malformed request (JSON, query)",
    401: "Not logged in, or the token is not valid",
    403: "Your role may not do this",
    404: "Not found (or not yours)",
    405: "Method not allowed",
    409: "Conflicts with what exists",
    413: "Body too large",
    415: "Body is not JSON",
    422: "Invalid input: `errors` says which field and why",
    429: "Too many requests: see Retry-After",
    502: "A service failed",
    503: "A service is not running",
    504: "A service did not answer in time",
}


IDEMPOTENCY = (
    "Your own unique value (a UUID) for this request: send the same request again with the same key within "
    "24 hours (after a timeout, a lost answer) and you get the first answer back (header Idempotent-Replayed: "
    "true), with nothing created twice; the same key with another request answers 422, and while the first "
    "is still being handled, 409 with Retry-After."
)


def _schema_name(schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    if not isinstance(schema, type) and (schema.only or schema.partial):  # a PATCH body
        name = {"RegisterMember": "ProfileUpdate"}.get(name, name + "Update")
    return name


def _operation(route: Route, routes: list[Route]) -> dict:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "pattern": PATH_ID.pattern}}
        for name in _path_params(route.path)
    ]
    parameters += [
        {"name": name, "in": "query", "required": False, "description": text,
         "schema": {"type": "integer" if kind is int else "string", **limits}}
        for name, (kind, text, limits) in route.query.items()
    ]  # fmt: skip
    parameters += [
        {"name": name, "in": place, "required": True, "description": text, "schema": {"type": "string"}}
        for place, declared in (("header", route.headers), ("cookie", route.cookies))
        for name, text in declared.items()
    ]
    if route.idempotent:
        parameters.append(
            {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string",
             "pattern": r"^[\x21-\x7e]{8,255}$"}, "description": IDEMPOTENCY}
        )  # fmt: skip
    success = {"description": "OK"}
    if route.sets_cookies:
        success["headers"] = {"Set-Cookie": {"description": route.sets_cookies, "schema": {"type": "string"}}}
    if route.media != JSON:
        success["content"] = {route.media: {"schema": {"type": "string"}}}
    elif route.response is not None:
        success["content"] = {JSON: {"schema": route.response}}
    if links := _links(route, routes):
        success["links"] = links
    responses = {str(route.status): success}
    problem_codes = [400, 405, 429, 502, 503, 504, 404, 409, 422]
    if route.auth:
        problem_codes += [401, 403]
    if route.body is not None:
        problem_codes += [413, 415]
    problem_codes += route.problems
    for code in sorted(set(problem_codes)):
        responses[str(code)] = {
            "description": PROBLEMS[code],
            "content": {"application/problem+json": {"schema": Problem}},
        }
    operation = {
        "operationId": route.handler,
        "summary": route.summary,
        "tags": [route.tag] if route.tag else [],
        "parameters": parameters,
        "responses": responses,
        "security": {True: [{"bearerAuth": []}], "optional": [{"bearerAuth": []}, {}], False: []}[route.auth],
    }
    if route.body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": route.body}}}
    return operation


MEMBER_REFERENCES = ("member_id", "proposer_id", "evaluator_id")
"""Body fields that name a member (linked from the member_id a registration returns)."""


def _produced_ids(route: Route) -> list[str]:
    """The ids of the resource a route answers with (its `*_id` field read from the document's _id)."""
    response = route.response
    fields = getattr(response, "fields", {})
    return [name for name, field in fields.items() if name.endswith("_id") and field.attribute == "_id"]


def _links(route: Route, routes: list[Route]) -> dict:
    """OpenAPI links from a route's answer to the routes that take the id it returns (in their path, or
    a member id in their body), so that clients and stateful testers can chain the calls."""
    links = {}
    for produced in _produced_ids(route):
        for target in routes:
            if target is route:
                continue
            if produced in _path_params(target.path):
                links[target.handler] = {
                    "operationId": target.handler,
                    "parameters": {f"path.{produced}": f"$response.body#/{produced}"},
                }
            elif produced == "member_id" and target.body is not None and not _path_params(target.path):
                for field in MEMBER_REFERENCES:
                    if field in target.body.fields:
                        links[target.handler] = {
                            "operationId": target.handler,
                            "requestBody": {field: f"$response.body#/{produced}"},
                        }
    return links


def _path_params(path: str) -> list[str]:
    """The names of a path's parameters: /calendar/{token}.ics takes token."""
    return re.findall(r"{(\w+)}", path)


@functools.cache
def openapi_document(service_cls) -> dict:
    """The document of a gateway service class (GatewayService)."""
    spec = APISpec(
        title="Interra platform API",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
        info={
            "description": "Members, Ateliers (workshops), Duo-Langue and InterLab for Interra (Liège). "
            "Log in at POST /auth/token and send `Authorization: Bearer <access_token>`. A web browser logs "
            "in at POST /auth/browser/token instead: the access token in the answer (keep it in memory), "
            "the refresh token only in an HttpOnly, Secure, SameSite=Strict cookie that only "
            "/auth/browser/refresh receives, with the `X-CSRF-Token` header. Errors are RFC 9457 problem "
            "details. Every response carries X-Request-ID."
        },
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    paths: dict[str, dict] = {}
    routes = routes_of(service_cls)
    for route in routes:
        paths.setdefault(route.path, {})[route.method.lower()] = _operation(route, routes)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def write(path: Path) -> None:
    from gateway.service import GatewayService

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(openapi_document(GatewayService), indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/api/openapi.json"))
