"""InterLab (incubator) e-mails: the rules alone, then each event published on the real broker to the
real members and notifications services, and the mail read back from the embedded mailer."""

from datetime import UTC, date, datetime
from email import policy
from email.parser import BytesParser

import pytest

from interra_chassis.handling import declare_topology, handler_queue_name
from interra_chassis.publishing import EventPublisher
from interra_chassis.testing import CONSENTS, PASSWORD, call, handled, sign_up, wait_for
from interra_contracts import new_event
from interra_contracts.vocabulary import APPLICATION_DECLINE_REASONS, APPLICATION_STATUSES, MILESTONE_KINDS
from members.service import MembersService
from notifications import domain
from notifications.service import NotificationsService

INCUBATOR_TEMPLATES = [
    domain.APPLICATION_RECEIVED,
    *domain.APPLICANT_MAILS.values(),
    domain.MENTOR_ASSIGNED,
    domain.MILESTONE_DUE,
    domain.FOLLOW_UP_REQUESTED,
]
DUE_ON = date(2027, 3, 2)  # a Tuesday


# --- The rules, without a broker ----------------------------------------------------------------------


def test_every_application_status_is_decided_mailed_or_quiet():
    assert set(domain.APPLICANT_MAILS) | set(domain.QUIET_APPLICATION_STATUSES) == set(APPLICATION_STATUSES)
    assert not set(domain.APPLICANT_MAILS) & set(domain.QUIET_APPLICATION_STATUSES)
    assert set(domain.APPLICANT_MAILS) == {"more_info_requested", "admitted", "waitlisted", "declined"}
    assert len(set(INCUBATOR_TEMPLATES)) == len(INCUBATOR_TEMPLATES)  # one template per outcome


@pytest.mark.parametrize("status", ["draft", "submitted", "in_review", "interview", "withdrawn"])
def test_quiet_application_statuses_send_nothing(status):
    assert domain.applicant_mail(status) is None


def test_an_unknown_status_side_or_milestone_fails_loudly():
    with pytest.raises(ValueError, match="application status"):
        domain.applicant_mail("accepted")
    with pytest.raises(ValueError, match="mentorship side"):
        domain.mentor_assigned_context("coordinator")
    with pytest.raises(ValueError, match="milestone kind"):
        domain.milestone_due_mail("website", DUE_ON)


def test_only_a_decline_carries_its_reason():
    assert domain.applicant_mail("declined", "no_places") == (domain.APPLICATION_DECLINED, {"reason": "no_places"})
    assert domain.applicant_mail("admitted", "no_places") == (domain.APPLICATION_ADMITTED, {"reason": None})


@pytest.mark.parametrize("template", INCUBATOR_TEMPLATES)
def test_every_incubator_template_exists_in_french_and_english(template):
    assert {"fr", "en"} <= domain.languages_of(template)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_decline_reason_and_milestone_has_plain_words_in_each_language(language):
    assert set(domain.APPLICATION_REASON_WORDS[language]) == set(APPLICATION_DECLINE_REASONS)
    for words in domain.APPLICATION_REASON_WORDS[language].values():
        assert words.endswith(".") and words[0].isupper() and "_" not in words
    assert set(domain.MILESTONE_WORDS[language]) == set(MILESTONE_KINDS)
    assert all("_" not in words for words in domain.MILESTONE_WORDS[language].values())


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("reason", APPLICATION_DECLINE_REASONS)
def test_a_decline_gives_its_reason_in_words_never_the_code(reason, language):
    why = {"fr": "Pourquoi ? ", "en": "Why? "}[language]
    mail = domain.render(*_applicant("declined", language, reason))
    assert mail.body.partition(why)[2].partition("\n")[0] == domain.APPLICATION_REASON_WORDS[language][reason]
    assert reason not in mail.body
    assert why not in domain.render(*_applicant("declined", language, None)).body


def _applicant(status, language, reason=None):
    template, context = domain.applicant_mail(status, reason)
    return template, language, "Amina", context


