"""The staff console's workshop pages in a real browser, on a coordinator's laptop: the home's "needs action
now", the pipeline board moved with the keyboard (a refused move says why, and nothing moves), partner
venues, the week and its dates; and a member who opens the console gets a plain refusal and no staff data."""

import shutil
import time
from datetime import date, timedelta

from interra_chassis.testing import PASSWORD

from .conftest import SCREENSHOTS, axe, new_member, sign_in, staff_account

STAFF_ROUTES = (
    "/workshops/pipeline",
    "/workshops/stats",
    "/venues",
    "/duos/flagged",
    "/duos/proposals",
    "/incubator/reviews/mine",
    "/incubator/safeguarding-reports",
)


def shoot(page, tmp_path, name: str) -> None:
    """The whole page as a PNG in test-output/screenshots/ (conftest's `screenshot` shoots the phone page)."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS / path.name)


def bearer(page, email: str) -> dict:
    response = page.request.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert response.ok, response.text()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def propose(page, member: dict, auth: dict, title: str, category: str, languages: list[str]) -> str:
    """A member's proposal over the API (the workshops service learns of a new member a moment later)."""
    body = {
        "proposer_id": member["member_id"],
        "title": title,
        "description": "We meet, share what we know and speak French together.",
        "category": category,
        "languages": languages,
        "format": "in_person",
        "heard_from": "fle_school",
    }
    for _ in range(100):
        response = page.request.post("/workshops", data=body, headers=auth)
        if response.status == 201:
            return response.json()["workshop_id"]
        assert response.status in (404, 422), response.text()
        time.sleep(0.1)
    raise AssertionError(f"the proposal was never accepted: {response.text()}")


def move_over_api(page, auth: dict, workshop_id: str, *moves: str) -> None:
    for move in moves:
        body = {"move": move, "training_at": "2027-01-05T10:00:00+01:00" if move == "train" else None}
        response = page.request.post(f"/workshops/{workshop_id}/moves", data=body, headers=auth)
        assert response.ok, response.text()


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement?.id")


def has_focus(page, element_id: str) -> None:
    """Wait until the element of this id has the focus (a function: the page's CSP forbids eval)."""
    page.wait_for_function("(id) => document.activeElement?.id === id", arg=element_id)


def move_with_keyboard(page, workshop_id: str, move: str, to_status: str | None) -> None:
    """From the card's focused Move button: Enter opens its menu, arrows reach the move, Enter makes it.
    The card lands in `to_status`'s column with the focus still on it (None: the move is refused)."""
    assert focused_id(page) == f"move-{workshop_id}"
    page.keyboard.press("Enter")
    page.locator(f"#menu-{workshop_id} [role=menuitem]").first.wait_for()
    for _ in range(8):
        if page.evaluate("() => document.activeElement?.dataset.move") == move:
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement?.dataset.move") == move
    page.keyboard.press("Enter")
    if to_status:
        page.locator(f'[data-status="{to_status}"] [data-workshop="{workshop_id}"]').wait_for()
        has_focus(page, f"move-{workshop_id}")


