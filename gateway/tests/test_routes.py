"""Each route of the gateway against mock services: only the GatewayService runs (real HTTP, a real
broker for its container, its own real store), every RPC client replaced by a MagicMock with
nameko's `replace_dependencies`. What a route asks of which service, who may call it, how a
service's error reaches the client, and that a service's answer passes through unchanged."""

import time
from types import SimpleNamespace
from unittest import mock

import pytest
from nameko.exceptions import RemoteError
from nameko.testing.services import replace_dependencies

from gateway.auth import Principal, issue_access_token
from gateway.edge import routes_of
from gateway.routes import platform as platform_routes
from gateway.service import GatewayService
from gateway.testing import Client, log_in, profile
from interra_chassis.errors import Conflict, Forbidden, Invalid, NotFound, TimedOut, Unauthorized, Unavailable
from interra_chassis.testing import PASSWORD
from interra_contracts.registry import SERVICE_NAMES

SECRET = "route-tests-secret-" + "s" * 32
LOCK_AFTER = 2
RANIA, OMAR = "m-rania", "m-omar"
PROBLEM = "application/problem+json"


@pytest.fixture
def services(container_factory, rabbit_config, web_config, data_dir, monkeypatch):
    """The gateway alone, started; its RPC clients are MagicMocks, one attribute per service."""
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.setenv("LOGIN_LOCK_AFTER", str(LOCK_AFTER))
    container = container_factory(GatewayService, {**rabbit_config, **web_config})
    mocks = SimpleNamespace(**dict(zip(SERVICE_NAMES, replace_dependencies(container, *SERVICE_NAMES), strict=True)))
    container.start()
    return mocks


@pytest.fixture
def anonymous(services, web_session):
    return Client(web_session)


@pytest.fixture
def as_member(services, web_session):
    """A client with a member's access token (issued here, no login)."""

    def make(member_id: str) -> Client:
        principal = Principal(f"member:{member_id}", ("member",), member_id)
        return Client(web_session, issue_access_token(principal, SECRET, 900), member_id)

    return make


@pytest.fixture
def as_staff(services, web_session):
    """A client with a staff access token with these roles (no member id)."""

    def make(*roles: str) -> Client:
        principal = Principal(f"staff:{'-'.join(roles)}", roles, None)
        return Client(web_session, issue_access_token(principal, SECRET, 900))

    return make


def assert_problem(response, status: int, errors: dict | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    if errors is not None:
        assert body.get("errors") == errors
    return body


# --- the edge, the same for every route ------------------------------------------------------------

MEMBER_ONLY = [
    ("get", f"/members/{RANIA}", "members", "get"),
    ("patch", f"/members/{RANIA}", "members", "update"),
    ("get", f"/members/{RANIA}/export", "members", "get"),
    ("delete", f"/members/{RANIA}", "members", "erase"),
    ("post", "/duos/requests", "duos", "request_duo"),
    ("get", "/duos", "duos", "duos_of"),
    ("get", "/duos/stats", "duos", "stats"),
    ("post", "/workshops", "workshops", "propose"),
    ("post", "/incubator/calls", "incubator", "open_call"),
    ("get", "/incubator/calls", "incubator", "list_calls"),
    ("get", "/incubator/calls/c-1", "incubator", "get_call"),
    ("post", "/incubator/applications", "incubator", "apply"),
    ("get", "/incubator/applications", "incubator", "list_applications"),
    ("get", "/incubator/applications/a-1", "incubator", "get_application"),
    ("patch", "/incubator/applications/a-1", "incubator", "edit_application"),
    ("post", "/incubator/applications/a-1/moves", "incubator", "move_application"),
    ("post", "/staff", "members", "create_staff"),
]


@pytest.mark.parametrize(("method", "path", "service", "rpc"), MEMBER_ONLY)
def test_routes_that_need_a_token_answer_401_without_one_and_call_no_service(
    anonymous, services, method, path, service, rpc
):
    kwargs = {"json": {}} if method in ("post", "patch") else {}
    response = getattr(anonymous, method)(path, **kwargs)
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    getattr(getattr(services, service), rpc).assert_not_called()


def test_a_token_signed_with_another_key_or_expired_is_refused(services, web_session):
    rania = Principal(f"member:{RANIA}", ("member",), RANIA)
    forged = issue_access_token(rania, "another-secret-" + "k" * 32, 900)
    expired = issue_access_token(rania, SECRET, 60, now=time.time() - 3600)
    for token in (forged, expired):
        assert_problem(Client(web_session, token).get(f"/members/{RANIA}"), 401)
    services.members.get.assert_not_called()


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/members/not.an.id", "member_id"),
        ("/members/" + "x" * 65 + "/audit", "member_id"),
        ("/duos/bad%20id", "duo_id"),
        ("/workshops/w%24", "workshop_id"),
        ("/incubator/calls/c.1", "call_id"),
        ("/incubator/applications/a.1", "application_id"),
        ("/workshops/w%24/dates", "workshop_id"),
        ("/workshops/dates/d.1/participants", "date_id"),
        ("/venues/v%20v", "venue_id"),
    ],
)
def test_a_bad_id_in_the_path_is_400_before_any_service_is_asked(as_staff, services, path, name):
    response = as_staff("admin").get(path)
    assert_problem(response, 400, {name: ["not a valid id"]})
    assert not any(getattr(services, s).method_calls for s in SERVICE_NAMES)


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("limit=0", {"limit": ["must be between 1 and 100"]}),
        ("limit=101", {"limit": ["must be between 1 and 100"]}),
        ("offset=-1", {"offset": ["must be 0 or more"]}),
        ("limit=ten", {"limit": ["not an integer"]}),
    ],
)
def test_bad_paging_is_400_on_every_paged_route(anonymous, as_member, services, query, errors):
    assert_problem(anonymous.get(f"/workshops?{query}"), 400, errors)
    assert_problem(as_member(RANIA).get(f"/incubator/applications?{query}"), 400, errors)
    assert_problem(as_member(RANIA).get(f"/members/{RANIA}/audit?{query}"), 400, errors)
    services.workshops.list.assert_not_called()
    services.incubator.list_applications.assert_not_called()


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("no workshop 'w-1'"), 404),
        (Invalid("the workshop is not valid", {"title": ["required"], "format": ["not one of in_person, video"]}), 422),
        (Conflict("the workshop is already scheduled"), 409),
        (Forbidden("not yours", {"proposer_id": ["must be your own member id"]}), 403),
        (Unauthorized("who are you"), 401),
        (TimedOut("workshops.get did not answer within 5 s"), 504),
        (Unavailable("workshops is not running"), 503),
    ],
)
def test_service_errors_become_problem_details(anonymous, services, error, status):
    services.workshops.get.side_effect = error
    response = anonymous.get("/workshops/w-1", headers={"X-Request-ID": "trace-42"})
    body = assert_problem(response, status, error.fields or None)
    assert body["detail"] == error.message
    assert body["title"] == type(error).title
    assert body["request_id"] == "trace-42"
    services.workshops.get.assert_called_once_with("w-1", None, False)


def test_an_unexpected_service_error_is_502_without_its_details(as_member, services):
    services.duos.duos_of.side_effect = RemoteError("KeyError", "'secret internals'")
    response = as_member(RANIA).get("/duos")
    body = assert_problem(response, 502)
    assert "secret internals" not in response.text and "KeyError" not in response.text
    assert body["title"] == "Bad gateway"


def test_a_write_that_is_not_json_is_415_and_calls_nothing(as_member, services):
    response = as_member(RANIA).post("/duos/requests", data="member_id=m-rania")
    assert_problem(response, 415)
    services.duos.request_duo.assert_not_called()


# --- accounts: login, refresh, staff accounts ------------------------------------------------------


def test_login_asks_members_to_authenticate_and_its_token_works(services, web_session):
    services.members.authenticate.return_value = {"subject": f"member:{RANIA}", "roles": ["member"], "member_id": RANIA}
    services.members.get.return_value = {"member_id": RANIA, "first_name": "Rania"}
    token = log_in(web_session, "rania@example.org")
    services.members.authenticate.assert_called_once_with({"username": "rania@example.org", "password": PASSWORD})
    response = Client(web_session, token).get(f"/members/{RANIA}")
    assert response.status_code == 200 and response.json() == {"member_id": RANIA, "first_name": "Rania"}
    services.members.get.assert_called_once_with(RANIA)


