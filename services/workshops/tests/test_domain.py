from datetime import UTC, datetime

from interra_contracts import load_event, new_event
from workshops import domain

PROPOSAL = {
    "proposer_id": "m-1",
    "title": "Syrian cooking",
    "description": "We cook kibbeh together and share recipes.",
    "category": "cooking",
    "languages": ["ar", "fr", "ar"],
    "format": "in_person",
}
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def test_an_unknown_proposer_is_named():
    assert domain.proposal_errors(PROPOSAL, None) == {"proposer_id": ["unknown member 'm-1'"]}


def test_a_known_proposer_breaks_no_rule():
    assert domain.proposal_errors(PROPOSAL, {"_id": "m-1", "kind": "local"}) == {}


def test_a_new_workshop_is_proposed_with_its_time_and_distinct_languages():
    workshop = domain.new_workshop(PROPOSAL, "w-1", NOW)
    assert workshop["_id"] == "w-1"
    assert workshop["status"] == "proposed"
    assert workshop["created_at"] == "2026-11-21T10:00:00.000000+00:00"
    assert workshop["languages"] == ["ar", "fr"]
    assert workshop["title"] == PROPOSAL["title"]


def test_created_at_sorts_in_time_order_as_text():
    earlier = domain.new_workshop(PROPOSAL, "w-1", NOW)["created_at"]
    later = domain.new_workshop(PROPOSAL, "w-2", NOW.replace(microsecond=1))["created_at"]
    assert earlier < later


def test_the_event_honours_its_contract_and_leaves_the_description_out():
    data = domain.proposed_event(domain.new_workshop(PROPOSAL, "w-1", NOW))
    assert "description" not in data
    event = load_event(new_event("WorkshopProposed", data, source="workshops"))
    assert event.data["workshop_id"] == "w-1"
    assert event.data["languages"] == ["ar", "fr"]


def test_the_categories_are_a_closed_list():
    assert "cooking" in domain.CATEGORIES
    assert "astrology" not in domain.CATEGORIES
