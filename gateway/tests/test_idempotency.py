"""Idempotency-Key on the POSTs that create something: a retry gets the first answer and creates nothing
more; the same key with another request is refused; keys belong to their caller; erasure reaches them."""

from interra_chassis.store import open_database

from .conftest import known
from .test_workshops_api import PROPOSAL

KEY = {"Idempotency-Key": "6f1c2a0e-0b7e-4d8e-9a51-2f3c4b5d6e7f"}


def titles(coordinator) -> list[str]:
    return [w["title"] for w in coordinator.get("/workshops/pipeline?limit=100").json()["items"]]


def test_a_retried_proposal_is_created_once_and_answered_as_the_first_time(member, staff):
    amina, yusuf = member("Amina"), member("Yusuf")
    coordinator = staff("coordinator:workshops")
    proposal = {**PROPOSAL, "title": "Bread from Aleppo"}

    first = known(lambda: amina.post("/workshops", proposal, headers=KEY))
    assert first.status_code == 201, first.text
    again = amina.post("/workshops", proposal, headers=KEY)  # the answer was lost: the app sends it again
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert titles(coordinator).count("Bread from Aleppo") == 1

    other = amina.post("/workshops", {**proposal, "title": "Bread from Homs"}, headers=KEY)
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["errors"], other.text
    assert "Bread from Homs" not in titles(coordinator)

    theirs = known(lambda: yusuf.post("/workshops", proposal, headers=KEY))  # the same key, another caller
    assert theirs.status_code == 201 and theirs.json()["workshop_id"] != first.json()["workshop_id"]
    without = amina.post("/workshops", proposal)  # no key: two proposals, as the caller asked
    assert without.status_code == 201 and titles(coordinator).count("Bread from Aleppo") == 3

    bad = amina.post("/workshops", proposal, headers={"Idempotency-Key": "short"})
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()["errors"], bad.text


def test_a_failed_try_leaves_the_key_free_and_erasure_forgets_the_answers(member):
    amina = member("Amina")
    failed = amina.post("/workshops", {**PROPOSAL, "title": ""}, headers=KEY)
    assert failed.status_code == 422
    retried = known(lambda: amina.post("/workshops", PROPOSAL, headers=KEY))
    assert retried.status_code == 201, retried.text  # the failure did not hold the key

    keys = open_database("gateway")["idempotency"]
    assert keys.count_documents({"caller": f"member:{amina.member_id}"}) == 1
    assert amina.delete(f"/members/{amina.member_id}").status_code == 202
    assert keys.count_documents({"caller": f"member:{amina.member_id}"}) == 0
