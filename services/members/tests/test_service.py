import json

import pytest
from nameko.testing.services import entrypoint_hook

from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import CONSENTS, PASSWORD, EventTap
from interra_contracts import load_event

PROFILE = {
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


def test_register_publishes_member_registered_without_personal_details(members, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberRegistered")
    with entrypoint_hook(members, "register") as register:
        member = register(PROFILE)
    assert member["kind"] == "newcomer"
    assert member["email"] == "amina@example.org"

    [body] = tap.wait("MemberRegistered")
    event = load_event(body)
    assert event.data["member_id"] == member["member_id"]
    assert event.data["kind"] == "newcomer"
    raw = json.dumps(body)
    for personal in ("Amina", "Haddad", "amina@example.org"):
        assert personal not in raw
    tap.close()


def test_duplicate_email_is_a_conflict(members):
    with entrypoint_hook(members, "register") as register:
        register(PROFILE)
        with pytest.raises(Conflict):
            register({**PROFILE, "email": "AMINA@example.org"})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"region": "atlantis"}, "region"),
        ({"french_level": "D1"}, "french_level"),
        ({"arrived_on": "2999-01-01"}, "arrived_on"),
        ({"email": "not-an-email"}, "email"),
        ({"first_name": None}, "first_name"),
    ],
)
def test_invalid_profiles_name_the_field(members, change, field):
    with entrypoint_hook(members, "register") as register, pytest.raises(Invalid) as caught:
        register({**PROFILE, **change})
    assert field in caught.value.fields


def test_get_and_contact(members):
    with entrypoint_hook(members, "register") as register:
        member = register(PROFILE)
    with entrypoint_hook(members, "contact") as contact:
        assert contact(member["member_id"])["email"] == "amina@example.org"
    with entrypoint_hook(members, "get") as get, pytest.raises(NotFound):
        get("nobody")
