"""Authentication, authorisation (function, object, property level), rate limits, audit."""

import pytest

from gateway.testing import Client
from interra_chassis.testing import PASSWORD, wait_for

from .conftest import incubator_application, known, open_incubator_call


def test_login_gives_a_short_lived_bearer_token_and_a_single_use_refresh_token(api, member):
    member("Rania")
    response = api.post("/auth/token", {"username": "rania@example.org", "password": PASSWORD})
    tokens = response.json()
    assert tokens["token_type"] == "Bearer" and 0 < tokens["expires_in"] <= 3600
    refreshed = api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    assert refreshed.json()["refresh_token"] != tokens["refresh_token"]
    again = api.post("/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 401


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer not-a-jwt", "Basic cmFuaWE6cGFzcw==", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."],
)
def test_member_routes_need_a_valid_token(api, member, authorization):
    rania = member("Rania")
    headers = {"Authorization": authorization} if authorization else {}
    response = api.session.get(f"/members/{rania.member_id}", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_signed_with_another_key_is_refused(api, member):
    import jwt

    rania = member("Rania")
    claims = jwt.decode(rania.token, options={"verify_signature": False})
    forged = jwt.encode({**claims, "roles": ["admin"]}, "another-key-" + "y" * 40, algorithm="HS256")
    assert Client(api.session, forged).get(f"/members/{rania.member_id}").status_code == 401


def test_repeated_failed_logins_lock_the_username(api, member, monkeypatch):
    member("Rania")
    wrong = {"username": "rania@example.org", "password": "not the password"}
    statuses = [api.post("/auth/token", wrong).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    locked = api.post("/auth/token", {"username": "rania@example.org", "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0


def test_logins_are_rate_limited_per_client(platform, web_session, monkeypatch):
    gateway = next(c for c in platform.containers if c.service_name == "gateway")
    edge = next(d for d in gateway.dependencies if type(d).__name__ == "Edge")
    edge.login_limit.limit = 3
    statuses = [
        web_session.post("/auth/token", json={"username": f"u{i}@x.org", "password": "p"}).status_code for i in range(4)
    ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3] == 429


def test_a_member_reads_and_changes_only_their_own_profile(member):
    rania, omar = member("Rania"), member("Omar")
    assert rania.get(f"/members/{rania.member_id}").status_code == 200
    assert rania.get(f"/members/{omar.member_id}").status_code == 404
    assert rania.patch(f"/members/{omar.member_id}", {"interests": ["x"]}).status_code == 404
    assert rania.get(f"/members/{omar.member_id}/export").status_code == 404
    assert rania.delete(f"/members/{omar.member_id}").status_code == 404
    assert rania.get(f"/members/{omar.member_id}/audit").status_code == 404
    changed = rania.patch(f"/members/{rania.member_id}", {"interests": ["chess"]})
    assert changed.status_code == 200 and changed.json()["interests"] == ["chess"]
    assert rania.patch(f"/members/{rania.member_id}", {"kind": "local"}).status_code == 422


def test_a_member_acts_only_for_themselves_in_every_programme(member, staff):
    rania = member("Rania")
    omar = member("Omar", french_level="native", arrived_on=None)
    interlab = open_incubator_call(staff("coordinator:incubator"))
    for path, body in [
        ("/duos/requests", {"member_id": omar.member_id}),
        ("/duos/offers", {"member_id": rania.member_id, "capacity": 1}),
        ("/workshops", {"proposer_id": omar.member_id, "title": "Tea", "description": "Tea and talk evening.",
                        "category": "culture", "languages": ["fr"], "format": "in_person"}),
        ("/incubator/applications", incubator_application(interlab["call_id"], member_id=omar.member_id)),
    ]:  # fmt: skip
        response = (rania if body.get("member_id") != rania.member_id else omar).post(path, body)
        assert response.status_code == 403, (path, response.text)
    assert rania.get(f"/duos?member_id={omar.member_id}").status_code == 404
    assert rania.get(f"/incubator/applications?member_id={omar.member_id}").status_code == 404


def test_duos_and_evaluations_are_their_members_own(member):
    rania = member("Rania")
    luc = member("Luc", french_level="native", arrived_on=None)
    outsider = member("Omar")
    known(lambda: rania.post("/duos/requests", {}))  # member_id defaults to one's own
    known(lambda: luc.post("/duos/offers", {"capacity": 1}))
    [duo] = wait_for(lambda: rania.get("/duos").json()["duos"])  # a matching round runs within the second
    assert luc.get("/duos").json()["duos"][0]["duo_id"] == duo["duo_id"]
    assert outsider.get("/duos").json()["duos"] == []
    rating = {"rating": 4, "tags": ["fun"]}
    assert rania.post(f"/duos/{duo['duo_id']}/evaluations", rating).status_code == 201
    assert outsider.post(f"/duos/{duo['duo_id']}/evaluations", rating).status_code == 422
    assert (
        outsider.post(f"/duos/{duo['duo_id']}/evaluations", {**rating, "evaluator_id": rania.member_id}).status_code
        == 403
    )


def test_applications_are_seen_by_their_applicant_and_incubator_staff(member, staff):
    rania, omar = member("Rania"), member("Omar")
    coordinator = staff("coordinator:incubator")
    interlab = open_incubator_call(coordinator)
    created = known(lambda: rania.post("/incubator/applications", incubator_application(interlab["call_id"])))
    assert created.status_code == 201, created.text
    assert (created.json()["member_id"], created.json()["call_id"]) == (rania.member_id, interlab["call_id"])
    path = f"/incubator/applications/{created.json()['application_id']}"
    assert rania.get(path).json()["project"]["title"] == "Syrian catering"
    assert omar.get(path).status_code == 404
    assert coordinator.get(path).status_code == 200
    assert staff("coordinator:duos").get(path).status_code == 403  # only members and InterLab coordinators
    # nor may anyone else change it or move it: not found, as if it did not exist
    assert omar.patch(path, {"language": "fr"}).status_code == 404
    assert omar.post(f"{path}/moves", {"move": "withdraw"}).status_code == 404
    assert rania.get(path).json()["status"] == "submitted" and rania.get(path).json()["language"] == "en"


def test_roles_gate_staff_routes(api, member, staff):
    rania = member("Rania")
    new_staff = {"email": "new@interra.be", "password": "a long staff password", "roles": ["coordinator:duos"]}
    assert api.post("/staff", new_staff).status_code == 401
    assert rania.post("/staff", new_staff).status_code == 403
    assert staff("coordinator:workshops").post("/staff", new_staff).status_code == 403
    assert staff("admin").post("/staff", new_staff).status_code == 201


def test_staff_reads_are_audited_and_the_member_sees_who(member, staff):
    rania = member("Rania")
    coordinator = staff("coordinator:duos")
    assert coordinator.get(f"/members/{rania.member_id}").status_code == 200
    assert coordinator.get(f"/duos?member_id={rania.member_id}").status_code == 200
    rania.get(f"/members/{rania.member_id}")  # one's own reads are not audited
    trail = rania.get(f"/members/{rania.member_id}/audit").json()
    assert [entry["action"] for entry in trail["items"]] == ["read_duos", "read_profile"]
    assert all(entry["actor"].startswith("staff:") for entry in trail["items"])
    assert coordinator.get(f"/members/{rania.member_id}/audit").status_code == 404


def test_cors_preflight_for_configured_origins(platform, web_session):
    gateway = next(c for c in platform.containers if c.service_name == "gateway")
    edge = next(d for d in gateway.dependencies if type(d).__name__ == "Edge")
    edge.cors_origins = {"https://app.interra.be"}
    preflight = web_session.options("/members", headers={"Origin": "https://app.interra.be"})
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://app.interra.be"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    other = web_session.options("/members", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_writes_are_rate_limited_per_client(platform, web_session):
    gateway = next(c for c in platform.containers if c.service_name == "gateway")
    edge = next(d for d in gateway.dependencies if type(d).__name__ == "Edge")
    edge.write_limit.limit = 2
    statuses = [web_session.post("/members", json={}).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
