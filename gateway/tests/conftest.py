"""Every service in one runner on the real broker, the gateway on a free port, and API clients."""

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from deploy.services import service_classes
from gateway.testing import Client, incubator_application, log_in, open_incubator_call, profile
from interra_chassis.testing import wait_for

STAFF_PASSWORD = "staff password for tests"
REVIEWERS = ("staff:r1", "staff:r2")
"""The staff reviewers of admitted_over_api (no account behind them: their reviews go over RPC)."""


@pytest.fixture
def platform(runner_factory, rabbit_config, web_config, data_dir, monkeypatch):
    monkeypatch.setenv("JWT_SECRET", "test-secret-" + "x" * 40)
    monkeypatch.setenv("RPC_TIMEOUT", "5")
    runner = runner_factory({**rabbit_config, **web_config}, *service_classes())
    runner.start()
    return runner


@pytest.fixture
def api(platform, web_session):
    return Client(web_session)


@pytest.fixture
def member(api, web_session):
    """Register members and return clients logged in as them."""

    def make(name, **overrides):
        response = api.post("/members", profile(name, **overrides))
        assert response.status_code == 201, response.text
        member_id = response.json()["member_id"]
        return Client(web_session, log_in(web_session, f"{name.lower()}@example.org"), member_id)

    return make


@pytest.fixture
def staff(platform, rabbit_config, web_session):
    """Staff clients with the given roles (accounts created over RPC, as `make admin` does)."""

    def make(*roles):
        email = f"{'-'.join(r.replace(':', '.') for r in roles)}@interra.be"
        with ClusterRpcProxy(rabbit_config) as rpc:
            rpc.members.create_staff({"email": email, "password": STAFF_PASSWORD, "roles": list(roles)})
        return Client(web_session, log_in(web_session, email, STAFF_PASSWORD))

    return make


def known(call):
    """Services learn of a member through MemberRegistered, a moment after registration."""
    return wait_for(lambda: (r := call()).status_code != 422 and r, timeout=10)


def admitted_over_api(
    coordinator: Client, entrepreneur: Client, rabbit_config, call_id: str | None = None, **application_changes
) -> dict:
    """The entrepreneur admitted as InterLab admits: the coordinator opens a call (open_incubator_call)
    unless call_id is given, the entrepreneur applies over the API (incubator_application with changes),
    two staff reviewers score 4 on every criterion (over RPC: the review routes are
    test_incubator_reviews_api's subject) and the coordinator admits over the API. The admitted
    application's view (its call_id, its project_id)."""
    call_id = call_id or open_incubator_call(coordinator)["call_id"]
    body = incubator_application(call_id, **application_changes)
    applied = known(lambda: entrepreneur.post("/incubator/applications", body))
    assert applied.status_code == 201, applied.text
    application_id = applied.json()["application_id"]
    with ClusterRpcProxy(rabbit_config) as rpc:
        criteria = rpc.incubator.get_call(call_id)["criteria"]
        for reviewer in REVIEWERS:  # the first assignment puts the application in review
            rpc.incubator.assign_reviewer(application_id, {"reviewer": reviewer})
        for reviewer in REVIEWERS:
            review = {"scores": dict.fromkeys(criteria, 4), "comment": "A sound plan."}
            rpc.incubator.submit_review(application_id, reviewer, review)
    admission = coordinator.post(f"/incubator/applications/{application_id}/moves", {"move": "admit"})
    assert admission.status_code == 200, admission.text
    return admission.json()