def test_a_refresh_token_works_once_and_keeps_the_principal(services, web_session):
    services.members.authenticate.return_value = {
        "subject": "staff:s-1",
        "roles": ["coordinator:duos"],
        "member_id": None,
    }
    services.duos.stats.return_value = {"duos": 3}
    tokens = web_session.post("/auth/token", json={"username": "c@interra.be", "password": "pw"}).json()
    refreshed = web_session.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200, refreshed.text
    assert Client(web_session, refreshed.json()["access_token"]).get("/duos/stats").json() == {"duos": 3}
    again = web_session.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert_problem(again, 401)
    assert services.members.authenticate.call_count == 1


def test_wrong_credentials_are_401_then_the_username_is_locked_with_retry_after(services, web_session):
    services.members.authenticate.side_effect = Unauthorized("wrong username or password")
    wrong = {"username": "Rania@Example.org", "password": "not the password"}
    statuses = [web_session.post("/auth/token", json=wrong).status_code for _ in range(LOCK_AFTER)]
    assert statuses == [401] * (LOCK_AFTER - 1) + [429]
    services.members.authenticate.side_effect = None
    services.members.authenticate.return_value = {"subject": f"member:{RANIA}", "roles": ["member"], "member_id": RANIA}
    locked = web_session.post("/auth/token", json={"username": "rania@example.org ", "password": PASSWORD})
    assert_problem(locked, 429)
    assert int(locked.headers["Retry-After"]) > 0
    assert services.members.authenticate.call_count == LOCK_AFTER  # a locked username is not even checked
    other = web_session.post("/auth/token", json={"username": "omar@example.org", "password": PASSWORD})
    assert other.status_code == 200, other.text


def test_only_admins_create_staff_accounts(as_staff, as_member, services):
    answer = {"staff_id": "s-9", "email": "c@interra.be", "roles": ["coordinator:duos"]}
    services.members.create_staff.return_value = answer
    body = {"email": "c@interra.be", "password": "long staff password", "roles": ["coordinator:duos"]}
    assert_problem(as_member(RANIA).post("/staff", body), 403)
    assert_problem(as_staff("coordinator:duos").post("/staff", body), 403)
    services.members.create_staff.assert_not_called()
    response = as_staff("admin").post("/staff", body)
    assert response.status_code == 201 and response.json() == answer
    services.members.create_staff.assert_called_once_with(body)


def test_only_admins_list_and_change_staff_accounts(as_staff, as_member, services):
    listed = {"staff": [{"staff_id": "s-1", "email": "a@interra.be", "roles": ["admin"], "active": True,
                         "created_at": "2026-11-01T10:00:00+00:00"}]}  # fmt: skip
    services.members.staff_accounts.return_value = listed
    services.members.change_staff.return_value = {"staff_id": "s-9", "active": False}
    for client in (as_member(RANIA), as_staff("coordinator:duos"), as_staff("coordinator:workshops")):
        assert_problem(client.get("/staff"), 403)
        assert_problem(client.patch("/staff/s-9", {"active": False}), 403)
    services.members.staff_accounts.assert_not_called()
    services.members.change_staff.assert_not_called()
    assert as_staff("admin").get("/staff").json() == listed
    changed = as_staff("admin").patch("/staff/s-9", {"active": False})
    assert changed.status_code == 200 and changed.json() == {"staff_id": "s-9", "active": False}
    services.members.change_staff.assert_called_once_with("s-9", {"active": False}, "admin")  # the admin's id
    own = "you cannot deactivate your own account"
    services.members.change_staff.side_effect = Conflict(own, {"active": [own]})
    refused = assert_problem(as_staff("admin").patch("/staff/admin", {"active": False}), 409)
    assert (refused["detail"], refused["errors"]) == (own, {"active": [own]})
    assert_problem(as_staff("admin").patch("/staff/not.an.id", {"active": False}), 400)


def test_a_changed_staff_account_s_refresh_tokens_stop_working(services, web_session):
    coordinator = {"subject": "staff:s-9", "roles": ["coordinator:duos"], "member_id": None}
    services.members.authenticate.return_value = coordinator
    tokens = web_session.post("/auth/token", json={"username": "c@interra.be", "password": "pw"}).json()
    browser = web_session.post("/auth/browser/token", json={"username": "c@interra.be", "password": "pw"})
    assert browser.status_code == 200, browser.text
    services.members.authenticate.return_value = {"subject": "staff:s-1", "roles": ["admin"], "member_id": None}
    admin = Client(web_session, log_in(web_session, "a@interra.be", "pw"))
    services.members.change_staff.return_value = {"staff_id": "s-9", "active": False}
    assert admin.patch("/staff/s-9", {"active": False}).status_code == 200
    services.members.change_staff.assert_called_once_with("s-9", {"active": False}, "s-1")
    assert_problem(web_session.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}), 401)
    cookies = "; ".join(c.split(";")[0] for c in browser.raw.headers.getlist("Set-Cookie"))
    sent = {"Cookie": cookies, "X-CSRF-Token": browser.json()["csrf_token"]}
    assert_problem(web_session.post("/auth/browser/refresh", headers=sent), 401)


# --- members: registration, profile, GDPR ----------------------------------------------------------


def test_registration_is_anonymous_and_passes_the_profile_to_members(anonymous, services):
    answer = {"member_id": "m-new", "first_name": "Rania", "kind": "newcomer"}
    services.members.register.return_value = answer
    response = anonymous.post("/members", profile("Rania"))
    assert response.status_code == 201 and response.json() == answer
    services.members.register.assert_called_once_with(profile("Rania"))


def test_a_member_reads_their_own_profile_but_someone_elses_is_not_found(as_member, services):
    services.members.get.return_value = {"member_id": RANIA, "region": "liege"}
    own = as_member(RANIA).get(f"/members/{RANIA}")
    assert own.status_code == 200 and own.json() == {"member_id": RANIA, "region": "liege"}
    assert_problem(as_member(OMAR).get(f"/members/{RANIA}"), 404)
    services.members.get.assert_called_once_with(RANIA)


def test_an_unknown_member_is_404_from_the_service(as_staff, services):
    services.members.get.side_effect = NotFound("no member 'm-ghost'")
    body = assert_problem(as_staff("admin").get("/members/m-ghost"), 404)
    assert body["detail"] == "no member 'm-ghost'"


def test_profile_changes_go_to_members_and_only_admins_change_someone_elses(as_member, as_staff, services):
    services.members.update.return_value = {"member_id": RANIA, "interests": ["chess"]}
    change = {"interests": ["chess"]}
    response = as_member(RANIA).patch(f"/members/{RANIA}", change)
    assert response.status_code == 200 and response.json() == {"member_id": RANIA, "interests": ["chess"]}
    services.members.update.assert_called_once_with(RANIA, change)
    assert_problem(as_staff("coordinator:duos").patch(f"/members/{RANIA}", change), 404)
    assert_problem(as_member(OMAR).patch(f"/members/{RANIA}", change), 404)
    services.members.update.side_effect = Invalid("invalid profile", {"kind": ["cannot be changed"]})
    assert_problem(as_member(RANIA).patch(f"/members/{RANIA}", {"kind": "local"}), 422, {"kind": ["cannot be changed"]})
    assert services.members.update.call_count == 2


def test_staff_reading_a_profile_is_in_the_members_audit_trail(as_member, as_staff, services):
    services.members.get.return_value = {"member_id": RANIA}
    rania = as_member(RANIA)
    assert rania.get(f"/members/{RANIA}").status_code == 200  # one's own reads are not audited
    assert rania.get(f"/members/{RANIA}/audit").json()["total"] == 0
    read = as_staff("coordinator:workshops").get(f"/members/{RANIA}", headers={"X-Request-ID": "read-1"})
    assert read.status_code == 200
    trail = rania.get(f"/members/{RANIA}/audit")
    assert trail.status_code == 200
    page = trail.json()
    assert (page["total"], page["offset"], page["limit"]) == (1, 0, 20)
    [entry] = page["items"]
    assert entry["actor"] == "staff:coordinator:workshops"
    assert (entry["action"], entry["member_id"], entry["request_id"]) == ("read_profile", RANIA, "read-1")
    assert_problem(as_member(OMAR).get(f"/members/{RANIA}/audit"), 404)
    assert as_member(OMAR).get(f"/members/{OMAR}/audit").json()["total"] == 0


