"""Right of access (export_member) and right to erasure (MemberErased, erasure_status), end to end
with the real members service, the real broker and the embedded store."""

import json
from datetime import datetime

import pytest
from nameko.testing.utils import get_container

from interra_chassis.errors import Invalid
from interra_chassis.store import open_database
from interra_chassis.testing import CONSENTS, NOT_A_MEMBER_ID, PASSWORD, call, erase, handled, sign_up
from interra_contracts import new_event
from members.service import MembersService
from notifications.service import NotificationsService

PROFILE = {
    "password": PASSWORD,
    "consents": CONSENTS,
    "birth_year": 1990,
    "region": "liege",
    "languages": ["fr"],
    "interests": ["cooking"],
}
LEARNER = {
    **PROFILE,
    "first_name": "Amina",
    "last_name": "Haddad",
    "email": "amina@example.org",
    "french_level": "A2",
    "arrived_on": "2025-03-01",
    "preferred_language": "fr",
}
VOLUNTEER = {
    **PROFILE,
    "first_name": "Luc",
    "last_name": "Dupont",
    "email": "luc@example.org",
    "french_level": "native",
    "preferred_language": "en",
}


@pytest.fixture
def runner(data_dir, rabbit_config, runner_factory):
    runner = runner_factory(rabbit_config, MembersService, NotificationsService)
    runner.start()
    return runner


@pytest.fixture
def members(runner):
    return get_container(runner, MembersService)


@pytest.fixture
def notifications(runner):
    return get_container(runner, NotificationsService)


def duo_matched(learner_id, volunteer_id, duo_id) -> dict:
    data = {
        "duo_id": duo_id,
        "learner_id": learner_id,
        "volunteer_id": volunteer_id,
        "region": "liege",
        "score": 1.0,
        "reasons": ["same region: liege"],
    }
    return new_event("DuoMatched", data, source="duos")


def mailed_to(mail_dir, address: str) -> int:
    return sum(address in path.read_text() for path in mail_dir.glob("*.eml")) if mail_dir.exists() else 0


def test_export_then_erasure_deletes_the_delivery_records_and_nothing_follows(
    members, notifications, publish, data_dir
):
    learner_id = sign_up(members, LEARNER)
    volunteer_id = sign_up(members, VOLUNTEER)
    first = duo_matched(learner_id, volunteer_id, "duo-1")
    publish(first)
    handled("notifications", "on_duo_matched", first)

    export = call(notifications, "export_member", learner_id)
    assert json.loads(json.dumps(export)) == export
    [delivery] = export["deliveries"]
    assert (delivery["member_id"], delivery["event_id"]) == (learner_id, first["id"])
    assert (delivery["template"], delivery["status"], delivery["language"]) == ("duo_matched", "sent", "fr")
    assert export == {"deliveries": call(notifications, "deliveries", learner_id)}
    assert call(notifications, "erasure_status", learner_id) == {
        "service": "notifications",
        "erased": False,
        "at": None,
    }

    erase(notifications, learner_id, deliveries=2)  # the same envelope delivered twice
    status = call(notifications, "erasure_status", learner_id)
    assert (status["service"], status["erased"]) == ("notifications", True)
    assert datetime.fromisoformat(status["at"]).tzinfo is not None

    assert call(notifications, "export_member", learner_id) == {"deliveries": []}
    assert call(notifications, "deliveries", learner_id) == []
    db = open_database("notifications")
    assert db.deliveries.count_documents({"member_id": learner_id}) == 0
    assert db.erasures.find_one({"_id": learner_id}) == {"_id": learner_id, "at": status["at"]}
    [kept] = call(notifications, "export_member", volunteer_id)["deliveries"]
    assert (kept["event_id"], kept["status"]) == (first["id"], "sent")
    assert call(notifications, "erasure_status", volunteer_id)["erased"] is False

    # A late event naming the erased member: the other is served, the erased one neither mailed
    # nor recorded (the members service here still knows them: only the record stops it).
    late = duo_matched(learner_id, volunteer_id, "duo-2")
    publish(late)
    handled("notifications", "on_duo_matched", late)
    assert len(call(notifications, "deliveries", volunteer_id)) == 2
    assert call(notifications, "export_member", learner_id) == {"deliveries": []}
    mail_dir = data_dir / "mail"
    assert (mailed_to(mail_dir, "amina@example.org"), mailed_to(mail_dir, "luc@example.org")) == (1, 2)
    assert call(notifications, "erasure_status", learner_id) == status


def test_a_member_with_no_deliveries_exports_nothing(notifications):
    assert call(notifications, "export_member", "nobody") == {"deliveries": []}
    assert call(notifications, "erasure_status", "nobody") == {
        "service": "notifications",
        "erased": False,
        "at": None,
    }


@pytest.mark.parametrize("member_id", NOT_A_MEMBER_ID)
@pytest.mark.parametrize("method", ["export_member", "erasure_status"])
def test_a_member_id_that_is_not_a_string_is_invalid(notifications, method, member_id):
    with pytest.raises(Invalid) as caught:
        call(notifications, method, member_id)
    assert "member_id" in caught.value.fields
