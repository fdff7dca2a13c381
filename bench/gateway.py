"""bench-gateway: the full authenticated path against a bare nameko @http route, in one run.

Starts the platform as `make run` does (own RabbitMQ vhost, temporary data), registers a member,
logs in, then loads with wrk (10 connections, one thread) both
  - GET /members/{id} with a bearer token: JWT check, RPC to members, store read, audit rule;
  - GET /ping on a bare nameko @http service (bench/ping.py).
Last line: RESULT gateway_rps=<n> ping_rps=<n> ratio=<gateway/ping> p99_ms=<gateway p99>
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
MANAGEMENT = os.environ.get("RABBIT_MANAGEMENT", "http://guest:guest@localhost:15672")
DURATION = os.environ.get("BENCH_DURATION", "10s")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vhost() -> tuple[str, str]:
    name = f"bench-{uuid.uuid4().hex[:8]}"
    requests.put(f"{MANAGEMENT}/api/vhosts/{name}", timeout=10).raise_for_status()
    body = {"configure": ".*", "write": ".*", "read": ".*"}
    requests.put(f"{MANAGEMENT}/api/permissions/{name}/guest", json=body, timeout=10).raise_for_status()
    return name, f"amqp://guest:guest@localhost:5672/{name}"


def wrk(url: str, token: str | None = None) -> tuple[float, float]:
    """Requests per second and p99 latency (ms) of one wrk run."""
    command = ["wrk", "-t1", "-c10", f"-d{DURATION}", "--latency", url]
    if token:
        command[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", out).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses\n{out}")
    return rps, p99


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is missing: sudo apt-get install wrk", file=sys.stderr)
        return 1
    name, amqp_uri = vhost()
    var = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    port, ping_port = free_port(), free_port()
    env = {**os.environ, "AMQP_URI": amqp_uri, "VAR_DIR": str(var), "GATEWAY_PORT": str(port),
           "LOG_LEVEL": "WARNING", "RATE_LIMIT_WRITE": "100000/60", "RATE_LIMIT_LOGIN": "100000/60"}  # fmt: skip
    for unset in ("DATA_DIR", "MAIL_DIR", "MONGO_URI"):
        env.pop(unset, None)
    platform = subprocess.Popen([sys.executable, "-m", "deploy.launcher"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    ping = subprocess.Popen(
        [sys.executable, "-m", "nameko", "run", "--config", "deploy/config.yaml", "bench.ping:PingService"],
        cwd=ROOT, env={**env, "WEB_SERVER_ADDRESS": f"127.0.0.1:{ping_port}", "SERVICE_NAME": "bench_ping"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for line in platform.stdout:
            if "Interra is running" in line:
                break
        base = f"http://127.0.0.1:{port}"
        profile = {
            "first_name": "Bench", "last_name": "Mark", "email": "bench@example.org", "password": "bench password 1",
            "consents": [{"purpose": "data_processing", "granted": True}], "birth_year": 1990, "region": "liege",
            "french_level": "B1", "preferred_language": "fr",
        }  # fmt: skip
        member = requests.post(f"{base}/members", json=profile, timeout=30).json()
        login = {"username": profile["email"], "password": profile["password"]}
        token = requests.post(f"{base}/auth/token", json=login, timeout=30).json()["access_token"]
        target = f"{base}/members/{member['member_id']}"
        check = requests.get(target, headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert check.status_code == 200, check.text
        for _ in range(50):
            if requests.get(f"http://127.0.0.1:{ping_port}/ping", timeout=5).ok:
                break
            time.sleep(0.2)

        wrk(target, token), wrk(f"http://127.0.0.1:{ping_port}/ping")  # warm-up, not counted
        gateway_rps, gateway_p99 = wrk(target, token)
        ping_rps, ping_p99 = wrk(f"http://127.0.0.1:{ping_port}/ping")
        print(json.dumps({"duration": DURATION, "connections": 10,
                          "gateway": {"rps": gateway_rps, "p99_ms": gateway_p99},
                          "ping": {"rps": ping_rps, "p99_ms": ping_p99}}))  # fmt: skip
        print(
            f"RESULT gateway_rps={gateway_rps:.0f} ping_rps={ping_rps:.0f} "
            f"ratio={gateway_rps / ping_rps:.2f} p99_ms={gateway_p99:.1f}"
        )
        return 0
    finally:
        ping.send_signal(signal.SIGINT)
        platform.send_signal(signal.SIGINT)
        for process, grace in ((platform, 30), (ping, 10)):
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:  # the numbers are in: do not wait for a graceful stop
                process.kill()
                process.wait()
        requests.delete(f"{MANAGEMENT}/api/vhosts/{name}", timeout=10)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