def test_the_export_asks_every_service_and_composes_one_part_each(as_member, as_staff, services):
    services.members.get.return_value = {"member_id": RANIA}
    for name in SERVICE_NAMES:
        getattr(services, name).export_member.return_value = {"from": name, "records": [1, 2]}
    response = as_member(RANIA).get(f"/members/{RANIA}/export")
    assert response.status_code == 200, response.text
    export = response.json()
    assert set(export) == {"member_id", "exported_at", *SERVICE_NAMES}
    assert export["member_id"] == RANIA and export["exported_at"]
    for name in SERVICE_NAMES:
        assert export[name] == {"from": name, "records": [1, 2]}
        getattr(services, name).export_member.assert_called_once_with(RANIA)
    assert_problem(as_staff("coordinator:duos").get(f"/members/{RANIA}/export"), 404)  # admins only
    assert as_staff("admin").get(f"/members/{RANIA}/export").status_code == 200
    [entry] = as_member(RANIA).get(f"/members/{RANIA}/audit").json()["items"]
    assert (entry["actor"], entry["action"]) == ("staff:admin", "export")


def test_the_export_of_an_unknown_member_is_404_and_asks_no_service(as_staff, services):
    services.members.get.side_effect = NotFound("no member 'm-ghost'")
    assert_problem(as_staff("admin").get("/members/m-ghost/export"), 404)
    assert not any(getattr(services, s).export_member.called for s in SERVICE_NAMES)


@pytest.fixture
def erasure_status(services):
    """Make each service's erasure_status confirm, or raise what is given for it."""

    def set_up(**failing):
        for name in SERVICE_NAMES:
            mock = getattr(services, name).erasure_status
            if name in failing:
                mock.side_effect = failing[name]
            else:
                mock.return_value = {"service": name, "erased": True, "at": "2025-05-01T10:00:00+00:00"}

    return set_up


def test_erasure_is_complete_when_every_service_confirms(as_member, services, erasure_status):
    erasure_status()
    response = as_member(RANIA).get(f"/members/{RANIA}/erasure")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["member_id"] == RANIA and report["complete"] is True
    assert [s["service"] for s in report["services"]] == list(SERVICE_NAMES)
    for name in SERVICE_NAMES:
        getattr(services, name).erasure_status.assert_called_once_with(RANIA)


@pytest.mark.parametrize(
    "failure", [Unavailable("duos is not running"), TimedOut("too slow"), RemoteError("KeyError", "boom")]
)
def test_erasure_is_incomplete_when_one_service_fails_to_confirm(as_member, erasure_status, failure):
    erasure_status(duos=failure)
    response = as_member(RANIA).get(f"/members/{RANIA}/erasure")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["complete"] is False
    statuses = {s["service"]: s for s in report["services"]}
    assert statuses["duos"] == {"service": "duos", "erased": False, "at": None}
    assert all(statuses[name]["erased"] for name in SERVICE_NAMES if name != "duos")


def test_erasure_asks_members_revokes_refresh_tokens_and_reports(services, web_session, erasure_status):
    services.members.authenticate.return_value = {"subject": f"member:{RANIA}", "roles": ["member"], "member_id": RANIA}
    tokens = web_session.post("/auth/token", json={"username": "rania@example.org", "password": PASSWORD}).json()
    erasure_status(notifications=Unavailable("not running"))
    rania = Client(web_session, tokens["access_token"])
    assert_problem(rania.delete(f"/members/{OMAR}"), 404)
    response = rania.delete(f"/members/{RANIA}")
    assert response.status_code == 202, response.text
    assert response.json()["complete"] is False
    services.members.erase.assert_called_once_with(RANIA)
    assert_problem(web_session.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}), 401)


# --- Duo-Langue ------------------------------------------------------------------------------------

DUO = {"duo_id": "d-1", "learner_id": RANIA, "volunteer_id": OMAR, "region": "liege", "status": "active"}
NAMES = {RANIA: "Rania", OMAR: "Omar"}
STAFF_NAMES = {"learner_first_name": "Rania", "volunteer_first_name": "Omar"}
REQUEST = {"availability": [{"day": "mon", "from": "18:00", "to": "20:00"}], "formats": ["in_person"]}


def test_a_member_requests_a_duo_for_themselves(as_member, services):
    answer = {"request_id": "r-1", "member_id": RANIA, "side": "learner", "status": "waiting"}
    services.duos.request_duo.return_value = answer
    response = as_member(RANIA).post("/duos/requests", REQUEST)
    assert response.status_code == 201 and response.json() == answer
    services.duos.request_duo.assert_called_once_with({**REQUEST, "member_id": RANIA})


def test_a_member_may_not_request_or_offer_for_someone_else(as_member, services):
    for path in ("/duos/requests", "/duos/offers"):
        response = as_member(RANIA).post(path, {**REQUEST, "member_id": OMAR})
        assert_problem(response, 403, {"member_id": ["must be your own member id"]})
    services.duos.request_duo.assert_not_called()
    services.duos.offer_duo.assert_not_called()


def test_a_duo_coordinator_acts_for_any_member_and_other_coordinators_do_not(as_staff, services):
    services.duos.offer_duo.return_value = {"request_id": "r-2", "member_id": OMAR, "side": "volunteer"}
    offer = {**REQUEST, "capacity": 2, "member_id": OMAR}
    response = as_staff("coordinator:duos").post("/duos/offers", offer)
    assert response.status_code == 201, response.text
    services.duos.offer_duo.assert_called_once_with(offer)
    assert_problem(as_staff("coordinator:workshops").post("/duos/offers", offer), 403)
    assert services.duos.offer_duo.call_count == 1


def test_duo_programme_figures_are_for_duo_staff_only(as_member, as_staff, services):
    services.duos.stats.return_value = {"active_duos": 12, "waiting": {"liege": 3}}
    assert_problem(as_member(RANIA).get("/duos/stats"), 403)
    assert_problem(as_staff("coordinator:incubator").get("/duos/stats"), 403)
    services.duos.stats.assert_not_called()
    for roles in (("coordinator:duos",), ("admin",)):
        response = as_staff(*roles).get("/duos/stats")
        assert response.status_code == 200 and response.json() == {"active_duos": 12, "waiting": {"liege": 3}}
    assert services.duos.stats.call_count == 2


def test_a_members_duos_are_theirs_or_duo_staffs_and_staff_reads_are_audited(as_member, as_staff, services):
    services.duos.duos_of.return_value = {"duos": [DUO], "requests": []}
    services.members.first_names.return_value = NAMES
    own = as_member(RANIA).get("/duos")
    assert own.status_code == 200 and own.json() == {"duos": [{**DUO, "partner_first_name": "Omar"}], "requests": []}
    services.duos.duos_of.assert_called_once_with(RANIA)
    assert_problem(as_member(OMAR).get(f"/duos?member_id={RANIA}"), 404)
    assert_problem(as_member(RANIA).get("/duos?member_id=not.valid"), 400, {"member_id": ["not a valid id"]})
    coordinator = as_staff("coordinator:duos")
    assert_problem(coordinator.get("/duos"), 400, {"member_id": ["required"]})
    assert coordinator.get(f"/duos?member_id={RANIA}").status_code == 200
    assert services.duos.duos_of.call_count == 2
    [entry] = as_member(RANIA).get(f"/members/{RANIA}/audit").json()["items"]
    assert entry["action"] == "read_duos"


def test_a_duo_is_visible_to_its_members_and_duo_staff_only(as_member, as_staff, services):
    services.duos.get_duo.return_value = DUO
    services.duos.commitment_of.return_value = {"duo_id": "d-1", "weeks": []}
    services.members.first_names.return_value = NAMES
    assert as_member(OMAR).get("/duos/d-1").json() == {**DUO, "partner_first_name": "Rania"}
    assert as_staff("coordinator:duos").get("/duos/d-1").json() == {**DUO, **STAFF_NAMES}
    assert_problem(as_member("m-stranger").get("/duos/d-1"), 404)
    assert_problem(as_member("m-stranger").get("/duos/d-1/commitment"), 404)
    services.duos.commitment_of.assert_not_called()
    assert as_member(RANIA).get("/duos/d-1/commitment").json() == {"duo_id": "d-1", "weeks": []}
    services.duos.commitment_of.assert_called_once_with("d-1")
    assert services.members.first_names.call_count == 2  # the commitment needs no name
    services.duos.get_duo.side_effect = NotFound("no duo 'd-2'")
    assert_problem(as_staff("admin").get("/duos/d-2"), 404)


