"""The gateway's HTTP edge: request ids, problem details, 404/405/413/415, headers, OpenAPI, docs."""

import pytest

from gateway.testing import profile
from interra_chassis.testing import EventTap
from interra_contracts import load_event


def test_the_request_id_is_the_correlation_id_of_the_events_it_causes(api, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberRegistered")
    response = api.post("/members", profile("Amina"), headers={"X-Request-ID": "req-42"})
    assert response.status_code == 201
    assert response.headers["X-Request-ID"] == "req-42"
    [event] = tap.wait("MemberRegistered")
    assert load_event(event).correlation_id == "req-42"
    tap.close()


def test_a_request_without_id_gets_a_fresh_one(api):
    first, second = api.get("/health"), api.get("/health")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


@pytest.mark.parametrize(
    ("send", "status", "title"),
    [
        ({"data": "{", "headers": {"Content-Type": "application/json"}}, 400, "Malformed JSON"),
        ({"data": "[1, 2]", "headers": {"Content-Type": "application/json"}}, 400, "Malformed JSON"),
        ({"data": "first_name=x"}, 415, "Unsupported media type"),
        ({"json": {"padding": "x" * 70_000}}, 413, "Payload too large"),
    ],
)
def test_bad_bodies_are_refused_with_problem_details(api, send, status, title):
    response = api.session.post("/members", **send)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == title


def test_validation_errors_name_each_field(api):
    response = api.post("/members", profile("Bad", french_level="D1", arrived_on="2999-01-01", email=None))
    assert response.status_code == 422
    assert {"french_level", "email"} <= set(response.json()["errors"])


def test_staff_only_fields_cannot_be_set(api):
    response = api.post("/members", {**profile("Sneaky"), "roles": ["admin"], "kind": "local"})
    assert response.status_code == 422
    assert {"roles", "kind"} <= set(response.json()["errors"])


def test_unknown_routes_are_404_and_wrong_methods_405(api):
    response = api.delete("/no/such/route")
    assert (response.status_code, response.headers["Content-Type"]) == (404, "application/problem+json")
    response = api.session.put("/workshops")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_every_answer_carries_security_headers(api):
    for response in (api.get("/health"), api.get("/nowhere"), api.post("/members", {})):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Cache-Control"] == "no-store"


def test_openapi_describes_every_route_and_docs_are_served(api):
    document = api.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert {"/members", "/members/{member_id}", "/auth/token", "/duos/requests", "/workshops"} <= set(document["paths"])
    assert document["paths"]["/members/{member_id}"]["get"]["security"] == [{"bearerAuth": []}]
    page = api.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    bundle = api.get("/docs/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    assert api.get("/docs/../../etc/passwd").status_code == 404
