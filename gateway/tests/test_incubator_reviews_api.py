"""InterLab's review through the gateway, every service running: a coordinator assigns a staff reviewer
and an invited member to each application, each scores the grid; reviews stay hidden until one's own is
in, never reach the applicant or a stranger; the coordinator ranks the call and decides within its places."""

from datetime import UTC, datetime, timedelta

import jwt

from .conftest import known

GRID = ("motivation", "feasibility", "social_value", "fit")
COMMENT = "A real market; the prices need work."
PROJECT = {"title": "Accra kitchen", "sector": "food", "stage": "idea", "needs": ["legal", "financing"],
           "description": "A catering business serving Ghanaian dishes at events.", "team_size": 2,
           "newcomer_founders": True}  # fmt: skip


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def subject(client) -> str:
    """The account subject of a client's token: what the gateway takes as the reviewer."""
    return jwt.decode(client.token, options={"verify_signature": False})["sub"]


def a_review(*marks, **more) -> dict:
    return {"scores": dict(zip(GRID, marks, strict=True)), "comment": COMMENT, **more}


def open_call(coordinator, places: int) -> str:
    today = datetime.now(UTC).date()
    dates = {name: (today + timedelta(days=n)).isoformat()
             for name, n in (("opens_on", -5), ("closes_on", 10), ("starts_on", 20), ("ends_on", 200))}  # fmt: skip
    return ok(coordinator.post("/incubator/calls", {"cohort": "2027", "places": places, **dates}), 201)["call_id"]


def apply(applicant, call_id: str) -> str:
    request = {"call_id": call_id, "language": "ar", "project": PROJECT, "answers": {}}
    return ok(known(lambda: applicant.post("/incubator/applications", request)), 201)["application_id"]


