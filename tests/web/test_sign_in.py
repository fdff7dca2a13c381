"""Signing in from a browser: the refresh token stays in an HttpOnly cookie that no script can read, no
token is ever in storage, and a reload keeps the member signed in."""

from interra_chassis.testing import PASSWORD

from .conftest import axe, new_member


def no_token_within_reach_of_scripts(page) -> None:
    """document.cookie shows the CSRF token only (the refresh cookie is HttpOnly); storage holds no token."""
    cookies = page.evaluate("document.cookie")
    assert "interra_refresh" not in cookies, cookies
    stored = page.evaluate(
        """() => [localStorage, sessionStorage].flatMap((storage) =>
            Object.keys(storage).map((key) => [key, storage.getItem(key)]))"""
    )
    assert stored == [["interra.language", "en"]], stored
    browser_cookies = {c["name"]: c for c in page.context.cookies()}
    refresh = browser_cookies["interra_refresh"]
    assert (refresh["httpOnly"], refresh["secure"], refresh["sameSite"], refresh["path"]) == (
        True,
        True,
        "Strict",
        "/auth/browser/refresh",
    )
    assert refresh["value"] not in cookies


def test_a_member_stays_signed_in_across_a_reload_without_a_token_in_storage(page, screenshot):
    amal = new_member(page, "Amal")  # through the API: another test covers the screens
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.goto("/#/login")
    page.get_by_label("E-mail or phone number").fill(amal["email"])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", level=1, name="My Interra").wait_for()
    no_token_within_reach_of_scripts(page)

    page.reload()
    page.get_by_role("heading", level=1, name="My Interra").wait_for()
    assert page.url.endswith("#/me"), page.url
    page.locator(".card").first.wait_for()  # My Interra has answered
    no_token_within_reach_of_scripts(page)
    screenshot("me-after-reload")
    axe(page)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", level=1, name="Welcome to Interra").wait_for()
    page.wait_for_function("!document.cookie.includes('interra_csrf')")
    assert "interra_refresh" not in {c["name"] for c in page.context.cookies()}
    page.reload()  # a new page load, and no session cookie to resume from
    page.goto("/#/me")
    page.get_by_role("heading", level=1, name="Sign in").wait_for()
