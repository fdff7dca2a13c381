"""GDPR rights end to end, and no personal details in any log of the platform."""

import pytest

from gateway.testing import BaseUrlSession, Client, log_in
from interra_chassis.testing import CONSENTS, PASSWORD, wait_for
from tests.conftest import (
    ADMIN,
    INCUBATOR_PROJECT,
    incubator_application,
    incubator_coordinator,
    open_incubator_call,
    register,
)

pytestmark = pytest.mark.e2e

NOUR = {
    "first_name": "Nourhane",
    "last_name": "Belkacemi",
    "email": "nourhane.belkacemi@example.org",
    "phone": "+32 487 65 43 21",
    "password": PASSWORD,
    "consents": CONSENTS,
    "birth_year": 1991,
    "region": "liege",
    "languages": ["ar", "fr"],
    "french_level": "A2",
    "interests": ["sewing"],
    "arrived_on": "2025-02-02",
    "preferred_language": "fr",
}
BERNADETTE = {
    **NOUR,
    "first_name": "Bernadette",
    "last_name": "Vanderlinden",
    "email": "bernadette.vdl@example.org",
    "phone": "+32 499 12 12 12",
    "french_level": "native",
    "arrived_on": None,
}
PERSONAL = [
    value for person in (NOUR, BERNADETTE) for key, value in person.items()
    if key in ("first_name", "last_name", "email", "phone")
] + ["487 65 43 21", "32487654321", PASSWORD]  # fmt: skip


def when_known(call):
    response = wait_for(lambda: (r := call()).status_code != 422 and r, timeout=15)
    assert response.status_code < 300, response.text
    return response.json()


def test_export_and_erasure_reach_every_service_and_no_log_holds_personal_details(platform, rabbit_config):
    session = BaseUrlSession(platform["url"])
    nour, bernadette = register(session, NOUR), register(session, BERNADETTE)
    when_known(lambda: nour.post("/duos/requests", {}))
    when_known(lambda: bernadette.post("/duos/offers", {"capacity": 1}))
    workshop = {"title": "Couture du monde", "description": "Sewing evening, all levels welcome.",
                "category": "crafts", "languages": ["fr", "ar"], "format": "in_person"}  # fmt: skip
    when_known(lambda: nour.post("/workshops", workshop))
    interlab = open_incubator_call(incubator_coordinator(session, rabbit_config))
    project = {**INCUBATOR_PROJECT, "title": "Atelier retouches", "description": "A tailoring shop in Outremeuse."}
    application = incubator_application(interlab["call_id"], language="ar", project=project)
    applied = when_known(lambda: nour.post("/incubator/applications", application))
    wait_for(lambda: len(list((platform["var"] / "mail").glob("*.eml"))) >= 3, 20)

    # failures that must not log who: wrong password, bad input, someone else's data
    assert session.post("/auth/token", json={"username": NOUR["email"], "password": "wrong!"}).status_code == 401
    assert session.post("/members", json={**NOUR, "email": "not-an-email"}).status_code == 422
    assert bernadette.get(f"/members/{nour.member_id}").status_code == 404

    export = nour.get(f"/members/{nour.member_id}/export").json()
    assert export["members"]["profile"]["email"] == NOUR["email"]
    assert export["members"]["consents"][0]["purpose"] == "data_processing"
    assert export["duos"]["requests"] and export["duos"]["duos"]
    assert export["workshops"]["workshops_proposed"]
    [exported] = export["incubator"]["applications"]
    assert exported["application_id"] == applied["application_id"] and exported["call_id"] == interlab["call_id"]
    assert export["notifications"]["deliveries"]

    erasure = nour.delete(f"/members/{nour.member_id}")
    assert erasure.status_code == 202
    admin = Client(session, log_in(session, ADMIN[0], ADMIN[1]))
    report = wait_for(lambda: (r := admin.get(f"/members/{nour.member_id}/erasure").json())["complete"] and r, 20)
    assert {s["service"] for s in report["services"]} == {"members", "duos", "workshops", "incubator", "notifications"}
    after = admin.get(f"/members/{nour.member_id}/export").status_code
    assert after == 404  # nothing left to export: the member is gone
    assert session.post("/auth/token", json={"username": NOUR["email"], "password": PASSWORD}).status_code == 401
    assert bernadette.get("/duos").json()["duos"][0]["learner_id"] == "erased"

    logs = {path.name: path.read_text() for path in (platform["var"] / "log").glob("*.log")}
    assert len(logs) == 6 and all(logs.values())
    leaks = {(name, value) for name, text in logs.items() for value in PERSONAL if value in text}
    assert not leaks, f"personal details in logs: {sorted(leaks)}"
