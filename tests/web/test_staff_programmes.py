"""The staff console's programme pages in a real browser, on a coordinator's laptop: Duo-Langue's waiting
list by region; InterLab's review grid scored by a coordinator who reviews, then the call's ranking; the
figures of every programme as charts with tables and CSV downloads; an admin creating a staff account.

Proposed duos (review mode) are not walked here: the shared platform matches in automatic mode, so the
proposals list only says so; the page's logic for them (names or short ids) is covered by vitest
(web/src/staff/duos/logic.test.ts)."""

import base64
import json
import re
import shutil
import time
import uuid

from interra_chassis.testing import PASSWORD

from .conftest import SCREENSHOTS, axe, new_member, sign_in, staff_account


def shoot(page, tmp_path, name: str) -> None:
    """The whole page as a PNG in test-output/screenshots/ (conftest's `screenshot` shoots the phone page)."""
    path = tmp_path / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, SCREENSHOTS / path.name)


def csv_link(page, title: str):
    """The CSV download of a table (its accessible name: "Download (CSV): <title>")."""
    return page.get_by_role("link", name=re.compile(rf"^Download \(CSV\)\s*:\s*{re.escape(title)}$"))


def login(page, email: str, password: str = PASSWORD) -> tuple[dict, dict]:
    """A bearer header for this account, and its token's claims (sub: staff:<id> or member:<id>)."""
    response = page.request.post("/auth/token", data={"username": email, "password": password})
    assert response.ok, response.text()
    token = response.json()["access_token"]
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return {"Authorization": f"Bearer {token}"}, claims


def until_accepted(page, path: str, body: dict, auth: dict, status: int = 201) -> dict:
    """POST until the service has heard of the member (services learn of new members by event)."""
    for _ in range(100):
        response = page.request.post(path, data=body, headers=auth)
        if response.status == status:
            return response.json()
        assert response.status in (404, 409, 422), response.text()
        time.sleep(0.1)
    raise AssertionError(f"{path} never accepted: {response.text()}")


def test_a_duo_coordinator_sees_the_waiting_list_by_region(desktop_page, web_platform, tmp_path):
    page = desktop_page
    learners = []
    for name, region in (("Samira", "brussels"), ("Hamid", "liege")):
        member = new_member(page, name, region=region)
        auth, _ = login(page, member["email"])
        # Only a partner aged 100 to 110 will do: nobody on the shared platform matches them meanwhile.
        wish = {
            "member_id": member["member_id"],
            "cross_region": False,
            "interests": None,
            "age_range": {"min": 100, "max": 110},
            "gender_preference": None,
        }
        until_accepted(page, "/duos/requests", wish, auth)
        learners.append((member["member_id"], region))

    email, _ = staff_account(web_platform, "coordinator:duos")
    sign_in(page, email)
    page.goto("/#/staff/duos")
    page.get_by_role("heading", level=1, name="Duo-Langue").wait_for()
    regions = page.get_by_role("table", name="Learners waiting, by region")
    brussels = regions.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Brussels"))
    assert int(brussels.get_by_role("cell").first.inner_text()) >= 1
    for member_id, region in learners:
        summary = page.locator("summary", has_text="Brussels" if region == "brussels" else "Liège")
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
        assert page.locator("code.staff-id", has_text=member_id[:8]).count() == 1
    page.get_by_text("Matching is automatic now").wait_for()
    page.get_by_role("button", name="Match now").click()
    page.get_by_role("status").filter(has_text="Done: new duos start now if a good pair exists.").wait_for()
    page.get_by_role("button", name="Match now").wait_for()  # the lists are shown again after the round
    assert page.locator("code.staff-id", has_text=learners[0][0][:8]).count() == 1  # nobody aged 100 for them
    assert csv_link(page, "Learners waiting, by region").first.get_attribute("href").startswith("blob:")
    axe(page)
    shoot(page, tmp_path, "staff-duos")

    page.evaluate("localStorage.setItem('interra.language', 'fr')")  # the same page in French
    page.reload()
    page.get_by_role("heading", level=2, name="Liste d’attente").wait_for()
    page.get_by_role("table", name="Apprenants en attente, par région").wait_for()
    shoot(page, tmp_path, "staff-duos-fr")