def test_two_reviewers_score_then_the_coordinator_decides_within_the_places(member, staff):
    coordinator = staff("coordinator:incubator")
    reviewer = staff("coordinator:incubator", "coordinator:duos")  # a coordinator asked to review
    kofi, amal, lea, omar = member("Kofi"), member("Amal"), member("Lea", french_level="native"), member("Omar")
    call_id = open_call(coordinator, places=1)
    kofi_app, amal_app = apply(kofi, call_id), apply(amal, call_id)
    staff_id, lea_id = subject(reviewer), f"member:{lea.member_id}"

    # assigning: coordinators only; a member invited as reviewer must be known to the incubator
    assert lea.post(f"/incubator/applications/{kofi_app}/reviewers", {"reviewer": lea_id}).status_code == 403
    for app_id in (kofi_app, amal_app):
        ok(coordinator.post(f"/incubator/applications/{app_id}/reviewers", {"reviewer": staff_id}), 201)
        assigned = ok(known(lambda a=app_id: coordinator.post(f"/incubator/applications/{a}/reviewers",
                                                              {"reviewer": lea_id})), 201)  # fmt: skip
    assert assigned["status"] == "in_review" and [r["reviewer"] for r in assigned["reviewers"]] == [staff_id, lea_id]
    twice = coordinator.post(f"/incubator/applications/{kofi_app}/reviewers", {"reviewer": lea_id})
    assert twice.status_code == 409 and "reviewer" in twice.json()["errors"]
    own = coordinator.post(f"/incubator/applications/{kofi_app}/reviewers", {"reviewer": f"member:{kofi.member_id}"})
    assert own.status_code == 422 and own.json()["errors"]["reviewer"] == [
        "the applicant cannot review their own application"
    ]

    # the queue and the sheet: what Lea reviews, in the applicant's language, without the applicant
    queue = ok(lea.get("/incubator/reviews/mine"))
    assert {(q["application_id"], q["submitted"]) for q in queue["items"]} == {(kofi_app, False), (amal_app, False)}
    assert ok(omar.get("/incubator/reviews/mine"))["total"] == 0
    sheet = ok(lea.get(f"/incubator/applications/{kofi_app}/review"))
    assert (sheet["language"], sheet["criteria"], sheet["reviews"]) == ("ar", list(GRID), [])
    assert "member_id" not in sheet

    # reviewing: the reviewer is the token's subject; bad scores name the criterion
    bad = lea.put(f"/incubator/applications/{kofi_app}/reviews/mine", a_review(5, 4, 6, 4))
    assert bad.status_code == 422 and bad.json()["errors"] == {"scores": ["social_value: a whole number from 1 to 5, "
                                                                          "not 6"]}  # fmt: skip
    forged = lea.put(f"/incubator/applications/{kofi_app}/reviews/mine", a_review(5, 4, 4, 4, reviewer=staff_id))
    assert forged.status_code == 422 and "reviewer" in forged.json()["errors"]
    ok(lea.put(f"/incubator/applications/{kofi_app}/reviews/mine", a_review(5, 4, 4, 4, recommendation="admit")))
    waiting = ok(reviewer.get(f"/incubator/applications/{kofi_app}/review"))  # hidden until their own is in
    assert (waiting["reviews"], waiting["reviews_hidden"]) == ([], 1)
    both = ok(reviewer.put(f"/incubator/applications/{kofi_app}/reviews/mine", a_review(4, 4, 4, 4)))
    assert [(r["reviewer"], r["comment"]) for r in both["reviews"]] == [(staff_id, COMMENT), (lea_id, COMMENT)]

    # strangers and the applicant see no review
    for outsider in (omar, kofi):
        assert outsider.get(f"/incubator/applications/{kofi_app}/review").status_code == 404
        assert outsider.put(f"/incubator/applications/{kofi_app}/reviews/mine", a_review(1, 1, 1, 1)).status_code == 404
    mine = ok(kofi.get(f"/incubator/applications/{kofi_app}"))
    assert COMMENT not in str(mine) and "reviews" not in mine
    everything = ok(coordinator.get(f"/incubator/applications/{kofi_app}/review"))
    assert len(everything["reviews"]) == 2 and [r["submitted"] for r in everything["reviewers"]] == [True, True]

    # Amal's application: Lea reviews; Omar, added then conflicted, takes no part
    ok(known(lambda: coordinator.post(f"/incubator/applications/{amal_app}/reviewers",
                                      {"reviewer": f"member:{omar.member_id}"})), 201)  # fmt: skip
    conflict = ok(omar.post(f"/incubator/applications/{amal_app}/reviews/mine/conflict", {"note": "My neighbour."}))
    assert conflict["conflict"] is True
    refused = omar.put(f"/incubator/applications/{amal_app}/reviews/mine", a_review(5, 5, 5, 5))
    assert refused.status_code == 409 and "conflict of interest" in refused.json()["detail"]
    left = ok(coordinator.delete(f"/incubator/applications/{amal_app}/reviewers/member/{omar.member_id}"))
    assert [r["reviewer"] for r in left["reviewers"]] == [staff_id, lea_id]
    for client, marks in ((lea, (3, 3, 3, 3)), (reviewer, (2, 3, 3, 2))):
        ok(client.put(f"/incubator/applications/{amal_app}/reviews/mine", a_review(*marks)))

    # ranking and decision: coordinators only, within the places
    assert lea.get(f"/incubator/calls/{call_id}/ranking").status_code == 403
    ranking = ok(coordinator.get(f"/incubator/calls/{call_id}/ranking"))
    assert [(i["application_id"], i["rank"], i["mean"], i["spread"]) for i in ranking["items"]] == [
        (kofi_app, 1, 4.13, 0.25), (amal_app, 2, 2.75, 0.5),
    ]  # fmt: skip
    assert ranking["places_left"] == 1
    assert lea.post(f"/incubator/calls/{call_id}/decision", {"admit": [kofi_app]}).status_code == 403
    beyond = coordinator.post(f"/incubator/calls/{call_id}/decision", {"admit": [kofi_app, amal_app]})
    assert beyond.status_code == 409 and beyond.json()["errors"] == {"places": ["2 to admit, 1 place left"]}
    decision = ok(coordinator.post(f"/incubator/calls/{call_id}/decision", {"admit": [kofi_app]}))
    assert (decision["admitted"], decision["waitlisted"], decision["places_left"]) == ([kofi_app], [amal_app], 0)
    assert ok(kofi.get(f"/incubator/applications/{kofi_app}"))["status"] == "admitted"
    assert ok(amal.get(f"/incubator/applications/{amal_app}"))["status"] == "waitlisted"
    [waitlisted] = ok(coordinator.get(f"/incubator/calls/{call_id}/ranking"))["items"]
    assert (waitlisted["application_id"], waitlisted["waitlist_rank"]) == (amal_app, 1)
    late = lea.put(f"/incubator/applications/{kofi_app}/reviews/mine", a_review(1, 1, 1, 1))  # decided: frozen
    assert late.status_code == 409


def test_a_reviewer_route_checks_its_path(member, staff):
    coordinator = staff("coordinator:incubator")
    bad = coordinator.delete("/incubator/applications/a-1/reviewers/member/m.1")
    assert bad.status_code == 400 and "reviewer_id" in bad.json()["errors"]
    unknown = coordinator.delete("/incubator/applications/a-1/reviewers/member/m-1")
    assert unknown.status_code == 404
    kind = coordinator.get("/incubator/calls/no-such-call/ranking")
    assert kind.status_code == 404
