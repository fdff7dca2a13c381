"""bench-events: events end to end through our outbox and reliable handlers, against nameko's defaults.

Two pipelines, one after the other in the same run, on the same broker, each in its own throwaway
vhost and with its own temporary litemongo stores (or MONGO_URI's server: the same kind on both sides):
  - ours: a `members` service whose workers each write one change and its MemberRegistered event in
    one document (insert_with_events); the Store's sender publishes it after the worker, in
    confirmed batches, and pulls it from the document; another service applies it in a `@handle_event` handler (contract
    check, claim in processed_events, completion);
  - nameko: a `members` service whose workers each write the same change (a plain insert) and send it
    with nameko's EventDispatcher (its defaults: persistent, confirmed); another service applies it in
    an `@event_handler`.
Each side runs as two processes (`nameko run`, MAX_WORKERS workers each, 10 by default): the sender
waits for a go file, then spawns one worker a change (BENCH_EVENTS of them, 20,000 by default) as
fast as its worker pool takes them. Applying an event = inserting {event_id, key, at} in the
receiver's own store. Once every change is applied (or at the deadline: BENCH_EVENTS_DEADLINE
seconds, 30 by default, after the sender's last send), the bench waits GRACE_S more (longer than the relay's interval: a
late duplicate is counted too), then counts from its store:
  - applied: distinct changes applied; lost: changes sent but never applied;
  - duplicates_applied: applications beyond the first of an event id.
Rates are end to end: distinct changes applied / (last first-application - first send).
All four processes start first (and idle); then ours runs, then nameko's.
BENCH_PYSPY=<dir>: py-spy records each side's two processes while it runs (raw folded stacks).
Last line: RESULT events=<n> ours_per_s=<n> nameko_per_s=<n> ratio=<ours/nameko> lost=<n> duplicates_applied=<n>
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from nameko.events import EventDispatcher, event_handler
from nameko.extensions import DependencyProvider, Entrypoint

from bench.gateway import MANAGEMENT, ROOT, vhost
from interra_chassis.handling import handle_event
from interra_chassis.store import Repository, Store, open_database

EVENTS = int(os.environ.get("BENCH_EVENTS", "20000"))
DEADLINE_S = float(os.environ.get("BENCH_EVENTS_DEADLINE", "30"))
"""A change not applied this long after the sender's last send is lost."""
MAX_SEND_S = 600.0
"""A sender that has not finished this long after its first send: its changes count as sent."""
GRACE_S = 3.0
"""After the last change is applied: longer than OUTBOX_RELAY_INTERVAL (2 s), so a relay re-send shows."""
STOP_S = 5.0
PYSPY = os.environ.get("BENCH_PYSPY")
SOURCE, EVENT = "members", "MemberRegistered"
RECEIVERS = {"ours": "bench_ours_receiver", "nameko": "bench_nameko_receiver"}

HANDLER_METHOD = "apply"


def change(i: int) -> tuple[dict, dict]:
    """The i-th change: the document written, and the MemberRegistered data it causes."""
    member_id = f"bench-{i:07d}"
    data = {"member_id": member_id, "kind": "newcomer" if i % 2 else "local", "region": "liege",
            "french_level": "B1", "birth_year": 1990, "preferred_language": "fr"}  # fmt: skip
    return {"_id": member_id, "i": i, "kind": data["kind"]}, data


def write_json(path: Path, value: dict) -> None:
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(value))
    os.replace(partial, path)


# The services (`nameko run` loads them in the child processes; importing this module starts nothing)


class Burst(Entrypoint):
    """Once BENCH_GO exists: one worker per change, as fast as the worker pool takes them."""

    def start(self):
        self.status = Path(os.environ["BENCH_STATUS"])
        self.done = self.failed = 0
        self.container.spawn_managed_thread(self._run)

    def _run(self):
        import eventlet

        go = Path(os.environ["BENCH_GO"])
        while not go.exists():
            eventlet.sleep(0.02)
        first = time.time()
        write_json(self.status, {"first_send": first, "done": 0, "failed": 0})
        for i in range(EVENTS):
            self.container.spawn_worker(self, (i,), {}, handle_result=self._result)
        while self.done + self.failed < EVENTS:
            eventlet.sleep(0.05)
        write_json(self.status, {"first_send": first, "done": self.done, "failed": self.failed, "end": time.time()})

    def _result(self, worker_ctx, result, exc_info):
        if exc_info is None:
            self.done += 1
        else:
            self.failed += 1
        return result, exc_info


burst = Burst.decorator


class BenchMembers(Repository):
    outbox_collections = ("members",)


class OursSender:
    """Our pipeline's producer: the change and its event in one document; the Store relays it."""

    name = SOURCE
    store = Store(BenchMembers)

    @burst
    def write(self, i: int) -> None:
        document, data = change(i)
        self.store.insert_with_events("members", document, [(EVENT, data)])


