from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser

import jinja2
import pytest

from interra_contracts import load_event, new_event
from interra_contracts.vocabulary import DATE_CHANGES, REGISTRATION_STATUSES, WORKSHOP_MOVES, WORKSHOP_REASONS
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


# --- Ateliers (workshops) ----------------------------------------------------------------------------

WINTER = datetime(2026, 12, 15, 17, 0, tzinfo=UTC)  # 18:00 in Liège (UTC+1)
WINTER_END = datetime(2026, 12, 15, 19, 0, tzinfo=UTC)
WORKSHOP_TEMPLATES = [
    *domain.PROPOSER_MAILS.values(),
    *domain.PARTICIPANT_MAILS.values(),
    *domain.DATE_CHANGE_MAILS.values(),
    domain.WORKSHOP_DATE_REMINDER,
]


def test_every_move_status_and_change_is_decided_mailed_or_quiet():
    assert set(domain.PROPOSER_MAILS) | set(domain.QUIET_MOVES) == set(WORKSHOP_MOVES)
    assert not set(domain.PROPOSER_MAILS) & set(domain.QUIET_MOVES)
    assert set(domain.QUIET_MOVES) == {"seek_venue", "start", "evaluate"}
    assert set(domain.PARTICIPANT_MAILS) | set(domain.QUIET_REGISTRATIONS) == set(REGISTRATION_STATUSES)
    assert set(domain.QUIET_REGISTRATIONS) == {"attended", "no_show"}
    assert set(domain.DATE_CHANGE_MAILS) == set(DATE_CHANGES)
    assert len(set(WORKSHOP_TEMPLATES)) == len(WORKSHOP_TEMPLATES)  # one template per outcome


@pytest.mark.parametrize("template", WORKSHOP_TEMPLATES)
def test_every_workshop_template_exists_in_french_and_english(template):
    assert {"fr", "en"} <= domain.languages_of(template)


@pytest.mark.parametrize(
    ("move", "template"),
    [
        ("accept", "workshop_accepted"),
        ("train", "workshop_training"),
        ("schedule", "workshop_scheduled"),
        ("publish", "workshop_published"),
        ("complete", "workshop_completed"),
        ("decline", "workshop_declined"),
        ("pause", "workshop_paused"),
        ("resume", "workshop_resumed"),
        ("withdraw", "workshop_withdrawn"),
    ],
)
def test_each_pipeline_move_mails_the_proposer_its_template(move, template):
    chosen, context = domain.proposer_mail(move, " Cuisine\n syrienne ", status_to="in_conversation")
    assert chosen == template
    assert context["title"] == "Cuisine syrienne"


@pytest.mark.parametrize("move", ["seek_venue", "start", "evaluate"])
def test_quiet_moves_send_nothing(move):
    assert domain.proposer_mail(move, "Cuisine syrienne") is None


def test_an_unknown_move_status_or_change_fails_loudly():
    with pytest.raises(ValueError, match="move"):
        domain.proposer_mail("teleport", "Cuisine syrienne")
    with pytest.raises(ValueError, match="registration status"):
        domain.participant_mail("maybe", "Cuisine syrienne", WINTER)
    with pytest.raises(ValueError, match="date change"):
        domain.date_changed_mail("postponed", "Cuisine syrienne", WINTER, WINTER_END)


@pytest.mark.parametrize(
    ("moment", "fr", "en"),
    [
        (WINTER, "mardi 15 décembre à 18:00", "Tuesday 15 December at 18:00"),
        # Summer time began at 01:00 UTC that Sunday: 16:00 UTC is 18:00 in Liège (UTC+2)...
        (datetime(2026, 3, 29, 16, 0, tzinfo=UTC), "dimanche 29 mars à 18:00", "Sunday 29 March at 18:00"),
        # ...and the day before, still winter time, 17:00 UTC is 18:00.
        (datetime(2026, 3, 28, 17, 0, tzinfo=UTC), "samedi 28 mars à 18:00", "Saturday 28 March at 18:00"),
        # Back to winter time on 25 October: 09:30 UTC is 10:30 in Liège.
        (datetime(2026, 10, 25, 9, 30, tzinfo=UTC), "dimanche 25 octobre à 10:30", "Sunday 25 October at 10:30"),
        # Whatever zone the producer wrote: 23:30 in New York is 05:30 the next day in Liège.
        (
            datetime(2026, 6, 1, 23, 30, tzinfo=timezone(timedelta(hours=-4))),
            "mardi 2 juin à 05:30",
            "Tuesday 2 June at 05:30",
        ),
    ],
)
def test_times_are_told_in_liege_time_as_people_say_them(moment, fr, en):
    assert domain.local_when(moment, "fr") == fr
    assert domain.local_when(moment, "en") == en