def test_first_names_come_from_members_in_one_call_each_caller_reading_only_theirs(as_member, as_staff, services):
    other = {**DUO, "duo_id": "d-2", "learner_id": "m-amal", "volunteer_id": OMAR, "status": "ended"}
    services.duos.duos_of.return_value = {"duos": [DUO, other], "requests": []}
    services.members.first_names.return_value = {RANIA: "Rania", "m-amal": None}  # Amal was erased
    duos = as_member(OMAR).get("/duos").json()["duos"]
    assert [(d["duo_id"], d["partner_first_name"]) for d in duos] == [("d-1", "Rania"), ("d-2", None)]
    assert all("learner_first_name" not in d and "volunteer_first_name" not in d for d in duos)
    services.members.first_names.assert_called_once_with(["m-amal", RANIA])  # the partners only, once
    services.members.first_names.reset_mock()

    services.members.first_names.return_value = {**NAMES, "m-amal": None}
    services.duos.proposals.return_value = {"items": [DUO, other], "total": 2, "mode": "review"}
    services.duos.flagged_duos.return_value = {"items": [other], "total": 1}
    coordinator = as_staff("coordinator:duos")
    proposals = coordinator.get("/duos/proposals").json()
    assert (proposals["total"], proposals["mode"]) == (2, "review")
    assert proposals["items"] == [{**DUO, **STAFF_NAMES},
                                  {**other, "learner_first_name": None, "volunteer_first_name": "Omar"}]  # fmt: skip
    services.members.first_names.assert_called_once_with(sorted(["m-amal", OMAR, RANIA]))
    flagged = coordinator.get("/duos/flagged").json()
    assert flagged == {"items": [{**other, "learner_first_name": None, "volunteer_first_name": "Omar"}], "total": 1}
    assert services.members.first_names.call_count == 2
    services.duos.flagged_duos.return_value = {"items": [], "total": 0}
    assert coordinator.get("/duos/flagged").json() == {"items": [], "total": 0}
    assert services.members.first_names.call_count == 2  # no duo, no call


def test_names_of_many_duos_are_asked_in_calls_of_at_most_the_members_limit(as_staff, services):
    many = [{**DUO, "duo_id": f"d-{n}", "learner_id": f"m-l{n:03}", "volunteer_id": f"m-v{n:03}"} for n in range(300)]
    services.duos.proposals.return_value = {"items": many, "total": 300, "mode": "review"}
    services.members.first_names.side_effect = lambda ids: {i: i.upper() for i in ids}
    items = as_staff("admin").get("/duos/proposals").json()["items"]
    assert (items[299]["learner_first_name"], items[299]["volunteer_first_name"]) == ("M-L299", "M-V299")
    assert [len(c.args[0]) for c in services.members.first_names.call_args_list] == [500, 100]


def test_request_status_and_capacity_changes_carry_the_owner_or_none_for_staff(as_member, as_staff, services):
    services.duos.set_request_status.return_value = {"request_id": "r-1", "status": "paused"}
    services.duos.change_capacity.return_value = {"request_id": "r-2", "capacity": 3}
    assert as_member(RANIA).post("/duos/requests/r-1/status", {"action": "pause"}).status_code == 200
    services.duos.set_request_status.assert_called_with("r-1", RANIA, "pause")
    assert as_staff("coordinator:duos").post("/duos/requests/r-1/status", {"action": "resume"}).status_code == 200
    services.duos.set_request_status.assert_called_with("r-1", None, "resume")
    response = as_member(OMAR).put("/duos/offers/r-2/capacity", {"capacity": 3})
    assert response.json() == {"request_id": "r-2", "capacity": 3}
    services.duos.change_capacity.assert_called_with("r-2", {"capacity": 3, "member_id": OMAR})
    as_staff("coordinator:duos").put("/duos/offers/r-2/capacity", {"capacity": 1})
    services.duos.change_capacity.assert_called_with("r-2", {"capacity": 1, "member_id": None})
    services.duos.change_capacity.side_effect = Invalid("too few", {"capacity": ["below your active duos"]})
    assert_problem(
        as_member(OMAR).put("/duos/offers/r-2/capacity", {"capacity": 1}), 422, {"capacity": ["below your active duos"]}
    )


def test_evaluations_and_sessions_are_by_a_member_of_the_duo(as_member, services):
    services.duos.evaluate.return_value = {"evaluation_id": "e-1", "rating": 5}
    services.duos.log_session.return_value = {"duo_id": "d-1", "this_week": 45}
    response = as_member(RANIA).post("/duos/d-1/evaluations", {"rating": 5})
    assert response.status_code == 201 and response.json() == {"evaluation_id": "e-1", "rating": 5}
    services.duos.evaluate.assert_called_once_with("d-1", {"rating": 5, "evaluator_id": RANIA})
    assert_problem(as_member(RANIA).post("/duos/d-1/evaluations", {"rating": 1, "evaluator_id": OMAR}), 403)
    session = {"held_on": "2025-05-01", "minutes": 45}
    assert as_member(OMAR).post("/duos/d-1/sessions", session).json() == {"duo_id": "d-1", "this_week": 45}
    services.duos.log_session.assert_called_once_with("d-1", {**session, "member_id": OMAR})
    services.duos.evaluate.side_effect = Conflict("already rated this session")
    assert_problem(as_member(RANIA).post("/duos/d-1/evaluations", {"rating": 4}), 409)


def test_the_waiting_list_position_is_for_members(as_member, as_staff, services):
    services.duos.waitlist_position.return_value = {"position": 4, "estimated_weeks": 3}
    assert as_member(RANIA).get("/duos/waitlist/me").json() == {"position": 4, "estimated_weeks": 3}
    services.duos.waitlist_position.assert_called_once_with(RANIA)
    assert_problem(as_staff("coordinator:duos").get("/duos/waitlist/me"), 400)
    assert services.duos.waitlist_position.call_count == 1


def test_coordinators_review_the_waitlist_and_proposals(as_member, as_staff, services):
    services.duos.waitlist.return_value = {"items": [{"member_id": RANIA}]}
    services.duos.accept_proposal.return_value = DUO
    services.duos.reject_proposal.return_value = {"duo_id": "d-3", "rejected": True}
    coordinator = as_staff("coordinator:duos")
    assert coordinator.get("/duos/waitlist?region=liege").json() == {"items": [{"member_id": RANIA}]}
    services.duos.waitlist.assert_called_once_with("liege")
    assert_problem(as_member(RANIA).post("/duos/proposals/d-1/accept"), 403)
    accepted = coordinator.post("/duos/proposals/d-1/accept")
    assert accepted.status_code == 200 and accepted.json() == DUO
    services.duos.accept_proposal.assert_called_once_with("d-1", "staff:coordinator:duos")
    [entry] = as_member(RANIA).get(f"/members/{RANIA}/audit").json()["items"]
    assert entry["action"] == "accept_duo_proposal"
    rejection = {"reason": "distance", "note": None}
    assert coordinator.post("/duos/proposals/d-3/reject", rejection).json() == {"duo_id": "d-3", "rejected": True}
    services.duos.reject_proposal.assert_called_once_with("d-3", rejection, "staff:coordinator:duos")


def test_staff_triggers_matching_and_the_inactivity_check(as_member, as_staff, services):
    services.duos.ask_matching.return_value = {"asked": True}
    services.duos.run_inactivity_check.return_value = None
    coordinator = as_staff("coordinator:duos")
    matching = coordinator.post("/duos/matching")
    assert matching.status_code == 202 and matching.json() == {"asked": True}
    check = coordinator.post("/duos/inactivity-check")
    assert check.status_code == 204 and check.content == b""
    services.duos.run_inactivity_check.assert_called_once_with()
    assert_problem(as_member(RANIA).post("/duos/matching"), 403)
    assert services.duos.ask_matching.call_count == 1


# --- workshops -------------------------------------------------------------------------------------

WORKSHOP = {"title": "Cuisine syrienne", "description": "On cuisine ensemble", "category": "cooking"}


def test_a_member_proposes_a_workshop_as_its_proposer(as_member, as_staff, services):
    answer = {"workshop_id": "w-1", "proposer_id": RANIA, "status": "proposed", **WORKSHOP}
    services.workshops.propose.return_value = answer
    response = as_member(RANIA).post("/workshops", WORKSHOP)
    assert response.status_code == 201 and response.json() == answer
    services.workshops.propose.assert_called_once_with({**WORKSHOP, "proposer_id": RANIA})
    assert_problem(
        as_member(RANIA).post("/workshops", {**WORKSHOP, "proposer_id": OMAR}),
        403,
        {"proposer_id": ["must be your own member id"]},
    )
    assert as_staff("coordinator:workshops").post("/workshops", {**WORKSHOP, "proposer_id": OMAR}).status_code == 201
    services.workshops.propose.assert_called_with({**WORKSHOP, "proposer_id": OMAR})
    assert services.workshops.propose.call_count == 2


