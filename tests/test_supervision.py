"""`make run` supervises its services: kill -9 one under load and it is started again while the others
keep serving; requests to it wait in its durable queue meanwhile, so nothing is lost or done twice. One
that keeps crashing stops the platform, saying which and why."""

import itertools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import eventlet
import pytest
import requests

from deploy.launcher import CRASHES_ALLOWED, Supervisor
from gateway.testing import profile
from interra_chassis.testing import PASSWORD
from interra_contracts.registry import processes


@pytest.fixture
def platform_env():
    return {"RATE_LIMIT_WRITE": "100000/60", "RATE_LIMIT_LOGIN": "100000/60"}  # one client sends it all


def service_pid(platform, name: str) -> int:
    """The pid of this platform's process running `name` (its environment says SERVICE_NAME=name)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environ = (entry / "environ").read_bytes().split(b"\0")
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            mine = f"E2E_MARKER={platform['marker']}".encode() in environ
            if mine and f"SERVICE_NAME={name}".encode() in environ and b"deploy.serve" in cmdline:
                found.append(int(entry.name))
    assert len(found) == 1, (name, found)
    return found[0]


def register_until_answered(url: str, member: dict, outcomes: list) -> None:
    """A client that tries again after a refused connection or a 5xx (its first try may have landed)."""
    for _ in range(60):
        try:
            response = requests.post(f"{url}/members", json=member, timeout=15)
        except requests.ConnectionError:  # the gateway itself is being started again
            time.sleep(0.5)
            continue
        if response.status_code < 500:
            outcomes.append((member["email"], response.status_code))
            return
        time.sleep(0.5)
    outcomes.append((member["email"], "gave up"))


def test_each_service_killed_under_load_is_started_again_and_nothing_is_lost_or_doubled(platform):
    url = platform["url"]
    outcomes: list = []
    health_codes: list[int] = []
    counter = itertools.count()
    stop = False

    def load():
        pool = eventlet.GreenPool(4)
        while not stop:
            n = next(counter)
            pool.spawn(register_until_answered, url, profile(f"Load{n}", email=f"load{n}@example.org"), outcomes)
            eventlet.sleep(0.1)
        pool.waitall()

    loader = eventlet.spawn(load)
    for name in [process.name for process in processes()]:  # the gateway too
        os.kill(service_pid(platform, name), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                health = requests.get(f"{url}/health", timeout=5)
            except requests.ConnectionError:  # the gateway is the one being started again
                eventlet.sleep(0.3)
                continue
            health_codes.append(health.status_code)
            body = health.json()
            if body["status"] == "ok" and body["supervisor"][name]["restarts"] == 1:
                assert body["supervisor"][name]["last_exit"] == "exit code -9"
                break
            eventlet.sleep(0.3)
        else:
            pytest.fail(f"{name} was not started again: {health.json()}")
    stop = True
    loader.wait()

    assert health_codes and set(health_codes) == {200}  # /health answered whenever the gateway ran
    emails = {email for email, _ in outcomes}
    assert len(emails) == len(outcomes) > 20
    # 201, or 409 when a try the client never heard of had registered the member: never anything else
    assert {code for _, code in outcomes} <= {201, 409}, [o for o in outcomes if o[1] not in (201, 409)]
    for email in sorted(emails):  # each one exists, exactly once (a second would have been a 409 above)
        login = requests.post(f"{url}/auth/token", json={"username": email, "password": PASSWORD}, timeout=15)
        assert login.status_code == 200, (email, login.text)


def test_a_service_that_keeps_crashing_stops_the_platform_saying_which(tmp_path):
    """The supervisor itself, with a service that dies as soon as it starts."""

    def crashing(name, target, env, log_dir):
        return subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"])

    class Service:
        name, entrypoint = "members", "members.service:MembersService"

    supervisor = Supervisor([Service()], {}, tmp_path, tmp_path / "supervisor.json", starter=crashing)
    supervisor.start_all()
    clock = 1000.0
    with pytest.raises(RuntimeError) as stopped:
        for _ in range(100):
            supervisor.processes["members"].wait(10)
            clock += 20  # five crashes 20 s apart: all within the 2-minute window
            supervisor.check(clock)  # notes the crash, starts it again after its backoff (1, 2, 4, 8 s)
            supervisor.check(clock + 19)
    status = json.loads((tmp_path / "supervisor.json").read_text())
    assert status["members"]["restarts"] == CRASHES_ALLOWED - 1
    assert "members crashed 5 times in 120 s (last: exit code 3)" in str(stopped.value)