def test_a_span_says_the_day_once_and_both_hours():
    assert domain.local_span(WINTER, WINTER_END, "fr") == "mardi 15 décembre, de 18:00 à 20:00"
    assert domain.local_span(WINTER, WINTER_END, "en") == "Tuesday 15 December, 18:00 to 20:00"
    late = datetime(2026, 12, 15, 22, 0, tzinfo=UTC)  # 23:00 to 01:00 in Liège
    across = domain.local_span(late, late + timedelta(hours=2), "en")
    assert across == "Tuesday 15 December at 23:00 – Wednesday 16 December at 01:00"


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        domain.local_when(datetime(2026, 12, 15, 18, 0), "fr")


def test_a_language_without_a_pattern_still_gets_a_full_local_date():
    assert domain.local_when(WINTER, "nl") == "dinsdag 15 december 2026 18:00"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_reason_code_has_kind_words_in_each_language(language):
    assert set(domain.REASON_WORDS[language]) == set(WORKSHOP_REASONS)
    for words in domain.REASON_WORDS[language].values():
        assert words.endswith(".") and words[0].isupper()


@pytest.mark.parametrize(
    ("language", "reason", "words", "why"),
    [
        ("fr", "no_venue", "Nous n'avons pas trouvé de lieu pour l'atelier.", "Pourquoi ? "),
        ("en", "no_venue", "We have not found a venue for the workshop.", "Why? "),
        ("fr", "outside_mission", "ne correspond pas à ce que fait Interra", "Pourquoi ? "),
        ("en", "proposer_unavailable", "You are not available at the moment", "Why? "),
    ],
)
@pytest.mark.parametrize("move", ["decline", "pause"])
def test_declines_and_pauses_give_the_reason_in_words_never_the_code(language, reason, words, why, move):
    mail = domain.render(*_mail(move, language, reason=reason))
    assert words in mail.body.partition(why)[2].partition("\n")[0]  # the words follow the question
    assert reason not in mail.body
    without = domain.render(*_mail(move, language, reason=None))
    assert why not in without.body


def _mail(move, language, **facts):
    template, context = domain.proposer_mail(move, "Cuisine syrienne", **facts)
    return template, language, "Amina", context


