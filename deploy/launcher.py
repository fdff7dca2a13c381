"""`make run`: the whole platform on one machine, embedded stores under var/, one process a service.

Declares the queues, starts each service with `nameko run`, waits until the gateway answers
/health, prints what runs where; Ctrl-C (or SIGTERM) stops every process it started.
"""

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from interra_chassis.config import settings
from interra_contracts.registry import processes as platform_processes

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "config.yaml"


def start(name: str, target: str, env: dict, log_dir: Path) -> subprocess.Popen:
    log_file = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
    return subprocess.Popen(
        [sys.executable, "-m", "deploy.serve", "--config", str(CONFIG), target],
        env={**env, "SERVICE_NAME": name},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches us; we stop the children ourselves
        cwd=ROOT,
    )


def wait_healthy(url: str, processes: dict, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for name, proc in processes.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with code {proc.returncode}; see var/log/{name}.log")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                last = json.loads(response.read())
                if last["status"] == "ok":
                    return last
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the platform did not become healthy in {timeout:.0f} s: {last}")


def stop(processes: dict) -> None:
    for proc in processes.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for proc in processes.values():
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def jwt_secret(var: Path) -> str:
    """The key signing access tokens: JWT_SECRET, else one kept under var/ so logins survive restarts."""
    if settings().jwt_secret:
        return settings().jwt_secret
    path = var / "jwt-secret"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def bootstrap_admin(env: dict) -> None:
    """The first admin from ADMIN_EMAIL and ADMIN_PASSWORD, when given (once; later runs say so)."""
    admin = settings()
    if admin.admin_email and admin.admin_password:
        subprocess.run([sys.executable, "-m", "deploy.admin", admin.admin_email], env=env, cwd=ROOT, check=False)


def main() -> int:
    var = ROOT / settings().var_dir  # relative to the repository, unless absolute
    var.mkdir(parents=True, exist_ok=True)
    log_dir = var / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    port = settings().gateway_port
    env = {
        **os.environ,
        "DATA_DIR": os.environ.get("DATA_DIR", str(var / "data")),
        "MAIL_DIR": os.environ.get("MAIL_DIR", str(var / "mail")),
        "WEB_SERVER_ADDRESS": f"127.0.0.1:{port}",
        "PYTHONUNBUFFERED": "1",  # log lines reach var/log/ as they are written
        "JWT_SECRET": jwt_secret(var),
    }
    subprocess.run([sys.executable, "-m", "deploy.declare"], env=env, cwd=ROOT, check=True)

    processes: dict[str, subprocess.Popen] = {}
    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        stopping = True
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for service in platform_processes():
            processes[service.name] = start(service.name, service.entrypoint, env, log_dir)
        url = f"http://127.0.0.1:{port}"
        health = wait_healthy(f"{url}/health", processes)
        bootstrap_admin(env)
        print(f"Interra is running: gateway {url} ({', '.join(health['services'])} ok)")
        print(f"  data under {env['DATA_DIR']}, mail (.eml) under {env['MAIL_DIR']}, logs under {log_dir}")
        print(f"  RabbitMQ {settings().amqp_uri.rsplit('@', 1)[-1]}; try: curl {url}/health")
        print(f"  Web app: {url}/ (built by make web); API docs: {url}/docs (OpenAPI at {url}/openapi.json)")
        print("  First admin: make admin EMAIL=you@interra.be (asks for a password), then log in:")
        print(f"  curl -X POST {url}/auth/token -H 'Content-Type: application/json' \\")
        print('       -d \'{"username": "you@interra.be", "password": "..."}\'')
        print("Press Ctrl-C to stop.", flush=True)
        while True:
            for name, proc in processes.items():
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} stopped (code {proc.returncode}); see {log_dir}/{name}.log")
            time.sleep(1)
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        stop(processes)
        print("All Interra processes stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
