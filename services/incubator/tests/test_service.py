from datetime import UTC, datetime

import pytest
from nameko.testing.services import entrypoint_hook

from incubator import domain
from interra_chassis import paging
from interra_chassis.errors import Conflict, Invalid, NotFound
from interra_chassis.testing import EventTap, events_once, register
from interra_contracts import load_event

MEMBER = {
    "member_id": "m-kofi",
    "kind": "newcomer",
    "region": "brussels",
    "languages": ["en", "tw"],
    "french_level": "B1",
    "interests": ["trade"],
    "birth_year": 1988,
    "gender": None,
    "arrived_on": None,
    "programmes": ["incubator"],
    "preferred_language": "en",
}
APPLICATION = {
    "member_id": "m-kofi",
    "project_title": "Accra kitchen",
    "sector": "food",
    "description": "A catering business serving Ghanaian dishes at events.",
    "cohort": "2027-spring",
}


@pytest.fixture
def known(incubator, db):
    """Make members (MEMBER with changes) known to the incubator through real MemberRegistered events;
    returns what the incubator stored of the member."""

    def known(**changes):
        data = {**MEMBER, **changes}
        register(incubator, **data)
        stored = db.members.find_one({"_id": data["member_id"]})
        assert stored, "MemberRegistered was handled but the member was not stored"
        return stored

    return known


@pytest.fixture
def member(known):
    return known()


def test_the_read_model_keeps_only_non_personal_attributes(member):
    assert member == {"_id": "m-kofi", "kind": "newcomer", "region": "brussels", "languages": ["en", "tw"]}


def test_apply_stores_the_application_and_publishes_entrepreneur_applied(incubator, member, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "incubator", "EntrepreneurApplied")
    with entrypoint_hook(incubator, "apply") as apply:
        application = apply(APPLICATION)
    assert application["status"] == "submitted"
    assert application["member_id"] == "m-kofi"
    assert application["cohort"] == "2027-spring"
    assert "open" not in application
    with entrypoint_hook(incubator, "get_application") as get_application:
        assert get_application(application["application_id"]) == application

    [published] = events_once(tap, "EntrepreneurApplied")
    event = load_event(published)
    assert event.type == "EntrepreneurApplied"
    assert event.source == "incubator"
    assert event.data == {
        "application_id": application["application_id"],
        "member_id": "m-kofi",
        "sector": "food",
        "cohort": "2027-spring",
    }
    tap.close()


def test_the_cohort_is_optional(incubator, member):
    with entrypoint_hook(incubator, "apply") as apply:
        application = apply({k: v for k, v in APPLICATION.items() if k != "cohort"})
    assert application["cohort"] is None


def test_an_unknown_member_is_invalid(incubator):
    with entrypoint_hook(incubator, "apply") as apply, pytest.raises(Invalid) as caught:
        apply({**APPLICATION, "member_id": "nobody"})
    assert list(caught.value.fields) == ["member_id"]
    assert "unknown member" in caught.value.fields["member_id"][0]


def test_a_second_open_application_is_a_conflict(incubator, member, known, db):
    known(member_id="m-other")
    with entrypoint_hook(incubator, "apply") as apply:
        apply(APPLICATION)
        with pytest.raises(Conflict) as caught:
            apply({**APPLICATION, "project_title": "Another idea", "sector": "retail"})
        assert "member_id" in caught.value.fields
        apply({**APPLICATION, "member_id": "m-other"})
    assert db.applications.count_documents({"member_id": "m-kofi"}) == 1


def test_a_closed_application_does_not_block_a_new_one(incubator, member, db):
    with entrypoint_hook(incubator, "apply") as apply:
        first = apply(APPLICATION)
        db.applications.update_one({"_id": first["application_id"]}, {"$set": {"status": "closed", "open": False}})
        second = apply({**APPLICATION, "project_title": "Accra kitchen, again"})
    assert second["application_id"] != first["application_id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"project_title": "ab"}, "project_title"),
        ({"project_title": "x" * 121}, "project_title"),
        ({"project_title": "   "}, "project_title"),
        ({"description": "too short"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"sector": "weapons"}, "sector"),
        ({"cohort": ""}, "cohort"),
        ({"cohort": 2027}, "cohort"),
        ({"member_id": None}, "member_id"),
        ({"budget": 10_000}, "budget"),
    ],
)
def test_invalid_applications_name_the_field(incubator, member, change, field):
    with entrypoint_hook(incubator, "apply") as apply, pytest.raises(Invalid) as caught:
        apply({**APPLICATION, **change})
    assert field in caught.value.fields


def test_every_bad_field_is_named_at_once(incubator, member):
    bad = {**APPLICATION, "project_title": "", "sector": "weapons", "description": None}
    with entrypoint_hook(incubator, "apply") as apply, pytest.raises(Invalid) as caught:
        apply(bad)
    assert set(caught.value.fields) == {"project_title", "sector", "description"}


def test_get_an_unknown_application_is_not_found(incubator):
    with entrypoint_hook(incubator, "get_application") as get_application:
        with pytest.raises(NotFound):
            get_application("nothing")
        with pytest.raises(NotFound):
            get_application(42)


def test_list_is_newest_first_paginated_and_filtered_by_member(incubator, known):
    ids = []
    with entrypoint_hook(incubator, "apply") as apply:
        for n in range(3):
            known(member_id=f"m-{n}")
            ids.append(apply({**APPLICATION, "member_id": f"m-{n}"})["application_id"])
    with entrypoint_hook(incubator, "list_applications") as list_applications:
        page = list_applications()
        assert [a["application_id"] for a in page["items"]] == ids[::-1]
        assert (page["total"], page["offset"], page["limit"]) == (3, 0, paging.DEFAULT_LIMIT)
        middle = list_applications(offset=1, limit=1)
        assert [a["application_id"] for a in middle["items"]] == [ids[1]]
        assert middle["total"] == 3
        mine = list_applications(member_id="m-2")
        assert [a["application_id"] for a in mine["items"]] == [ids[2]]
        assert mine["total"] == 1
        assert list_applications(member_id="nobody") == {
            "items": [],
            "total": 0,
            "offset": 0,
            "limit": paging.DEFAULT_LIMIT,
        }


def test_list_caps_the_page_at_one_hundred(incubator, db):
    now = datetime.now(UTC)
    db.applications.insert_many(
        [
            domain.new_application({**APPLICATION, "member_id": f"m-{n:03}"}, f"a-{n:03}", now.replace(microsecond=n))
            for n in range(paging.MAX_LIMIT + 5)
        ]
    )
    with entrypoint_hook(incubator, "list_applications") as list_applications:
        page = list_applications(limit=500)
    assert page["limit"] == paging.MAX_LIMIT
    assert len(page["items"]) == paging.MAX_LIMIT
    assert page["total"] == paging.MAX_LIMIT + 5
    assert page["items"][0]["application_id"] == f"a-{paging.MAX_LIMIT + 4:03}"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"member_id": ""}, "member_id"),
        ({"member_id": 7}, "member_id"),
    ],
)
def test_invalid_list_queries_name_the_field(incubator, query, field):
    with (
        entrypoint_hook(incubator, "list_applications") as list_applications,
        pytest.raises(Invalid) as caught,
    ):
        list_applications(**query)
    assert field in caught.value.fields