@pytest.mark.parametrize(
    ("template", "context", "fr", "en"),
    [
        (
            *domain.proposer_mail("accept", "Cuisine syrienne"),
            "Amina, votre atelier « Cuisine syrienne » est accepté !",
            'Amina, your workshop "Cuisine syrienne" is accepted!',
        ),
        (
            *domain.proposer_mail("train", "Cuisine syrienne", training_at=WINTER),
            "Amina, votre formation pour animer votre atelier : mardi 15 décembre à 18:00",
            "Amina, your training to lead your workshop: Tuesday 15 December at 18:00",
        ),
        (
            *domain.proposer_mail("publish", "Cuisine syrienne"),
            "Amina, votre atelier « Cuisine syrienne » est ouvert aux inscriptions !",
            'Amina, your workshop "Cuisine syrienne" is open for registration!',
        ),
        (
            *domain.proposer_mail("decline", "Cuisine syrienne", reason="other"),
            "Amina, nous ne pouvons pas accompagner votre atelier « Cuisine syrienne »",
            'Amina, we cannot take your workshop "Cuisine syrienne" forward',
        ),
        (
            *domain.proposer_mail("withdraw", "Cuisine syrienne"),
            "Amina, vous avez retiré votre atelier « Cuisine syrienne »",
            'Amina, you have withdrawn your workshop "Cuisine syrienne"',
        ),
        (
            *domain.participant_mail("confirmed", "Cuisine syrienne", WINTER),
            "Amina, votre place est confirmée : « Cuisine syrienne », mardi 15 décembre à 18:00",
            'Amina, your place is confirmed: "Cuisine syrienne", Tuesday 15 December at 18:00',
        ),
        (
            *domain.participant_mail("waitlisted", "Cuisine syrienne", WINTER),
            "Amina, vous êtes sur la liste d'attente : « Cuisine syrienne »",
            'Amina, you are on the waiting list: "Cuisine syrienne"',
        ),
        (
            *domain.participant_mail("offered", "Cuisine syrienne", WINTER, WINTER - timedelta(days=2)),
            "Amina, une place est libre pour vous : « Cuisine syrienne »",
            'Amina, a place is free for you: "Cuisine syrienne"',
        ),
        (
            *domain.participant_mail("cancelled", "Cuisine syrienne", WINTER),
            "Amina, votre inscription est annulée : « Cuisine syrienne »",
            'Amina, your registration is cancelled: "Cuisine syrienne"',
        ),
        (
            *domain.date_changed_mail("cancelled", "Cuisine syrienne", WINTER, WINTER_END),
            "Amina, annulé : l'atelier « Cuisine syrienne » du mardi 15 décembre à 18:00",
            'Amina, cancelled: the workshop "Cuisine syrienne" on Tuesday 15 December at 18:00',
        ),
        (
            *domain.date_changed_mail("moved", "Cuisine syrienne", WINTER, WINTER_END),
            "Amina, nouvelle date pour « Cuisine syrienne » : mardi 15 décembre à 18:00",
            'Amina, new date for "Cuisine syrienne": Tuesday 15 December at 18:00',
        ),
        (
            *domain.reminder_mail("Cuisine syrienne", WINTER, WINTER_END, online=True),
            "Amina, c'est demain : « Cuisine syrienne » à 18:00",
            'Amina, tomorrow: "Cuisine syrienne" at 18:00',
        ),
    ],
)
def test_subjects_say_what_happened_in_the_members_language(template, context, fr, en):
    french = domain.render(template, "fr", "Amina", context)
    english = domain.render(template, "en", "Amina", context)
    assert (french.language, french.subject) == ("fr", fr)
    assert (english.language, english.subject) == ("en", en)
    for mail, greeting in ((french, "Bonjour Amina,"), (english, "Hello Amina,")):
        assert mail.body.startswith(greeting)
        assert "{" not in mail.body and "None" not in mail.body


@pytest.mark.parametrize("move", list(domain.PROPOSER_MAILS))
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_proposer_mail_renders_with_only_the_facts_of_its_event(move, language):
    mail = domain.render(*_mail(move, language, status_to="training"))
    assert "Cuisine syrienne" in mail.body
    assert "{" not in mail.body and "None" not in mail.body


def test_the_accepted_proposer_learns_interra_will_contact_them_to_meet():
    assert "va vous contacter pour vous rencontrer" in domain.render(*_mail("accept", "fr")).body
    assert "will contact you to meet" in domain.render(*_mail("accept", "en")).body


def test_the_training_mail_says_when_or_that_the_date_will_follow():
    dated = domain.render(*_mail("train", "fr", training_at=WINTER))
    assert "Quand ? mardi 15 décembre à 18:00 (heure de Belgique)." in dated.body
    undated = domain.render(*_mail("train", "en"))
    assert "We will tell you the date and the place soon." in undated.body
    assert "When?" not in undated.body and undated.subject == "Amina, your training to lead your workshop"


@pytest.mark.parametrize(
    ("status_to", "fr"),
    [
        ("published", "Les membres peuvent de nouveau s'inscrire"),
        ("running", "Les dates continuent"),
        ("venue_search", "va vous contacter pour la\nsuite"),
    ],
)
def test_a_resumed_workshop_says_where_it_picks_up(status_to, fr):
    assert fr in domain.render(*_mail("resume", "fr", status_to=status_to)).body


@pytest.mark.parametrize("status", ["attended", "no_show"])
def test_attendance_sends_nothing(status):
    assert domain.participant_mail(status, "Cuisine syrienne", WINTER) is None


