from datetime import UTC, date, datetime

import pytest
from nameko.testing.services import entrypoint_hook

from interra_chassis import paging
from interra_chassis.errors import Invalid, NotFound
from interra_chassis.testing import EventTap, events_once, register
from interra_contracts import load_event
from workshops import domain

MEMBER = {
    "member_id": "m-amina",
    "kind": "newcomer",
    "region": "liege",
    "languages": ["ar", "en"],
    "french_level": "A2",
    "interests": ["cooking"],
    "birth_year": 1994,
    "gender": "woman",
    "arrived_on": date(2025, 3, 1),
    "programmes": ["workshops"],
    "preferred_language": "fr",
}
PROPOSAL = {
    "proposer_id": "m-amina",
    "title": "Syrian cooking",
    "description": "We cook kibbeh together and share family recipes.",
    "category": "cooking",
    "languages": ["ar", "fr"],
    "format": "in_person",
}


@pytest.fixture
def member(workshops, db):
    """A member the workshops service learnt of through a real MemberRegistered event."""
    register(workshops, **MEMBER)
    stored = db.members.find_one({"_id": MEMBER["member_id"]})
    assert stored, "MemberRegistered was handled but the member was not stored"
    return stored


def test_the_read_model_keeps_only_non_personal_attributes(member):
    assert member == {"_id": "m-amina", "kind": "newcomer", "region": "liege", "languages": ["ar", "en"]}


def test_propose_stores_the_workshop_and_publishes_workshop_proposed(workshops, member, rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "workshops", "WorkshopProposed")
    with entrypoint_hook(workshops, "propose") as propose:
        workshop = propose(PROPOSAL)
    assert workshop["status"] == "proposed"
    assert workshop["proposer_id"] == "m-amina"
    assert workshop["created_at"]
    with entrypoint_hook(workshops, "get") as get:
        assert get(workshop["workshop_id"], "m-amina") == workshop  # its proposer sees it
        assert get(workshop["workshop_id"], None, True) == workshop  # and staff
        with pytest.raises(NotFound):  # nobody else, before it is published
            get(workshop["workshop_id"], "m-someone-else")

    [published] = events_once(tap, "WorkshopProposed")
    event = load_event(published)
    assert event.type == "WorkshopProposed"
    assert event.source == "workshops"
    assert event.data["workshop_id"] == workshop["workshop_id"]
    assert event.data["proposer_id"] == "m-amina"
    assert event.data["format"] == "in_person"
    assert "description" not in event.data
    tap.close()


def test_an_unknown_proposer_is_invalid(workshops):
    with entrypoint_hook(workshops, "propose") as propose, pytest.raises(Invalid) as caught:
        propose({**PROPOSAL, "proposer_id": "nobody"})
    assert list(caught.value.fields) == ["proposer_id"]
    assert "unknown member" in caught.value.fields["proposer_id"][0]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "ab"}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": "     "}, "title"),
        ({"description": "too short"}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"category": "astrology"}, "category"),
        ({"languages": []}, "languages"),
        ({"languages": ["French"]}, "languages"),
        ({"format": "hybrid"}, "format"),
        ({"proposer_id": None}, "proposer_id"),
        ({"venue": "Café Liégeois"}, "venue"),
    ],
)
def test_invalid_proposals_name_the_field(workshops, member, change, field):
    with entrypoint_hook(workshops, "propose") as propose, pytest.raises(Invalid) as caught:
        propose({**PROPOSAL, **change})
    assert field in caught.value.fields


def test_every_bad_field_is_named_at_once(workshops, member):
    bad = {**PROPOSAL, "title": "", "category": "astrology", "format": "hybrid"}
    with entrypoint_hook(workshops, "propose") as propose, pytest.raises(Invalid) as caught:
        propose(bad)
    assert set(caught.value.fields) == {"title", "category", "format"}


def test_a_payload_that_is_not_an_object_is_invalid(workshops):
    with entrypoint_hook(workshops, "propose") as propose, pytest.raises(Invalid):
        propose(["not", "an", "object"])


def test_get_an_unknown_workshop_is_not_found(workshops):
    with entrypoint_hook(workshops, "get") as get:
        with pytest.raises(NotFound):
            get("nothing")
        with pytest.raises(NotFound):
            get(None)


def test_list_is_newest_first_and_paginated(workshops, member):
    with entrypoint_hook(workshops, "propose") as propose:
        ids = [propose({**PROPOSAL, "title": f"Workshop {n}"})["workshop_id"] for n in range(3)]
    with entrypoint_hook(workshops, "list") as list_:
        assert list_()["total"] == 0, "proposals are not in the public catalogue"
        page = list_(staff=True)
        assert [w["workshop_id"] for w in page["items"]] == ids[::-1]
        assert (page["total"], page["offset"], page["limit"]) == (3, 0, paging.DEFAULT_LIMIT)
        middle = list_(offset=1, limit=1, staff=True)
        assert [w["workshop_id"] for w in middle["items"]] == [ids[1]]
        assert middle["total"] == 3
        assert list_(offset=5, staff=True)["items"] == []
        assert list_(status="proposed", staff=True)["total"] == 3


def test_list_caps_the_page_at_one_hundred(workshops, db):
    now = datetime.now(UTC)
    db.workshops.insert_many(
        [domain.new_workshop(PROPOSAL, f"w-{n:03}", now.replace(microsecond=n)) for n in range(paging.MAX_LIMIT + 5)]
    )
    with entrypoint_hook(workshops, "list") as list_:
        page = list_(limit=500, staff=True)
    assert page["limit"] == paging.MAX_LIMIT
    assert len(page["items"]) == paging.MAX_LIMIT
    assert page["total"] == paging.MAX_LIMIT + 5
    assert page["items"][0]["workshop_id"] == f"w-{paging.MAX_LIMIT + 4:03}"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 1.5}, "offset"),
        ({"status": "bogus"}, "status"),
    ],
)
def test_invalid_list_queries_name_the_field(workshops, query, field):
    with entrypoint_hook(workshops, "list") as list_, pytest.raises(Invalid) as caught:
        list_(**query)
    assert field in caught.value.fields
