"""Accounts, consents, profile updates and the rights to export and erasure, on the real broker."""

import pytest

from interra_chassis.errors import Conflict, Invalid, NotFound, Unauthorized
from interra_chassis.store import Outbox, open_database
from interra_chassis.testing import CONSENTS, PASSWORD, EventTap, call
from interra_contracts import load_event
from members.store import MemberStore

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


def test_first_names_are_given_by_id_and_none_for_an_erased_or_unknown_member(members, samir):
    other = call(members, "register", {**PROFILE, "first_name": "Leila", "email": "leila@example.org", "phone": None})
    asked = [samir["member_id"], other["member_id"], "m-nobody"]
    assert call(members, "first_names", asked) == {
        samir["member_id"]: "Samir",
        other["member_id"]: "Leila",
        "m-nobody": None,
    }
    call(members, "erase", other["member_id"])
    assert call(members, "first_names", asked)[other["member_id"]] is None
    assert call(members, "first_names", []) == {}
    with pytest.raises(Invalid) as caught:
        call(members, "first_names", ["not an id"])
    assert "member_ids" in caught.value.fields
    with pytest.raises(Invalid):
        call(members, "first_names", ["m-1"] * 501)


def staff_account(members, email, *roles):
    return call(members, "create_staff", {"email": email, "password": PASSWORD, "roles": list(roles)})


def test_admins_list_staff_accounts_and_a_deactivated_one_cannot_log_in(members):
    admin = staff_account(members, "admin@interra.be", "admin")
    coordinator = staff_account(members, "coord@interra.be", "coordinator:duos")
    listed = call(members, "staff_accounts")["staff"]
    assert [(s["staff_id"], s["email"], s["roles"], s["active"]) for s in listed] == [
        (admin["staff_id"], "admin@interra.be", ["admin"], True),
        (coordinator["staff_id"], "coord@interra.be", ["coordinator:duos"], True),
    ]
    assert all(s["created_at"] for s in listed) and all("password_hash" not in s for s in listed)

    changed = call(members, "change_staff", coordinator["staff_id"], {"active": False}, admin["staff_id"])
    assert (changed["active"], changed["roles"]) == (False, ["coordinator:duos"])
    with pytest.raises(Unauthorized, match="deactivated"):
        call(members, "authenticate", {"username": "coord@interra.be", "password": PASSWORD})
    with pytest.raises(Unauthorized, match="wrong username or password"):  # nothing said without the password
        call(members, "authenticate", {"username": "coord@interra.be", "password": "not the password"})
    back = {"active": True, "roles": ["coordinator:workshops", "coordinator:duos", "coordinator:duos"]}
    changed = call(members, "change_staff", coordinator["staff_id"], back, admin["staff_id"])
    assert (changed["active"], changed["roles"]) == (True, ["coordinator:duos", "coordinator:workshops"])
    principal = call(members, "authenticate", {"username": "coord@interra.be", "password": PASSWORD})
    assert principal["roles"] == ["coordinator:duos", "coordinator:workshops"]


def test_an_admin_cannot_lock_themselves_out_nor_leave_no_active_admin(members):
    first = staff_account(members, "first@interra.be", "admin")["staff_id"]
    second = staff_account(members, "second@interra.be", "admin")["staff_id"]
    with pytest.raises(Conflict) as caught:
        call(members, "change_staff", first, {"active": False}, first)
    assert caught.value.fields == {"active": ["you cannot deactivate your own account"]}
    with pytest.raises(Conflict) as caught:
        call(members, "change_staff", first, {"roles": ["coordinator:duos"]}, first)
    assert caught.value.fields == {"roles": ["you cannot take the admin role from yourself"]}
    assert call(members, "change_staff", second, {"active": False}, first)["active"] is False
    with pytest.raises(Conflict, match="no active admin left"):  # the second's token may outlive them
        call(members, "change_staff", first, {"active": False}, second)
    assert [s["active"] for s in call(members, "staff_accounts")["staff"]] == [True, False]
    with pytest.raises(NotFound):
        call(members, "change_staff", "s-nobody", {"active": False}, first)
    for bad in ({}, {"roles": []}, {"roles": ["member"]}, {"active": "no"}, {"email": "x@interra.be"}):
        with pytest.raises(Invalid):
            call(members, "change_staff", second, bad, first)


def test_two_staff_changes_checked_against_the_same_accounts_cannot_both_pass(members):
    # two admins deactivating each other at the same moment, on two instances: each checked "another
    # active admin remains" against the same reading; the store lets only the first change through
    store = MemberStore(open_database("members"), Outbox("members", "test"))
    read = store.staff_version()
    assert store.next_staff_version(read) is True
    assert store.next_staff_version(read) is False  # the second, checked against the same reading
    assert store.next_staff_version(read + 1) is True
    assert store.staff_version() == read + 2
