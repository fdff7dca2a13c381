"""Right of access (export_member) and right to erasure (MemberErased, erasure_status), end to end
over the real broker and the embedded store: applications stay for the counts, anonymised."""

import json
from datetime import datetime

import pytest

from interra_chassis.errors import Invalid
from interra_chassis.testing import NOT_A_MEMBER_ID, call, erase, register

from .conftest import ANSWERS, PROJECT, application_request


def test_export_then_erasure_anonymises_the_applications_and_forgets_the_member(incubator, db, open_call, applicant):
    call_id = open_call()["call_id"]
    mine = applicant(call_id, "m-kofi", {"region": "brussels", "languages": ["en", "tw"], "gender": "man"})
    theirs = applicant(call_id, "m-lea", {"kind": "local"}, project={**PROJECT, "title": "Repair café"})

    export = call(incubator, "export_member", "m-kofi")
    assert export["known_as"] == {"kind": "newcomer", "region": "brussels", "languages": ["en", "tw"],
                                  "french_level": "A2", "gender": "man"}  # fmt: skip
    [exported] = export["applications"]
    assert exported["application_id"] == mine["application_id"]
    assert (exported["member_id"], exported["project"], exported["answers"]) == ("m-kofi", PROJECT, ANSWERS)
    assert exported["applicant"] == {"kind": "newcomer", "gender": "man"}
    assert json.loads(json.dumps(export)) == export
    assert call(incubator, "erasure_status", "m-kofi") == {"service": "incubator", "erased": False, "at": None}

    erase(incubator, "m-kofi", deliveries=2)  # the same envelope delivered twice
    status = call(incubator, "erasure_status", "m-kofi")
    assert (status["service"], status["erased"]) == ("incubator", True)
    assert datetime.fromisoformat(status["at"]).tzinfo is not None

    assert call(incubator, "export_member", "m-kofi")["applications"] == []
    assert db.applications.count_documents({"member_id": "m-kofi"}) == 0
    kept = db.applications.find_one({"_id": mine["application_id"]})
    assert kept["member_id"] is None and kept["answers"] == {} and kept["erased"] is True
    assert kept["status"] == "withdrawn"  # under review when erased: nobody is left to admit
    assert kept["project"] == {k: PROJECT[k] for k in ("sector", "stage", "needs", "team_size", "newcomer_founders")}
    assert kept["applicant"] == {"kind": "newcomer", "gender": "man"}  # counted, no longer anyone's
    assert db.members.find_one({"_id": "m-kofi"}) == {"_id": "m-kofi", "erased": True}
    assert db.erasures.find_one({"_id": "m-kofi"}) == {"_id": "m-kofi", "at": status["at"]}
    assert call(incubator, "list_applications")["total"] == 2

    other = call(incubator, "export_member", "m-lea")
    assert other["known_as"]["kind"] == "local"
    assert [a["application_id"] for a in other["applications"]] == [theirs["application_id"]]
    assert call(incubator, "get_application", theirs["application_id"])["project"]["title"] == "Repair café"
    assert call(incubator, "erasure_status", "m-lea")["erased"] is False

    register(incubator, "m-kofi")  # a late MemberRegistered does not bring them back
    assert call(incubator, "export_member", "m-kofi")["known_as"] is None
    with pytest.raises(Invalid) as caught:
        call(incubator, "apply", application_request(call_id, "m-kofi"))
    assert "unknown member" in caught.value.fields["member_id"][0]
    assert call(incubator, "erasure_status", "m-kofi") == status


def test_a_member_never_seen_can_be_exported_and_erased_for_good(incubator, open_call):
    call_id = open_call()["call_id"]
    export = call(incubator, "export_member", "m-stranger")
    assert export["known_as"] is None and export["applications"] == []
    erase(incubator, "m-stranger")
    assert call(incubator, "erasure_status", "m-stranger")["erased"] is True

    register(incubator, "m-stranger")  # a late MemberRegistered does not bring them in
    assert call(incubator, "export_member", "m-stranger")["known_as"] is None
    with pytest.raises(Invalid):
        call(incubator, "apply", application_request(call_id, "m-stranger"))


@pytest.mark.parametrize("member_id", NOT_A_MEMBER_ID)
@pytest.mark.parametrize("method", ["export_member", "erasure_status"])
def test_a_member_id_that_is_not_a_string_is_invalid(incubator, method, member_id):
    with pytest.raises(Invalid) as caught:
        call(incubator, method, member_id)
    assert "member_id" in caught.value.fields
