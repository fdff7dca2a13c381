"""A RabbitMQ restart under load: the platform rides it out (issue 12, ADR 0010).

The broker here is a second RabbitMQ node this module starts itself (own node name, ports, data and
logs under tmp), so that stopping it disturbs no other test. The platform runs on it as `make run`
starts it; clients keep registering across `stop_app`, ~10 s, `start_app`: 503 with Retry-After meanwhile,
no process restarted, every 201 stored (and its MemberRegistered handled by duos), nobody registered twice.
"""

import json
import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from gateway.testing import BaseUrlSession, profile
from tests.conftest import free_port, running_platform

pytestmark = pytest.mark.e2e

OUTAGE_S = float(os.environ.get("BROKER_OUTAGE_S", "10"))
"""How long the broker stays away (BROKER_OUTAGE_S=60 checks the longest outage the platform must ride out)."""
CLIENTS = 3
RABBITMQ_BIN = Path("/usr/lib/rabbitmq/bin")
"""Debian's scripts, called directly: the /usr/sbin wrappers would switch to the rabbitmq user, which
cannot read a test's tmp directory."""


def rabbitmq_script(name: str) -> str | None:
    script = RABBITMQ_BIN / name
    return str(script) if script.exists() else shutil.which(name)


@dataclass
class Broker:
    node: str
    amqp_uri: str
    env: dict

    def ctl(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [rabbitmq_script("rabbitmqctl"), "-n", self.node, *args]
        return subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def test_broker(tmp_path_factory):
    """A RabbitMQ node of this test's own (no plugins), on free ports; stopped at the end."""
    server = rabbitmq_script("rabbitmq-server")
    if server is None or rabbitmq_script("rabbitmqctl") is None:
        pytest.skip("rabbitmq-server is not installed (make broker installs it)")
    home = tmp_path_factory.mktemp("rabbitmq")
    (home / "rabbitmq.conf").write_text("")
    (home / "enabled_plugins").write_text("[].\n")  # no management listener to clash with the main node's
    (home / "rabbitmq-env.conf").write_text("")  # not /etc/rabbitmq's NODENAME
    port = free_port()
    node = f"interra-test-{uuid.uuid4().hex[:8]}@localhost"
    env = {
        **os.environ,
        "HOME": str(home),  # the Erlang cookie of this node and its rabbitmqctl
        "RABBITMQ_NODENAME": node,
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(port),
        "RABBITMQ_DIST_PORT": str(free_port()),  # not the default port + 20000 (the main node's 25672)
        "RABBITMQ_CONFIG_FILE": str(home / "rabbitmq.conf"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(home / "enabled_plugins"),
        "RABBITMQ_CONF_ENV_FILE": str(home / "rabbitmq-env.conf"),
        "RABBITMQ_MNESIA_BASE": str(home / "mnesia"),
        "RABBITMQ_LOG_BASE": str(home / "log"),
    }
    broker = Broker(node, f"pyamqp://guest:guest@127.0.0.1:{port}/", env)
    with open(home / "server.out", "wb") as out:
        process = subprocess.Popen([server], env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while broker.ctl("await_startup", timeout=30).returncode != 0:  # fails at once until the node is up
            assert process.poll() is None, (home / "server.out").read_text()[-3000:]
            assert time.monotonic() < deadline, "the test broker did not start in 60 s"
            time.sleep(1)
        yield broker
    finally:
        broker.ctl("stop", timeout=60)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Registrant:
    """A client registering people one after another; after a 503 or 504 it tries the same person again."""

    number: int
    registered: dict = field(default_factory=dict)  # email -> member id (answered 201)
    conflicts: set = field(default_factory=set)  # emails answered 409 on a retry: an earlier try registered them
    answers: list = field(default_factory=list)  # (time, status, Retry-After, content type)

    def run(self, session, running: list) -> None:
        person = 0
        while running:
            email = f"r{self.number}-{person}-{uuid.uuid4().hex[:6]}@example.org"
            body = profile(f"R{self.number}x{person}", email=email)
            retried = False
            while True:
                response = session.post("/members", json=body)
                retry_after = response.headers.get("Retry-After")
                self.answers.append(
                    (time.monotonic(), response.status_code, retry_after, response.headers["Content-Type"])
                )
                if response.status_code == 201:
                    self.registered[email] = response.json()["member_id"]
                    break
                if response.status_code == 409 and retried:
                    self.conflicts.add(email)
                    break
                assert response.status_code in (503, 504), response.text
                retried = True
                eventlet.sleep(min(float(retry_after or 1), 2.0))
            person += 1
            eventlet.sleep(0.05)


def wait_for_a_registration(clients: list[Registrant], since: float, timeout: float = 30) -> float:
    """Seconds from `since` until some client was answered 201."""
    while not any(t > since and status == 201 for c in clients for t, status, *_ in c.answers):
        assert time.monotonic() < since + timeout, f"no registration answered 201 within {timeout:.0f} s"
        eventlet.sleep(0.2)
    return time.monotonic() - since


def get_json(session, path: str):
    response = session.get(path)
    return response.status_code, response.json()


def members_in_store(var: Path) -> list[dict]:
    """The members service's documents, read from its store once the platform has stopped."""
    import litemongo

    client = litemongo.connect(str((var / "data" / "members").resolve()))
    try:
        return list(client["members"]["members"].find({}, {"_id": 1, "email": 1}))
    finally:
        client.close()


def test_a_broker_restart_stops_nothing(test_broker, tmp_path):
    limits = {"RATE_LIMIT_WRITE": "100000/60", "RATE_LIMIT_LOGIN": "100000/60"}
    clients = [Registrant(n) for n in range(CLIENTS)]
    with running_platform(test_broker.amqp_uri, tmp_path, limits) as platform:
        session = BaseUrlSession(platform["url"])
        running = [True]
        pool = eventlet.GreenPool()
        for client in clients:
            pool.spawn(client.run, session, running)
        wait_for_a_registration(clients, since=time.monotonic())

        assert test_broker.ctl("stop_app").returncode == 0
        stopped = time.monotonic()
        eventlet.sleep(1)
        response = session.post("/members", json=profile("Probe"))
        assert response.status_code == 503, response.text
        assert int(response.headers["Retry-After"]) >= 1
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 503
        eventlet.sleep(max(0.0, OUTAGE_S - (time.monotonic() - stopped)))
        assert test_broker.ctl("start_app").returncode == 0
        started = time.monotonic()

        recovered = wait_for_a_registration(clients, since=started)
        eventlet.sleep(1)  # a few registrations after the return
        running.clear()
        pool.waitall()

        deadline = time.monotonic() + 20
        while (health := get_json(session, "/health"))[1].get("status") != "ok":
            assert time.monotonic() < deadline, health
            eventlet.sleep(0.5)
        with ClusterRpcProxy({"AMQP_URI": test_broker.amqp_uri}) as rpc:  # events crossed the outage too
            registered = {member_id for c in clients for member_id in c.registered.values()}
            deadline = time.monotonic() + 30
            while unknown := {m for m in registered if rpc.duos.export_member(m)["known_as"] is None}:
                assert time.monotonic() < deadline, f"MemberRegistered never reached duos for {unknown}"
                eventlet.sleep(0.5)
        supervisor = json.loads((platform["var"] / "run" / "supervisor.json").read_text())
        assert {name: s["restarts"] for name, s in supervisor.items()} == dict.fromkeys(supervisor, 0), supervisor
        assert all(s["running"] for s in supervisor.values()), supervisor

    answers = [a for c in clients for a in c.answers]
    statuses = [status for _, status, *_ in answers]
    assert 500 not in statuses and 502 not in statuses, statuses
    outage = [status for t, status, *_ in answers if stopped + 1 <= t <= started]  # not what was in flight
    assert outage and set(outage) == {503}, outage  # not 500, nor 504 after waiting for a deadline
    refused = [a for a in answers if a[1] == 503]
    assert all(retry_after and content == "application/problem+json" for _, _, retry_after, content in refused)
    print(
        f"recovered {recovered:.1f} s after start_app; answers: " + str({s: statuses.count(s) for s in set(statuses)})
    )

    stored = members_in_store(platform["var"])
    emails = [m["email"] for m in stored]
    assert len(emails) == len(set(emails))  # nobody twice
    ids = {m["_id"] for m in stored}
    for client in clients:
        assert set(client.registered.values()) <= ids, "a registration answered 201 is missing"
        assert client.conflicts <= set(emails), "a retry answered 409 for someone who is not registered"