def test_anyone_lists_workshops_with_paging_and_a_status(anonymous, services):
    answer = {"items": [{"workshop_id": "w-1"}], "total": 7, "offset": 5, "limit": 2}
    services.workshops.list.return_value = answer
    assert anonymous.get("/workshops").status_code == 200
    services.workshops.list.assert_called_with(offset=0, limit=20, status=None)
    response = anonymous.get("/workshops?offset=5&limit=2&status=scheduled")
    assert response.json() == answer
    services.workshops.list.assert_called_with(offset=5, limit=2, status="scheduled")
    assert anonymous.get("/workshops?limit=100").status_code == 200


def test_anyone_reads_one_workshop(anonymous, services):
    services.workshops.get.return_value = {"workshop_id": "w-1", **WORKSHOP}
    response = anonymous.get("/workshops/w-1")
    assert response.status_code == 200 and response.json() == {"workshop_id": "w-1", **WORKSHOP}
    services.workshops.get.assert_called_once_with("w-1", None, False)  # no one: the public view


def test_a_token_tells_the_workshops_service_who_reads(as_member, as_staff, services):
    services.workshops.get.return_value = {"workshop_id": "w-1", **WORKSHOP}
    assert as_member(RANIA).get("/workshops/w-1").status_code == 200
    services.workshops.get.assert_called_with("w-1", RANIA, False)
    assert as_staff("coordinator:workshops").get("/workshops/w-1").status_code == 200
    services.workshops.get.assert_called_with("w-1", None, True)
    assert as_staff("coordinator:duos").get("/workshops/w-1").status_code == 200
    services.workshops.get.assert_called_with("w-1", None, False)  # another programme's staff: public


# --- Ateliers: the pipeline, dates, registrations, partner venues ----------------------------------

WORKSHOP_COORDINATOR = "coordinator:workshops"
COORDINATOR_SUBJECT = f"staff:{WORKSHOP_COORDINATOR}"
MOVE = {"move": "decline", "reason": "no_venue", "note": "no kitchen free this term"}
CHARTER = {"accepted": True, "shown_name": "Rania"}
IMPACT = {"summary": "Mixed group all along; two duos were born.", "would_run_again": True}
NOTE = {"text": "Met Rania at the FLE school; very motivated."}
PLAN = {"first_start": "2027-01-12T18:00:00", "minutes": 120, "frequency": "weekly", "count": 6,
        "venue_id": "v-1", "capacity": 12}  # fmt: skip
CANCEL = {"reason": "the venue is closed that day"}
MOVE_DATE = {"start": "2027-01-13T18:00:00", "minutes": 90}
CAPACITY = {"capacity": 16, "newcomer_share": 0.5}
VENUE = {"name": "Café Le Pot au Lait", "address": "Rue Soubre 2, 4020 Liège", "region": "liege", "capacity": 40}
STAFF_VIEW = {"workshop_id": "w-1", "status": "declined", "allowed_moves": [], "history": [{"move": "decline"}]}


def send(client, method, path, body=None):
    return getattr(client, method)(path, **({} if body is None else {"json": body}))


WORKSHOP_TOKEN_ROUTES = [  # every Ateliers route but the catalogue, a workshop and its dates (optional token)
    ("get", "/workshops/pipeline", "list"),
    ("get", "/workshops/dates", "dates_between"),
    ("post", "/workshops/w-1/moves", "move"),
    ("post", "/workshops/w-1/charter", "accept_charter"),
    ("post", "/workshops/w-1/impact", "record_impact"),
    ("post", "/workshops/w-1/notes", "add_note"),
    ("get", "/workshops/w-1/notes", "notes"),
    ("post", "/workshops/w-1/dates", "plan_dates"),
    ("post", "/workshops/dates/d-1/cancel", "cancel_date"),
    ("post", "/workshops/dates/d-1/move", "move_date"),
    ("put", "/workshops/dates/d-1/capacity", "change_capacity"),
    ("post", "/workshops/dates/d-1/registrations", "register"),
    ("post", "/workshops/w-1/registrations", "register_series"),
    ("get", "/workshops/registrations", "registrations"),
    ("post", "/workshops/registrations/r-1/confirm", "confirm_offer"),
    ("post", "/workshops/registrations/r-1/cancel", "cancel_registration"),
    ("get", "/workshops/dates/d-1/participants", "participants"),
    ("post", "/venues", "add_venue"),
    ("get", "/venues", "venues"),
    ("get", "/venues/v-1", "venue"),
    ("patch", "/venues/v-1", "update_venue"),
    ("post", "/workshops/calendar-token", "calendar_token"),
    ("post", "/workshops/calendar-token/rotate", "rotate_calendar_token"),
    ("delete", "/workshops/calendar-token", "revoke_calendar_token"),
]


def test_ateliers_routes_that_need_a_token_answer_401_without_one_and_call_no_service(anonymous, services):
    for method, path, rpc in WORKSHOP_TOKEN_ROUTES:  # one gateway for all: these tests stay fast
        response = send(anonymous, method, path, {} if method in ("post", "put", "patch") else None)
        assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        getattr(services.workshops, rpc).assert_not_called()
    assert not services.workshops.method_calls


WORKSHOP_STAFF_ONLY = [
    ("get", "/workshops/pipeline", None, "list", mock.call(offset=0, limit=20, status=None, staff=True), 200),
    ("get", "/workshops/dates", None, "dates_between", mock.call(None, None), 200),
    (
        "get",
        "/workshops/dates?from=2027-01-11&to=2027-01-17",
        None,
        "dates_between",
        mock.call("2027-01-11", "2027-01-17"),
        200,
    ),
    ("post", "/workshops/w-1/impact", IMPACT, "record_impact", mock.call("w-1", IMPACT, COORDINATOR_SUBJECT), 200),
    ("post", "/workshops/w-1/notes", NOTE, "add_note", mock.call("w-1", NOTE, COORDINATOR_SUBJECT), 201),
    ("get", "/workshops/w-1/notes", None, "notes", mock.call("w-1"), 200),
    ("post", "/workshops/w-1/dates", PLAN, "plan_dates", mock.call("w-1", PLAN), 201),
    ("post", "/workshops/dates/d-1/cancel", CANCEL, "cancel_date", mock.call("d-1", CANCEL), 200),
    ("post", "/workshops/dates/d-1/move", MOVE_DATE, "move_date", mock.call("d-1", MOVE_DATE), 200),
    ("put", "/workshops/dates/d-1/capacity", CAPACITY, "change_capacity", mock.call("d-1", CAPACITY), 200),
    ("post", "/venues", VENUE, "add_venue", mock.call(VENUE), 201),
    ("get", "/venues", None, "venues", mock.call(None), 200),
    ("get", "/venues/v-1", None, "venue", mock.call("v-1"), 200),
    ("patch", "/venues/v-1", {"capacity": 30}, "update_venue", mock.call("v-1", {"capacity": 30}), 200),
]


@pytest.mark.parametrize(("method", "path", "body", "rpc", "expected", "status"), WORKSHOP_STAFF_ONLY)
def test_only_workshop_staff_reach_the_pipeline_dates_notes_and_venues(
    as_member, as_staff, services, method, path, body, rpc, expected, status
):
    endpoint = getattr(services.workshops, rpc)
    for refused in (as_member(RANIA), as_staff("coordinator:duos"), as_staff("coordinator:incubator")):
        assert_problem(send(refused, method, path, body), 403)
    endpoint.assert_not_called()
    answer = {"items": [{"id": "x-1", "label": "Café Liège"}], "total": 1, "from": rpc}
    endpoint.return_value = answer
    response = send(as_staff(WORKSHOP_COORDINATOR), method, path, body)
    assert response.status_code == status, response.text
    assert response.json() == answer
    assert endpoint.call_args_list == [expected]
    assert services.workshops.get.call_count == 0  # /workshops/pipeline is not the workshop "pipeline"
    assert services.workshops.dates.call_count == 0  # /workshops/dates is not the workshop "dates"


def test_admins_act_as_workshop_staff_under_their_own_subject(as_staff, services):
    services.workshops.record_impact.return_value = STAFF_VIEW
    services.workshops.add_note.return_value = {"note_id": "n-1", **NOTE, "by": "staff:admin"}
    admin = as_staff("admin")
    assert admin.post("/workshops/w-1/impact", IMPACT).json() == STAFF_VIEW
    services.workshops.record_impact.assert_called_once_with("w-1", IMPACT, "staff:admin")
    response = admin.post("/workshops/w-1/notes", NOTE)
    assert response.status_code == 201 and response.json() == {"note_id": "n-1", **NOTE, "by": "staff:admin"}
    services.workshops.add_note.assert_called_once_with("w-1", NOTE, "staff:admin")


