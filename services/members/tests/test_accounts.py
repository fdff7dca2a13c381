"""Accounts, consents, profile updates and the rights to export and erasure, on the real broker."""

import pytest

from interra_chassis.errors import Conflict, Invalid, NotFound, Unauthorized
from interra_chassis.testing import CONSENTS, PASSWORD, EventTap, call
from interra_contracts import load_event

PROFILE = {
    "first_name": "Samir",
    "last_name": "Nasser",
    "email": "Samir@Example.org",
    "phone": "+32 470 12 34 56",
    "password": PASSWORD,
    "consents": [*CONSENTS, {"purpose": "partner_statistics", "granted": False}],
    "birth_year": 1990,
    "region": "liege",
    "french_level": "A1",
    "arrived_on": "2025-05-05",
    "preferred_language": "ar",
}


@pytest.fixture
def samir(members):
    return call(members, "register", PROFILE)


def test_the_password_is_never_returned_and_consents_are_recorded(samir):
    assert "password" not in samir and "password_hash" not in samir
    assert [(c["purpose"], c["granted"], c["language"]) for c in samir["consents"]] == [
        ("data_processing", True, "ar"),
        ("partner_statistics", False, "ar"),
    ]
    assert samir["consents"][0]["at"]


def test_registration_needs_consent_to_data_processing_and_a_long_password(members):
    with pytest.raises(Invalid) as caught:
        call(members, "register", {**PROFILE, "consents": [{"purpose": "data_processing", "granted": False}]})
    assert "consents" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        call(members, "register", {**PROFILE, "password": "short"})
    assert "password" in caught.value.fields


@pytest.mark.parametrize("username", ["samir@example.org", " SAMIR@example.org", "+32470123456", "+32 470/12.34.56"])
def test_members_log_in_with_their_email_or_phone(members, samir, username):
    principal = call(members, "authenticate", {"username": username, "password": PASSWORD})
    assert principal == {
        "subject": f"member:{samir['member_id']}",
        "roles": ["member"],
        "member_id": samir["member_id"],
    }


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "samir@example.org", "password": "wrong password"},
        {"username": "nobody@x.org", "password": PASSWORD},
    ],
)
def test_wrong_credentials_are_refused_alike(members, samir, credentials):
    with pytest.raises(Unauthorized, match="wrong username or password"):
        call(members, "authenticate", credentials)


def test_staff_accounts_log_in_with_their_roles(members):
    staff = call(
        members, "create_staff", {"email": "coord@interra.be", "password": PASSWORD, "roles": ["coordinator:duos"]}
    )
    assert "password_hash" not in staff
    principal = call(members, "authenticate", {"username": "coord@interra.be", "password": PASSWORD})
    assert principal["roles"] == ["coordinator:duos"] and principal["member_id"] is None
    with pytest.raises(Conflict):
        call(members, "create_staff", {"email": "coord@interra.be", "password": PASSWORD, "roles": ["admin"]})
    with pytest.raises(Invalid) as caught:
        call(members, "create_staff", {"email": "x@interra.be", "password": PASSWORD, "roles": ["member"]})
    assert "roles" in caught.value.fields


def test_a_profile_update_changes_only_self_service_fields(members, samir, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberProfileUpdated")
    updated = call(members, "update", samir["member_id"], {"french_level": "A2", "phone": None})
    assert (updated["french_level"], updated["phone"]) == ("A2", None)
    [event] = tap.wait("MemberProfileUpdated")
    assert load_event(event).data == {"member_id": samir["member_id"], "french_level": "A2"}
    tap.close()
    for forbidden in ({"kind": "local"}, {"first_name": "X"}, {"role": "admin"}, {"status": "vip"}):
        with pytest.raises(Invalid) as caught:
            call(members, "update", samir["member_id"], forbidden)
        assert list(caught.value.fields) == list(forbidden)


def test_export_then_erasure(members, samir, rabbit_config):
    exported = call(members, "export_member", samir["member_id"])
    assert exported["profile"]["email"] == "samir@example.org"
    assert len(exported["consents"]) == 2

    tap = EventTap(rabbit_config["AMQP_URI"], "members", "MemberErased")
    status = call(members, "erase", samir["member_id"])
    assert status["erased"] is True
    [event] = tap.wait("MemberErased")
    assert load_event(event).data == {"member_id": samir["member_id"]}
    tap.close()

    assert call(members, "export_member", samir["member_id"]) == {"profile": None, "consents": []}
    with pytest.raises(NotFound):
        call(members, "get", samir["member_id"])
    with pytest.raises(Unauthorized):
        call(members, "authenticate", {"username": "samir@example.org", "password": PASSWORD})
    with pytest.raises(NotFound):
        call(members, "erase", samir["member_id"])
    # the address is free again: nothing of the erased member blocks it
    assert call(members, "register", PROFILE)["member_id"] != samir["member_id"]
