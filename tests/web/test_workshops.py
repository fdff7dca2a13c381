"""Ateliers in a member's browser: a newcomer finds a published workshop near them, registers for a date and
sees it confirmed on the page and on My Interra; in Arabic, a full date puts a newcomer on the waiting list,
and when a participant leaves, the freed seat is offered to them and they take it; a member proposes a
workshop. The workshop is set up over the API as a coordinator does (proposal, pipeline, venue, dates)."""

import time
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from interra_chassis.testing import PASSWORD

from .conftest import axe, new_member, sign_in, staff_account


def token(page, email: str, password: str = PASSWORD) -> dict:
    """Bearer headers for this account (POST /auth/token, the JSON login other clients use)."""
    response = page.request.post("/auth/token", data={"username": email, "password": password})
    assert response.status == 200, response.text()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def ok(response, status: int = 200) -> dict:
    assert response.status == status, f"{response.status} {response.url}: {response.text()}"
    return response.json()


def until_known(call, timeout: float = 10):
    """Ateliers learns of a new member by event, a moment after registration (422 until then)."""
    deadline = time.monotonic() + timeout
    while (response := call()).status == 422 and time.monotonic() < deadline:
        time.sleep(0.2)
    return response


def published_workshop(page, web_platform, title: str, capacity: int) -> dict:
    """A published workshop with one date next week at a partner venue in Liège, as a coordinator makes it:
    a member proposes, the coordinator accepts, trains, seeks a venue, adds the venue and the date,
    schedules and publishes; the leader accepts the charter with the first name to show.
    Returns {workshop_id, date_id, leader}."""
    leader = new_member(page, "Yasmin")
    as_leader = token(page, leader["email"])
    proposal = {
        "title": title,
        "description": "We cook kibbeh together and share family recipes.",
        "category": "cooking",
        "languages": ["ar", "fr"],
        "format": "in_person",
        "heard_from": "fle_school",
    }
    workshop = ok(until_known(lambda: page.request.post("/workshops", data=proposal, headers=as_leader)), 201)
    workshop_id = workshop["workshop_id"]
    as_coordinator = token(page, *staff_account(web_platform, "coordinator:workshops"))
    moves = f"/workshops/{workshop_id}/moves"
    for move in ("accept", "train", "seek_venue"):
        ok(page.request.post(moves, data={"move": move}, headers=as_coordinator))
    venue = {"name": f"Café Le Pot au Lait {uuid.uuid4().hex[:4]}", "address": "Rue Soubre 2, 4020 Liège",
             "region": "liege", "capacity": 20, "accessibility": ["step_free_entrance"]}  # fmt: skip
    venue_id = ok(page.request.post("/venues", data=venue, headers=as_coordinator), 201)["venue_id"]
    day = datetime.now(ZoneInfo("Europe/Brussels")).date() + timedelta(days=7)
    plan = {"first_start": f"{day.isoformat()}T18:00:00", "minutes": 120, "venue_id": venue_id, "capacity": capacity}
    [date] = ok(page.request.post(f"/workshops/{workshop_id}/dates", data=plan, headers=as_coordinator), 201)["items"]
    for move in ("schedule", "publish"):
        ok(page.request.post(moves, data={"move": move}, headers=as_coordinator))
    charter = {"accepted": True, "shown_name": "Yasmin"}
    ok(page.request.post(f"/workshops/{workshop_id}/charter", data=charter, headers=as_leader))
    return {"workshop_id": workshop_id, "date_id": date["date_id"], "venue": venue}