def test_the_pipeline_passes_paging_and_any_status_to_the_staff_list(as_staff, services):
    answer = {"items": [{"workshop_id": "w-3", "status": "paused"}], "total": 9, "offset": 3, "limit": 5}
    services.workshops.list.return_value = answer
    response = as_staff("admin").get("/workshops/pipeline?offset=3&limit=5&status=paused")
    assert response.status_code == 200 and response.json() == answer
    services.workshops.list.assert_called_once_with(offset=3, limit=5, status="paused", staff=True)
    assert_problem(as_staff(WORKSHOP_COORDINATOR).get("/workshops/pipeline?limit=0"), 400)
    assert services.workshops.list.call_count == 1


@pytest.mark.parametrize(
    ("client", "actor", "member_id"),
    [
        ("member", f"member:{RANIA}", RANIA),  # the proposer may only withdraw: the service decides
        (WORKSHOP_COORDINATOR, COORDINATOR_SUBJECT, None),
        ("admin", "staff:admin", None),
    ],
)
def test_a_pipeline_move_carries_the_actor_and_the_member_or_none_for_staff(
    as_member, as_staff, services, client, actor, member_id
):
    services.workshops.move.return_value = STAFF_VIEW
    mover = as_member(RANIA) if client == "member" else as_staff(client)
    response = mover.post("/workshops/w-1/moves", MOVE)
    assert response.status_code == 200 and response.json() == STAFF_VIEW
    services.workshops.move.assert_called_once_with("w-1", MOVE, actor, member_id)


def test_another_programmes_coordinator_may_not_move_a_workshop_and_refused_moves_are_409(as_staff, services):
    body = assert_problem(as_staff("coordinator:duos").post("/workshops/w-1/moves", MOVE), 403)
    assert body["detail"] == "only members and workshop coordinators may do this"
    services.workshops.move.assert_not_called()
    services.workshops.move.side_effect = Conflict("cannot decline a published workshop", {"move": ["pause"]})
    assert_problem(as_staff(WORKSHOP_COORDINATOR).post("/workshops/w-1/moves", MOVE), 409, {"move": ["pause"]})


def test_the_proposer_accepts_the_charter_as_themselves(as_member, as_staff, services):
    services.workshops.accept_charter.return_value = {**STAFF_VIEW, "charter_accepted_at": "2025-05-01T10:00:00"}
    response = as_member(RANIA).post("/workshops/w-1/charter", CHARTER)
    assert response.status_code == 200
    assert response.json() == {**STAFF_VIEW, "charter_accepted_at": "2025-05-01T10:00:00"}
    services.workshops.accept_charter.assert_called_once_with("w-1", CHARTER, RANIA)
    as_staff(WORKSHOP_COORDINATOR).post("/workshops/w-1/charter", CHARTER)
    services.workshops.accept_charter.assert_called_with("w-1", CHARTER, None)  # no member: the service's 404
    services.workshops.accept_charter.side_effect = Invalid(
        "bad charter", {"accepted": ["the charter must be accepted"]}
    )
    assert_problem(
        as_member(RANIA).post("/workshops/w-1/charter", {**CHARTER, "accepted": False}),
        422,
        {"accepted": ["the charter must be accepted"]},
    )


@pytest.mark.parametrize(
    ("path", "rpc"), [("/workshops/w-1", "get"), ("/workshops/w-1/dates", "dates")], ids=["workshop", "dates"]
)
def test_a_workshop_and_its_dates_are_shown_as_the_viewer_may_see_them(
    anonymous, as_member, as_staff, services, web_session, path, rpc
):
    endpoint = getattr(services.workshops, rpc)
    answer = {"items": [{"date_id": "d-1", "online_link": None}], "total": 1, "workshop_id": "w-1"}
    endpoint.return_value = answer
    viewers = [
        (anonymous, (None, False)),
        (as_member(RANIA), (RANIA, False)),
        (as_staff(WORKSHOP_COORDINATOR), (None, True)),
        (as_staff("admin"), (None, True)),
        (as_staff("coordinator:duos"), (None, False)),  # another programme's staff: the public view
    ]
    for client, viewer in viewers:
        response = client.get(path)
        assert response.status_code == 200 and response.json() == answer
        assert endpoint.call_args == mock.call("w-1", *viewer)
    assert_problem(Client(web_session, "not-a-token").get(path), 401)  # a bad token is not silently public
    assert endpoint.call_count == len(viewers)


@pytest.mark.parametrize(
    ("path", "rpc", "target"),
    [
        ("/workshops/dates/d-1/registrations", "register", "d-1"),
        ("/workshops/w-1/registrations", "register_series", "w-1"),
    ],
    ids=["date", "series"],
)
def test_a_member_registers_themselves_and_workshop_staff_register_anyone(
    as_member, as_staff, services, path, rpc, target
):
    endpoint = getattr(services.workshops, rpc)
    answer = {"registration_id": "g-1", "member_id": RANIA, "group": "newcomer", "status": "confirmed"}
    endpoint.return_value = answer
    response = as_member(RANIA).post(path, {})
    assert response.status_code == 201 and response.json() == answer
    endpoint.assert_called_once_with(target, {"member_id": RANIA})
    assert_problem(as_member(RANIA).post(path, {"member_id": OMAR}), 403, {"member_id": ["must be your own member id"]})
    assert_problem(as_staff("coordinator:duos").post(path, {"member_id": OMAR}), 403)
    assert endpoint.call_count == 1
    assert as_staff(WORKSHOP_COORDINATOR).post(path, {"member_id": OMAR}).status_code == 201
    endpoint.assert_called_with(target, {"member_id": OMAR})
    endpoint.side_effect = Conflict("already registered", {"member_id": ["already on this date"]})
    assert_problem(as_member(RANIA).post(path, {}), 409, {"member_id": ["already on this date"]})


def test_a_members_registrations_are_theirs_or_workshop_staffs_and_staff_reads_are_audited(
    as_member, as_staff, services
):
    answer = {"items": [{"registration_id": "g-1", "status": "offered", "offer_expires_at": "2027-01-10T18:00"}]}
    services.workshops.registrations.return_value = answer
    own = as_member(RANIA).get("/workshops/registrations")
    assert own.status_code == 200 and own.json() == answer
    services.workshops.registrations.assert_called_once_with(RANIA)
    services.workshops.get.assert_not_called()  # not the workshop "registrations"
    assert as_member(RANIA).get(f"/members/{RANIA}/audit").json()["total"] == 0  # one's own: not audited
    assert_problem(as_member(OMAR).get(f"/workshops/registrations?member_id={RANIA}"), 404)
    assert_problem(as_staff("coordinator:duos").get(f"/workshops/registrations?member_id={RANIA}"), 404)
    assert_problem(
        as_member(RANIA).get("/workshops/registrations?member_id=a.b"), 400, {"member_id": ["not a valid id"]}
    )
    coordinator = as_staff(WORKSHOP_COORDINATOR)
    assert_problem(coordinator.get("/workshops/registrations"), 400, {"member_id": ["required"]})
    assert services.workshops.registrations.call_count == 1
    assert coordinator.get(f"/workshops/registrations?member_id={RANIA}").json() == answer
    services.workshops.registrations.assert_called_with(RANIA)
    [entry] = as_member(RANIA).get(f"/members/{RANIA}/audit").json()["items"]
    assert (entry["actor"], entry["action"]) == (COORDINATOR_SUBJECT, "read_registrations")


@pytest.mark.parametrize(
    ("action", "rpc"), [("confirm", "confirm_offer"), ("cancel", "cancel_registration")], ids=["confirm", "cancel"]
)
def test_a_registration_is_confirmed_or_cancelled_by_its_member_or_workshop_staff(
    as_member, as_staff, services, action, rpc
):
    endpoint = getattr(services.workshops, rpc)
    answer = {
        "registration_id": "g-1",
        "member_id": RANIA,
        "status": "confirmed" if action == "confirm" else "cancelled",
    }
    endpoint.return_value = answer
    path = f"/workshops/registrations/g-1/{action}"
    response = as_member(RANIA).post(path)
    assert response.status_code == 200 and response.json() == answer
    endpoint.assert_called_once_with("g-1", RANIA)  # the service finds someone else's not found
    for staff in (WORKSHOP_COORDINATOR, "admin"):
        assert as_staff(staff).post(path).status_code == 200
        endpoint.assert_called_with("g-1", None)
    body = assert_problem(as_staff("coordinator:duos").post(path), 403)
    assert body["detail"] == "only members and workshop coordinators may do this"
    assert endpoint.call_count == 3
    endpoint.side_effect = Conflict("the offer expired", {"registration_id": ["the offer expired"]})
    assert_problem(as_member(RANIA).post(path), 409, {"registration_id": ["the offer expired"]})


