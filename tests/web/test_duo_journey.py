"""Duo-Langue for members, the issue's journey in a real browser: a newcomer registers in Arabic through
the registration screen, asks for a duo and sees her place in line (she pauses and resumes her request);
a volunteer offers a duo over the API; the engine matches them within seconds, and her My Interra names
her partner and says why they are together; she logs a conversation, rates it with a face, ends the duo
behind a confirmation, and withdraws her request behind another."""

import re
import time
import uuid

from interra_chassis.testing import PASSWORD

from .conftest import axe, new_member

ARABIC = re.compile("[\u0600-\u06ff]")
ENGLISH_REASON = re.compile(r"shared interest|both free|same region|shared language|waited \d")


def bearer(page, email: str) -> dict:
    response = page.request.post("/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status == 200, response.text()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def register_in_arabic(page, email: str) -> None:
    page.goto("/")
    page.get_by_role("button", name="العربية").click()
    page.wait_for_function("document.documentElement.lang === 'ar'")
    assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]
    page.get_by_role("link", name="إنشاء حساب").first.click()
    page.locator("#register-first_name").fill("Amira")
    page.locator("#register-last_name").fill("Haddad")
    page.locator("#register-birth_year").fill("1991")
    page.locator("input[name=gender][value=woman]").check()
    page.locator("input[name=interests][value=cooking]").check()
    page.locator("input[name=interests][value=music]").check()
    page.locator("#register-email").fill(email)
    page.locator("#register-password").fill(PASSWORD)
    page.locator("input[name=region][value=brussels]").check()
    page.locator("input[name=arrival][value=recent]").check()
    page.locator("#register-arrived_on").fill("2025-03-01")
    page.locator("input[name=french_level][value=A1]").check()
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=consents][value=data_processing]").check()
    page.locator("form button[type=submit]").click()
    page.get_by_role("heading", level=1, name="صفحتي").wait_for()
    assert page.evaluate("[document.documentElement.dir, document.documentElement.lang]") == ["rtl", "ar"]


def offer_when_known(page, volunteer: dict, headers: dict) -> None:
    """Duo-Langue learns of a new member by event, a moment after registration."""
    body = {
        "member_id": volunteer["member_id"],
        "capacity": 1,
        "cross_region": False,
        # Only a woman of about her age: other tests' members (who did not say) are never proposed.
        "gender_preference": "woman",
        "age_range": {"min": 30, "max": 40},
    }
    for _ in range(20):
        response = page.request.post("/duos/offers", data=body, headers=headers)
        if response.status != 422 or "unknown member" not in response.text():
            break
        time.sleep(0.5)
    assert response.status == 201, response.text()


def test_a_newcomer_in_arabic_asks_is_matched_logs_and_rates_a_conversation(page, screenshot):
    register_in_arabic(page, f"amira.{uuid.uuid4().hex[:8]}@example.org")

    page.get_by_role("button", name="اطلب شريكًا").click()
    page.locator(".status-line", has_text="أنت على قائمة الانتظار.").wait_for()
    place = page.locator(".big-number")
    place.wait_for()
    assert re.fullmatch(r"دورك: \d+ من \d+", place.inner_text().strip()), place.inner_text()
    screenshot("duo-waiting-ar")
    axe(page)

    page.get_by_role("button", name="أوقف طلبي مؤقتًا").click()  # pause, then resume: still in line
    page.locator(".status-line", has_text="طلبك متوقف مؤقتًا.").wait_for()
    assert not place.is_visible()
    page.get_by_role("button", name="استأنف طلبي").click()
    page.locator(".big-number").wait_for()

    luc = new_member(page, "Luc", arrived_on=None, french_level="native", languages=["ar", "fr"], region="brussels",
                     interests=["cooking", "music"], birth_year=1985)  # fmt: skip
    luc_headers = bearer(page, luc["email"])
    offer_when_known(page, luc, luc_headers)

    # Automatic mode: matching runs within a second of a change. Waited for over the API (GETs are not
    # rate-limited; every reload refreshes the session, which counts as a login), then one reload.
    for _ in range(30):
        mine = page.request.get(f"/duos?member_id={luc['member_id']}", headers=luc_headers).json()
        if any(duo["status"] == "active" for duo in mine["duos"]):
            break
        time.sleep(0.5)
    page.reload()
    partner = page.locator(".duo__partner")
    partner.wait_for()
    assert "Luc" in partner.inner_text() and ARABIC.search(partner.inner_text()), partner.inner_text()
    reasons = page.locator(".reasons li")
    assert reasons.count() >= 2, reasons.all_inner_texts()
    for reason in reasons.all_inner_texts():
        assert ARABIC.search(reason) and not ENGLISH_REASON.search(reason), reason
    page.wait_for_load_state("networkidle")
    screenshot("duo-match-ar")
    axe(page)

    page.get_by_role("link", name="سجّل محادثة").click()
    page.get_by_role("heading", level=1, name="سجّل محادثة").wait_for()
    page.locator("input[name=minutes][value='30']").check()
    page.locator("form button[type=submit]").click()

    page.get_by_role("heading", level=1, name="كيف كانت المحادثة؟").wait_for()
    page.get_by_role("button", name="أرسل جوابي").click()  # no face chosen: said next to the question
    page.locator("#rate-rating-error").wait_for()
    page.get_by_role("radio", name="4 – جيدة", exact=True).check()
    page.get_by_role("checkbox", name="تكلمنا بالفرنسية").check()
    screenshot("duo-rate")
    axe(page)
    page.get_by_role("button", name="أرسل جوابي").click()
    page.get_by_role("heading", level=1, name="صفحتي").wait_for()
    page.get_by_role("status").filter(has_text="شكرًا على جوابك").wait_for()
    assert "30" in page.locator(".week").inner_text()

    duo_id = page.locator(".duo").get_attribute("aria-labelledby").removeprefix("duo-")
    summary = page.request.get(f"/duos/{duo_id}/evaluations/summary", headers=luc_headers).json()
    assert (summary["count"], summary["ratings"].get("4"), summary["top_tags"]) == (1, 1, ["practised_french"])

    page.get_by_role("link", name="إنهاء هذه الشراكة").click()
    page.get_by_role("heading", level=1, name="إنهاء شراكتك").wait_for()
    page.get_by_role("radio", name="وصلنا إلى هدفنا").check()
    page.get_by_role("button", name="إنهاء الشراكة", exact=True).click()
    assert page.request.get(f"/duos/{duo_id}", headers=luc_headers).json()["status"] == "active"  # asked first
    page.get_by_role("button", name="نعم، أنهِ الشراكة").click()
    page.get_by_role("status").filter(has_text="انتهت شراكتك").wait_for()
    ended = page.request.get(f"/duos/{duo_id}", headers=luc_headers).json()
    assert (ended["status"], ended["end_reason"]) == ("ended", "completed")

    # Back in line (she keeps her place); withdrawing asks first, then she may ask again.
    page.get_by_role("button", name="اسحب طلبي").click()
    page.get_by_text("هل تريد سحب طلبك؟ ستخرج من قائمة الانتظار وتفقد دورك.").wait_for()
    assert page.locator(".big-number").is_visible()  # nothing withdrawn yet
    page.get_by_role("button", name="نعم، اسحب الطلب").click()
    page.get_by_role("status").filter(has_text="تم سحب طلبك.").wait_for()
    page.get_by_role("button", name="اطلب شريكًا").wait_for()  # the card, reloaded, offers to ask again