class Database(DependencyProvider):
    """The service's own database (the same engine and handle as the chassis' Store uses)."""

    def setup(self):
        self.db = open_database(self.container.service_name)

    def get_dependency(self, worker_ctx):
        return self.db


class NamekoSender:
    """nameko's default producer: the change written, then the event dispatched (confirmed)."""

    name = SOURCE
    db = Database()
    dispatch = EventDispatcher()

    @burst
    def write(self, i: int) -> None:
        document, data = change(i)
        self.db.members.insert_one(document)
        self.dispatch(EVENT, {"id": os.urandom(16).hex(), **data})


class Applied(DependencyProvider):
    """Records each application in the receiver's store; says how far it got in BENCH_STATUS, and
    counts from the store when BENCH_TALLY appears."""

    def setup(self):
        self.db = open_database(self.container.service_name)
        self.keys: set[str] = set()
        self.applications = 0
        self.last = None

    def start(self):
        self.container.spawn_managed_thread(self._report)

    def record(self, event_id: str, key: str) -> None:
        now = time.time()
        self.db.applied.insert_one({"event_id": event_id, "key": key, "at": now})
        self.applications += 1
        if key not in self.keys:
            self.keys.add(key)
            self.last = now

    def get_dependency(self, worker_ctx):
        return self.record

    def _report(self):
        import eventlet

        status, tally = Path(os.environ["BENCH_STATUS"]), Path(os.environ["BENCH_TALLY"])
        while not tally.exists():
            write_json(status, {"applied": len(self.keys), "applications": self.applications, "last": self.last})
            eventlet.sleep(0.2)
        rows = list(self.db.applied.find({}, {"event_id": 1, "key": 1, "at": 1}))
        ids = {row["event_id"] for row in rows}
        keys = {row["key"] for row in rows}
        firsts: dict[str, float] = {}
        for row in rows:
            firsts[row["key"]] = min(row["at"], firsts.get(row["key"], row["at"]))
        result = {"applications": len(rows), "event_ids": len(ids), "keys": len(keys),
                  "last": max(firsts.values(), default=None)}  # fmt: skip
        write_json(Path(str(tally) + ".result"), result)


class OursReceiver:
    name = RECEIVERS["ours"]
    applied = Applied()

    @handle_event(SOURCE, EVENT)
    def apply(self, event) -> None:
        self.applied(event.id, event.data["member_id"])


class NamekoReceiver:
    name = RECEIVERS["nameko"]
    applied = Applied()

    @event_handler(SOURCE, EVENT)
    def apply(self, payload) -> None:
        self.applied(payload["id"], payload["member_id"])


# The run (the parent process: no eventlet here)


def queue_consumers(vhost_name: str, queue: str) -> int:
    answer = requests.get(f"{MANAGEMENT}/api/queues/{vhost_name}/{queue}", timeout=10)
    return answer.json().get("consumers", 0) if answer.ok else 0


def serve(target: str, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "deploy.serve", "--config", "deploy/config.yaml", f"bench.events:{target}"],
        cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