def test_an_interlab_coordinator_scores_on_the_grid_and_sees_the_ranking(desktop_page, web_platform, tmp_path):
    page = desktop_page
    email, _ = staff_account(web_platform, "coordinator:incubator")
    coordinator, claims = login(page, email)
    cohort = f"t{uuid.uuid4().hex[:8]}"
    call = until_accepted(
        page,
        "/incubator/calls",
        {
            "cohort": cohort,
            "opens_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 10 * 86400)),
            "closes_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 10 * 86400)),
            "starts_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 20 * 86400)),
            "ends_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 200 * 86400)),
            "places": 3,
            "questions": [],
        },
        coordinator,
    )
    applicant = new_member(page, "Rania")
    applicant_auth, _ = login(page, applicant["email"])
    project = {
        "title": "Aleppo bakery",
        "sector": "food",
        "stage": "idea",
        "description": "Bread and pastries from Aleppo, baked in Liège.",
        "needs": ["legal"],
        "team_size": 2,
        "newcomer_founders": True,
    }
    application = until_accepted(
        page,
        "/incubator/applications",
        {"call_id": call["call_id"], "member_id": applicant["member_id"], "language": "en", "project": project},
        applicant_auth,
    )
    app_id = application["application_id"]
    assigned = page.request.post(
        f"/incubator/applications/{app_id}/reviewers", data={"reviewer": claims["sub"]}, headers=coordinator
    )
    assert assigned.status == 201, assigned.text()

    sign_in(page, email)
    page.goto("/#/staff/interlab")
    page.get_by_role("heading", level=1, name="InterLab").wait_for()
    queue = page.locator("section", has=page.get_by_role("heading", name="My reviews"))
    queue.locator("li", has=page.locator("code", has_text=app_id[:8])).wait_for()
    axe(page)
    queue.locator("li", has=page.locator("code", has_text=app_id[:8])).get_by_role("link", name="Score it").click()
    page.get_by_role("heading", level=1, name="Aleppo bakery").wait_for()
    page.get_by_text("No review yet.").wait_for()

    form = page.locator("form", has=page.get_by_role("button", name="Save my review"))
    form.get_by_role("button", name="Save my review").click()  # nothing scored: each criterion says so
    assert form.get_by_text("Please give a score from 1 to 5.").count() == 4
    scores = (("Motivation", "5"), ("Feasibility", "3"), ("Social value", "4"), ("Fit with InterLab", "4"))
    for criterion, score in scores:
        form.get_by_role("group", name=criterion).get_by_text(score, exact=True).click()
    form.get_by_label("Comment").fill("Clear plan, strong motivation; premises still to find.")
    form.get_by_role("group", name="Your advice").get_by_text("Interview", exact=True).click()
    form.get_by_role("button", name="Save my review").click()
    page.get_by_text("Your review is saved.").wait_for()

    grid = page.get_by_role("table", name="Review grid")
    grid.wait_for()
    motivation = grid.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Motivation"))
    assert motivation.get_by_role("cell").all_inner_texts() == ["5", "5"]
    overall = grid.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Reviewer's mean"))
    assert overall.get_by_role("cell").all_inner_texts() == ["4", "4"]
    axe(page)
    shoot(page, tmp_path, "staff-interlab-grid")

    page.get_by_role("link", name=f"Back to the cohort {cohort}").click()
    page.get_by_role("heading", level=1, name=f"InterLab {cohort}").wait_for()
    ranking = page.get_by_role("table", name="Ranking")
    row = ranking.get_by_role("row").filter(has=page.get_by_role("link", name="Aleppo bakery"))
    assert row.get_by_role("cell").nth(0).inner_text() == "1"
    assert "4" in row.get_by_role("cell").nth(3).inner_text()  # the mean
    # Admitting needs two reviews: the decision is refused, with the reason in words.
    row.get_by_role("checkbox", name=re.compile(r"^Admit\s*:\s*Aleppo bakery$")).check()
    page.get_by_role("button", name="Decide: admit 1, waitlist the others").click()
    page.get_by_role("button", name="Yes, decide now").click()
    refusal = page.get_by_role("alert")
    refusal.filter(has_text="Not decided").wait_for()
    assert refusal.inner_text() == "Not decided: Aleppo bakery has 1 of the 2 reviews needed."
    axe(page)
    shoot(page, tmp_path, "staff-interlab-call")


def test_figures_and_staff_accounts_for_an_admin(desktop_page, web_platform, tmp_path):
    page = desktop_page
    email, _ = staff_account(web_platform, "admin")
    sign_in(page, email)

    page.goto("/#/staff/figures")
    page.get_by_role("heading", level=1, name="Figures").wait_for()
    for programme in ("Ateliers", "Duo-Langue", "InterLab"):
        page.get_by_role("heading", level=2, name=programme).wait_for()
    page.get_by_role("heading", name="From application to launch").wait_for()
    page.get_by_role("heading", name="Learners waiting, by region").wait_for()
    page.get_by_role("heading", name="Workshop dates held, by month").wait_for()
    assert page.locator("figure.chart svg.chart__bar").count() >= 5
    funnel = page.get_by_role("table", name="From application to launch")
    assert funnel.get_by_role("columnheader").all_inner_texts() == ["Step", "Number"]
    assert funnel.get_by_role("row").count() == 6
    # few InterLab figures on a test platform: those about fewer than 5 people never show their number
    assert funnel.get_by_role("cell", name="fewer than 5").count() >= 1
    link = csv_link(page, "From application to launch")
    assert link.get_attribute("download") == "from-application-to-launch.csv"
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        csv = file.read()
    assert csv.splitlines()[0] == "Step,Number"
    assert "Applications," in csv
    axe(page)
    shoot(page, tmp_path, "staff-figures")

    page.goto("/#/staff/accounts")
    page.get_by_role("heading", level=1, name="Staff accounts").wait_for()
    page.get_by_role("button", name="Create the account").click()
    page.get_by_role("link", name="Please choose at least one role.").wait_for()
    new_email = f"coord.{uuid.uuid4().hex[:8]}@interra.be"
    page.get_by_label("E-mail").fill(new_email)
    page.get_by_label("First password").fill("a long first password")
    page.get_by_role("group", name="Roles").get_by_text("Duo-Langue coordinator").click()
    page.get_by_role("button", name="Create the account").click()
    page.get_by_text(f"The account {new_email} is created.").wait_for()
    _, claims = login(page, new_email, "a long first password")
    assert claims["roles"] == ["coordinator:duos"]
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=new_email))
    assert row.get_by_role("cell").nth(0).inner_text() == "Duo-Langue coordinator"
    row.get_by_role("button", name=re.compile(r"^Deactivate")).click()
    row.get_by_role("cell", name="Deactivated").wait_for()
    axe(page)
    shoot(page, tmp_path, "staff-accounts")

    # The same pages in Arabic, right to left (the language is kept on the device; the session survives)
    page.evaluate("localStorage.setItem('interra.language', 'ar')")
    page.goto("/#/staff/figures")
    page.reload()
    page.get_by_role("heading", level=1, name="الأرقام").wait_for()
    page.get_by_role("heading", name="من الطلب إلى إطلاق المشروع").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    axe(page)
    shoot(page, tmp_path, "staff-figures-ar")