def test_a_due_date_is_told_as_a_day_in_the_language_with_babel():
    assert domain.calendar_day(DUE_ON, "fr") == "mardi 2 mars"
    assert domain.calendar_day(DUE_ON, "en") == "Tuesday 2 March"
    assert domain.calendar_day(DUE_ON, "nl") == "dinsdag 2 maart 2027"


@pytest.mark.parametrize(
    ("template", "context", "fr", "en"),
    [
        (
            domain.APPLICATION_RECEIVED,
            {},
            "Amina, nous avons bien reçu votre candidature à InterLab",
            "Amina, we have received your application to InterLab",
        ),
        (
            *domain.applicant_mail("more_info_requested"),
            "Amina, InterLab a une question sur votre candidature",
            "Amina, InterLab has a question about your application",
        ),
        (
            *domain.applicant_mail("admitted"),
            "Amina, bienvenue à InterLab : votre candidature est acceptée !",
            "Amina, welcome to InterLab: your application is accepted!",
        ),
        (
            *domain.applicant_mail("waitlisted"),
            "Amina, votre candidature à InterLab est sur la liste d'attente",
            "Amina, your application to InterLab is on the waiting list",
        ),
        (
            *domain.applicant_mail("declined", "other"),
            "Amina, votre candidature à InterLab n'est pas retenue",
            "Amina, your application to InterLab is not accepted",
        ),
        (
            domain.MENTOR_ASSIGNED,
            domain.mentor_assigned_context("entrepreneur"),
            "Amina, vous avez un mentor pour votre projet !",
            "Amina, you have a mentor for your project!",
        ),
        (
            domain.MENTOR_ASSIGNED,
            domain.mentor_assigned_context("mentor"),
            "Amina, vous accompagnez un nouveau projet InterLab !",
            "Amina, you are mentoring a new InterLab project!",
        ),
        (
            *domain.milestone_due_mail("business_plan", DUE_ON),
            "Amina, une étape de votre projet arrive : mardi 2 mars",
            "Amina, a step of your project is coming up: Tuesday 2 March",
        ),
        (
            *domain.follow_up_mail(6),
            "Amina, comment va votre projet, 6 mois après InterLab ?",
            "Amina, how is your project, 6 months after InterLab?",
        ),
    ],
)
def test_incubator_subjects_say_what_happened_in_the_members_language(template, context, fr, en):
    french = domain.render(template, "fr", "Amina", context)
    english = domain.render(template, "en", "Amina", context)
    assert (french.language, french.subject) == ("fr", fr)
    assert (english.language, english.subject) == ("en", en)
    for mail, greeting in ((french, "Bonjour Amina,"), (english, "Hello Amina,")):
        assert mail.body.startswith(greeting)
        assert "{" not in mail.body and "None" not in mail.body


def test_the_mentor_and_the_entrepreneur_read_their_own_side():
    entrepreneur = domain.render(domain.MENTOR_ASSIGNED, "fr", "Amina", domain.mentor_assigned_context("entrepreneur"))
    mentor = domain.render(domain.MENTOR_ASSIGNED, "fr", "Luc", domain.mentor_assigned_context("mentor"))
    assert "nous avons trouvé votre mentor" in entrepreneur.body
    assert "ne doit jamais vous demander\nd'argent" in entrepreneur.body
    assert "Vous allez accompagner une personne" in mentor.body
    assert "ne vendez aucun service" in mentor.body
    assert "nous avons trouvé votre mentor" not in mentor.body


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("template", INCUBATOR_TEMPLATES)
def test_a_long_accented_incubator_subject_reaches_the_reader_exactly(template, language):
    facts = {"reason": "not_ready", "side": "entrepreneur", "kind": "company_registered", "due_on": DUE_ON,
             "months": 12, "answer_at": domain.FOLLOW_UP_PATH}  # fmt: skip
    rendered = domain.render(template, language, "Marie-Élisabeth Françoise", facts)
    raw = domain.compose(
        rendered, notification="n", first_name="Marie-Élisabeth Françoise", email="m@example.org",
        sender="Interra <no-reply@interra.be>", now=datetime(2027, 3, 1, 9, 0, tzinfo=UTC),
    ).as_bytes()  # fmt: skip
    assert BytesParser(policy=policy.default).parsebytes(raw)["Subject"] == rendered.subject
    assert all(len(line) <= 78 for line in raw.partition(b"\n\n")[0].splitlines())


