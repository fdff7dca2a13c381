"""Right of access (export_member) and right to erasure (MemberErased, erasure_status), end to end
over the real broker and the embedded store."""

import json
from datetime import datetime

import pytest

from interra_chassis.errors import Invalid, NotFound
from interra_chassis.store import open_database
from interra_chassis.testing import NOT_A_MEMBER_ID, call, erase, register

EMPTY = {"known_as": None, "requests": [], "duos": [], "evaluations": []}
VOLUNTEER = {"kind": "local", "french_level": "native", "arrived_on": None, "languages": ["fr"]}


@pytest.fixture
def db(duos):
    return open_database("duos")


def offer_of(duos, member_id) -> dict:
    [offer] = call(duos, "export_member", member_id)["requests"]
    return offer


def test_export_holds_the_members_requests_duos_and_evaluations(duos):
    register(duos, "learner-1")
    register(duos, "volunteer-1", **VOLUNTEER)
    request = call(duos, "request_duo", {"member_id": "learner-1"})
    call(duos, "offer_duo", {"member_id": "volunteer-1", "capacity": 2})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "learner-1")["duos"]
    given = call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "learner-1", "rating": 4, "tags": ["fun"]})
    call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "volunteer-1", "rating": 5})

    export = call(duos, "export_member", "learner-1")
    assert json.loads(json.dumps(export)) == export
    assert "_outbox" not in json.dumps(export)
    assert '"_id"' not in json.dumps(export)
    assert export["known_as"] == {
        "kind": "newcomer",
        "region": "liege",
        "french_level": "A2",
        "languages": ["ar"],
        "interests": ["cooking"],
        "birth_year": 1995,
        "gender": None,
    }
    [mine] = export["requests"]
    assert (mine["request_id"], mine["side"], mine["status"]) == (request["request_id"], "learner", "matched")
    assert mine["duo_id"] == duo["duo_id"]
    [held] = export["duos"]
    assert held["duo_id"] == duo["duo_id"]
    assert (held["learner_id"], held["volunteer_id"], held["status"]) == ("learner-1", "volunteer-1", "active")
    [evaluation] = export["evaluations"]
    assert evaluation["evaluation_id"] == given["evaluation_id"]
    assert (evaluation["evaluator_id"], evaluation["rating"], evaluation["tags"]) == ("learner-1", 4, ["fun"])
    assert evaluation["duo_id"] == duo["duo_id"]

    assert call(duos, "export_member", "nobody") == EMPTY
    assert call(duos, "erasure_status", "learner-1") == {"service": "duos", "erased": False, "at": None}


def test_erasing_a_learner_ends_the_duo_and_gives_the_volunteer_place_back_once(duos, db, publish):
    register(duos, "learner-2")
    register(duos, "volunteer-2", **VOLUNTEER)
    call(duos, "request_duo", {"member_id": "learner-2"})
    call(duos, "offer_duo", {"member_id": "volunteer-2", "capacity": 2})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "volunteer-2")["duos"]
    call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "learner-2", "rating": 4})
    partners = call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "volunteer-2", "rating": 5})
    assert offer_of(duos, "volunteer-2")["remaining"] == 1

    erased = erase(duos, "learner-2")
    publish(erased)  # the same envelope delivered again...
    again = erase(duos, "learner-2")  # ...and a second erasure request: the handler runs again
    assert erased["id"] != again["id"]

    status = call(duos, "erasure_status", "learner-2")
    assert (status["service"], status["erased"]) == ("duos", True)
    assert datetime.fromisoformat(status["at"]).tzinfo is not None
    assert db.erasures.find_one({"_id": "learner-2"}) == {"_id": "learner-2", "at": status["at"]}
    assert call(duos, "export_member", "learner-2") == EMPTY
    assert db.requests.count_documents({"member_id": "learner-2"}) == 0
    assert db.evaluations.count_documents({"evaluator_id": "learner-2"}) == 0

    partner = call(duos, "export_member", "volunteer-2")
    [ended] = partner["duos"]
    assert ended["duo_id"] == duo["duo_id"]
    assert (ended["learner_id"], ended["volunteer_id"]) == ("erased", "volunteer-2")
    assert (ended["status"], ended["end_reason"]) == ("ended", "member_erased")
    assert "slot_owed" not in ended
    [kept] = partner["evaluations"]
    assert (kept["evaluation_id"], kept["rating"]) == (partners["evaluation_id"], 5)
    [offer] = partner["requests"]
    assert (offer["capacity"], offer["remaining"]) == (2, 2)  # given back exactly once
    assert offer["returned_slots"] == [duo["duo_id"]]
    counts = {k: v for k, v in call(duos, "stats").items() if k in ("members_known", "waiting_learners", "open_offers")}
    assert counts == {"members_known": 1, "waiting_learners": 0, "open_offers": 1}
    assert (call(duos, "stats")["active_duos"], call(duos, "stats")["ended_duos"]) == (0, 1)

    # A crash after the place went back but before the duo was settled: running again owes nothing.
    db.duos.update_one({"_id": duo["duo_id"]}, {"$set": {"slot_owed": True}})
    erase(duos, "learner-2")
    assert offer_of(duos, "volunteer-2")["remaining"] == 2
    assert "slot_owed" not in db.duos.find_one({"_id": duo["duo_id"]})

    # The placeholder is no one: it cannot evaluate, and exporting it gives nobody's duos away.
    with pytest.raises(Invalid):
        call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "erased", "rating": 1})
    assert call(duos, "export_member", "erased") == EMPTY

    # A late MemberRegistered does not bring the member back.
    register(duos, "learner-2")
    assert call(duos, "export_member", "learner-2") == EMPTY
    with pytest.raises(Invalid) as caught:
        call(duos, "request_duo", {"member_id": "learner-2"})
    assert "unknown member" in caught.value.fields["member_id"][0]
    with pytest.raises(NotFound):
        call(duos, "duos_of", "learner-2")
    assert call(duos, "erasure_status", "learner-2") == status


