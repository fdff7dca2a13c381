from datetime import date

import pytest

from members import domain

TODAY = date(2026, 11, 21)
PROFILE = {"region": "liege", "birth_year": 1990, "arrived_on": date(2025, 1, 1)}


@pytest.mark.parametrize(
    ("arrived_on", "kind"),
    [
        (date(2026, 11, 1), "newcomer"),
        (date(2023, 11, 22), "newcomer"),  # one day short of three years
        (date(2023, 11, 21), "local"),  # exactly three years
        (date(2010, 5, 5), "local"),
        (None, "local"),
    ],
)
def test_newcomer_status_comes_from_the_arrival_date(arrived_on, kind):
    assert domain.kind_of(arrived_on, TODAY) == kind


def test_leap_day_arrivals_are_counted_from_the_28th():
    assert domain.years_before(date(2028, 2, 29), 3) == date(2025, 2, 28)


def test_a_valid_profile_has_no_errors():
    assert domain.profile_errors(PROFILE, TODAY, ("liege", "brussels")) == {}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"region": "namur"}, "region", "liege, brussels"),
        ({"arrived_on": date(2026, 12, 1)}, "arrived_on", "future"),
        ({"birth_year": 2015}, "birth_year", "between 16 and 110"),
    ],
)
def test_broken_rules_name_the_field_and_say_why(change, field, words):
    errors = domain.profile_errors({**PROFILE, **change}, TODAY, ("liege", "brussels"))
    assert list(errors) == [field]
    assert words in errors[field][0]


def test_the_public_view_holds_no_personal_details():
    member = {
        "_id": "m1",
        "kind": "newcomer",
        "first_name": "Amina",
        "last_name": "Haddad",
        "email": "a@example.org",
        "phone": "+32 4",
        **{name: None for name in domain.PUBLIC_FIELDS},
    }
    view = domain.public_view(member)
    assert not {"first_name", "last_name", "email", "phone"} & set(view)
    assert view["member_id"] == "m1"


ADMIN_A = {"_id": "s-a", "roles": ["admin"]}
ADMIN_B = {"_id": "s-b", "roles": ["admin", "coordinator:duos"], "active": True}
COORDINATOR = {"_id": "s-c", "roles": ["coordinator:workshops"]}


@pytest.mark.parametrize(
    ("target", "changes", "actor", "refusal"),
    [
        ("s-a", {"active": False}, "s-a", ("active", "you cannot deactivate your own account")),
        ("s-a", {"roles": ["coordinator:duos"]}, "s-a", ("roles", "you cannot take the admin role from yourself")),
        ("s-b", {"active": False}, "s-a", None),
        ("s-b", {"roles": ["coordinator:duos"]}, "s-a", None),
        ("s-a", {"roles": ["admin", "coordinator:duos"]}, "s-a", None),  # adding a role to oneself
        ("s-c", {"active": False, "roles": ["admin"]}, "s-a", None),
    ],
)
def test_an_admin_never_locks_themselves_out(target, changes, actor, refusal):
    assert domain.staff_change_refusal([ADMIN_A, ADMIN_B, COORDINATOR], target, changes, actor) == refusal


def test_one_active_admin_always_remains():
    deactivated_b = {**ADMIN_B, "active": False}
    accounts = [ADMIN_A, deactivated_b, COORDINATOR]
    last = ("active", "the platform would have no active admin left")
    assert domain.staff_change_refusal(accounts, "s-a", {"active": False}, "s-b") == last
    demoted = domain.staff_change_refusal(accounts, "s-a", {"roles": ["coordinator:duos"]}, None)
    assert demoted == ("roles", "the platform would have no active admin left")
    assert domain.staff_change_refusal(accounts, "s-b", {"active": True}, "s-a") is None
    assert domain.staff_change_refusal(accounts, "s-c", {"active": False}, "s-a") is None  # not an admin
    # with B active again, A may be demoted by B
    assert domain.staff_change_refusal([ADMIN_A, ADMIN_B], "s-a", {"roles": ["coordinator:duos"]}, "s-b") is None
