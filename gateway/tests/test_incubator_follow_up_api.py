"""InterLab follow-up and figures through the gateway, every service running: 6 months after the cohort
ends, the entrepreneur finds their follow-up and answers it once; no one else may read or answer it;
InterLab coordinators (and admins) read the figures of a cohort or a year, no one else."""

from datetime import UTC, date, datetime, timedelta

from nameko.standalone.rpc import ClusterRpcProxy

from gateway.testing import Client

from .conftest import admitted_over_api, open_incubator_call

ANSWER = {"still_active": True, "revenue_band": "under_10k", "jobs_created": 1, "still_needs": ["financing"]}


def ok(response, status=200):
    assert response.status_code == status, response.text
    return response.json()


def six_months_on(rabbit_config, call: dict) -> int:
    """The hourly asking, as 200 days after the cohort ended: the 6-month follow-ups are due (no route:
    the service's timer asks)."""
    day = (date.fromisoformat(call["ends_on"]) + timedelta(days=200)).isoformat()
    with ClusterRpcProxy(rabbit_config) as rpc:
        return rpc.incubator.request_follow_ups(day)["asked"]


def test_the_entrepreneur_answers_their_follow_up_once_and_no_one_else_may(api, member, staff, rabbit_config):
    kofi, lina = member("Kofi"), member("Lina")
    coordinator = staff("coordinator:incubator")
    call = open_incubator_call(coordinator)
    admitted_over_api(coordinator, kofi, rabbit_config, call["call_id"])
    assert six_months_on(rabbit_config, call) == 1

    [pending] = ok(kofi.get("/incubator/follow-ups"))["items"]
    assert (pending["months"], pending["cohort"], pending["status"], pending["member_id"]) == (
        6, "2027", "pending", kofi.member_id)  # fmt: skip
    assert ok(coordinator.get(f"/incubator/follow-ups?member_id={kofi.member_id}"))["items"] == [pending]
    assert ok(lina.get("/incubator/follow-ups")) == {"items": [], "total": 0}
    assert lina.get(f"/incubator/follow-ups?member_id={kofi.member_id}").status_code == 404
    assert coordinator.get("/incubator/follow-ups").status_code == 400  # whose?
    assert api.get("/incubator/follow-ups").status_code == 401

    path = f"/incubator/follow-ups/{pending['follow_up_id']}/answer"
    assert lina.post(path, ANSWER).status_code == 404  # not theirs: no hint that it exists
    assert coordinator.post(path, ANSWER).status_code == 403  # the entrepreneur answers, no one for them
    assert kofi.post("/incubator/follow-ups/no-such-follow-up/answer", ANSWER).status_code == 404
    bad = kofi.post(path, {**ANSWER, "jobs_created": -2, "revenue_band": "millions"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"jobs_created", "revenue_band"}
    assert ok(kofi.get("/incubator/follow-ups"))["items"] == [pending]

    answered = ok(kofi.post(path, ANSWER))
    assert (answered["status"], answered["answer"]) == ("answered", ANSWER)
    again = kofi.post(path, {**ANSWER, "still_active": False})
    assert again.status_code == 409 and "an answer is given once" in again.json()["detail"]
    assert ok(kofi.get("/incubator/follow-ups"))["items"] == [answered]


def test_coordinators_read_the_figures_of_a_cohort_or_a_year_and_no_one_else(member, staff, rabbit_config):
    kofi = member("Kofi")
    coordinator = staff("coordinator:incubator")
    call = open_incubator_call(coordinator)
    admitted_over_api(coordinator, kofi, rabbit_config, call["call_id"])
    six_months_on(rabbit_config, call)
    [pending] = ok(kofi.get("/incubator/follow-ups"))["items"]
    ok(kofi.post(f"/incubator/follow-ups/{pending['follow_up_id']}/answer", ANSWER))

    figures = ok(coordinator.get("/incubator/figures?cohort=2027"))
    assert (figures["cohort"], figures["year"]) == ("2027", None)
    assert figures["accompanied"] == figures["admitted"] == {"value": 1, "small": True}
    assert figures["follow_ups"][0]["answered"] == {"value": 1, "small": True}
    assert kofi.member_id not in str(figures)
    admin = staff("admin")
    assert ok(admin.get("/incubator/figures?cohort=2027")) == figures
    this_year = ok(coordinator.get(f"/incubator/figures?year={datetime.now(UTC).year}"))
    assert this_year["year"] == datetime.now(UTC).year and this_year["accompanied"]["value"] == 1

    for refused in (kofi, staff("coordinator:duos")):
        assert refused.get("/incubator/figures?cohort=2027").status_code == 403
    assert Client(coordinator.session).get("/incubator/figures?cohort=2027").status_code == 401
    for query in ("", "?cohort=2027&year=2027", "?year=last", "?year="):
        response = coordinator.get(f"/incubator/figures{query}")
        assert response.status_code == 400, (query, response.text)
    bad = coordinator.get("/incubator/figures?cohort=Twenty%2027")
    assert bad.status_code == 422 and "cohort" in bad.json()["errors"]
    assert coordinator.get("/incubator/figures?year=1999").status_code == 422
    assert coordinator.get("/incubator/figures?cohort=2031").status_code == 404
