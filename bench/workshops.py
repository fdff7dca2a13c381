"""bench-workshops: a burst of Ateliers registrations through the gateway, then the mix's invariants.

Starts the platform as `make run` does (own RabbitMQ vhost, temporary data, an admin from ADMIN_EMAIL
and ADMIN_PASSWORD), then, untimed: 100 members (50 newcomers, 50 locals) register and log in; the
admin takes 4 online workshops through the pipeline to published, 10 weekly dates each (40 dates,
capacity 20, newcomer share 0.5, the first a week away: held seats stay held).
Timed, from 16 client threads (one requests.Session each): every member registers for 20 of the 40
dates (2,000 registrations, ~50 people on each date for 20 seats), plus 100 deliberate duplicates
sent right after their original so the two race (each pair: one 201 and one 409).
Then, from each date's participants (staff view) and its seat counters:
  - overbooked: dates whose confirmed + offered participants exceed the capacity;
  - mix_violations: dates holding more newcomers, or more locals, than the seats held for that group
    (mix.held_seats) while the date is not yet open to all;
  - duplicates: (date, member) pairs more than once among the active registrations.
Exits non-zero when any of them is not 0, or when a request got an answer it should not have.
Last line: RESULT registrations=<n> per_s=<n> overbooked=<n> mix_violations=<n> duplicates=<n>
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from bench.gateway import MANAGEMENT, ROOT, free_port, vhost
from workshops.mix import held_seats

MEMBERS = 100  # half newcomers, half locals
WORKSHOPS = 4
DATES_EACH = 10
DATES_PER_MEMBER = 20
DUPLICATES = 100
CLIENTS = 16
CAPACITY = 20
SHARE = 0.5
ADMIN = {"username": "bench-admin@interra.be", "password": "bench admin password 1"}
LIEGE = ZoneInfo("Europe/Brussels")
HOLDING = ("confirmed", "offered")


class Client:
    """The gateway, as one caller (a session per thread)."""

    def __init__(self, base: str):
        self.base = base
        self.local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def call(self, method: str, path: str, token: str | None = None, body: dict | None = None) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.session().request(method, f"{self.base}{path}", json=body, headers=headers, timeout=60)

    def ok(self, method: str, path: str, token: str | None = None, body: dict | None = None, retry_unknown=False):
        """The JSON of a 2xx answer; a 422 'unknown member' is retried for a while when asked to."""
        for _ in range(100):
            answer = self.call(method, path, token, body)
            if answer.ok:
                return answer.json()
            if not (retry_unknown and answer.status_code == 422 and "unknown member" in answer.text):
                raise RuntimeError(f"{method} {path} {body} -> {answer.status_code} {answer.text}")
            time.sleep(0.1)
        raise RuntimeError(f"{method} {path}: the member stayed unknown")


def start_platform(var: Path, port: int, amqp_uri: str) -> subprocess.Popen:
    env = {**os.environ, "AMQP_URI": amqp_uri, "VAR_DIR": str(var), "GATEWAY_PORT": str(port),
           "LOG_LEVEL": "WARNING", "RATE_LIMIT_WRITE": "1000000/60", "RATE_LIMIT_LOGIN": "1000000/60",
           "ADMIN_EMAIL": ADMIN["username"], "ADMIN_PASSWORD": ADMIN["password"]}  # fmt: skip
    for unset in ("DATA_DIR", "MAIL_DIR", "MONGO_URI", "JWT_SECRET"):
        env.pop(unset, None)
    platform = subprocess.Popen([sys.executable, "-m", "deploy.launcher"], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    seen = []
    for line in platform.stdout:
        if "Interra is running" in line:
            # the launcher says little more; keep its pipe drained all the same
            threading.Thread(target=platform.stdout.read, daemon=True).start()
            return platform
        seen.append(line)
    raise RuntimeError("the platform did not start:\n" + "".join(seen))


def new_member(client: Client, i: int) -> dict:
    newcomer = i % 2 == 0
    profile = {
        "first_name": "Bench", "last_name": f"Member{i}", "email": f"bench{i}@example.org",
        "password": f"bench password {i:04d}", "consents": [{"purpose": "data_processing", "granted": True}],
        "birth_year": 1970 + i % 35, "region": "liege", "languages": ["fr"],
        "french_level": "A2" if newcomer else "native", "preferred_language": "fr",
    }  # fmt: skip
    if newcomer:
        profile["arrived_on"] = (datetime.now(LIEGE).date() - timedelta(days=200 + i)).isoformat()
    member = client.ok("POST", "/members", body=profile)
    expected = "newcomer" if newcomer else "local"
    if member["kind"] != expected:
        raise RuntimeError(f"member {i} registered as {member['kind']}, not {expected}")
    login = client.ok("POST", "/auth/token", body={"username": profile["email"], "password": profile["password"]})
    return {"member_id": member["member_id"], "kind": member["kind"], "token": login["access_token"]}


def publish_workshop(client: Client, admin: str, proposer_id: str, k: int) -> list[dict]:
    """A workshop taken through the pipeline to published, with its weekly online dates."""
    proposal = {"proposer_id": proposer_id, "title": f"Bench atelier {k}", "category": "cooking",
                "description": "We cook together, then share the meal, in French.", "languages": ["fr"],
                "format": "online"}  # fmt: skip
    workshop_id = client.ok("POST", "/workshops", admin, proposal, retry_unknown=True)["workshop_id"]
    for move in ("accept", "train", "seek_venue"):
        client.ok("POST", f"/workshops/{workshop_id}/moves", admin, {"move": move})
    first = (datetime.now(LIEGE) + timedelta(days=8)).replace(hour=10 + 2 * k, minute=0, second=0, microsecond=0)
    plan = {"first_start": first.replace(tzinfo=None).isoformat(), "minutes": 90, "frequency": "weekly",
            "count": DATES_EACH, "online_link": "https://meet.example.org/x", "capacity": CAPACITY,
            "newcomer_share": SHARE}  # fmt: skip
    dates = client.ok("POST", f"/workshops/{workshop_id}/dates", admin, plan)["items"]
    for move in ("schedule", "publish"):
        client.ok("POST", f"/workshops/{workshop_id}/moves", admin, {"move": move})
    if len(dates) != DATES_EACH:
        raise RuntimeError(f"workshop {k}: {len(dates)} dates planned, not {DATES_EACH}")
    return dates


def burst_plan(members: list[dict], date_ids: list[str]) -> list[tuple[int, str, bool]]:
    """(member index, date id, duplicate?) in a shuffled order: member i registers for the 20 dates
    from i on (so ~25 newcomers and ~25 locals per date); each duplicate right after its original."""
    rng = random.Random(7)
    firsts = [(i, date_ids[(i + j) % len(date_ids)]) for i in range(len(members)) for j in range(DATES_PER_MEMBER)]
    rng.shuffle(firsts)
    doubled = set(rng.sample(range(len(firsts)), DUPLICATES))
    plan = []
    for n, (i, date_id) in enumerate(firsts):
        plan.append((i, date_id, False))
        if n in doubled:
            plan.append((i, date_id, True))
    return plan


def register(client: Client, members: list[dict], task: tuple[int, str, bool]) -> tuple[tuple, int, str, int]:
    """One registration as the member; 422 'unknown member' (events not yet through) retried and counted."""
    i, date_id, _ = task
    retries = 0
    while True:
        answer = client.call("POST", f"/workshops/dates/{date_id}/registrations", members[i]["token"], {})
        if answer.status_code == 422 and "unknown member" in answer.text and retries < 100:
            retries += 1
            time.sleep(0.1)
            continue
        return task, answer.status_code, answer.text, retries


def check(client: Client, admin: str, workshops: dict[str, list[dict]], members: list[dict], accepted: Counter):
    """The invariants from each date's participants and counters, and how the burst's 201s landed."""
    overbooked = mix_violations = duplicates = mismatches = 0
    confirmed = waitlisted = 0
    now = datetime.now(LIEGE)
    for workshop_id in workshops:
        for date in client.ok("GET", f"/workshops/{workshop_id}/dates", admin)["items"]:
            people = client.ok("GET", f"/workshops/dates/{date['date_id']}/participants", admin)
            items = people["items"]
            holding = Counter(p["group"] for p in items if p["status"] in HOLDING)
            waiting = sum(p["status"] == "waitlisted" for p in items)
            confirmed += holding.total()
            waitlisted += waiting
            if holding.total() > date["capacity"]:
                overbooked += 1
                print(f"  overbooked: date {date['date_id']} {dict(holding)} for {date['capacity']} seats")
            held = held_seats(date["capacity"], date["newcomer_share"])
            open_to_all = datetime.fromisoformat(date["starts_at"]) - timedelta(hours=48) <= now
            if not open_to_all and any(holding[group] > held[group] for group in held):
                mix_violations += 1
                print(f"  mix violated: date {date['date_id']} {dict(holding)}, held {held}")
            pairs = Counter(p["member_id"] for p in items)
            twice = [m for m, n in pairs.items() if n > 1]
            duplicates += len(twice)
            if twice:
                print(f"  on date {date['date_id']} more than once: {twice}")
            # the date's counters against its list, and every accepted registration on the list
            seats = date["seats"]
            counted = (seats["confirmed_newcomers"] + seats["confirmed_locals"] + seats["offered"], seats["waitlisted"])
            listed = set(pairs)
            expected = {members[i]["member_id"] for (i, d) in accepted if d == date["date_id"]}
            if counted != (holding.total(), waiting) or people["total"] != len(items) or listed != expected:
                mismatches += 1
                print(f"  date {date['date_id']}: counters {seats}, list {dict(holding)} + {waiting} waiting, "
                      f"{len(expected - listed)} accepted not listed, {len(listed - expected)} listed not accepted, "
                      f"total {people['total']} for {len(items)} items")  # fmt: skip
    return overbooked, mix_violations, duplicates, mismatches, confirmed, waitlisted


def main() -> int:
    name, amqp_uri = vhost()
    var = Path(tempfile.mkdtemp(prefix="bench-workshops-"))
    port = free_port()
    platform = None
    try:
        started = time.perf_counter()
        platform = start_platform(var, port, amqp_uri)
        client = Client(f"http://127.0.0.1:{port}")
        print(f"platform up in {time.perf_counter() - started:.1f} s", flush=True)

        started = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:  # argon2 hashing: two per member (register, log in)
            members = list(pool.map(lambda i: new_member(client, i), range(MEMBERS + WORKSHOPS)))
        members, proposers = members[:MEMBERS], members[MEMBERS:]
        admin = client.ok("POST", "/auth/token", body=ADMIN)["access_token"]
        workshops = {}
        for k, proposer in enumerate(proposers):  # proposers registered last: once known, so is everyone
            dates = publish_workshop(client, admin, proposer["member_id"], k)
            workshops[dates[0]["workshop_id"]] = dates
        date_ids = [d["date_id"] for dates in workshops.values() for d in dates]
        kinds = Counter(m["kind"] for m in members)
        print(f"setup: {len(members)} members ({kinds['newcomer']} newcomers, {kinds['local']} locals) "
              f"registered and logged in, {len(workshops)} workshops published with {len(date_ids)} dates "
              f"(capacity {CAPACITY}, newcomer share {SHARE}), in {time.perf_counter() - started:.1f} s",
              flush=True)  # fmt: skip

        plan = burst_plan(members, date_ids)
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            answers = list(pool.map(lambda task: register(client, members, task), plan))
        seconds = time.perf_counter() - started

        statuses = Counter(status for _, status, _, _ in answers)
        accepted = Counter((task[0], task[1]) for task, status, _, _ in answers if status == 201)
        outcomes = Counter(json.loads(text)["status"] for _, s, text, _ in answers if s == 201)
        retries = sum(r for *_, r in answers)
        registrations = statuses[201]
        unexpected = [(t, s, text[:300]) for t, s, text, _ in answers if s not in (201, 409)]
        pairs_twice = sum(n > 1 for n in accepted.values())
        print(f"burst: {len(plan)} requests ({len(plan) - DUPLICATES} registrations + {DUPLICATES} duplicates) "
              f"from {CLIENTS} clients in {seconds:.1f} s ({len(plan) / seconds:.0f} requests/s); "
              f"answers {dict(sorted(statuses.items()))}; 201s {dict(outcomes)}; "
              f"unknown-member retries {retries}", flush=True)  # fmt: skip
        for task, status, text in unexpected[:10]:
            print(f"  unexpected: member {task[0]} date {task[1]} -> {status} {text}")
        if pairs_twice:
            print(f"  {pairs_twice} (member, date) pairs answered 201 twice")

        started = time.perf_counter()
        overbooked, mix_violations, duplicates, mismatches, confirmed, waitlisted = check(
            client, admin, workshops, members, accepted
        )
        print(f"check: {len(date_ids)} dates, {confirmed} confirmed, {waitlisted} waitlisted; "
              f"{mismatches} dates whose counters or lists disagree with the burst; "
              f"in {time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
        print(f"RESULT registrations={registrations} per_s={registrations / seconds:.0f} "
              f"overbooked={overbooked} mix_violations={mix_violations} duplicates={duplicates}")  # fmt: skip
        sound = not (unexpected or pairs_twice or mismatches or statuses[409] != DUPLICATES)
        return 0 if sound and overbooked == mix_violations == duplicates == 0 else 1
    finally:
        if platform is not None:
            platform.send_signal(signal.SIGINT)
            platform.wait(30)
        requests.delete(f"{MANAGEMENT}/api/vhosts/{name}", timeout=10)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