def test_a_member_registers_for_a_date_and_sees_it_confirmed(page, web_platform, screenshot):
    amina = new_member(page, "Amina")  # a newcomer in Liège
    title = f"Syrian cooking {uuid.uuid4().hex[:6]}"
    workshop = published_workshop(page, web_platform, title, capacity=4)

    sign_in(page, amina["email"])
    page.get_by_role("heading", level=1, name="My Interra").wait_for()
    card = page.locator("section", has=page.get_by_role("heading", name="Workshops", exact=True))
    card.get_by_text("You have no workshop coming.").wait_for()
    card.get_by_role("link", name="Find a workshop").click()

    page.get_by_role("heading", level=1, name="Workshops near me").wait_for()
    page.get_by_role("heading", level=2, name="In Liège").wait_for()
    found = page.get_by_role("link", name=title)
    found.wait_for()
    assert "Seats left for you: 2" in found.inner_text()  # 4 seats, half of them held for newcomers
    assert workshop["venue"]["name"] in found.inner_text()
    screenshot("workshops-near-me")
    axe(page)

    found.click()
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_text("Led by Yasmin").wait_for()
    assert page.get_by_text("Rue Soubre 2, 4020 Liège").count() == 1
    page.get_by_role("button", name="Register for this date").click()
    page.get_by_role("status").filter(has_text="Confirmed! You have a seat on").wait_for()
    page.get_by_role("button", name="Leave this date").wait_for()  # the page shows the date as mine
    assert page.get_by_text("You are registered", exact=True).is_visible()
    assert page.get_by_role("button", name="Register for this date").count() == 0
    assert "Registered now: newcomers 1, locals 0" in page.locator(".workshop-date").inner_text()

    page.get_by_role("button", name="Get my calendar link").click()
    link = page.get_by_label("Your calendar link")
    link.wait_for()
    feed_url = link.input_value()
    assert "/calendar/" in feed_url and feed_url.endswith(".ics"), feed_url
    assert page.get_by_role("link", name="Add it to my phone's calendar").get_attribute("href").startswith("webcal://")
    feed = page.request.get(feed_url)  # the secret link opens the member's own dates, without a login
    assert feed.status == 200 and title in feed.text()
    screenshot("workshops-detail")
    axe(page)

    page.goto("/#/me")
    card = page.locator("section", has=page.get_by_role("heading", name="Workshops", exact=True))
    card.get_by_role("link", name=title).wait_for()
    assert "You are registered" in card.inner_text()

    card.get_by_role("link", name="All my workshops").click()
    page.get_by_role("heading", level=1, name="My workshops").wait_for()
    page.get_by_role("heading", level=2, name="You are registered").wait_for()
    assert page.get_by_role("link", name=title).is_visible()
    screenshot("workshops-mine")
    axe(page)

    page.get_by_role("button", name="Leave this date").click()  # asked first: a tap too many gives a seat away
    page.get_by_text("Leave this date? Your seat goes to the next person.").wait_for()
    page.get_by_role("button", name="Yes, leave").click()
    page.get_by_role("status").filter(has_text="Done. You are no longer on this date.").wait_for()
    page.get_by_text("You are not registered for any workshop.").wait_for()
    mine = ok(page.request.get("/workshops/registrations", headers=token(page, amina["email"])))["items"]
    assert [r["status"] for r in mine] == ["cancelled"]


def test_in_arabic_a_full_date_puts_a_newcomer_on_the_waiting_list_then_offers_the_freed_seat(
    page, web_platform, screenshot
):
    title = f"Kibbeh {uuid.uuid4().hex[:6]}"
    workshop = published_workshop(page, web_platform, title, capacity=2)  # one seat for newcomers
    rania = new_member(page, "Rania")
    samir = new_member(page, "Samir")
    as_rania = token(page, rania["email"])
    taken = until_known(
        lambda: page.request.post(f"/workshops/dates/{workshop['date_id']}/registrations", data={}, headers=as_rania)
    )
    assert ok(taken, 201)["status"] == "confirmed"

    sign_in(page, samir["email"], language="العربية")
    page.goto(f"/#/workshops/{workshop['workshop_id']}")
    page.get_by_role("heading", level=1, name=title).wait_for()
    page.get_by_text("ممتلئ الآن. يمكنك الانضمام إلى قائمة الانتظار.").wait_for()
    page.get_by_role("button", name="سجّلني في هذا الموعد").click()
    page.get_by_role("status").filter(has_text="أنت على قائمة الانتظار ليوم").wait_for()
    page.get_by_role("button", name="الخروج من قائمة الانتظار").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    screenshot("workshops-detail-ar")
    axe(page)

    ok(page.request.post(f"/workshops/registrations/{taken.json()['registration_id']}/cancel", headers=as_rania))
    page.goto("/#/me")
    card = page.locator("section", has=page.get_by_role("heading", name="الورشات", exact=True))
    card.get_by_text("هناك مكان شاغر لك!").wait_for()
    assert "خذه قبل" in card.inner_text()  # the deadline, in words
    screenshot("workshops-offer-ar")
    axe(page)
    card.get_by_role("button", name="خذ المكان").click()
    card.get_by_role("status").filter(has_text="أحسنت! مكانك مؤكَّد.").wait_for()
    card.get_by_text("أنت مسجَّل").wait_for()
    assert card.get_by_role("button", name="خذ المكان").count() == 0


def test_a_member_proposes_a_workshop(page, screenshot):
    karim = new_member(page, "Karim", arrived_on=None, french_level="native")  # a local
    sign_in(page, karim["email"], language="Français")
    page.goto("/#/workshops/propose")
    page.get_by_role("heading", level=1, name="Proposer un atelier").wait_for()
    page.get_by_role("button", name="Envoyer mon idée").click()
    summary = page.locator(".alert--error")
    summary.wait_for()
    assert "Écrivez un nom de 3 à 120 lettres." in summary.inner_text()
    assert "Choisissez au moins une langue." in summary.inner_text()
    assert page.get_by_label("Nom de votre atelier").get_attribute("aria-invalid") == "true"
    screenshot("workshops-propose")
    axe(page)

    page.get_by_label("Nom de votre atelier").fill("Guitare pour débutants")
    page.get_by_label("Que ferez-vous ensemble ?").fill("Nous apprenons trois accords et une chanson.")
    page.get_by_role("radio", name="Musique").check()
    page.get_by_role("checkbox", name="Français", exact=True).check()
    page.get_by_role("radio", name="Dans un lieu, en vrai").check()
    page.get_by_role("radio", name="Une école de français").check()
    page.get_by_role("button", name="Envoyer mon idée").click()
    page.get_by_role("heading", level=1, name="Merci !").wait_for()
    page.get_by_text("« Guitare pour débutants »").wait_for()
    axe(page)
