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