class Side:
    """One pipeline: its vhost, its two processes, its files."""

    CLASSES = {"ours": ("OursSender", "OursReceiver"), "nameko": ("NamekoSender", "NamekoReceiver")}

    def __init__(self, side: str, work: Path):
        self.side, self.here = side, work / side
        self.here.mkdir()
        self.vhost, amqp_uri = vhost()
        env = {**os.environ, "AMQP_URI": amqp_uri, "DATA_DIR": str(self.here / "data"), "LOG_LEVEL": "WARNING"}
        env.pop("SERVICE_NAME", None)
        if env.get("MONGO_URI"):  # a server keeps databases across runs: start each side from empty ones
            import pymongo

            with pymongo.MongoClient(env["MONGO_URI"]) as client:
                for database in (SOURCE, RECEIVERS[side]):
                    client.drop_database(database)
        self.go, self.tally = self.here / "go", self.here / "tally"
        self.sender_status, self.receiver_status = self.here / "sender.json", self.here / "receiver.json"
        sender, receiver = self.CLASSES[side]
        receiver_env = {**env, "BENCH_STATUS": str(self.receiver_status), "BENCH_TALLY": str(self.tally)}
        sender_env = {**env, "BENCH_STATUS": str(self.sender_status), "BENCH_GO": str(self.go)}
        self.processes = {
            "receiver": serve(receiver, receiver_env, self.here / "receiver.log"),
            "sender": serve(sender, sender_env, self.here / "sender.log"),
        }
        self.spies: list[subprocess.Popen] = []

    def check_alive(self, what: str) -> None:
        for role, proc in self.processes.items():
            if proc.poll() is not None:
                log = (self.here / f"{role}.log").read_text()[-3000:]
                raise RuntimeError(f"{self.side} {role} exited {what} (code {proc.returncode}):\n{log}")

    def wait_ready(self, timeout: float = 90) -> None:
        """The receiver consumes its queue; the sender's Burst waits for the go file."""
        queue = f"evt-{SOURCE}-{EVENT}--{RECEIVERS[self.side]}.{HANDLER_METHOD}"
        deadline = time.monotonic() + timeout
        while not (queue_consumers(self.vhost, queue) and read_json(self.receiver_status)):
            self.check_alive("before it was ready")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.side}: services not ready in {timeout:.0f} s")
            time.sleep(0.2)

    def run(self) -> dict:
        """Go, wait until every change is applied (or the deadline), tally: rate, lost, duplicates."""
        if PYSPY:
            for role, proc in self.processes.items():
                out = Path(PYSPY) / f"{self.side}-{role}.txt"
                self.spies.append(subprocess.Popen([str(ROOT / ".venv/bin/py-spy"), "record", "--format", "raw",
                                                    "--rate", "100", "-o", str(out), "--pid", str(proc.pid)],
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
            time.sleep(1.0)
        self.go.touch()
        while not (sent := read_json(self.sender_status)):
            time.sleep(0.05)
        first_send = sent["first_send"]
        while read_json(self.receiver_status).get("applied", 0) < EVENTS:
            self.check_alive("during the run")
            sent = read_json(self.sender_status) or sent
            if time.time() > sent.get("end", first_send + MAX_SEND_S) + DEADLINE_S:
                break
            time.sleep(0.1)
        time.sleep(GRACE_S)
        sent = read_json(self.sender_status) or sent
        self.tally.touch()
        tally_started = time.monotonic()
        while not (result := read_json(Path(f"{self.tally}.result"))):
            self.check_alive("during the tally")
            time.sleep(0.1)
        seconds = (result["last"] or first_send) - first_send
        sent_count = sent.get("done", 0) if sent.get("end") else EVENTS
        outcome = {
            "side": self.side,
            "sent": sent_count,
            "send_failures": sent.get("failed", 0),
            "applied": result["keys"],
            "applications": result["applications"],
            "lost": max(sent_count - result["keys"], 0),
            "duplicates_applied": result["applications"] - result["event_ids"],
            "seconds": round(seconds, 2),
            "sender_seconds": round(sent["end"] - first_send, 2) if sent.get("end") else None,
            "per_s": result["keys"] / seconds if seconds > 0 else 0.0,
            "tally_s": round(time.monotonic() - tally_started, 1),
        }
        print(json.dumps({**outcome, "per_s": round(outcome["per_s"])}), flush=True)
        return outcome

    def stop(self) -> None:
        for proc in self.processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)

    def cleanup(self) -> None:
        for role, proc in self.processes.items():
            try:
                proc.wait(STOP_S)
            except subprocess.TimeoutExpired:  # its tally is in: no need to wait for a graceful stop
                print(f"{self.side} {role} killed: not stopped {STOP_S:.0f} s after SIGTERM", flush=True)
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        for spy in self.spies:
            spy.wait(30)
        requests.delete(f"{MANAGEMENT}/api/vhosts/{self.vhost}", timeout=10)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-events-"))
    store = "mongodb" if os.environ.get("MONGO_URI") else "litemongo"
    print(f"{EVENTS} events a side, store {store}, lost = not applied {DEADLINE_S:.0f} s after the last send",
          flush=True)  # fmt: skip
    sides: list[Side] = []
    try:
        started = time.monotonic()
        sides = [Side("ours", work), Side("nameko", work)]  # both start now; each idles until its go
        for side in sides:
            side.wait_ready()
        time.sleep(1.0)  # the senders' containers finish starting
        print(f"services up in {time.monotonic() - started:.1f} s", flush=True)
        ours = sides[0].run()
        sides[0].stop()
        nameko = sides[1].run()
    finally:
        stopping = time.monotonic()
        for side in sides:
            side.stop()
        for side in sides:
            side.cleanup()
        shutil.rmtree(work, ignore_errors=True)
        print(f"services stopped in {time.monotonic() - stopping:.1f} s", flush=True)
    ratio = ours["per_s"] / nameko["per_s"] if nameko["per_s"] else 0.0
    lost = ours["lost"] + ours["send_failures"]
    print(
        f"RESULT events={EVENTS} ours_per_s={ours['per_s']:.0f} nameko_per_s={nameko['per_s']:.0f} "
        f"ratio={ratio:.2f} lost={lost} duplicates_applied={ours['duplicates_applied']}"
    )
    return 0 if lost == ours["duplicates_applied"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