# --- On the real broker, with the real members service ------------------------------------------------

PROFILE = {"password": PASSWORD, "consents": CONSENTS, "birth_year": 1988, "region": "liege", "interests": ["cooking"]}
ENTREPRENEUR = {
    **PROFILE,
    "first_name": "Samira",
    "last_name": "Benali",
    "email": "samira@example.org",
    "languages": ["ar", "fr"],
    "french_level": "A2",
    "arrived_on": "2025-01-15",
    "preferred_language": "fr",
}
MENTOR = {
    **PROFILE,
    "first_name": "Marc",
    "last_name": "Lejeune",
    "email": "marc@example.org",
    "languages": ["fr", "en"],
    "french_level": "native",
    "preferred_language": "en",
}
APPLICATION = {"application_id": "app-1", "cohort": "2027-spring"}


def incubator_event(event_type: str, **data) -> dict:
    return new_event(event_type, data, source="incubator")


def status_changed(member_id, move, status_from, status_to, reason=None) -> dict:
    return incubator_event(
        "ApplicationStatusChanged", **APPLICATION, member_id=member_id, move=move, status_from=status_from,
        status_to=status_to, reason=reason,
    )  # fmt: skip


def templates_of(notifications, member_id) -> list[tuple[str, str | None, str]]:
    return sorted((r["template"], r["language"], r["status"]) for r in call(notifications, "deliveries", member_id))


def test_an_application_is_acknowledged_in_french_and_its_submit_status_sends_nothing_more(platform, publish, mailbox):
    members, notifications = platform(MembersService, NotificationsService)
    applicant_id = sign_up(members, ENTREPRENEUR)
    submitted = status_changed(applicant_id, "submit", "draft", "submitted")

    publish(submitted)  # published with EntrepreneurApplied by the same submit
    publish(incubator_event("EntrepreneurApplied", **APPLICATION, member_id=applicant_id, sector="food"))
    wait_for(lambda: mailbox.count() == 1)
    handled("notifications", "on_application_status_changed", submitted)

    mail = mailbox.only_one_to("samira@example.org")
    assert mail["Content-Language"] == "fr"
    assert mail["Subject"] == "Samira, nous avons bien reçu votre candidature à InterLab"
    assert "Merci pour votre candidature à InterLab ! Nous l'avons bien reçue." in mailbox.body(mail)
    assert mailbox.count() == 1
    assert templates_of(notifications, applicant_id) == [("incubator_application_received", "fr", "sent")]


def test_the_applicant_hears_of_a_question_and_of_the_admission_and_review_steps_stay_quiet(platform, publish, mailbox):
    members, notifications = platform(MembersService, NotificationsService)
    applicant_id = sign_up(members, ENTREPRENEUR)
    journey = [
        status_changed(applicant_id, "review", "submitted", "in_review"),
        status_changed(applicant_id, "ask_more_info", "in_review", "more_info_requested"),
        status_changed(applicant_id, "answer", "more_info_requested", "submitted"),
        status_changed(applicant_id, "review", "submitted", "in_review"),
        status_changed(applicant_id, "invite", "in_review", "interview"),
        status_changed(applicant_id, "admit", "interview", "admitted"),
    ]
    for envelope in journey:
        publish(envelope)
    publish(journey[1])  # a redelivered request for more: not mailed twice
    wait_for(lambda: mailbox.count() >= 2)
    handled("notifications", "on_application_status_changed", journey[-1])

    mails = {mail["Subject"]: mailbox.body(mail) for mail in mailbox.by_recipient()["samira@example.org"]}
    assert set(mails) == {
        "Samira, InterLab a une question sur votre candidature",
        "Samira, bienvenue à InterLab : votre candidature est acceptée !",
    }
    question = mails["Samira, InterLab a une question sur votre candidature"]
    assert "1. Ouvrez votre candidature dans l'application Interra." in question
    assert "2. Lisez la question de l'équipe InterLab." in question
    admitted = mails["Samira, bienvenue à InterLab : votre candidature est acceptée !"]
    assert "Vous avez\nune place dans le groupe." in admitted
    assert mailbox.count() == 2
    assert templates_of(notifications, applicant_id) == [
        ("incubator_admitted", "fr", "sent"),
        ("incubator_more_info_requested", "fr", "sent"),
    ]


