"""InterLab for a member, in a real browser, in Arabic (right to left): an InterLab coordinator opens a call
over the API; the member applies from My Interra (a draft first, then a send refused for a missing answer
shown next to its field, then complete), follows the application; the coordinator asks for more
information; the member reads the question on My Interra, answers it, and the status changes; finally
the member withdraws after a confirmation."""

import re
import uuid
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from nameko.standalone.rpc import ClusterRpcProxy

from gateway.testing import incubator_application, incubator_call
from interra_chassis.testing import PASSWORD

from .conftest import axe, new_member, sign_in, staff_account

ARABIC = "العربية"
# The app's words in Arabic (web/src/interlab/messages/ar.ts, web/src/i18n/messages/ar.ts)
CARD = "أنشئ مشروعك مع InterLab"
APPLY = "قدّم طلبك"
SAVE_DRAFT = "احفظ المسودة"
DRAFT_SAVED = "حُفظت المسودة"
SEND = "أرسل طلبي"
REQUIRED = "يرجى ملء هذا الحقل."
RECEIVED = "استلمنا طلبك"
MORE_INFO = "نحتاج إلى معلومات إضافية"
ANSWER = "أجب عن السؤال"
SEND_ANSWER = "أرسل جوابي"
ANSWERED = "شكرًا! استلمنا جوابك."
WITHDRAW = "اسحب طلبي"
WITHDRAW_YES = "نعم، اسحبه"
WITHDRAWN = "سحبتَ هذا الطلب"


def coordinator_token(page, web_platform) -> str:
    email, password = staff_account(web_platform, "coordinator:incubator")
    response = page.request.post("/auth/token", data={"username": email, "password": password})
    assert response.status == 200, response.text()
    return response.json()["access_token"]


def test_a_member_applies_in_arabic_answers_a_question_and_withdraws(page, web_platform, screenshot):
    token = coordinator_token(page, web_platform)
    coordinator = {"Authorization": f"Bearer {token}"}
    cohort = f"web-{uuid.uuid4().hex[:8]}"
    question = "لماذا تريد بدء هذا المشروع في لييج؟"
    opened = page.request.post(
        "/incubator/calls",
        data=incubator_call(cohort=cohort, questions=[{"key": "why_liege", "text": question}]),
        headers=coordinator,
    )
    assert opened.status == 201, opened.text()
    call_id = opened.json()["call_id"]

    amal = new_member(page, "Amal", preferred_language="ar")
    sign_in(page, amal["email"], language=ARABIC)
    assert page.evaluate("document.documentElement.dir") == "rtl"

    # My Interra: the open call, with its closing date and "Apply"
    card = page.locator("section.card", has=page.get_by_role("heading", name=CARD))
    call = card.locator("article", has_text=cohort)
    call.get_by_role("link", name=APPLY).click()
    page.get_by_role("heading", level=1, name="التقديم إلى InterLab").wait_for()
    assert page.get_by_label("بأي لغة تكتب؟").input_value() == "ar"  # the app's language by default

    # a draft: only a name and a sector so far
    page.get_by_label("اسم مشروعك").fill("مخبز حلب")
    page.get_by_label("طعام").check()
    page.get_by_role("button", name=SAVE_DRAFT).click()
    page.get_by_role("status").filter(has_text=DRAFT_SAVED).wait_for()
    drafts = page.request.get(f"/incubator/applications?call_id={call_id}", headers=coordinator).json()["items"]
    assert [(a["status"], a["project"]["title"], a["language"]) for a in drafts] == [("draft", "مخبز حلب", "ar")]

    # sending without a description: refused, the reason next to the field (and nothing sent)
    page.get_by_role("radio", name=re.compile("^فكرة")).check()
    page.get_by_label("كم شخصًا في الفريق (وأنت منهم)؟").fill("2")
    page.locator("fieldset", has_text="هل أحد المؤسسين").get_by_label("نعم").check()
    page.get_by_label("المال والقروض").check()
    page.get_by_label(question).fill("عائلتي تعيش هنا، وفي الحي مخابز قليلة.")
    page.get_by_role("button", name=SEND).click()
    description = page.get_by_label("صِف مشروعك")
    assert description.get_attribute("aria-invalid") == "true"
    assert page.locator("#apply-description-error").inner_text() == REQUIRED
    assert page.locator(".field__error").count() == 1  # only the description is missing
    screenshot("interlab-apply-ar")
    axe(page)
    drafts = page.request.get(f"/incubator/applications?call_id={call_id}", headers=coordinator).json()["items"]
    assert drafts[0]["status"] == "draft"

    description.fill("خبز وحلويات من حلب، تُخبز كل صباح في لييج.")
    page.get_by_role("button", name=SEND).click()
    page.wait_for_url(re.compile(r"#/interlab/applications/"))
    application_id = page.url.rsplit("/", 1)[-1]
    page.get_by_role("heading", level=1, name="طلبي").wait_for()
    assert page.locator(".interlab-status").inner_text() == RECEIVED
    page.get_by_role("status").filter(has_text="شكرًا! استلمنا طلبك.").wait_for()
    assert page.locator(".interlab-timeline li").count() == 2  # started, sent

    # the coordinator asks for more information
    question_asked = "أين ستخبز؟ هل لديك مكان؟"
    asked = page.request.post(
        f"/incubator/applications/{application_id}/moves",
        data={"move": "ask_more_info", "message": question_asked},
        headers=coordinator,
    )
    assert asked.status == 200, asked.text()

    # My Interra shows the question and what to do
    page.goto("/#/me")
    card.get_by_text(question_asked).wait_for()
    assert card.get_by_text(MORE_INFO).is_visible()
    assert card.get_by_text(cohort).count() == 0  # applied: the call is no longer offered
    screenshot("interlab-me-card")
    axe(page)

    card.get_by_role("link", name=ANSWER).click()
    page.get_by_text(question_asked).wait_for()
    assert page.get_by_label("صِف مشروعك").input_value().startswith("خبز وحلويات")  # the application as sent
    page.get_by_label("صِف مشروعك").fill("خبز وحلويات من حلب. سأخبز في مطبخ مشترك في أوترموز.")
    page.get_by_role("button", name=SEND_ANSWER).click()
    page.wait_for_url(re.compile(rf"#/interlab/applications/{application_id}$"))
    page.get_by_role("status").filter(has_text=ANSWERED).wait_for()
    assert page.locator(".interlab-status").inner_text() == RECEIVED
    timeline = page.locator(".interlab-timeline").inner_text()
    assert "طُلبت معلومات إضافية" in timeline and question_asked in timeline and "أجبتَ" in timeline
    screenshot("interlab-application")
    axe(page)
    seen = page.request.get(f"/incubator/applications/{application_id}", headers=coordinator).json()
    assert seen["status"] == "submitted"
    assert seen["project"]["description"].endswith("في أوترموز.")

    # withdraw, after saying yes
    page.get_by_role("button", name=WITHDRAW).click()
    page.get_by_role("button", name="لا، أبقِه").click()
    page.get_by_role("button", name=WITHDRAW).click()
    page.get_by_role("button", name=WITHDRAW_YES).click()
    page.locator(".interlab-status", has_text=WITHDRAWN).wait_for()
    assert page.get_by_role("button", name=WITHDRAW).count() == 0
    withdrawn = page.request.get(f"/incubator/applications/{application_id}", headers=coordinator).json()
    assert withdrawn["status"] == "withdrawn"


