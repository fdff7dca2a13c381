"""Ateliers calendars through the gateway, every service running: anyone downloads a published
workshop's .ics; a member makes their feed's secret link, a phone reads it without logging in, and
the member rotates and revokes it. The feed's token never reaches the access log."""

import logging

from icalendar import Calendar

from .conftest import known
from .test_workshops_api import CAFE, PROPOSAL, next_week, ok

LINK = "https://meet.example.org/syrian-cooking"


def events_of(response) -> dict[str, object]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]).removesuffix("@interra.be"): e for e in calendar.walk("VEVENT")}


def test_a_workshop_s_calendar_and_a_member_s_own_feed(api, member, staff, caplog):
    caplog.set_level(logging.INFO, logger="nameko.web.server")
    amina, coordinator = member("Amina"), staff("coordinator:workshops")
    workshop_id = ok(known(lambda: amina.post("/workshops", PROPOSAL)), 201)["workshop_id"]
    assert api.get(f"/workshops/{workshop_id}/calendar.ics").status_code == 404  # a proposal is nobody's business
    for move in ("accept", "train", "seek_venue"):
        ok(coordinator.post(f"/workshops/{workshop_id}/moves", {"move": move}))
    venue = ok(coordinator.post("/venues", CAFE), 201)
    at_cafe = {"first_start": next_week(18), "minutes": 120, "venue_id": venue["venue_id"], "capacity": 4}
    online = {"first_start": next_week(20), "minutes": 60, "online_link": LINK, "capacity": 4}
    [cafe_date] = ok(coordinator.post(f"/workshops/{workshop_id}/dates", at_cafe), 201)["items"]
    [online_date] = ok(coordinator.post(f"/workshops/{workshop_id}/dates", online), 201)["items"]
    for move in ("schedule", "publish"):
        ok(coordinator.post(f"/workshops/{workshop_id}/moves", {"move": move}))

    public = api.get(f"/workshops/{workshop_id}/calendar.ics")
    events = events_of(public)
    assert set(events) == {cafe_date["date_id"], online_date["date_id"]}
    assert str(events[cafe_date["date_id"]]["LOCATION"]) == f"{CAFE['name']}, {CAFE['address']}"
    assert events[online_date["date_id"]]["DTSTART"].dt.isoformat() == online_date["starts_at"]
    assert LINK.encode() not in public.content

    yasmin = member("Yasmin")
    ok(known(lambda: yasmin.post(f"/workshops/dates/{online_date['date_id']}/registrations", {})), 201)
    made = ok(yasmin.post("/workshops/calendar-token"))
    assert made["created"] is True and made["url_path"] == f"/calendar/{made['token']}.ics"
    feed = api.get(made["url_path"])  # no login: a phone subscribes to the link
    [mine] = events_of(feed).values()
    assert str(mine["UID"]) == f"{online_date['date_id']}@interra.be" and str(mine["URL"]) == LINK
    assert ok(yasmin.post("/workshops/calendar-token"))["token"] is None  # shown once

    rotated = ok(yasmin.post("/workshops/calendar-token/rotate"))
    assert api.get(made["url_path"]).status_code == 404
    assert len(events_of(api.get(rotated["url_path"]))) == 1
    assert yasmin.delete("/workshops/calendar-token").status_code == 204
    gone = api.get(rotated["url_path"])
    assert gone.status_code == 404 and gone.headers["Content-Type"].startswith("application/problem+json")
    assert coordinator.post("/workshops/calendar-token").status_code == 403

    access_log = [r.getMessage() for r in caplog.records if r.name == "nameko.web.server"]
    assert any("GET /calendar/<token> HTTP" in line for line in access_log), access_log[-5:]
    assert not any(made["token"] in line or rotated["token"] in line for line in access_log)
