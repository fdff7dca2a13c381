"""Staff accounts through the gateway, every service running: an admin lists them, changes roles,
deactivates one (no more login nor refresh), and can neither lock themselves out nor leave the
platform without an active admin."""

from .conftest import STAFF_PASSWORD


def test_an_admin_deactivates_a_coordinator_who_can_no_longer_log_in_or_refresh(staff, web_session):
    admin = staff("admin")
    coordinator = staff("coordinator:duos")
    email = "coordinator.duos@interra.be"
    tokens = web_session.post("/auth/token", json={"username": email, "password": STAFF_PASSWORD}).json()
    assert coordinator.get("/staff").status_code == 403
    listed = admin.get("/staff").json()["staff"]
    assert [(s["email"], s["roles"], s["active"]) for s in listed] == [
        ("admin@interra.be", ["admin"], True),
        (email, ["coordinator:duos"], True),
    ]
    assert all(s["created_at"] for s in listed)
    coordinator_id = listed[1]["staff_id"]
    assert coordinator.patch(f"/staff/{coordinator_id}", {"active": False}).status_code == 403

    off = admin.patch(f"/staff/{coordinator_id}", {"active": False})
    assert (off.status_code, off.json()["active"]) == (200, False)
    login = web_session.post("/auth/token", json={"username": email, "password": STAFF_PASSWORD})
    assert (login.status_code, login.json()["detail"]) == (401, "this staff account is deactivated")
    assert web_session.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 401

    back = admin.patch(f"/staff/{coordinator_id}", {"active": True, "roles": ["coordinator:workshops"]})
    assert back.json()["roles"] == ["coordinator:workshops"] and back.json()["active"] is True
    login = web_session.post("/auth/token", json={"username": email, "password": STAFF_PASSWORD})
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert web_session.get("/venues", headers=headers).status_code == 200  # the new role
    assert web_session.get("/duos/stats", headers=headers).status_code == 403  # not the old one
    assert admin.patch("/staff/s-nobody", {"active": False}).status_code == 404
    assert admin.patch(f"/staff/{coordinator_id}", {"roles": ["member"]}).status_code == 422


def test_an_admin_cannot_lock_themselves_out_nor_leave_no_active_admin(staff):
    first = staff("admin")
    second = staff("admin", "coordinator:duos")
    first_id, second_id = (s["staff_id"] for s in first.get("/staff").json()["staff"])
    for change, field in (({"active": False}, "active"), ({"roles": ["coordinator:duos"]}, "roles")):
        refused = first.patch(f"/staff/{first_id}", change)
        assert refused.status_code == 409 and field in refused.json()["errors"], refused.text
    assert second.patch(f"/staff/{first_id}", {"roles": ["coordinator:incubator"]}).status_code == 200
    assert second.patch(f"/staff/{first_id}", {"roles": ["admin"]}).status_code == 200
    assert second.patch(f"/staff/{first_id}", {"active": False}).json()["active"] is False
    # the first's access token lives until it expires, but cannot take the last active admin away
    last = first.patch(f"/staff/{second_id}", {"active": False})
    assert last.status_code == 409 and last.json()["detail"] == "the platform would have no active admin left"
    assert [s["active"] for s in second.get("/staff").json()["staff"]] == [False, True]
