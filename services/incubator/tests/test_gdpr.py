"""Right of access (export_member) and right to erasure (MemberErased, erasure_status), end to end
over the real broker and the embedded store."""

import json
from datetime import datetime

import pytest

from interra_chassis.errors import Invalid
from interra_chassis.testing import NOT_A_MEMBER_ID, call, erase, register

APPLICATION = {
    "project_title": "Accra kitchen",
    "sector": "food",
    "description": "A catering business serving Ghanaian dishes at events.",
    "cohort": "2027-spring",
}
EMPTY = {"known_as": None, "applications": []}


def test_export_then_erasure_deletes_the_applications_and_forgets_the_member(incubator, db):
    register(incubator, "m-kofi", region="brussels", languages=["en", "tw"])
    register(incubator, "m-lea", kind="local")
    mine = call(incubator, "apply", {**APPLICATION, "member_id": "m-kofi"})
    theirs = call(incubator, "apply", {**APPLICATION, "member_id": "m-lea", "project_title": "Repair café"})

    export = call(incubator, "export_member", "m-kofi")
    assert export == {
        "known_as": {"kind": "newcomer", "region": "brussels", "languages": ["en", "tw"]},
        "applications": [
            {
                "application_id": mine["application_id"],
                "member_id": "m-kofi",
                "project_title": "Accra kitchen",
                "sector": "food",
                "description": APPLICATION["description"],
                "cohort": "2027-spring",
                "status": "submitted",
                "open": True,
                "created_at": mine["created_at"],
            }
        ],
    }
    assert json.loads(json.dumps(export)) == export
    assert call(incubator, "erasure_status", "m-kofi") == {"service": "incubator", "erased": False, "at": None}

    erase(incubator, "m-kofi", deliveries=2)  # the same envelope delivered twice
    status = call(incubator, "erasure_status", "m-kofi")
    assert (status["service"], status["erased"]) == ("incubator", True)
    assert datetime.fromisoformat(status["at"]).tzinfo is not None

    assert call(incubator, "export_member", "m-kofi") == EMPTY
    assert db.applications.count_documents({"member_id": "m-kofi"}) == 0
    assert db.members.find_one({"_id": "m-kofi"}) == {"_id": "m-kofi", "erased": True}
    assert db.erasures.find_one({"_id": "m-kofi"}) == {"_id": "m-kofi", "at": status["at"]}
    assert call(incubator, "list_applications")["total"] == 1

    other = call(incubator, "export_member", "m-lea")
    assert other["known_as"] == {"kind": "local", "region": "liege", "languages": ["ar"]}
    assert [a["application_id"] for a in other["applications"]] == [theirs["application_id"]]
    assert call(incubator, "get_application", theirs["application_id"])["project_title"] == "Repair café"
    assert call(incubator, "erasure_status", "m-lea")["erased"] is False

    register(incubator, "m-kofi")  # a late MemberRegistered does not bring them back
    assert call(incubator, "export_member", "m-kofi") == EMPTY
    with pytest.raises(Invalid) as caught:
        call(incubator, "apply", {**APPLICATION, "member_id": "m-kofi"})
    assert "unknown member" in caught.value.fields["member_id"][0]
    assert call(incubator, "erasure_status", "m-kofi") == status


def test_a_member_never_seen_can_be_exported_and_erased_for_good(incubator):
    assert call(incubator, "export_member", "m-stranger") == EMPTY
    erase(incubator, "m-stranger")
    assert call(incubator, "erasure_status", "m-stranger")["erased"] is True

    register(incubator, "m-stranger")  # a late MemberRegistered does not bring them in
    assert call(incubator, "export_member", "m-stranger") == EMPTY
    with pytest.raises(Invalid):
        call(incubator, "apply", {**APPLICATION, "member_id": "m-stranger"})


@pytest.mark.parametrize("member_id", NOT_A_MEMBER_ID)
@pytest.mark.parametrize("method", ["export_member", "erasure_status"])
def test_a_member_id_that_is_not_a_string_is_invalid(incubator, method, member_id):
    with pytest.raises(Invalid) as caught:
        call(incubator, method, member_id)
    assert "member_id" in caught.value.fields