def test_an_admitted_entrepreneur_follows_the_project_in_french(page, web_platform, screenshot):
    """Admitted (two reviews over RPC, the decision over the API), 6 months after the group ended: My
    Interra shows the project and the follow-up; the project page adds a step, marks it done, and takes the
    follow-up's answers."""
    token = coordinator_token(page, web_platform)
    coordinator = {"Authorization": f"Bearer {token}"}
    call = incubator_call(cohort=f"web-{uuid.uuid4().hex[:8]}")
    call_id = page.request.post("/incubator/calls", data=call, headers=coordinator).json()["call_id"]
    karim = new_member(page, "Karim")
    member_token = page.request.post("/auth/token", data={"username": karim["email"], "password": PASSWORD})
    member = {"Authorization": f"Bearer {member_token.json()['access_token']}"}
    applied = page.request.post("/incubator/applications", data=incubator_application(call_id), headers=member)
    assert applied.status == 201, applied.text()
    application_id = applied.json()["application_id"]
    with ClusterRpcProxy(web_platform["rabbit_config"]) as rpc:
        criteria = rpc.incubator.get_call(call_id)["criteria"]
        for reviewer in ("staff:r1", "staff:r2"):
            rpc.incubator.assign_reviewer(application_id, {"reviewer": reviewer})
        for reviewer in ("staff:r1", "staff:r2"):
            rpc.incubator.submit_review(
                application_id, reviewer, {"scores": dict.fromkeys(criteria, 4), "comment": "A sound plan."}
            )
        admitted = page.request.post(
            f"/incubator/applications/{application_id}/moves", data={"move": "admit"}, headers=coordinator
        )
        assert admitted.status == 200, admitted.text()
        six_months_after = date.fromisoformat(call["ends_on"]) + relativedelta(months=6)
        assert rpc.incubator.request_follow_ups(six_months_after.isoformat())["asked"] >= 1

    sign_in(page, karim["email"], language="Français")
    card = page.locator("section.card", has=page.get_by_role("heading", name="InterLab : créer votre entreprise"))
    card.get_by_text("Où en est votre projet ? Dites-le-nous").wait_for()
    assert card.get_by_text("Étape : Idée").is_visible()
    screenshot("interlab-me-project-fr")
    card.get_by_role("link", name="Voir mon projet").click()
    page.get_by_role("heading", level=1, name="Mon projet").wait_for()
    page.locator(".interlab-project-name", has_text="Syrian catering").wait_for()

    # a step, then done
    page.get_by_label("Quelle étape ?").select_option(label="Premier client")
    page.get_by_label("Pour quel jour ?").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Ajouter cette étape").click()
    page.get_by_role("status").filter(has_text="Étape ajoutée.").wait_for()
    steps = page.locator(".interlab-milestones li")
    assert steps.count() == 1 and "Premier client" in steps.inner_text()
    steps.get_by_role("button", name="Marquer comme fait").click()
    page.get_by_label("Qu’avez-vous fait ? (une courte note)").fill("Un mariage à Seraing, 80 invités.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.get_by_role("status").filter(has_text="Bravo ! Étape enregistrée.").wait_for()
    assert "Fait le" in steps.inner_text()

    # the follow-up: a missing answer is named, then it is sent
    follow_up = page.locator("#follow-up")
    follow_up.get_by_label("Oui").check()
    follow_up.get_by_role("button", name="Envoyer mes réponses").click()
    assert follow_up.locator(".field__error").count() == 2  # the revenue band and the jobs
    screenshot("interlab-project-fr")
    axe(page)
    follow_up.get_by_label("Moins de 10 000 €").check()
    follow_up.get_by_label("Combien d’emplois a-t-il créés (vous compris) ?").fill("2")
    follow_up.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("status").filter(has_text="Merci ! Nous avons reçu vos réponses.").wait_for()
    answered = page.request.get("/incubator/follow-ups", headers=member).json()["items"]
    assert [(f["status"], f["answer"]["revenue_band"], f["answer"]["jobs_created"]) for f in answered] == [
        ("answered", "under_10k", 2)
    ]
