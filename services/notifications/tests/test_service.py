import json
from email import policy
from email.parser import BytesParser

import pytest
from kombu import Connection, Queue

from interra_chassis.errors import Invalid
from interra_chassis.handling import declare_topology, dlq_name, handler_queue_name
from interra_chassis.publishing import EventPublisher
from interra_chassis.store import open_database
from interra_chassis.testing import CONSENTS, PASSWORD, EventTap, call, events_once, handled, sign_up, wait_for
from interra_contracts import load_event, new_event
from members.service import MembersService
from notifications.service import NotificationsService

LEARNER = {
    "first_name": "Amina",
    "password": PASSWORD,
    "consents": CONSENTS,
    "last_name": "Haddad",
    "email": "amina@example.org",
    "birth_year": 1994,
    "region": "liege",
    "languages": ["ar", "en"],
    "french_level": "A2",
    "interests": ["cooking"],
    "arrived_on": "2025-03-01",
    "preferred_language": "fr",
}
VOLUNTEER = {
    "first_name": "Luc",
    "password": PASSWORD,
    "consents": CONSENTS,
    "last_name": "Dupont",
    "email": "luc@example.org",
    "birth_year": 1960,
    "region": "liege",
    "languages": ["fr", "en"],
    "french_level": "native",
    "interests": ["cooking", "cycling"],
    "preferred_language": "en",
}
RECORD_FIELDS = {
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


@pytest.fixture
def sent_events(rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "notifications", "NotificationSent")
    yield tap
    tap.close()


def duo_matched(learner_id, volunteer_id, duo_id="duo-1") -> dict:
    data = {
        "duo_id": duo_id,
        "learner_id": learner_id,
        "volunteer_id": volunteer_id,
        "region": "liege",
        "score": 0.87,
        "reasons": ["same region: liege", "shared interest: cooking"],
    }
    return new_event("DuoMatched", data, source="duos")


def mails(mail_dir) -> dict:
    """The .eml files written so far, parsed, by recipient address (a list each)."""
    found: dict = {}
    for path in sorted(mail_dir.glob("*.eml")) if mail_dir.exists() else []:
        mail = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        found.setdefault(mail["To"].addresses[0].addr_spec, []).append(mail)
    return found


def eml_count(mail_dir) -> int:
    return len(list(mail_dir.glob("*.eml"))) if mail_dir.exists() else 0


def test_duo_matched_mails_both_members_in_their_language_once(platform, publish, data_dir, sent_events):
    members, notifications = platform(MembersService, NotificationsService)
    learner_id, volunteer_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    envelope = duo_matched(learner_id, volunteer_id)
    mail_dir = data_dir / "mail"

    publish(envelope)
    wait_for(lambda: eml_count(mail_dir) == 2)

    received = mails(mail_dir)
    [to_learner] = received["amina@example.org"]
    [to_volunteer] = received["luc@example.org"]
    assert to_learner["Content-Language"] == "fr"
    assert to_learner["Subject"] == "Amina, vous avez un binôme pour parler français !"
    assert str(to_learner["From"]) == "Interra <no-reply@interra.be>"
    assert "Bonjour Amina," in body(to_learner)
    assert to_volunteer["Content-Language"] == "en"
    assert to_volunteer["Subject"] == "Luc, your Duo-Langue partner is waiting for you!"
    assert "Hello Luc," in body(to_volunteer)
    for mail, partner in ((to_learner, VOLUNTEER), (to_volunteer, LEARNER)):
        text = mail.as_string()
        for detail in ("first_name", "last_name", "email"):
            assert partner[detail] not in text, f"partner's {detail} leaked"

    events = [load_event(body) for body in events_once(sent_events, "NotificationSent", count=2)]
    assert {e.data["member_id"] for e in events} == {learner_id, volunteer_id}
    assert {(e.data["template"], e.data["channel"], e.data["attempt"]) for e in events} == {("duo_matched", "email", 1)}
    assert {f"<{e.data['notification_id']}@interra.be>" for e in events} == {
        to_learner["Message-ID"],
        to_volunteer["Message-ID"],
    }
    raw_events = json.dumps(sent_events.received)
    for personal in ("Amina", "Luc", "amina@example.org", "luc@example.org"):
        assert personal not in raw_events

    [record] = call(notifications, "deliveries", learner_id)
    assert set(record) == RECORD_FIELDS
    assert record["status"] == "sent"
    assert record["language"] == "fr"
    assert record["event_id"] == envelope["id"]
    assert record["notification_id"] in {e.data["notification_id"] for e in events}

    # The same envelope again changes nothing. A newer event queued after it on the same queue
    # proves the duplicate was handled when its mails appear.
    publish(envelope)
    publish(duo_matched(learner_id, volunteer_id, duo_id="duo-2"))
    wait_for(lambda: eml_count(mail_dir) >= 4)
    assert eml_count(mail_dir) == 4
    assert len(events_once(sent_events, "NotificationSent", count=4)) == 4
    assert len(call(notifications, "deliveries", learner_id)) == 2


def test_a_greylisted_recipient_is_retried_without_mailing_the_other_twice(
    platform, publish, smtp_sink, monkeypatch, sent_events
):
    monkeypatch.setenv("SMTP_URL", smtp_sink.url)
    members, notifications = platform(MembersService, NotificationsService)
    learner_id, volunteer_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    smtp_sink.greylist.add("luc@example.org")

    publish(duo_matched(learner_id, volunteer_id))

    def volunteer_record():
        [record] = call(notifications, "deliveries", volunteer_id) or [None]
        return record if record and record["status"] == "sent" else None

    record = wait_for(volunteer_record)
    assert record["attempt"] == 2
    assert smtp_sink.refused == ["luc@example.org"]
    assert len(smtp_sink.to("amina@example.org")) == 1  # not sent again on the retry
    assert len(smtp_sink.to("luc@example.org")) == 1
    [learner_record] = call(notifications, "deliveries", learner_id)
    assert learner_record["attempt"] == 1
    events = [load_event(body) for body in events_once(sent_events, "NotificationSent", count=2)]
    assert {e.data["member_id"]: e.data["attempt"] for e in events} == {
        learner_id: 1,
        volunteer_id: 2,
    }
    mail = BytesParser(policy=policy.default).parsebytes(smtp_sink.to("luc@example.org")[0].data)
    assert mail["Content-Language"] == "en"


def test_workshop_proposal_is_acknowledged_in_english_when_no_template_in_the_members_language(
    platform, publish, data_dir, sent_events
):
    members, _ = platform(MembersService, NotificationsService)
    proposer_id = sign_up(
        members, {**LEARNER, "first_name": "Yasmin", "email": "yasmin@example.org", "preferred_language": "ar"}
    )
    data = {
        "workshop_id": "w-1",
        "proposer_id": proposer_id,
        "title": "Syrian cooking",
        "category": "cooking",
        "languages": ["fr", "ar"],
        "format": "in_person",
    }
    publish(new_event("WorkshopProposed", data, source="workshops"))

    wait_for(lambda: eml_count(data_dir / "mail") == 1)
    [mail] = mails(data_dir / "mail")["yasmin@example.org"]
    assert mail["Content-Language"] == "en"
    assert mail["Subject"] == "Yasmin, we have received your workshop proposal"
    assert '"Syrian cooking"' in mail.get_content()
    [event] = [load_event(body) for body in events_once(sent_events, "NotificationSent")]
    assert (event.data["member_id"], event.data["template"]) == (proposer_id, "workshop_proposed")


def test_an_unknown_member_is_recorded_undeliverable_and_the_other_still_mailed(platform, publish, data_dir):
    members, notifications = platform(MembersService, NotificationsService)
    learner_id = sign_up(members, LEARNER)

    publish(duo_matched(learner_id, "erased-member"))

    wait_for(lambda: call(notifications, "deliveries", "erased-member"))
    [record] = call(notifications, "deliveries", "erased-member")
    assert (record["status"], record["language"], record["sent_at"]) == ("undeliverable", None, None)
    wait_for(lambda: eml_count(data_dir / "mail") == 1)
    assert list(mails(data_dir / "mail")) == ["amina@example.org"]


def test_members_down_means_bounded_retries_then_the_dead_letter_queue(platform, publish, rabbit_config, monkeypatch):
    monkeypatch.setenv("RPC_TIMEOUT", "1")
    [notifications] = platform(NotificationsService)  # members is not running
    envelope = duo_matched("learner-x", "volunteer-x")

    publish(envelope)

    with Connection(rabbit_config["AMQP_URI"]) as conn:
        dlq = Queue(dlq_name("notifications"), durable=True)(conn.default_channel)
        dead = wait_for(lambda: dlq.get(no_ack=True), timeout=20)
    assert json.loads(dead.body)["id"] == envelope["id"]
    assert "members" in dead.headers["x-error"]
    [record] = call(notifications, "deliveries", "learner-x")
    assert record["status"] == "failed"
    assert record["attempt"] == 4  # the first try and three retries


def test_deliveries_refuses_a_bad_member_id(platform):
    [notifications] = platform(NotificationsService)
    with pytest.raises(Invalid):
        call(notifications, "deliveries", {"member_id": "x"})
    assert call(notifications, "deliveries", "nobody") == []


def test_a_silent_duo_nudges_both_members(platform, publish, data_dir):
    members, notifications = platform(MembersService, NotificationsService)
    learner_id, volunteer_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    inactive = {"duo_id": "duo-9", "learner_id": learner_id, "volunteer_id": volunteer_id,
                "weeks_without_session": 4, "needs_rematch": True}  # fmt: skip
    publish(new_event("DuoInactive", inactive, source="duos"))
    wait_for(lambda: eml_count(data_dir / "mail") == 2)
    received = mails(data_dir / "mail")
    [to_learner] = received["amina@example.org"]
    [to_volunteer] = received["luc@example.org"]
    assert "4 semaines" in body(to_learner) and "4 weeks" in body(to_volunteer)
    assert [r["template"] for r in call(notifications, "deliveries", learner_id)] == ["duo_inactive"]


def test_a_full_volunteer_is_invited_to_take_one_more_duo(platform, publish, data_dir):
    members, notifications = platform(MembersService, NotificationsService)
    volunteer_id = sign_up(members, VOLUNTEER)
    invited = {"volunteer_id": volunteer_id, "offer_id": "offer-1", "region": "liege", "capacity": 1,
               "waiting_learners": 3}  # fmt: skip
    publish(new_event("DuoVolunteerInvited", invited, source="duos"))
    wait_for(lambda: eml_count(data_dir / "mail") == 1)
    [to_volunteer] = mails(data_dir / "mail")["luc@example.org"]
    assert "3 newcomers are still waiting" in body(to_volunteer)
    deliveries = call(notifications, "deliveries", volunteer_id)
    assert [r["template"] for r in deliveries] == ["duo_volunteer_invited"]


# --- Ateliers (workshops) ----------------------------------------------------------------------------

WORKSHOP = {"workshop_id": "w-1", "title": "Cuisine syrienne"}
STARTS = "2026-12-15T17:00:00+00:00"  # 18:00 in Liège
ENDS = "2026-12-15T19:00:00+00:00"


def workshops_event(event_type: str, **data) -> dict:
    return new_event(event_type, {**WORKSHOP, **data}, source="workshops")


def status_changed(proposer_id, move, status_from, status_to, **extra) -> dict:
    return workshops_event(
        "WorkshopStatusChanged", proposer_id=proposer_id, move=move, status_from=status_from, status_to=status_to,
        **extra,
    )  # fmt: skip


def registration_changed(member_id, status, registration_id="r-1", **extra) -> dict:
    return workshops_event(
        "WorkshopRegistrationChanged", date_id="d-1", starts_at=STARTS, registration_id=registration_id,
        member_id=member_id, status=status, group="newcomer", **extra,
    )  # fmt: skip


def body(mail) -> str:
    """A mail's text as written (the .eml has CRLF line ends)."""
    return mail.get_content().replace("\r\n", "\n")


def subjects(mail_dir) -> dict:
    """Subject lines by recipient address."""
    return {address: [mail["Subject"] for mail in found] for address, found in mails(mail_dir).items()}


def test_the_proposer_hears_of_each_step_in_their_language_and_quiet_moves_send_nothing(platform, publish, data_dir):
    members, notifications = platform(MembersService, NotificationsService)
    proposer_id, other_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    mail_dir = data_dir / "mail"

    quiet = status_changed(proposer_id, "seek_venue", "training", "venue_search")
    publish(quiet)
    handled("notifications", "on_workshop_status_changed", quiet)
    assert eml_count(mail_dir) == 0
    assert call(notifications, "deliveries", proposer_id) == []

    training = status_changed(proposer_id, "train", "in_conversation", "training", training_at="2026-03-31T16:00:00Z")
    publish(training)
    wait_for(lambda: eml_count(mail_dir) == 1)
    [mail] = mails(mail_dir)["amina@example.org"]
    assert mail["Content-Language"] == "fr"
    assert mail["Subject"] == "Amina, votre formation pour animer votre atelier : mardi 31 mars à 18:00"
    assert "Quand ? mardi 31 mars à 18:00 (heure de Belgique)." in body(mail)  # summer time

    declined = status_changed(proposer_id, "decline", "venue_search", "declined", reason="no_venue")
    publish(declined)
    wait_for(lambda: eml_count(mail_dir) == 2)
    by_subject = {mail["Subject"]: body(mail) for mail in mails(mail_dir)["amina@example.org"]}
    declined_text = by_subject["Amina, nous ne pouvons pas accompagner votre atelier « Cuisine syrienne »"]
    assert "Pourquoi ? Nous n'avons pas trouvé de lieu pour l'atelier." in declined_text
    assert "no_venue" not in declined_text

    assert list(mails(mail_dir)) == ["amina@example.org"]  # nobody else
    assert call(notifications, "deliveries", other_id) == []
    assert sorted(r["template"] for r in call(notifications, "deliveries", proposer_id)) == [
        "workshop_declined",
        "workshop_training",
    ]


def test_an_english_proposer_is_told_the_workshop_is_open_once_however_often_the_event_comes(
    platform, publish, data_dir, sent_events
):
    members, notifications = platform(MembersService, NotificationsService)
    proposer_id = sign_up(members, VOLUNTEER)
    mail_dir = data_dir / "mail"
    published = status_changed(proposer_id, "publish", "scheduled", "published")

    publish(published)
    publish(published)  # redelivered
    wait_for(lambda: eml_count(mail_dir) == 1)
    withdrawn = status_changed(proposer_id, "withdraw", "published", "withdrawn")
    publish(published)  # and again, before a newer event on the same queue
    publish(withdrawn)
    wait_for(lambda: eml_count(mail_dir) >= 2)
    handled("notifications", "on_workshop_status_changed", withdrawn)

    assert sorted(subjects(mail_dir)["luc@example.org"]) == [
        'Luc, you have withdrawn your workshop "Cuisine syrienne"',
        'Luc, your workshop "Cuisine syrienne" is open for registration!',
    ]
    assert eml_count(mail_dir) == 2
    records = call(notifications, "deliveries", proposer_id)
    assert sorted((r["template"], r["language"], r["attempt"]) for r in records) == [
        ("workshop_published", "en", 1),
        ("workshop_withdrawn", "en", 1),
    ]
    assert len(events_once(sent_events, "NotificationSent", count=2)) == 2


def test_an_erased_proposer_is_told_nothing(platform, publish, data_dir):
    platform(MembersService, NotificationsService)
    erased = status_changed(None, "accept", "proposed", "in_conversation")

    publish(erased)
    handled("notifications", "on_workshop_status_changed", erased)

    assert eml_count(data_dir / "mail") == 0
    assert open_database("notifications").deliveries.count_documents({}) == 0


def test_participants_are_told_their_place_and_attendance_sends_nothing(platform, publish, data_dir):
    members, notifications = platform(MembersService, NotificationsService)
    learner_id, volunteer_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    mail_dir = data_dir / "mail"

    attended = registration_changed(learner_id, "attended")
    publish(attended)
    handled("notifications", "on_workshop_registration_changed", attended)
    assert eml_count(mail_dir) == 0

    confirmed = registration_changed(learner_id, "confirmed")
    offered = registration_changed(
        volunteer_id, "offered", registration_id="r-2", offer_expires_at="2026-12-13T18:00:00+00:00"
    )
    publish(confirmed)
    publish(offered)
    publish(confirmed)  # redelivered
    wait_for(lambda: eml_count(mail_dir) >= 2)
    handled("notifications", "on_workshop_registration_changed", confirmed)

    received = mails(mail_dir)
    [to_learner] = received["amina@example.org"]
    [to_volunteer] = received["luc@example.org"]
    assert to_learner["Subject"] == "Amina, votre place est confirmée : « Cuisine syrienne », mardi 15 décembre à 18:00"
    assert to_learner["Content-Language"] == "fr"
    assert to_volunteer["Subject"] == 'Luc, a place is free for you: "Cuisine syrienne"'
    assert "confirm in the Interra app before Sunday 13 December at 19:00" in body(to_volunteer)
    assert eml_count(mail_dir) == 2
    assert [r["template"] for r in call(notifications, "deliveries", learner_id)] == ["workshop_registration_confirmed"]


def test_a_moved_date_mails_every_member_named_once_each(platform, publish, data_dir, sent_events):
    members, notifications = platform(MembersService, NotificationsService)
    learner_id, volunteer_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    bystander_id = sign_up(members, {**LEARNER, "first_name": "Yasmin", "email": "yasmin@example.org"})
    mail_dir = data_dir / "mail"
    moved = workshops_event(
        "WorkshopDateChanged", date_id="d-1", change="moved", starts_at="2027-01-12T17:00:00+00:00",
        ends_at="2027-01-12T19:30:00+00:00", member_ids=[learner_id, volunteer_id],
    )  # fmt: skip

    publish(moved)
    publish(moved)
    wait_for(lambda: eml_count(mail_dir) == 2)
    handled("notifications", "on_workshop_date_changed", moved)

    received = mails(mail_dir)
    assert set(received) == {"amina@example.org", "luc@example.org"}
    [to_learner], [to_volunteer] = received["amina@example.org"], received["luc@example.org"]
    assert to_learner["Subject"] == "Amina, nouvelle date pour « Cuisine syrienne » : mardi 12 janvier à 18:00"
    assert "Nouvelle date : mardi 12 janvier, de 18:00 à 20:30 (heure de Belgique)." in body(to_learner)
    assert to_volunteer["Subject"] == 'Luc, new date for "Cuisine syrienne": Tuesday 12 January at 18:00'
    events = [load_event(body) for body in events_once(sent_events, "NotificationSent", count=2)]
    assert sorted(e.data["member_id"] for e in events) == sorted([learner_id, volunteer_id])
    assert call(notifications, "deliveries", bystander_id) == []


def test_the_reminder_reaches_each_participant_with_the_place_or_the_app_for_online(platform, publish, data_dir):
    members, notifications = platform(MembersService, NotificationsService)
    learner_id, volunteer_id = sign_up(members, LEARNER), sign_up(members, VOLUNTEER)
    mail_dir = data_dir / "mail"
    at_venue = workshops_event(
        "WorkshopDateReminder", date_id="d-1", starts_at=STARTS, ends_at=ENDS, online=False,
        venue_name="Café Le Pot au Lait", venue_address="Rue Soeurs-de-Hasque 9, 4000 Liège",
        member_ids=[learner_id, volunteer_id, "gone-member"],
    )  # fmt: skip
    online = workshops_event(
        "WorkshopDateReminder", workshop_id="w-2", title="Calligraphie arabe", date_id="d-9", starts_at=STARTS,
        ends_at=ENDS, online=True, member_ids=[learner_id],
    )  # fmt: skip

    publish(at_venue)
    publish(online)
    wait_for(lambda: eml_count(mail_dir) == 3)

    received = mails(mail_dir)
    by_subject = {mail["Subject"]: body(mail) for mail in received["amina@example.org"]}
    venue_fr = by_subject["Amina, c'est demain : « Cuisine syrienne » à 18:00"]
    assert "Où ?\n  Café Le Pot au Lait\n  Rue Soeurs-de-Hasque 9, 4000 Liège\n" in venue_fr
    online_fr = by_subject["Amina, c'est demain : « Calligraphie arabe » à 18:00"]
    assert "Où ? En ligne. Le lien est dans l'application Interra." in online_fr
    assert "Café" not in online_fr
    [to_volunteer] = received["luc@example.org"]
    assert to_volunteer["Subject"] == 'Luc, tomorrow: "Cuisine syrienne" at 18:00'
    assert "When? Tuesday 15 December, 18:00 to 20:00 (Belgian time)." in body(to_volunteer)
    wait_for(lambda: call(notifications, "deliveries", "gone-member"))
    [gone] = call(notifications, "deliveries", "gone-member")
    assert (gone["status"], gone["template"]) == ("undeliverable", "workshop_date_reminder")


def test_workshop_handler_queues_are_declared_so_events_wait_for_the_service(platform, rabbit_config, data_dir):
    [members] = platform(MembersService)
    learner_id = sign_up(members, LEARNER)
    queues = declare_topology(rabbit_config["AMQP_URI"], NotificationsService)
    for event_type, method in (
        ("WorkshopStatusChanged", "on_workshop_status_changed"),
        ("WorkshopRegistrationChanged", "on_workshop_registration_changed"),
        ("WorkshopDateChanged", "on_workshop_date_changed"),
        ("WorkshopDateReminder", "on_workshop_date_reminder"),
    ):
        assert handler_queue_name("workshops", event_type, "notifications", method) in queues

    # Published while notifications is down: the declared queue keeps it until the service starts.
    early = status_changed(learner_id, "accept", "proposed", "in_conversation")
    with EventPublisher(rabbit_config["AMQP_URI"]) as publisher:
        publisher.publish(early)
    platform(NotificationsService)
    wait_for(lambda: eml_count(data_dir / "mail") == 1)
    assert subjects(data_dir / "mail") == {
        "amina@example.org": ["Amina, votre atelier « Cuisine syrienne » est accepté !"]
    }
