"""Right of access (export_member) and right to erasure (MemberErased, erasure_status), end to end
over the real broker and the embedded store."""

import json
from datetime import datetime

import pytest

from interra_chassis.errors import Invalid
from interra_chassis.testing import NOT_A_MEMBER_ID, call, erase, register

PROPOSAL = {
    "title": "Syrian cooking",
    "description": "We cook kibbeh together and share family recipes.",
    "category": "cooking",
    "languages": ["ar", "fr"],
    "format": "in_person",
}
EMPTY = {"known_as": None, "workshops_proposed": [], "registrations": [], "calendar_feed": None}


def test_export_then_erasure_anonymises_the_workshops_and_forgets_the_member(workshops, db):
    register(workshops, "m-amina", languages=["ar", "en"])
    register(workshops, "m-luc", kind="local", languages=["fr"])
    mine = call(workshops, "propose", {**PROPOSAL, "proposer_id": "m-amina"})
    theirs = call(workshops, "propose", {**PROPOSAL, "proposer_id": "m-luc", "title": "Walloon songs"})

    export = call(workshops, "export_member", "m-amina")
    assert export == {
        "known_as": {"kind": "newcomer", "region": "liege", "languages": ["ar", "en"]},
        "workshops_proposed": [
            {
                "workshop_id": mine["workshop_id"],
                "proposer_id": "m-amina",
                "title": "Syrian cooking",
                "description": PROPOSAL["description"],
                "category": "cooking",
                "languages": ["ar", "fr"],
                "format": "in_person",
                "heard_from": None,
                "status": "proposed",
                "history": [],
                "created_at": mine["created_at"],
            }
        ],
        "registrations": [],
        "calendar_feed": None,
    }
    assert json.loads(json.dumps(export)) == export
    assert call(workshops, "erasure_status", "m-amina") == {"service": "workshops", "erased": False, "at": None}

    erase(workshops, "m-amina", deliveries=2)  # the same envelope delivered twice
    status = call(workshops, "erasure_status", "m-amina")
    assert (status["service"], status["erased"]) == ("workshops", True)
    assert datetime.fromisoformat(status["at"]).tzinfo is not None

    assert call(workshops, "export_member", "m-amina") == EMPTY
    kept = call(workshops, "get", mine["workshop_id"], None, True)  # as staff
    assert kept["proposer_id"] is None
    assert (kept["title"], kept["description"]) == ("Syrian cooking", PROPOSAL["description"])
    assert db.workshops.find_one({"_id": mine["workshop_id"]})["proposer_erased"] is True
    assert db.workshops.count_documents({"proposer_id": "m-amina"}) == 0
    assert db.members.find_one({"_id": "m-amina"}) == {"_id": "m-amina", "erased": True}
    assert db.erasures.find_one({"_id": "m-amina"}) == {"_id": "m-amina", "at": status["at"]}

    other = call(workshops, "export_member", "m-luc")
    assert other["known_as"] == {"kind": "local", "region": "liege", "languages": ["fr"]}
    assert [w["workshop_id"] for w in other["workshops_proposed"]] == [theirs["workshop_id"]]
    assert call(workshops, "get", theirs["workshop_id"], "m-luc")["proposer_id"] == "m-luc"
    assert "proposer_erased" not in db.workshops.find_one({"_id": theirs["workshop_id"]})
    assert call(workshops, "erasure_status", "m-luc")["erased"] is False

    register(workshops, "m-amina")  # a late MemberRegistered does not bring them back
    assert call(workshops, "export_member", "m-amina") == EMPTY
    with pytest.raises(Invalid) as caught:
        call(workshops, "propose", {**PROPOSAL, "proposer_id": "m-amina"})
    assert "unknown member" in caught.value.fields["proposer_id"][0]
    assert call(workshops, "erasure_status", "m-amina") == status


def test_a_member_never_seen_can_be_exported_and_erased_for_good(workshops):
    assert call(workshops, "export_member", "m-stranger") == EMPTY
    erase(workshops, "m-stranger")
    assert call(workshops, "erasure_status", "m-stranger")["erased"] is True

    register(workshops, "m-stranger")  # a late MemberRegistered does not bring them in
    assert call(workshops, "export_member", "m-stranger") == EMPTY
    with pytest.raises(Invalid):
        call(workshops, "propose", {**PROPOSAL, "proposer_id": "m-stranger"})


@pytest.mark.parametrize("member_id", NOT_A_MEMBER_ID)
@pytest.mark.parametrize("method", ["export_member", "erasure_status"])
def test_a_member_id_that_is_not_a_string_is_invalid(workshops, method, member_id):
    with pytest.raises(Invalid) as caught:
        call(workshops, method, member_id)
    assert "member_id" in caught.value.fields
