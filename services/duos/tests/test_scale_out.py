"""Several duo service instances on the same queues (competing consumers) under a burst of requests
and offers: the invariants hold because the store enforces them, not because of timing.

The instances share one process here (litemongo is safe with one process per store); scaled-out
deployments across processes use MongoDB, where the same conditional updates and unique indexes hold.
"""

import random
from collections import Counter

import eventlet
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from duos.domain import new_duo, new_request
from duos.matching import Proposal
from duos.service import DuosService
from duos.store import DuoStore, now_iso
from interra_chassis.errors import Conflict
from interra_chassis.store import Outbox, open_database
from interra_chassis.testing import call, member_registered, wait_for

LEARNERS, VOLUNTEERS = 150, 60


@pytest.fixture
def instances(container_factory, rabbit_config, data_dir):
    containers = [container_factory(DuosService, rabbit_config) for _ in range(3)]
    for container in containers:
        container.start()
    return containers


def test_a_burst_on_three_instances_keeps_every_invariant(instances, rabbit_config, publish):
    rng = random.Random(7)
    learners = [f"learner-{i}" for i in range(LEARNERS)]
    volunteers = {f"volunteer-{i}": rng.randint(1, 3) for i in range(VOLUNTEERS)}
    for member_id in learners:
        publish("MemberRegistered", member_registered(member_id, region=rng.choice(["liege", "brussels"])))
    for member_id in volunteers:
        region = rng.choice(["liege", "brussels"])
        publish("MemberRegistered", member_registered(member_id, kind="local", french_level="native", region=region))
    wait_for(lambda: call(instances[0], "stats")["members_known"] == LEARNERS + VOLUNTEERS, timeout=30)

    asks = [("request_duo", {"member_id": m}) for m in learners]
    asks += [("offer_duo", {"member_id": m, "capacity": c}) for m, c in volunteers.items()]
    asks += [("request_duo", {"member_id": m}) for m in rng.sample(learners, 20)]  # duplicates: refused
    rng.shuffle(asks)

    def ask(item):
        method, payload = item
        with ClusterRpcProxy(rabbit_config, timeout=60) as rpc:
            try:
                getattr(rpc.duos, method)(payload)
                return "ok"
            except Conflict:
                return "conflict"

    outcomes = Counter(eventlet.GreenPool(30).imap(ask, asks))
    assert outcomes == {"ok": LEARNERS + VOLUNTEERS, "conflict": 20}

    # rounds run within the second on whichever instance holds the lease; this one waits for them
    call(instances[1], "run_matching")
    db = open_database("duos")
    duos = list(db.duos.find({"status": "active"}))
    per_learner = Counter(d["learner_id"] for d in duos)
    per_volunteer = Counter(d["volunteer_id"] for d in duos)
    per_request = Counter(d["learner_request_id"] for d in duos)
    assert max(per_learner.values()) == 1, "a learner in two active duos"
    assert max(per_request.values()) == 1, "a request matched twice"
    for volunteer, count in per_volunteer.items():
        assert count <= volunteers[volunteer], f"{volunteer} beyond capacity"
    for offer in db.requests.find({"side": "volunteer"}):
        assert offer["remaining"] == offer["capacity"] - per_volunteer[offer["member_id"]]
    matched = {r["member_id"] for r in db.requests.find({"side": "learner", "status": "matched"})}
    assert matched == set(per_learner)
    for region in ("liege", "brussels"):  # nobody left waiting while a place of their region is free
        waiting = db.requests.count_documents({"side": "learner", "status": "waiting", "region": region})
        free = sum(o["remaining"] for o in db.requests.find({"side": "volunteer", "region": region}))
        assert waiting == 0 or free == 0, (region, waiting, free)
    assert len(duos) > 50


def test_concurrent_claims_without_the_lease_still_book_each_place_and_learner_once(data_dir):
    """The lease keeps rounds one at a time; the store's conditional writes hold even without it
    (a lease that expired under a slow round, a crashed holder)."""
    store = DuoStore(open_database("duos"), Outbox("duos", "test"))
    volunteer, at = {"_id": "v", "region": "liege"}, now_iso()
    offer = store.open_request(new_request(volunteer, "volunteer", 3, {}, at, "o"))
    learners = [
        store.open_request(new_request({"_id": f"l{i}", "region": "liege"}, "learner", None, {}, at, f"r{i}"))
        for i in range(5)
    ]

    def form(attempt):
        learner = learners[attempt % len(learners)]
        proposal = Proposal(learner["_id"], offer["_id"], learner["member_id"], "v", 1.0, ("test",))
        if not store.take_slot(offer["_id"]):
            return False
        duo = new_duo(proposal, "liege", "active", now_iso(), f"duo-{attempt}")
        if not store.claim_learner(learner["_id"], duo):
            store.give_back_slot(offer["_id"])
            return False
        store.add_duo(duo)
        return True

    formed = sum(eventlet.GreenPool(20).imap(form, range(40)))
    assert formed == 3
    assert store.request(offer["_id"])["remaining"] == 0
    claimed = Counter(d["learner_request_id"] for d in open_database("duos").duos.find({}))
    assert sorted(claimed.values()) == [1, 1, 1]
