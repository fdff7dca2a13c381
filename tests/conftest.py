"""Cross-service tests: the platform started as `make run` starts it, in a throwaway vhost."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from gateway import testing
from gateway.testing import Client, log_in
from gateway.testing import incubator_call as incubator_call  # re-exported: this suite's tests import it from here
from gateway.testing import open_incubator_call as open_incubator_call  # likewise

ROOT = Path(__file__).resolve().parent.parent
ADMIN = ("admin@interra.be", "admin password for tests")
INCUBATOR_COORDINATOR = ("interlab@interra.be", "interlab password for tests")
INCUBATOR_PROJECT = {
    **testing.INCUBATOR_PROJECT,
    "title": "Embroidery studio",
    "sector": "crafts",
    "description": "Traditional embroidery, made in Liège and sold online.",
    "needs": ["legal", "marketing"],
}
"""This suite's InterLab project: crafts needing marketing, which the journey's mentor Marc fits."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def processes_with(marker: str) -> list[int]:
    """Pids whose environment holds the marker: everything the launcher started."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def register(session, profile) -> Client:
    """Register over HTTP (a session on the gateway) and log in: a client speaking for the new member."""
    response = session.post("/members", json=profile)
    assert response.status_code == 201, response.text
    return Client(session, log_in(session, profile["email"]), response.json()["member_id"])


def incubator_application(call_id: str, **changes) -> dict:
    """gateway.testing's application to that call, with this suite's INCUBATOR_PROJECT unless given."""
    return testing.incubator_application(call_id, **{"project": dict(INCUBATOR_PROJECT), **changes})


def incubator_coordinator(session, rabbit_config) -> Client:
    """An InterLab coordinator (staff account created over RPC, as `make admin` does), logged in."""
    email, password = INCUBATOR_COORDINATOR
    with ClusterRpcProxy(rabbit_config) as rpc:
        rpc.members.create_staff({"email": email, "password": password, "roles": ["coordinator:incubator"]})
    return Client(session, log_in(session, email, password))


@pytest.fixture
def platform_env():
    """Settings a test module may override for the platform it starts."""
    return {}


@contextmanager
def running_platform(amqp_uri: str, folder: Path, extra_env: dict | None = None):
    """The platform as `make run` starts it (deploy.launcher), on its own port, var dir and vhost; stopped
    with Ctrl-C at the end, every process it started gone. Yields its url, var dir and AMQP URI."""
    port = free_port()
    var = folder / "var"
    marker = f"{folder.name}-{port}"
    env = {
        **os.environ,
        "AMQP_URI": amqp_uri,
        "VAR_DIR": str(var),
        "GATEWAY_PORT": str(port),
        "RPC_TIMEOUT": "10",
        "E2E_MARKER": marker,
        "ADMIN_EMAIL": ADMIN[0],
        "ADMIN_PASSWORD": ADMIN[1],
        **(extra_env or {}),
    }
    for name in ("DATA_DIR", "MAIL_DIR", "MONGO_URI"):
        env.pop(name, None)
    launcher = subprocess.Popen(
        [sys.executable, "-m", "deploy.launcher"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = []
    for line in launcher.stdout:
        lines.append(line)
        if "Interra is running" in line:
            break
    assert launcher.poll() is None, "launcher died:\n" + "".join(lines)
    yield {
        "url": f"http://127.0.0.1:{port}",
        "var": var,
        "amqp_uri": amqp_uri.replace("pyamqp://", "amqp://", 1),  # as pika spells it
        "marker": marker,  # E2E_MARKER=<marker> is in the environment of each of its processes
    }

    launcher.send_signal(signal.SIGINT)
    assert launcher.wait(30) == 0
    time.sleep(0.5)
    assert processes_with(f"E2E_MARKER={marker}") == [], "processes left behind"


@pytest.fixture
def platform(rabbit_config, tmp_path, platform_env):
    with running_platform(rabbit_config["AMQP_URI"], tmp_path, platform_env) as running:
        yield running