def test_a_dates_participants_are_asked_with_the_viewer_and_the_service_decides(as_member, as_staff, services):
    answer = {"items": [{"member_id": OMAR, "group": "local", "status": "confirmed"}], "total": 1}
    services.workshops.participants.return_value = answer
    response = as_member(RANIA).get("/workshops/dates/d-1/participants")
    assert response.status_code == 200 and response.json() == answer
    services.workshops.participants.assert_called_once_with("d-1", RANIA, False)  # the leader, if she is
    assert as_staff(WORKSHOP_COORDINATOR).get("/workshops/dates/d-1/participants").json() == answer
    services.workshops.participants.assert_called_with("d-1", None, True)
    services.workshops.participants.side_effect = NotFound("no date 'd-1'")
    assert_problem(as_staff("coordinator:duos").get("/workshops/dates/d-1/participants"), 404)
    services.workshops.participants.assert_called_with("d-1", None, False)


def test_venues_are_listed_by_region_and_their_errors_pass_through(as_staff, services):
    answer = {"items": [{"venue_id": "v-1", **VENUE}], "total": 1}
    services.workshops.venues.return_value = answer
    coordinator = as_staff(WORKSHOP_COORDINATOR)
    assert coordinator.get("/venues?region=liege").json() == answer
    services.workshops.venues.assert_called_once_with("liege")
    assert coordinator.get("/venues").status_code == 200
    services.workshops.venues.assert_called_with(None)
    services.workshops.add_venue.side_effect = Invalid("invalid venue", {"capacity": ["must be 1 to 500"]})
    assert_problem(coordinator.post("/venues", {**VENUE, "capacity": 0}), 422, {"capacity": ["must be 1 to 500"]})
    services.workshops.add_venue.assert_called_once_with({**VENUE, "capacity": 0})
    services.workshops.venue.side_effect = NotFound("no venue 'v-9'")
    assert assert_problem(coordinator.get("/venues/v-9"), 404)["detail"] == "no venue 'v-9'"


FEED_TOKEN = "Zk3_q-" + "a" * 37  # as long as secrets.token_urlsafe(32)
ICS = "BEGIN:VCALENDAR\r\nPRODID:-//Interra//Ateliers//FR\r\nSUMMARY:Cuisine syrienne à Liège\r\nEND:VCALENDAR\r\n"


@pytest.mark.parametrize(
    ("path", "rpc", "argument"),
    [
        ("/workshops/w-1/calendar.ics", "calendar", "w-1"),
        (f"/calendar/{FEED_TOKEN}.ics", "member_calendar", FEED_TOKEN),
    ],
    ids=["workshop", "member feed"],
)
def test_a_calendar_is_the_service_s_ics_text_for_anyone_with_the_security_headers(
    anonymous, services, path, rpc, argument
):
    endpoint = getattr(services.workshops, rpc)
    endpoint.return_value = ICS
    response = anonymous.get(path, headers={"X-Request-ID": "ics-1"})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content == ICS.encode()  # the text itself, not a JSON string
    assert response.headers["X-Request-ID"] == "ics-1"
    assert (response.headers["X-Content-Type-Options"], response.headers["Cache-Control"]) == ("nosniff", "no-store")
    endpoint.assert_called_once_with(argument)
    endpoint.side_effect = NotFound("no such calendar feed")
    assert_problem(anonymous.get(path), 404)


@pytest.mark.parametrize("token", ["a.b", "x" * 65, "%24" * 3])
def test_a_feed_token_that_is_not_an_id_is_400_before_the_service_is_asked(anonymous, services, token):
    assert_problem(anonymous.get(f"/calendar/{token}.ics"), 400, {"token": ["not a valid id"]})
    services.workshops.member_calendar.assert_not_called()


def test_a_member_makes_rotates_and_revokes_their_own_feed_and_staff_have_none(as_member, as_staff, services):
    made = {"token": FEED_TOKEN, "url_path": f"/calendar/{FEED_TOKEN}.ics", "created": True, "created_at": "2027-01"}
    services.workshops.calendar_token.return_value = made
    services.workshops.rotate_calendar_token.return_value = made
    member = as_member(RANIA)
    for path, rpc in (("/workshops/calendar-token", "calendar_token"),
                      ("/workshops/calendar-token/rotate", "rotate_calendar_token")):  # fmt: skip
        response = member.post(path)
        assert response.status_code == 200 and response.json() == made
        getattr(services.workshops, rpc).assert_called_once_with(RANIA)
    revoked = member.delete("/workshops/calendar-token")
    assert revoked.status_code == 204 and revoked.content == b""
    services.workshops.revoke_calendar_token.assert_called_once_with(RANIA)
    for staff in (WORKSHOP_COORDINATOR, "admin"):
        body = assert_problem(as_staff(staff).post("/workshops/calendar-token"), 403)
        assert body["detail"] == "only members have a calendar feed"
    assert services.workshops.calendar_token.call_count == 1
    services.workshops.get.assert_not_called()  # not the workshop "calendar-token"


# --- incubator -------------------------------------------------------------------------------------

INCUBATOR_COORDINATOR = "coordinator:incubator"
CALL = {"cohort": "2027", "opens_on": "2027-01-04", "closes_on": "2027-02-28", "starts_on": "2027-03-15",
        "ends_on": "2027-12-15", "places": 12, "questions": [{"key": "why_liege", "text": "Why Liège?"}]}  # fmt: skip
CALL_VIEW = {"call_id": "c-1", **CALL, "admitted": 0, "criteria": ["motivation", "feasibility", "social_value", "fit"],
             "open": True, "created_at": "2027-01-02T09:00:00+00:00"}  # fmt: skip
PROJECT = {"title": "Épicerie solidaire", "sector": "food", "stage": "idea", "description": "Une épicerie solidaire",
           "needs": ["premises"], "team_size": 2, "newcomer_founders": True}  # fmt: skip
APPLICATION = {"call_id": "c-1", "language": "ar", "project": PROJECT, "answers": {"why_liege": "Ma famille."}}
APPLICATION_VIEW = {
    "application_id": "a-1", "call_id": "c-1", "cohort": "2027", "member_id": RANIA, "language": "ar",
    "project": PROJECT, "answers": {"why_liege": "Ma famille."}, "status": "submitted", "decline_reason": None,
    "more_info": None, "allowed_moves": ["withdraw"], "project_id": None, "created_at": "2027-01-10T10:00:00+00:00",
    "submitted_at": "2027-01-10T10:00:00+00:00",
    "history": [{"move": "submit", "status_from": "draft", "status_to": "submitted", "at": "2027-01-10T10:00:00+00:00",
                 "reason": None, "message": None}],
}  # fmt: skip


def test_only_incubator_staff_open_a_call(as_member, as_staff, services):
    services.incubator.open_call.return_value = CALL_VIEW
    for refused in (as_member(RANIA), as_staff("coordinator:duos"), as_staff("coordinator:workshops")):
        assert_problem(refused.post("/incubator/calls", CALL), 403)
    services.incubator.open_call.assert_not_called()
    for coordinator in (INCUBATOR_COORDINATOR, "admin"):
        response = as_staff(coordinator).post("/incubator/calls", CALL)
        assert response.status_code == 201 and response.json() == CALL_VIEW
        services.incubator.open_call.assert_called_with(CALL)
    services.incubator.open_call.side_effect = Conflict("a call for cohort '2027' exists", {"cohort": ["exists"]})
    assert_problem(as_staff(INCUBATOR_COORDINATOR).post("/incubator/calls", CALL), 409, {"cohort": ["exists"]})
    errors = {"places": ["between 1 and 200"]}
    services.incubator.open_call.side_effect = Invalid("invalid call", errors)
    bad = {**CALL, "places": 0}
    assert_problem(as_staff(INCUBATOR_COORDINATOR).post("/incubator/calls", bad), 422, errors)
    services.incubator.open_call.assert_called_with(bad)


def test_calls_are_listed_and_read_by_anyone_logged_in(as_member, as_staff, services):
    answer = {"items": [CALL_VIEW], "total": 1, "offset": 0, "limit": 20}
    services.incubator.list_calls.return_value = answer
    services.incubator.get_call.return_value = CALL_VIEW
    assert as_member(RANIA).get("/incubator/calls").json() == answer
    services.incubator.list_calls.assert_called_with(open_only=False, offset=0, limit=20)
    assert as_staff("coordinator:duos").get("/incubator/calls?open_only=true&limit=5").json() == answer
    services.incubator.list_calls.assert_called_with(open_only=True, offset=0, limit=5)
    assert_problem(as_member(RANIA).get("/incubator/calls?open_only=yes"), 400, {"open_only": ["true or false"]})
    assert services.incubator.list_calls.call_count == 2
    assert as_member(RANIA).get("/incubator/calls/c-1").json() == CALL_VIEW
    services.incubator.get_call.assert_called_once_with("c-1")
    services.incubator.get_call.side_effect = NotFound("no call 'c-9'")
    assert assert_problem(as_member(RANIA).get("/incubator/calls/c-9"), 404)["detail"] == "no call 'c-9'"


