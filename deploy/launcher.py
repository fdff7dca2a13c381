"""`make run`: the whole platform on one machine, embedded stores under var/, one process a service.

Declares the queues, starts each service with `nameko run`, waits until the gateway answers
/health, prints what runs where, then supervises: a service that dies is started again after a
backoff (1 s, doubling up to 30 s) while the others keep serving (its RPC requests wait in its durable
queue meanwhile), and var/run/supervisor.json says which restarted and why (/health shows it). It stops
everything on Ctrl-C or SIGTERM, or when one service keeps crashing (CRASHES_ALLOWED in CRASH_WINDOW_S),
saying which and why.
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
CRASHES_ALLOWED = 5
CRASH_WINDOW_S = 120.0
BACKOFF_S = (1, 2, 4, 8, 16, 30)


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


class Supervisor:
    """Keeps every service running: restarts one that died, with a backoff, unless it keeps crashing."""

    def __init__(self, services, env: dict, log_dir: Path, status_file: Path, starter=None):
        self.start = starter or start  # how a service's process is started (a test starts others)
        self.targets = {service.name: service.entrypoint for service in services}
        self.env, self.log_dir, self.status_file = env, log_dir, status_file
        self.processes: dict[str, subprocess.Popen] = {}
        self.crashes: dict[str, list[float]] = {name: [] for name in self.targets}
        self.restarts: dict[str, int] = dict.fromkeys(self.targets, 0)
        self.due: dict[str, float] = {}  # service -> when it is started again
        self.last_exit: dict[str, str] = {}

    def start_all(self) -> None:
        for name in self.targets:
            self.processes[name] = self.start(name, self.targets[name], self.env, self.log_dir)
        self.write_status()

    def check(self, now: float) -> None:
        """One look at every process: note the dead, start again those whose backoff is over. RuntimeError
        when one crashed CRASHES_ALLOWED times within CRASH_WINDOW_S."""
        for name, proc in self.processes.items():
            if name in self.due or proc.poll() is None:
                continue
            recent = [t for t in self.crashes[name] if t > now - CRASH_WINDOW_S] + [now]
            self.crashes[name] = recent
            self.last_exit[name] = f"exit code {proc.returncode}"
            if len(recent) >= CRASHES_ALLOWED:
                raise RuntimeError(
                    f"{name} crashed {len(recent)} times in {CRASH_WINDOW_S:.0f} s (last: {self.last_exit[name]}); "
                    f"see {self.log_dir}/{name}.log"
                )
            delay = BACKOFF_S[min(len(recent) - 1, len(BACKOFF_S) - 1)]
            self.due[name] = now + delay
            print(f"{name} stopped ({self.last_exit[name]}); starting it again in {delay} s", flush=True)
            self.write_status()
        for name, when in list(self.due.items()):
            if when <= now:
                del self.due[name]
                self.processes[name] = self.start(name, self.targets[name], self.env, self.log_dir)
                self.restarts[name] += 1
                print(f"{name} started again (restart {self.restarts[name]})", flush=True)
                self.write_status()

    def write_status(self) -> None:
        status = {
            name: {
                "running": name not in self.due,
                "restarts": self.restarts[name],
                "last_exit": self.last_exit.get(name),
            }
            for name in self.targets
        }
        temporary = self.status_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(status))
        temporary.replace(self.status_file)  # the gateway never reads half a file


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

    run_dir = var / "run"
    run_dir.mkdir(parents=True, exist_ok=True)
    supervisor = Supervisor(platform_processes(), env, log_dir, run_dir / "supervisor.json")

    def on_signal(signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    try:
        supervisor.start_all()
        url = f"http://127.0.0.1:{port}"
        health = wait_healthy(f"{url}/health", supervisor.processes)
        bootstrap_admin(env)
        print(f"Interra is running: gateway {url} ({', '.join(health['services'])} ok)")
        print(f"  data under {env['DATA_DIR']}, mail (.eml) under {env['MAIL_DIR']}, logs under {log_dir}")
        print(f"  RabbitMQ {settings().amqp_uri.rsplit('@', 1)[-1]}; try: curl {url}/health")
        print(f"  Web app: {url}/ (built by make web); API docs: {url}/docs (OpenAPI at {url}/openapi.json)")
        print("  First admin: make admin EMAIL=you@interra.be (asks for a password), then log in:")
        print(f"  curl -X POST {url}/auth/token -H 'Content-Type: application/json' \\")
        print('       -d \'{"username": "you@interra.be", "password": "..."}\'')
        print("  A service that stops is started again; the platform stops on Ctrl-C or when one keeps crashing.")
        print("Press Ctrl-C to stop.", flush=True)
        while True:
            supervisor.check(time.monotonic())
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except RuntimeError as exc:
        print(f"error: {exc}; stopping everything", file=sys.stderr, flush=True)
        return 1
    finally:
        stop(supervisor.processes)
        print("All Interra processes stopped.", flush=True)


if __name__ == "__main__":
    sys.exit(main())
