from dataclasses import fields
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import jinja2
import pytest

from interra_contracts import load_event, new_event
from notifications import domain


def test_notification_id_is_deterministic_and_distinct():
    one = domain.notification_id("event-1", "member-1", "duo_matched")
    assert one == domain.notification_id("event-1", "member-1", "duo_matched")
    others = {
        domain.notification_id("event-2", "member-1", "duo_matched"),
        domain.notification_id("event-1", "member-2", "duo_matched"),
        domain.notification_id("event-1", "member-1", "workshop_proposed"),
    }
    assert one not in others
    assert len(others) == 3
    assert len(one) <= 64  # fits the contract's id fields


@pytest.mark.parametrize(
    ("preferred", "available", "chosen"),
    [
        ("fr", {"fr", "en"}, "fr"),
        ("en", {"fr", "en"}, "en"),
        ("nl", {"fr", "en", "nl"}, "nl"),
        ("ar", {"fr", "en"}, "en"),
        (None, {"fr", "en"}, "en"),
        ("ar", {"fr"}, "fr"),
    ],
)
def test_language_is_the_members_else_english_else_french(preferred, available, chosen):
    assert domain.choose_language(preferred, available) == chosen


@pytest.mark.parametrize("template", [domain.DUO_MATCHED, domain.WORKSHOP_PROPOSED, domain.DUO_INACTIVE])
def test_every_template_exists_in_french_and_english(template):
    assert {"fr", "en"} <= domain.languages_of(template)


@pytest.mark.parametrize(
    ("language", "greeting", "next_step"),
    [("fr", "Bonjour Amina,", "appel vidéo de 30 minutes"), ("en", "Hello Amina,", "30-minute video call")],
)
@pytest.mark.parametrize("role", ["learner", "volunteer"])
def test_duo_mail_greets_the_member_and_says_what_happens_next(language, greeting, next_step, role):
    rendered = domain.render("duo_matched", language, " Amina ", domain.duo_matched_context(role))
    assert rendered.language == language
    assert "Amina" in rendered.subject
    assert "\n" not in rendered.subject
    assert rendered.body.startswith(greeting)
    assert next_step in rendered.body
    assert "{" not in rendered.body


def test_learner_and_volunteer_read_different_duo_mails():
    learner = domain.render("duo_matched", "fr", "Amina", domain.duo_matched_context("learner"))
    volunteer = domain.render("duo_matched", "fr", "Luc", domain.duo_matched_context("volunteer"))
    assert "bénévole" in learner.body
    assert "arrivée récemment en Belgique" in volunteer.body
    assert learner.subject != volunteer.subject.replace("Luc", "Amina")


def test_duo_mail_carries_nothing_about_the_partner():
    # The context of a duo mail is the member's side only: no partner name, id or contact can
    # reach the template, and the template refers to none (StrictUndefined would fail).
    assert domain.duo_matched_context("volunteer") == {"role": "volunteer"}
    with pytest.raises(ValueError):
        domain.duo_matched_context("partner")
    for language in ("fr", "en"):
        for role in ("learner", "volunteer"):
            body = domain.render("duo_matched", language, "Amina", {"role": role}).body
            assert "@" not in body
            assert "Amina" in body


def test_a_missing_template_variable_fails_loudly():
    with pytest.raises(jinja2.UndefinedError):
        domain.render("duo_matched", "fr", "Amina", {})


def test_unknown_language_falls_back_to_english():
    rendered = domain.render(
        "workshop_proposed", "ar", "Yasmin", domain.workshop_proposed_context("Cuisine  syrienne\n")
    )
    assert rendered.language == "en"
    assert rendered.subject == "Yasmin, we have received your workshop proposal"
    assert '"Cuisine syrienne"' in rendered.body
    assert "Hello Yasmin" in rendered.body


def test_workshop_acknowledgement_in_french_names_the_workshop():
    rendered = domain.render("workshop_proposed", "fr", "Amina", domain.workshop_proposed_context("Calligraphie arabe"))
    assert "« Calligraphie arabe »" in rendered.body
    assert "lieu partenaire" in rendered.body
    assert rendered.subject.startswith("Amina,")


@pytest.mark.parametrize(
    ("language", "weeks", "rematch"), [("fr", "3 semaines", "coordinat"), ("en", "3 weeks", "coordinator")]
)
def test_the_inactivity_nudge_says_how_long_and_whether_staff_will_call(language, weeks, rematch):
    nudge = domain.render("duo_inactive", language, "Amina", domain.duo_inactive_context(3, True))
    assert weeks in nudge.body and rematch in nudge.body and nudge.subject.startswith("Amina,")
    gentle = domain.render("duo_inactive", language, "Amina", domain.duo_inactive_context(2, False))
    assert "get in touch" not in gentle.body and "vous contactera" not in gentle.body


@pytest.mark.parametrize(
    ("language", "waiting", "more"),
    [
        ("fr", "4 personnes nouvellement arrivées attendent", "passer à 3 duos"),
        ("en", "4 newcomers are", "take 3 duos"),
    ],
)
def test_the_invitation_says_how_many_wait_and_how_to_take_one_more(language, waiting, more):
    invitation = domain.render("duo_volunteer_invited", language, "Luc", domain.volunteer_invited_context(4, 2))
    assert waiting in invitation.body and more in invitation.body and invitation.subject.startswith("Luc,")
    single = domain.render("duo_volunteer_invited", language, "Luc", domain.volunteer_invited_context(1, 1))
    assert ("Une personne" if language == "fr" else "One newcomer is") in single.body


def test_compose_builds_a_complete_rfc5322_message():
    rendered = domain.render("duo_matched", "fr", "Amina", domain.duo_matched_context("learner"))
    message = domain.compose(
        rendered,
        notification="0123abcd",
        first_name="Amina",
        email="amina@example.org",
        sender="Interra <no-reply@interra.be>",
        now=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )
    parsed = BytesParser(policy=policy.default).parsebytes(message.as_bytes())
    assert parsed["To"].addresses[0].display_name == "Amina"
    assert parsed["To"].addresses[0].addr_spec == "amina@example.org"
    assert parsed["Subject"] == rendered.subject  # non-ASCII survives RFC 2047 encoding
    assert parsed["Message-ID"] == "<0123abcd@interra.be>"
    assert parsed["Content-Language"] == "fr"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content().replace("\r\n", "\n") == rendered.body


def test_a_delivery_keeps_no_contact_and_announces_itself_by_contract():
    delivery = domain.Delivery(
        notification_id="n1",
        member_id="m1",
        template="duo_matched",
        channel="email",
        language="fr",
        status=domain.SENT,
        attempt=1,
        event_id="e1",
        sent_at="2026-11-20T09:30:00+00:00",
    )
    assert {f.name for f in fields(domain.Delivery)} == {
        "notification_id",
        "member_id",
        "template",
        "channel",
        "language",
        "status",
        "attempt",
        "event_id",
        "sent_at",
    }
    envelope = new_event("NotificationSent", delivery.notification_sent(), source="notifications")
    event = load_event(envelope)
    assert event.data == {
        "notification_id": "n1",
        "member_id": "m1",
        "channel": "email",
        "template": "duo_matched",
        "attempt": 1,
    }