def test_an_offered_seat_says_until_when_in_local_time_or_to_be_quick():
    expires = datetime(2026, 7, 10, 20, 0, tzinfo=UTC)  # summer: 22:00 in Liège
    template, context = domain.participant_mail("offered", "Cuisine", WINTER, expires)
    assert "avant le\nvendredi 10 juillet à 22:00" in domain.render(template, "fr", "Amina", context).body
    assert "before Friday 10 July at 22:00" in domain.render(template, "en", "Amina", context).body
    template, context = domain.participant_mail("offered", "Cuisine", WINTER)
    open_ended = domain.render(template, "fr", "Amina", context)
    assert "confirmez vite" in open_ended.body and "avant le" not in open_ended.body


def test_a_moved_date_gives_the_new_time_with_its_end():
    moved_to = datetime(2026, 4, 7, 16, 0, tzinfo=UTC)  # summer time: 18:00 to 20:00
    template, context = domain.date_changed_mail("moved", "Cuisine", moved_to, moved_to + timedelta(hours=2))
    assert "Nouvelle date : mardi 7 avril, de 18:00 à 20:00" in domain.render(template, "fr", "Amina", context).body
    assert "New date: Tuesday 7 April, 18:00 to 20:00" in domain.render(template, "en", "Amina", context).body


def test_the_reminder_gives_the_venue_name_and_address():
    template, context = domain.reminder_mail(
        "Cuisine", WINTER, WINTER_END, online=False, venue_name=" Café  Le Pot au Lait ",
        venue_address="Rue Soeurs-de-Hasque 9\n\n4000 Liège",
    )  # fmt: skip
    assert context["where"] == ["Café Le Pot au Lait", "Rue Soeurs-de-Hasque 9", "4000 Liège"]
    body = domain.render(template, "fr", "Amina", context).body
    assert "Où ?\n  Café Le Pot au Lait\n  Rue Soeurs-de-Hasque 9\n  4000 Liège\n" in body
    assert "Quand ? mardi 15 décembre, de 18:00 à 20:00 (heure de Belgique)." in body
    assert "en ligne" not in body.lower()


def test_an_online_reminder_points_to_the_app_and_names_no_place():
    template, context = domain.reminder_mail(
        "Cuisine", WINTER, WINTER_END, online=True, venue_name="Café", venue_address="Rue 1"
    )
    assert context["where"] == []
    told = {"fr": "Le lien est dans l'application Interra.", "en": "The link is in the Interra app."}
    for language, words in told.items():
        body = domain.render(template, language, "Amina", context).body
        assert words in body and "Café" not in body and "http" not in body


def test_an_in_person_reminder_without_a_venue_points_to_the_app():
    template, context = domain.reminder_mail("Cuisine", WINTER, WINTER_END, online=False)
    assert "Où ? Le lieu est dans l'application Interra." in domain.render(template, "fr", "Amina", context).body


def test_a_workshop_mail_in_arabic_falls_back_to_english_with_english_dates():
    template, context = domain.participant_mail("confirmed", "Cuisine", WINTER)
    mail = domain.render(template, "ar", "Yasmin", context)
    assert mail.language == "en"
    assert "When? Tuesday 15 December at 18:00 (Belgian time)." in mail.body


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("template", WORKSHOP_TEMPLATES)
def test_a_long_accented_subject_reaches_the_reader_exactly(template, language):
    # Python's own header folder can leave a space before an encoded word at a line's end, which a
    # reader would see as a double space: the subject must come back exactly, in lines of <= 78.
    facts = {"title": "Atelier de calligraphie arabe et de cuisine syrienne à Liège", "reason": "other",
             "training_at": WINTER, "status_to": "published", "starts_at": WINTER, "ends_at": WINTER_END,
             "offer_expires_at": WINTER, "online": True, "where": []}  # fmt: skip
    rendered = domain.render(template, language, "Amina", facts)
    raw = domain.compose(
        rendered, notification="n", first_name="Amina", email="amina@example.org",
        sender="Interra <no-reply@interra.be>", now=WINTER,
    ).as_bytes()  # fmt: skip
    assert BytesParser(policy=policy.default).parsebytes(raw)["Subject"] == rendered.subject
    head = raw.partition(b"\n\n")[0]
    assert all(len(line) <= 78 for line in head.splitlines())