def test_erasing_a_volunteer_ends_the_duo_and_deletes_the_offer(duos, db):
    register(duos, "learner-3")
    register(duos, "volunteer-3", **VOLUNTEER)
    call(duos, "request_duo", {"member_id": "learner-3"})
    call(duos, "offer_duo", {"member_id": "volunteer-3", "capacity": 2})
    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "learner-3")["duos"]
    learners = call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "learner-3", "rating": 3})
    call(duos, "evaluate", duo["duo_id"], {"evaluator_id": "volunteer-3", "rating": 5})

    erase(duos, "volunteer-3")

    assert call(duos, "export_member", "volunteer-3") == EMPTY
    assert db.requests.count_documents({"member_id": "volunteer-3"}) == 0
    partner = call(duos, "export_member", "learner-3")
    [ended] = partner["duos"]
    assert (ended["learner_id"], ended["volunteer_id"]) == ("learner-3", "erased")
    assert (ended["status"], ended["end_reason"]) == ("ended", "member_erased")
    assert [e["evaluation_id"] for e in partner["evaluations"]] == [learners["evaluation_id"]]
    [request] = partner["requests"]
    assert request["status"] == "waiting"  # back on the waiting list, seniority kept
    assert partner["known_as"] is not None


def test_the_learner_of_an_erased_volunteer_is_matched_again(duos):
    register(duos, "learner-6")
    register(duos, "volunteer-6", **VOLUNTEER)
    register(duos, "volunteer-7", **VOLUNTEER)
    first = call(duos, "request_duo", {"member_id": "learner-6"})
    call(duos, "offer_duo", {"member_id": "volunteer-6", "capacity": 1})

    erase(duos, "volunteer-6")
    call(duos, "run_matching")
    assert call(duos, "duos_of", "learner-6")["requests"][0]["status"] == "waiting"

    call(duos, "offer_duo", {"member_id": "volunteer-7", "capacity": 1})
    call(duos, "run_matching")
    active = [d for d in call(duos, "duos_of", "learner-6")["duos"] if d["status"] == "active"]
    assert [d["volunteer_id"] for d in active] == ["volunteer-7"]
    assert call(duos, "duos_of", "learner-6")["requests"][0]["request_id"] == first["request_id"]


def test_the_place_given_back_goes_at_once_to_a_waiting_learner(duos):
    register(duos, "learner-4")
    register(duos, "learner-5")
    register(duos, "volunteer-4", **VOLUNTEER)
    call(duos, "request_duo", {"member_id": "learner-4"})
    call(duos, "offer_duo", {"member_id": "volunteer-4", "capacity": 1})
    call(duos, "run_matching")
    assert call(duos, "request_duo", {"member_id": "learner-5"})["status"] == "waiting"

    erase(duos, "learner-4")

    call(duos, "run_matching")
    [duo] = call(duos, "duos_of", "learner-5")["duos"]
    assert (duo["learner_id"], duo["volunteer_id"], duo["status"]) == ("learner-5", "volunteer-4", "active")
    assert offer_of(duos, "volunteer-4")["remaining"] == 0
    statuses = {d["learner_id"]: d["status"] for d in call(duos, "duos_of", "volunteer-4")["duos"]}
    assert statuses == {"learner-5": "active", "erased": "ended"}


def test_a_member_never_seen_can_be_exported_and_erased_for_good(duos):
    assert call(duos, "export_member", "m-stranger") == EMPTY
    erase(duos, "m-stranger")
    assert call(duos, "erasure_status", "m-stranger")["erased"] is True

    register(duos, "m-stranger")  # a late MemberRegistered does not bring them in
    assert call(duos, "export_member", "m-stranger") == EMPTY
    with pytest.raises(Invalid):
        call(duos, "request_duo", {"member_id": "m-stranger"})


@pytest.mark.parametrize("member_id", NOT_A_MEMBER_ID)
@pytest.mark.parametrize("method", ["export_member", "erasure_status"])
def test_a_member_id_that_is_not_a_string_is_invalid(duos, method, member_id):
    with pytest.raises(Invalid) as caught:
        call(duos, method, member_id)
    assert "member_id" in caught.value.fields