def test_a_decline_says_why_in_the_members_language_and_a_waitlisted_applicant_is_told(platform, publish, mailbox):
    members, notifications = platform(MembersService, NotificationsService)
    english_id, french_id = sign_up(members, MENTOR), sign_up(members, ENTREPRENEUR)

    publish(status_changed(english_id, "decline", "in_review", "declined", reason="outside_mission"))
    publish(status_changed(french_id, "decline", "interview", "declined", reason="no_places"))
    publish(status_changed(french_id, "waitlist", "interview", "waitlisted"))
    wait_for(lambda: mailbox.count() == 3)

    declined_en = mailbox.only_one_to("marc@example.org")
    assert declined_en["Content-Language"] == "en"
    assert declined_en["Subject"] == "Marc, your application to InterLab is not accepted"
    assert "Why? Your project does not fit what InterLab does." in mailbox.body(declined_en)
    assert "outside_mission" not in mailbox.body(declined_en)
    to_french = {mail["Subject"]: mailbox.body(mail) for mail in mailbox.by_recipient()["samira@example.org"]}
    declined_fr = to_french["Samira, votre candidature à InterLab n'est pas retenue"]
    assert "Pourquoi ? Toutes les places du groupe sont prises." in declined_fr
    waitlisted = to_french["Samira, votre candidature à InterLab est sur la liste d'attente"]
    assert "Si une place se libère, nous vous écrivons." in waitlisted
    assert templates_of(notifications, english_id) == [("incubator_declined", "en", "sent")]


def test_a_mentorship_mails_the_entrepreneur_and_the_mentor_once_each_naming_neither(platform, publish, mailbox):
    members, notifications = platform(MembersService, NotificationsService)
    entrepreneur_id, mentor_id = sign_up(members, ENTREPRENEUR), sign_up(members, MENTOR)
    assigned = incubator_event(
        "MentorAssigned", mentorship_id="ms-1", mentor_id=mentor_id, entrepreneur_id=entrepreneur_id,
        project_id="p-1", cohort="2027-spring", score=23,
    )  # fmt: skip

    publish(assigned)
    publish(assigned)  # redelivered
    wait_for(lambda: mailbox.count() == 2)
    handled("notifications", "on_mentor_assigned", assigned)

    to_entrepreneur = mailbox.only_one_to("samira@example.org")
    to_mentor = mailbox.only_one_to("marc@example.org")
    assert (to_entrepreneur["Content-Language"], to_entrepreneur["Subject"]) == (
        "fr",
        "Samira, vous avez un mentor pour votre projet !",
    )
    assert "Le mentorat est gratuit." in mailbox.body(to_entrepreneur)
    assert (to_mentor["Content-Language"], to_mentor["Subject"]) == (
        "en",
        "Marc, you are mentoring a new InterLab project!",
    )
    assert "You are going to mentor someone in\nInterLab." in mailbox.body(to_mentor)
    for mail, other in ((to_entrepreneur, MENTOR), (to_mentor, ENTREPRENEUR)):
        text = mail.as_string()
        for detail in ("first_name", "last_name", "email"):
            assert other[detail] not in text, f"the other side's {detail} leaked"
        assert "23" not in mailbox.body(mail)  # the matching score is for coordinators
    assert mailbox.count() == 2
    assert templates_of(notifications, entrepreneur_id) == [("incubator_mentor_assigned", "fr", "sent")]
    assert templates_of(notifications, mentor_id) == [("incubator_mentor_assigned", "en", "sent")]


