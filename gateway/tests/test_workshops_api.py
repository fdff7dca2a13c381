"""Ateliers through the gateway, every service running: a member proposes, a coordinator takes the
workshop to publication with a weekly series at a partner venue, members register and the group
stays mixed, a cancellation offers the seat to the next person waiting."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from .conftest import known

PROPOSAL = {"title": "Syrian cooking", "description": "We cook kibbeh together and share family recipes.",
            "category": "cooking", "languages": ["ar", "fr"], "format": "in_person",
            "heard_from": "fle_school"}  # fmt: skip
CAFE = {"name": "Café Le Pot au Lait", "address": "Rue Soubre 2, 4020 Liège", "region": "liege", "capacity": 20,
        "accessibility": ["step_free_entrance"], "amenities": ["kitchen"]}  # fmt: skip


def next_week(hour: int, weeks: int = 1) -> str:
    day = datetime.now(ZoneInfo("Europe/Brussels")).date() + timedelta(days=7 * weeks)
    return f"{day.isoformat()}T{hour:02}:00:00"


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def test_a_workshop_from_proposal_to_a_mixed_group(api, member, staff):
    amina = member("Amina")
    coordinator = staff("coordinator:workshops")
    workshop = ok(known(lambda: amina.post("/workshops", PROPOSAL)), 201)
    workshop_id = workshop["workshop_id"]
    assert amina.get(f"/workshops/{workshop_id}").json()["status"] == "proposed"
    stranger = member("Omar")
    assert stranger.get(f"/workshops/{workshop_id}").status_code == 404  # a proposal is nobody else's business
    refused = stranger.post(f"/workshops/{workshop_id}/moves", {"move": "accept"})
    assert refused.status_code == 404, refused.text

    for move in ("accept", "train", "seek_venue"):
        ok(coordinator.post(f"/workshops/{workshop_id}/moves", {"move": move}))
    refused = coordinator.post(f"/workshops/{workshop_id}/moves", {"move": "publish"})
    assert refused.status_code == 409 and "allowed: schedule" in refused.json()["detail"]

    assert amina.post("/venues", CAFE).status_code == 403  # venues are staff business
    venue = ok(coordinator.post("/venues", {**CAFE, "contact_name": "Marie Dupont", "contact_phone": "+32 4 222 33 44",
                                            "contact_email": "marie@potaulait.be"}), 201)  # fmt: skip
    series = {"first_start": next_week(18), "minutes": 120, "frequency": "weekly", "count": 6,
              "venue_id": venue["venue_id"], "capacity": 4}  # fmt: skip
    dates = ok(coordinator.post(f"/workshops/{workshop_id}/dates", series), 201)["items"]
    assert len(dates) == 6 and dates[0]["seats"]["free_newcomer"] == 2 and dates[0]["seats"]["free_local"] == 2
    clash = coordinator.post(f"/workshops/{workshop_id}/dates", {**series, "count": 1, "first_start": next_week(19)})
    assert clash.status_code == 409 and "venue_id" in clash.json()["errors"]

    for move in ("schedule", "publish"):
        ok(coordinator.post(f"/workshops/{workshop_id}/moves", {"move": move}))
    ok(amina.post(f"/workshops/{workshop_id}/charter", {"accepted": True, "shown_name": "Amina"}))
    public = ok(stranger.get(f"/workshops/{workshop_id}"))
    assert public["leader_name"] == "Amina" and "proposer_id" not in public
    assert [w["workshop_id"] for w in ok(stranger.get("/workshops"))["items"]] == [workshop_id]
    # where each date is, to anyone who may read the dates: the venue's public details, never its contact
    public_venue = {"venue_id": venue["venue_id"], "name": CAFE["name"], "address": CAFE["address"],
                    "region": "liege", "accessibility": ["step_free_entrance"]}  # fmt: skip
    for reader in (stranger, api):
        seen = ok(reader.get(f"/workshops/{workshop_id}/dates"))["items"]
        assert [d["venue"] for d in seen] == [public_venue] * 6 and "Marie" not in str(seen)
    online = {"first_start": next_week(10, weeks=6), "minutes": 60, "online_link": "https://meet.example.org/kibbeh",
              "capacity": 4}  # fmt: skip
    [online_date] = ok(coordinator.post(f"/workshops/{workshop_id}/dates", online), 201)["items"]
    assert (online_date["venue"], online_date["online"]) == (None, True)
    assert ok(stranger.get(f"/workshops/{workshop_id}/dates"))["total"] == 7

    date_id = dates[0]["date_id"]
    newcomers = [member(name) for name in ("Yasmin", "Rania", "Samir")]
    locals_ = [member(name, arrived_on=None, french_level="native") for name in ("Luc", "Anne")]
    statuses = [
        ok(known(lambda p=p: p.post(f"/workshops/dates/{date_id}/registrations", {})), 201)["status"]
        for p in newcomers + locals_
    ]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "confirmed", "confirmed"]
    forged = newcomers[0].post(f"/workshops/dates/{date_id}/registrations", {"member_id": locals_[0].member_id})
    assert forged.status_code == 403

    mix = ok(coordinator.get(f"/workshops/{workshop_id}/dates"))["items"][0]["seats"]
    assert (mix["confirmed_newcomers"], mix["confirmed_locals"], mix["waitlisted"]) == (2, 2, 1)
    day = next_week(18)[:10]  # the coordinators' week view: every workshop's dates from that day on
    week = ok(coordinator.get(f"/workshops/dates?from={day}"))
    [first] = week["items"]  # the series is weekly: one date in these seven days
    assert (week["from"], first["date_id"], first["seats"]) == (day, date_id, mix)
    assert (first["workshop_title"], first["venue_name"], first["capacity"]) == ("Syrian cooking", CAFE["name"], 4)
    four_weeks = (datetime.fromisoformat(day) + timedelta(days=27)).date().isoformat()
    assert ok(coordinator.get(f"/workshops/dates?from={day}&to={four_weeks}"))["total"] == 4
    assert stranger.get(f"/workshops/dates?from={day}").status_code == 403
    too_long = coordinator.get("/workshops/dates?from=2027-01-01&to=2027-02-01")
    assert too_long.status_code == 422 and too_long.json()["errors"] == {"to": ["a window spans 31 days at most"]}
    on_it = ok(amina.get(f"/workshops/dates/{date_id}/participants"))  # the leader sees who comes
    assert on_it["total"] == 5
    assert stranger.get(f"/workshops/dates/{date_id}/participants").status_code == 404

    [yasmin_on] = [r for r in ok(newcomers[0].get("/workshops/registrations"))["items"] if r["date_id"] == date_id]
    assert (yasmin_on["workshop_title"], yasmin_on["starts_at"], yasmin_on["ends_at"]) == (
        "Syrian cooking", dates[0]["starts_at"], dates[0]["ends_at"])  # fmt: skip
    ok(newcomers[0].post(f"/workshops/registrations/{yasmin_on['registration_id']}/cancel"))
    [samir_on] = [r for r in ok(newcomers[2].get("/workshops/registrations"))["items"] if r["date_id"] == date_id]
    assert samir_on["status"] == "offered" and samir_on["offer_expires_at"]
    assert newcomers[1].post(f"/workshops/registrations/{samir_on['registration_id']}/confirm").status_code == 404
    confirmed = ok(newcomers[2].post(f"/workshops/registrations/{samir_on['registration_id']}/confirm"))
    assert confirmed["status"] == "confirmed"

    ok(coordinator.post(f"/workshops/{workshop_id}/moves", {"move": "start"}))
    history = ok(coordinator.get(f"/workshops/{workshop_id}"))["history"]
    assert [h["move"] for h in history] == ["accept", "train", "seek_venue", "schedule", "publish", "start"]


def test_another_programme_s_staff_cannot_move_a_workshop(member, staff):
    amina = member("Amina")
    workshop = ok(known(lambda: amina.post("/workshops", PROPOSAL)), 201)
    duo_staff = staff("coordinator:duos")
    assert duo_staff.post(f"/workshops/{workshop['workshop_id']}/moves", {"move": "accept"}).status_code == 403
    assert duo_staff.get("/venues").status_code == 403
