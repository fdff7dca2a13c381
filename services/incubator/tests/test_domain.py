from datetime import UTC, datetime

from incubator import domain
from interra_contracts import load_event, new_event

REQUEST = {
    "member_id": "m-1",
    "project_title": "Épicerie du monde",
    "sector": "food",
    "description": "A grocery selling products from West Africa and Syria.",
    "cohort": None,
}
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)


def test_an_unknown_member_is_named():
    assert domain.application_errors(REQUEST, None) == {"member_id": ["unknown member 'm-1'"]}


def test_a_known_member_breaks_no_rule():
    assert domain.application_errors(REQUEST, {"_id": "m-1", "kind": "newcomer"}) == {}


def test_a_new_application_is_submitted_and_open():
    application = domain.new_application(REQUEST, "a-1", NOW)
    assert application["_id"] == "a-1"
    assert application["status"] == "submitted"
    assert application["open"] is True
    assert application["created_at"] == "2026-11-21T10:00:00.000000+00:00"


def test_open_follows_the_status():
    application = domain.new_application(REQUEST, "a-1", NOW)
    assert domain.with_status(application, "closed")["open"] is False
    assert domain.with_status(application, "submitted")["open"] is True


def test_the_event_honours_its_contract_and_carries_no_free_text():
    data = domain.applied_event(domain.new_application({**REQUEST, "cohort": "2027-spring"}, "a-1", NOW))
    assert set(data) == {"application_id", "member_id", "sector", "cohort"}
    event = load_event(new_event("EntrepreneurApplied", data, source="incubator"))
    assert event.data["cohort"] == "2027-spring"
    assert event.data["member_id"] == "m-1"


def test_the_sectors_are_a_closed_list():
    assert "food" in domain.SECTORS
    assert "weapons" not in domain.SECTORS