def test_a_due_milestone_is_told_in_plain_words_with_the_day_in_the_members_language(platform, publish, mailbox):
    members, _ = platform(MembersService, NotificationsService)
    french_id, english_id = sign_up(members, ENTREPRENEUR), sign_up(members, MENTOR)

    def due(member_id, milestone_id, kind, due_on):
        return incubator_event(
            "MilestoneDue", project_id=f"p-{member_id}", member_id=member_id, milestone_id=milestone_id, kind=kind,
            due_on=due_on,
        )  # fmt: skip

    publish(due(french_id, "m-1", "company_registered", "2027-03-02"))
    publish(due(english_id, "m-2", "first_customer", "2027-06-14"))
    wait_for(lambda: mailbox.count() == 2)

    french = mailbox.only_one_to("samira@example.org")
    assert french["Subject"] == "Samira, une étape de votre projet arrive : mardi 2 mars"
    assert "Étape : enregistrer votre entreprise.\nPour quand ? Pour le mardi 2 mars." in mailbox.body(french)
    assert "company_registered" not in mailbox.body(french)
    english = mailbox.only_one_to("marc@example.org")
    assert english["Subject"] == "Marc, a step of your project is coming up: Monday 14 June"
    assert "Step: find your first customer.\nBy when? By Monday 14 June." in mailbox.body(english)


def test_a_follow_up_asks_how_the_project_stands_and_where_to_answer(platform, publish, mailbox):
    members, notifications = platform(MembersService, NotificationsService)
    french_id = sign_up(members, ENTREPRENEUR)
    arabic_id = sign_up(
        members, {**ENTREPRENEUR, "first_name": "Yasmin", "email": "yasmin@example.org", "preferred_language": "ar"}
    )

    def follow_up(member_id, months):
        return incubator_event(
            "FollowUpRequested", follow_up_id=f"f-{member_id}-{months}", member_id=member_id, project_id="p-1",
            cohort="2026-spring", months=months,
        )  # fmt: skip

    publish(follow_up(french_id, 12))
    publish(follow_up(arabic_id, 6))
    wait_for(lambda: mailbox.count() == 2)

    french = mailbox.only_one_to("samira@example.org")
    assert (french["Content-Language"], french["Subject"]) == (
        "fr",
        "Samira, comment va votre projet, 12 mois après InterLab ?",
    )
    assert "Votre parcours InterLab s'est terminé il y a 12 mois." in mailbox.body(french)
    assert "\n  /incubator/follow-ups\n" in mailbox.body(french)
    fallback = mailbox.only_one_to("yasmin@example.org")  # no Arabic template: English
    assert (fallback["Content-Language"], fallback["Subject"]) == (
        "en",
        "Yasmin, how is your project, 6 months after InterLab?",
    )
    assert "\n  /incubator/follow-ups\n" in mailbox.body(fallback)
    assert templates_of(notifications, arabic_id) == [("incubator_follow_up_requested", "en", "sent")]


def test_incubator_handler_queues_are_declared_so_events_wait_for_the_service(platform, rabbit_config, mailbox):
    [members] = platform(MembersService)
    applicant_id = sign_up(members, ENTREPRENEUR)
    queues = declare_topology(rabbit_config["AMQP_URI"], NotificationsService)
    for event_type, method in (
        ("EntrepreneurApplied", "on_entrepreneur_applied"),
        ("ApplicationStatusChanged", "on_application_status_changed"),
        ("MentorAssigned", "on_mentor_assigned"),
        ("MilestoneDue", "on_milestone_due"),
        ("FollowUpRequested", "on_follow_up_requested"),
    ):
        assert handler_queue_name("incubator", event_type, "notifications", method) in queues
    assert not [queue for queue in queues if "SafeguardingReported" in queue]  # for coordinators only

    # Published while notifications is down: the declared queue keeps it until the service starts.
    early = status_changed(applicant_id, "waitlist", "in_review", "waitlisted")
    with EventPublisher(rabbit_config["AMQP_URI"]) as publisher:
        publisher.publish(early)
    platform(NotificationsService)
    wait_for(lambda: mailbox.count() == 1)
    assert mailbox.only_one_to("samira@example.org")["Subject"] == (
        "Samira, votre candidature à InterLab est sur la liste d'attente"
    )
