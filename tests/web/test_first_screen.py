"""The member app's first screen: a language, chosen among the three, sets the page's language and direction."""

import re

from .conftest import axe

ARABIC = re.compile("[\u0600-\u06ff]")


def test_choosing_arabic_turns_the_page_right_to_left(page, screenshot):
    page.goto("/")
    for language in ("Français", "English", "العربية"):
        assert page.get_by_role("button", name=language).is_visible()
    screenshot("first-screen")
    axe(page)

    page.get_by_role("button", name="العربية").click()
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"

    heading = page.get_by_role("heading", level=1)  # the next screen, once its words have arrived
    heading.wait_for()
    assert ARABIC.search(heading.inner_text()), heading.inner_text()
    page.wait_for_load_state("networkidle")
    screenshot("welcome-ar")
    axe(page)


def test_on_a_slow_phone_connection_the_app_loads_and_works(page):
    # "Regular 3G" as Chromium's DevTools define it: 100 ms of latency, 750 kbit/s down, 250 kbit/s up
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 100, "downloadThroughput": 750_000 / 8, "uploadThroughput": 250_000 / 8},
    )
    page.goto("/", timeout=60_000)
    english = page.get_by_role("button", name="English")
    english.wait_for(timeout=60_000)  # the whole first screen came down the slow line
    english.click()
    page.get_by_role("heading", level=1, name="Welcome to Interra").wait_for(timeout=60_000)
    page.get_by_role("link", name="Create an account").click()  # the next chunks come on demand
    page.get_by_role("heading", level=1, name="Create your account").wait_for(timeout=60_000)