def test_a_coordinator_moves_a_proposal_across_the_board_to_published(desktop_page, web_platform, tmp_path):
    page = desktop_page
    yasmin = new_member(page, "Yasmin")
    member = bearer(page, yasmin["email"])
    coordinator_email, _ = staff_account(web_platform, "coordinator:workshops")
    coordinator = bearer(page, coordinator_email)
    cooking = propose(page, yasmin, member, "Syrian cooking", "cooking", ["ar", "fr"])
    # a few others along the pipeline, so that the board has cards in several columns
    guitar = propose(page, yasmin, member, "Guitar for beginners", "music", ["fr", "en"])
    bikes = propose(page, yasmin, member, "Bike repair", "trade", ["fr", "fa"])
    move_over_api(page, coordinator, bikes, "accept")
    calligraphy = propose(page, yasmin, member, "Arabic calligraphy", "crafts", ["ar", "fr"])
    move_over_api(page, coordinator, calligraphy, "accept", "train")
    knitting = propose(page, yasmin, member, "Knitting circle", "crafts", ["fr", "uk"])
    move_over_api(page, coordinator, knitting, "accept", "train", "seek_venue")

    # signed in without a `next`, staff land on the console's home: the new proposal waits there
    sign_in(page, coordinator_email)
    page.get_by_role("heading", level=1, name="What needs you now").wait_for()
    assert page.url.endswith("#/staff"), page.url
    page.get_by_role("link", name="Staff console").wait_for()  # the header's link, for staff only
    menu = page.get_by_role("navigation", name="Staff console menu")
    assert menu.get_by_role("link").all_inner_texts() == ["To do now", "Workshops", "Venues", "Week", "Figures"]
    proposals = page.locator('[data-todo="proposals"]')
    proposal_link = proposals.locator(f'a[href$="card={cooking}"]')
    assert proposal_link.inner_text() == "Syrian cooking"
    waiting = page.locator(f'[data-todo="waiting"] a[href$="card={knitting}"]')
    assert waiting.inner_text() == "Knitting circle: Looking for a venue"
    shoot(page, tmp_path, "staff-home")
    axe(page)

    # the home's line opens the board with the focus on that card
    proposal_link.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Workshops: the pipeline").wait_for()
    page.locator(f'[data-status="proposed"] [data-workshop="{cooking}"]').wait_for()
    has_focus(page, f"move-{cooking}")
    move_with_keyboard(page, cooking, "accept", "in_conversation")
    assert "is now in “In conversation”" in page.locator(".board__live").inner_text()
    shoot(page, tmp_path, "staff-board")
    axe(page)

    # training asks for its date and time in a small dialog
    move_with_keyboard(page, cooking, "train", None)
    training = page.get_by_role("dialog", name="Train the leader")
    training.wait_for()
    assert focused_id(page) == "move-training_at"
    page.keyboard.press("Enter")  # nothing given: the dialog says what is missing, nothing moves
    training.get_by_text("Please fill in this field.").wait_for()
    assert page.locator(f'[data-status="in_conversation"] [data-workshop="{cooking}"]').count() == 1
    page.locator("#move-training_at").fill((date.today() + timedelta(days=10)).isoformat() + "T10:00")
    page.locator("#move-training_at").press("Enter")
    page.locator(f'[data-status="training"] [data-workshop="{cooking}"]').wait_for()
    has_focus(page, f"move-{cooking}")
    assert not training.is_visible()
    move_with_keyboard(page, cooking, "seek_venue", "venue_search")

    # marking the dates as planned before there is a date: refused, said next to the card, nothing moves
    move_with_keyboard(page, cooking, "schedule", None)
    refusal = page.locator(f'[data-workshop="{cooking}"] [role=alert]')
    refusal.wait_for()
    assert "Not possible yet. First: at least one date, at a venue or online." in refusal.inner_text()
    assert page.locator(f'[data-status="venue_search"] [data-workshop="{cooking}"]').count() == 1
    assert focused_id(page) == f"move-{cooking}"
    shoot(page, tmp_path, "staff-board-refused-move")

    # a partner venue, through the venues page
    menu.get_by_role("link", name="Venues").click()
    page.get_by_role("heading", level=1, name="Partner venues").wait_for()
    page.get_by_label("Name of the place").fill("Café Le Pot au Lait")
    page.get_by_label("Address").fill("Rue Soubre 2, 4020 Liège")
    page.get_by_label("How many people at most?").fill("20")
    page.get_by_label("Kitchen").check()
    page.get_by_label("Entrance without steps").check()
    page.get_by_role("button", name="Save the venue").click()
    page.get_by_text("“Café Le Pot au Lait” is added.").wait_for()
    page.wait_for_function("() => (document.activeElement?.id ?? '').startsWith('place-')")
    venue = focused_id(page).removeprefix("place-")  # the new venue, with the focus
    assert "Kitchen" in page.locator(f"#place-{venue}").inner_text()
    shoot(page, tmp_path, "staff-venues")
    axe(page)

    # a date for the workshop, from the board's refusal: the week page with the workshop chosen
    page.goto("/#/staff/workshops")
    page.locator(f"#move-{cooking}").focus()
    move_with_keyboard(page, cooking, "schedule", None)
    refusal.get_by_role("link", name="Plan a date on the week page").click()
    page.get_by_role("heading", level=1, name="The week").wait_for()
    assert page.get_by_label("Workshop").input_value() == cooking
    day = date.today() + timedelta(days=(1 - date.today().weekday()) % 7 + 7)  # a Tuesday, 1 to 2 weeks ahead
    page.get_by_label("First date and time").fill(f"{day.isoformat()}T18:00")
    page.get_by_label("Venue", exact=True).select_option(venue)
    page.get_by_label("How many people?").fill("12")
    page.get_by_role("button", name="Plan the dates").click()
    page.get_by_text("Dates planned for “Syrian cooking”: 1.").wait_for()
    planned = page.locator(f'[data-day="{day.isoformat()}"] [data-workshop="{cooking}"]')
    planned.wait_for()
    text = planned.inner_text()
    assert "18:00" in text and "Café Le Pot au Lait" in text, text
    assert "Newcomers: 0 of 6 seats" in text and "Locals: 0 of 6 seats" in text, text
    shoot(page, tmp_path, "staff-week")
    axe(page)
    page.get_by_role("link", name="Next week").click()
    page.locator(f'[data-day="{(day + timedelta(days=7)).isoformat()}"]').wait_for()
    assert planned.count() == 0
    page.get_by_role("link", name="Previous week").click()
    planned.wait_for()

    # the same time at the same venue again: the clash is named
    page.get_by_label("Workshop").select_option(cooking)
    page.get_by_label("First date and time").fill(f"{day.isoformat()}T19:00")
    page.get_by_label("Venue", exact=True).select_option(venue)
    page.get_by_role("button", name="Plan the dates").click()
    page.get_by_text("This venue is already booked on").first.wait_for()

    # back on the board: now the dates are planned, then published
    menu.get_by_role("link", name="Workshops").click()
    page.locator(f"#move-{cooking}").focus()
    move_with_keyboard(page, cooking, "schedule", "scheduled")
    move_with_keyboard(page, cooking, "publish", "published")

    # with a mouse, a card may also be dragged onto a column its moves lead to
    page.drag_and_drop(f'[data-workshop="{guitar}"]', '[data-status="in_conversation"]')
    page.locator(f'[data-status="in_conversation"] [data-workshop="{guitar}"]').wait_for()

    # the console in Arabic (right to left) and in French
    for language, path, heading, name in (
        ("العربية", "/#/staff/workshops", "الورشات: المسار", "staff-board-ar"),
        ("Français", "/#/staff", "Ce qui vous attend", "staff-home-fr"),
    ):
        page.goto("/")
        page.get_by_role("button", name=language).click()
        page.goto(path)
        page.get_by_role("heading", level=1, name=heading).wait_for()
        page.locator(".board__column, .todo__count").first.wait_for()
        shoot(page, tmp_path, name)
        axe(page)

    published = page.request.get(f"/workshops/{cooking}", headers=coordinator).json()
    assert published["status"] == "published"
    assert [step["move"] for step in published["history"]] == ["accept", "train", "seek_venue", "schedule", "publish"]


def test_a_member_without_rights_gets_no_staff_page(desktop_page, tmp_path):
    page = desktop_page
    amal = new_member(page, "Amal")
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    sign_in(page, amal["email"])
    page.get_by_role("heading", level=1, name="My Interra").wait_for()
    assert page.get_by_role("link", name="Staff console").count() == 0
    page.wait_for_load_state("networkidle")
    asked.clear()  # My Interra's own calls; from here on, only the console's pages
    for path in ("/#/staff", "/#/staff/workshops", "/#/staff/week"):
        page.goto(path)
        page.get_by_role("heading", level=1, name="This page is for Interra's team").wait_for()
        assert page.get_by_role("navigation", name="Staff console menu").count() == 0
        assert page.locator(".board, .todo, .week-days").count() == 0
    page.wait_for_load_state("networkidle")
    called = [url for url in asked if any(route in url for route in STAFF_ROUTES)]
    assert called == [], called
    shoot(page, tmp_path, "staff-refused")
    axe(page)
    page.get_by_role("link", name="Go to My Interra").click()
    page.get_by_role("heading", level=1, name="My Interra").wait_for()
