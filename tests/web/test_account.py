"""My account in a real browser: my data (what every part of Interra keeps, downloaded as a file, and who
else looked at it, in plain words), my preferences (saved through the API), and erasing my account behind
a confirmation, after which signing in fails."""

import json
import re
from pathlib import Path

from nameko.standalone.rpc import ClusterRpcProxy

from interra_chassis.testing import PASSWORD

from .conftest import axe, new_member, sign_in, staff_account


def bearer(page, email: str, password: str = PASSWORD) -> dict:
    response = page.request.post("/auth/token", data={"username": email, "password": password})
    assert response.status == 200, response.text()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def stored_profile(web_platform, member_id: str) -> dict | None:
    """The member as the members service holds it (over RPC: logins are rate-limited), None once erased."""
    with ClusterRpcProxy(web_platform["rabbit_config"]) as rpc:
        try:
            return rpc.members.get(member_id)
        except Exception as error:  # nameko's RemoteError for NotFound
            assert "NotFound" in repr(error), error
            return None


def test_a_member_sees_downloads_and_changes_her_data(page, screenshot, web_platform):
    nadia = new_member(page, "Nadia", interests=["cooking"], preferred_language="ar")
    admin = bearer(page, *staff_account(web_platform, "admin"))
    assert page.request.get(f"/members/{nadia['member_id']}", headers=admin).status == 200  # audited
    sign_in(page, nadia["email"])

    page.get_by_role("link", name="My data").click()
    page.get_by_role("heading", level=1, name="My data").wait_for()
    profile = page.locator("#data-members + .facts")
    profile.wait_for()
    assert nadia["email"] in profile.inner_text() and "Nadia" in profile.inner_text()
    assert "Cooking" in profile.inner_text()  # said in words, not the API's
    page.get_by_role("heading", level=3, name="Duo-Langue").wait_for()
    page.get_by_text("Someone from the Interra team looked at your profile.").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    assert re.fullmatch(r"interra-my-data-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
    saved = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert saved["member_id"] == nadia["member_id"]
    assert saved["members"]["profile"]["email"] == nadia["email"]
    assert {"duos", "workshops", "incubator", "notifications"} <= saved.keys()
    screenshot("account-data")
    axe(page)

    page.goto("/#/me/preferences")
    page.get_by_role("heading", level=1, name="My preferences").wait_for()
    page.locator("input[name=preferred_language][value=fr]").check()
    page.get_by_label("Phone number").fill("+32 470 11 22 33")
    page.locator("input[name=interests][value=music]").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("status").filter(has_text="Saved. Thank you!").wait_for()
    mine = stored_profile(web_platform, nadia["member_id"])
    assert (mine["preferred_language"], mine["phone"], sorted(mine["interests"])) == (
        "fr",
        "+32 470 11 22 33",
        ["cooking", "music"],
    )
    page.reload()
    page.locator("input[name=interests][value=music]").wait_for()
    assert page.locator("input[name=preferred_language][value=fr]").is_checked()
    assert page.get_by_text("You cannot change your agreement on this page yet.").is_visible()
    screenshot("account-preferences")
    axe(page)

    page.get_by_role("link", name="Language").click()  # the same page in Arabic, right to left
    page.get_by_role("button", name="العربية").click()
    page.goto("/#/me/data")
    page.get_by_role("heading", level=1, name="بياناتي").wait_for()
    page.get_by_text("شخص من فريق Interra اطّلع على ملفك الشخصي.").wait_for()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    screenshot("account-data-ar")
    axe(page)


def test_erasing_asks_first_then_erases_everywhere_and_signing_in_fails(page, screenshot, web_platform):
    malik = new_member(page, "Malik")
    sign_in(page, malik["email"], language="Français")
    page.goto("/#/me/data")
    page.get_by_role("heading", level=1, name="Mes données").wait_for()
    page.get_by_role("button", name="Effacer mon compte").click()
    page.get_by_text("Voulez-vous vraiment effacer votre compte ?").wait_for()
    page.get_by_text("Nous gardons, sans votre nom :").wait_for()
    page.get_by_role("button", name="Oui, effacer mon compte").click()  # the box is not ticked yet
    page.get_by_text("Cochez d’abord la case pour dire que vous avez compris.").wait_for()
    assert stored_profile(web_platform, malik["member_id"]) is not None  # not erased
    screenshot("account-erase")
    axe(page)

    page.get_by_label("J’ai compris : mon compte sera effacé pour toujours.").check()
    page.get_by_role("button", name="Oui, effacer mon compte").click()
    page.get_by_role("heading", level=1, name="Effacement de votre compte").wait_for()
    page.get_by_text("Votre compte est effacé partout.").wait_for(timeout=20_000)
    assert page.locator(".erasure__step--done").count() == page.locator(".erasure__step").count() >= 5
    screenshot("account-erased")
    axe(page)
    assert stored_profile(web_platform, malik["member_id"]) is None

    page.get_by_role("button", name="Se déconnecter").last.click()
    page.get_by_role("heading", level=1, name="Bienvenue chez Interra").wait_for()
    page.goto("/#/login")
    page.locator("input[autocomplete=username]").fill(malik["email"])
    page.locator("input[type=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.get_by_text("L’e-mail, le téléphone ou le mot de passe est faux.").wait_for()
    assert "#/login" in page.url