def test_a_member_applies_to_a_call_for_themselves(as_member, as_staff, services):
    services.incubator.apply.return_value = APPLICATION_VIEW
    response = as_member(RANIA).post("/incubator/applications", APPLICATION)
    assert response.status_code == 201 and response.json() == APPLICATION_VIEW
    services.incubator.apply.assert_called_once_with({**APPLICATION, "member_id": RANIA})
    assert_problem(as_member(RANIA).post("/incubator/applications", {**APPLICATION, "member_id": OMAR}), 403)
    assert_problem(
        as_staff("coordinator:duos").post("/incubator/applications", {**APPLICATION, "member_id": OMAR}), 403
    )
    assert services.incubator.apply.call_count == 1
    on_behalf = as_staff(INCUBATOR_COORDINATOR).post("/incubator/applications", {**APPLICATION, "member_id": OMAR})
    assert on_behalf.status_code == 201
    services.incubator.apply.assert_called_with({**APPLICATION, "member_id": OMAR})
    duplicate = {"call_id": ["one application per member and call"]}
    services.incubator.apply.side_effect = Conflict("already applied to this call", duplicate)
    assert_problem(as_member(RANIA).post("/incubator/applications", APPLICATION), 409, duplicate)
    assert services.incubator.apply.call_count == 3


def test_applications_are_listed_for_their_member_or_incubator_staff(as_member, as_staff, services):
    answer = {"items": [APPLICATION_VIEW], "total": 1, "offset": 0, "limit": 20}
    services.incubator.list_applications.return_value = answer
    assert as_member(RANIA).get("/incubator/applications").json() == answer
    services.incubator.list_applications.assert_called_with(member_id=RANIA, offset=0, limit=20)
    assert as_member(RANIA).get("/incubator/applications?call_id=c-1&status=admitted").status_code == 200
    services.incubator.list_applications.assert_called_with(member_id=RANIA, offset=0, limit=20)  # staff filters
    assert_problem(as_member(OMAR).get(f"/incubator/applications?member_id={RANIA}"), 404)
    assert as_staff(INCUBATOR_COORDINATOR).get("/incubator/applications?limit=50").status_code == 200
    services.incubator.list_applications.assert_called_with(
        member_id=None, offset=0, limit=50, call_id=None, status=None
    )
    assert as_staff("admin").get("/incubator/applications?call_id=c-1&status=submitted").json() == answer
    services.incubator.list_applications.assert_called_with(
        member_id=None, offset=0, limit=20, call_id="c-1", status="submitted"
    )
    assert_problem(as_staff("coordinator:duos").get("/incubator/applications"), 400, {"member_id": ["required"]})
    assert services.incubator.list_applications.call_count == 4


def test_an_application_is_seen_by_its_applicant_or_incubator_staff(as_member, as_staff, services):
    services.incubator.get_application.return_value = APPLICATION_VIEW
    assert as_member(RANIA).get("/incubator/applications/a-1").json() == APPLICATION_VIEW
    services.incubator.get_application.assert_called_with("a-1", RANIA)  # the service finds someone else's not found
    services.incubator.get_application.side_effect = NotFound("no application 'a-1'")
    assert_problem(as_member(OMAR).get("/incubator/applications/a-1"), 404)
    services.incubator.get_application.assert_called_with("a-1", OMAR)
    services.incubator.get_application.side_effect = None
    body = assert_problem(as_staff("coordinator:workshops").get("/incubator/applications/a-1"), 403)
    assert body["detail"] == "only members and InterLab coordinators may do this"
    assert services.incubator.get_application.call_count == 2
    response = as_staff(INCUBATOR_COORDINATOR).get("/incubator/applications/a-1")
    assert response.status_code == 200 and response.json() == APPLICATION_VIEW
    services.incubator.get_application.assert_called_with("a-1", None)


@pytest.mark.parametrize(
    ("method", "path", "rpc", "body"),
    [
        ("patch", "/incubator/applications/a-1", "edit_application", {"answers": {"why_liege": "Mon frère."}}),
        ("post", "/incubator/applications/a-1/moves", "move_application", {"move": "withdraw"}),
    ],
    ids=["edit", "move"],
)
def test_an_application_is_changed_and_moved_by_its_applicant_or_incubator_staff(
    as_member, as_staff, services, method, path, rpc, body
):
    endpoint = getattr(services.incubator, rpc)
    endpoint.return_value = {**APPLICATION_VIEW, "status": "withdrawn", "allowed_moves": []}
    response = getattr(as_member(RANIA), method)(path, body)
    assert response.status_code == 200 and response.json() == endpoint.return_value
    endpoint.assert_called_once_with("a-1", body, RANIA)  # the service finds someone else's not found
    assert getattr(as_staff(INCUBATOR_COORDINATOR), method)(path, body).status_code == 200
    endpoint.assert_called_with("a-1", body, None)
    assert_problem(getattr(as_staff("coordinator:duos"), method)(path, body), 403)
    assert endpoint.call_count == 2
    refused = {"move": ["withdraw is not allowed from declined; allowed: none"]}
    endpoint.side_effect = Conflict("withdraw is not allowed from declined", refused)
    assert_problem(getattr(as_member(RANIA), method)(path, body), 409, refused)
    endpoint.side_effect = NotFound("no application 'a-1'")
    assert_problem(getattr(as_member(OMAR), method)(path, body), 404)
    endpoint.assert_called_with("a-1", body, OMAR)


# --- the platform: health, documents, unknown routes ----------------------------------------------


@pytest.fixture
def healthy(services):
    for name in SERVICE_NAMES:
        getattr(services, name).health.return_value = {"service": name, "status": "ok"}
    return services


def test_health_is_ok_when_every_service_answers(anonymous, healthy):
    response = anonymous.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "services": dict.fromkeys(SERVICE_NAMES, "ok")}
    for name in SERVICE_NAMES:
        getattr(healthy, name).health.assert_called_once_with()


@pytest.mark.parametrize("failure", [Unavailable("incubator is not running"), TimedOut("too slow")])
def test_health_is_degraded_when_one_service_fails(anonymous, healthy, failure):
    healthy.incubator.health.side_effect = failure
    response = anonymous.get("/health")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "degraded",
        "services": {**dict.fromkeys(SERVICE_NAMES, "ok"), "incubator": "unavailable"},
    }


def test_health_is_degraded_when_one_service_is_too_slow(anonymous, healthy, monkeypatch):
    import eventlet

    monkeypatch.setattr(platform_routes, "HEALTH_TIMEOUT", 0.2)
    healthy.duos.health.side_effect = lambda: eventlet.sleep(5)
    started = time.monotonic()
    response = anonymous.get("/health")
    assert time.monotonic() - started < 3
    assert response.json()["status"] == "degraded" and response.json()["services"]["duos"] == "unavailable"


def test_health_is_degraded_when_one_service_fails_unexpectedly(anonymous, healthy):
    healthy.workshops.health.side_effect = RemoteError("RuntimeError", "database gone")
    response = anonymous.get("/health")
    assert response.status_code == 200, response.text
    assert response.json()["services"]["workshops"] == "unavailable"


def test_the_openapi_document_describes_every_route(anonymous, services):
    response = anonymous.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    for route in routes_of(GatewayService):
        assert route.method.lower() in document["paths"][route.path], f"{route.method} {route.path}"
    assert not any(getattr(services, s).method_calls for s in SERVICE_NAMES)


def test_an_unknown_route_is_a_404_problem(as_member):
    body = assert_problem(as_member(RANIA).get("/no/such/route"), 404)
    assert body["detail"] == "no route GET /no/such/route"


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("delete", "/workshops", "GET, POST"), ("put", "/duos/stats", "GET"), ("get", "/auth/token", "POST")],
)
def test_a_wrong_method_is_a_405_problem_with_allow(anonymous, services, method, path, allow):
    response = getattr(anonymous, method)(path)
    assert_problem(response, 405)
    assert response.headers["Allow"] == allow
    assert not any(getattr(services, s).method_calls for s in SERVICE_NAMES)
