"""Each service's own database, and the transactional outbox that makes its events reliable.

MONGO_URI set: pymongo to that server, database = the service name. Unset: the embedded litemongo
engine under DATA_DIR/<service>/. One client per process and database, opened in setup(), never at
import (litemongo is safe with one process per store only).

Outbox: a repository writes the state change and the events it causes in ONE document update
(field `_outbox`), which is atomic on both engines. After the worker, the provider publishes those
events with publisher confirms and pulls them from the document; a relay loop re-sends whatever a
crash left behind. Delivery is at least once: consumers are idempotent (see handling.py).
"""

import contextlib
import threading
import weakref
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import eventlet
import pymongo
from eventlet.queue import LightQueue
from eventlet.semaphore import Semaphore
from nameko.extensions import DependencyProvider
from pymongo.errors import DuplicateKeyError

from interra_chassis.broker import BROKER_ERRORS
from interra_chassis.config import Settings, settings
from interra_chassis.errors import NotFound
from interra_chassis.logs import correlation_id_of, get_logger
from interra_chassis.publishing import EventPublisher
from interra_contracts import new_event

log = get_logger(__name__)
OUTBOX = "_outbox"
Database = Any
"""A database handle of pymongo or litemongo (the same API, no common type)."""
RELAY_BACKOFF_CAP_S = 10.0
"""While the broker is away the relay tries again after 2x, 4x... its interval, at most this long."""
NEWEST_FIRST = [("created_at", pymongo.DESCENDING), ("_id", pymongo.DESCENDING)]
"""The order of the lists members and staff browse (created_at is ISO text: it sorts in time order)."""

_clients: dict[str, object] = {}
_clients_lock = threading.Lock()


def open_database(service_name: str):
    """The process-wide database handle of a service (pymongo or litemongo, same API)."""
    config = settings()
    key = config.mongo_uri or str(config.data_dir.resolve() / service_name)
    with _clients_lock:
        if key not in _clients:
            _clients[key] = _connect(key, config)
        return _clients[key][service_name]


def _connect(key: str, config: Settings):
    if config.mongo_uri:
        return pymongo.MongoClient(config.mongo_uri, tz_aware=True)
    import litemongo  # the embedded engine is only needed when no server is configured

    config.data_dir.mkdir(parents=True, exist_ok=True)
    return litemongo.connect(key)


def close_all() -> None:
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


class Outbox:
    """Per-worker: builds envelopes for the worker's service and remembers where they were written."""

    def __init__(self, source: str, correlation_id: str | None):
        self.source = source
        self.correlation_id = correlation_id
        self.written: list[tuple[str, object, dict]] = []  # (collection, document id, envelope)

    def event(self, event_type: str, data: Mapping) -> dict:
        return new_event(event_type, data, source=self.source, correlation_id=self.correlation_id)


class Repository:
    """Base of each service's store.py: collections, indexes and writes that carry their events."""

    outbox_collections: tuple[str, ...] = ()
    """Collections whose documents may hold pending events; the relay scans them."""

    def __init__(self, db: Database, outbox: Outbox):
        self.db = db
        self.outbox = outbox

    @classmethod
    def ensure_indexes(cls, db) -> None:
        """Create the indexes the repository relies on (unique constraints live here)."""

    def insert_with_events(self, collection: str, document: dict, events: Iterable[tuple[str, dict]]):
        envelopes = [self.outbox.event(t, d) for t, d in events]
        self.db[collection].insert_one({**document, OUTBOX: envelopes})
        self.outbox.written.extend((collection, document["_id"], envelope) for envelope in envelopes)
        return envelopes

    def update_with_events(self, collection: str, query: dict, update: dict, events, **kwargs):
        """find_one_and_update that also appends events; returns the new document or None."""
        envelopes = [self.outbox.event(t, d) for t, d in events]
        update = {**update, "$push": {**update.get("$push", {}), OUTBOX: {"$each": envelopes}}}
        doc = self.db[collection].find_one_and_update(
            query, update, return_document=pymongo.ReturnDocument.AFTER, **kwargs
        )
        if doc is not None:
            self.outbox.written.extend((collection, doc["_id"], envelope) for envelope in envelopes)
        return doc

    def find(self, collection: str, query: dict, **kwargs):
        return self.db[collection].find(query, {OUTBOX: 0}, **kwargs)

    def find_one(self, collection: str, query: dict):
        return self.db[collection].find_one(query, {OUTBOX: 0})

    def by_id(self, collection: str, doc_id, what: str) -> dict:
        """The document with this id, or NotFound "no <what> <id>" (also for an id that is not a
        string: an id from a caller is never a query)."""
        doc = self.find_one(collection, {"_id": doc_id}) if isinstance(doc_id, str) else None
        if doc is None:
            raise NotFound(f"no {what} {doc_id!r}")
        return doc

    def newest_first(self, collection: str, query: dict) -> list[dict]:
        """Every matching document, newest first (index_newest_first makes it an index scan)."""
        return list(self.find(collection, query, sort=NEWEST_FIRST))

    def newest_first_page(self, collection: str, offset: int, limit: int, **equal) -> tuple[list[dict], int]:
        """One page of the documents whose fields equal `equal` (a None value filters nothing),
        newest first, and how many match in all."""
        query = {name: value for name, value in equal.items() if value is not None}
        items = list(self.find(collection, query, sort=NEWEST_FIRST, skip=offset, limit=limit))
        return items, self.db[collection].count_documents(query)


def index_newest_first(collection, *fields: str) -> None:
    """The indexes of newest_first and newest_first_page: the whole collection, and the documents
    of one value of each of `fields`."""
    collection.create_index(NEWEST_FIRST)
    for field in fields:
        collection.create_index([(field, pymongo.ASCENDING), *NEWEST_FIRST])


class KnownMembers:
    """Repository mixin: the service's read model of members, fed by MemberRegistered.

    Keeps the member id and the `member_fields` the service needs (never personal details);
    an upsert, so a redelivered event changes nothing. An erased member leaves a tombstone
    (id only), so a late or redelivered MemberRegistered cannot bring them back.
    """

    db: Database  # given by the Repository it is mixed into

    member_fields: tuple[str, ...] = ("kind", "region")

    def remember_member(self, data: Mapping) -> None:
        fields = {name: data.get(name) for name in self.member_fields}
        with contextlib.suppress(DuplicateKeyError):  # the tombstone of an erased member
            self.db.members.update_one(
                {"_id": data["member_id"], "erased": {"$ne": True}}, {"$set": fields}, upsert=True
            )

    def update_member(self, data: Mapping) -> None:
        """MemberProfileUpdated: change only the attributes the event carries (never revive a tombstone)."""
        fields = {name: data[name] for name in self.member_fields if name in data}
        if fields:
            self.db.members.update_one({"_id": data["member_id"], "erased": {"$ne": True}}, {"$set": fields})

    def forget_member(self, member_id: str) -> None:
        """Erasure: keep only a tombstone with the id."""
        self.db.members.replace_one({"_id": member_id}, {"_id": member_id, "erased": True}, upsert=True)

    def member(self, member_id) -> dict | None:
        if not isinstance(member_id, str):
            return None
        return self.db.members.find_one({"_id": member_id, "erased": {"$ne": True}})


RELAY_BATCH = 500
"""Envelopes published, then confirmed, at once (the broker's acks are waited for once a batch)."""


def relay(db, publisher: EventPublisher, places: Iterable[tuple[str, object]], settle_s: float = 0) -> int:
    """Publish the pending events of the given documents (see `send`). Events younger than settle_s
    are left to the sender of the worker that wrote them (fewer duplicates)."""
    newest = datetime.now(UTC) - timedelta(seconds=settle_s)
    ids_by_collection: dict[str, list] = {}
    for collection, doc_id in places:
        ids_by_collection.setdefault(collection, []).append(doc_id)
    pending = []
    for collection, ids in ids_by_collection.items():
        for doc in db[collection].find({"_id": {"$in": ids}, f"{OUTBOX}.0": {"$exists": True}}, {OUTBOX: 1}):
            for envelope in doc[OUTBOX]:
                if not settle_s or datetime.fromisoformat(envelope["time"]) <= newest:
                    pending.append((collection, doc["_id"], envelope))
    return send(db, publisher, pending)


def send(db, publisher: EventPublisher, pending: list[tuple[str, object, dict]]) -> int:
    """Publish (collection, document id, envelope) in confirmed batches, then pull those published
    from their documents. Raises when a batch is not confirmed: what it held stays in the documents,
    for the relay loop."""
    for start in range(0, len(pending), RELAY_BATCH):
        batch = pending[start : start + RELAY_BATCH]
        publisher.publish_all([envelope for _, _, envelope in batch])
        _pull(db, batch)
    return len(pending)


def _pull(db, published: list[tuple[str, object, dict]]) -> None:
    """Take published envelopes out of their documents: one update per collection."""
    by_collection: dict[str, tuple[list, list]] = {}
    for collection, doc_id, envelope in published:
        doc_ids, event_ids = by_collection.setdefault(collection, ([], []))
        doc_ids.append(doc_id)
        event_ids.append(envelope["id"])
    for collection, (doc_ids, event_ids) in by_collection.items():
        db[collection].update_many({"_id": {"$in": doc_ids}}, {"$pull": {OUTBOX: {"id": {"$in": event_ids}}}})


def pending_places(db, collections: Iterable[str]) -> list[tuple[str, object]]:
    return [
        (name, doc["_id"])
        for name in collections
        for doc in db[name].find({f"{OUTBOX}.0": {"$exists": True}}, {"_id": 1})
    ]


class Store(DependencyProvider):
    """Injects the service's repository, bound to the worker; publishes its events afterwards."""

    def __init__(self, repository_cls: type[Repository]):
        self.repository_cls = repository_cls

    def setup(self):
        # per-worker outboxes live here: worker_ctx.data travels as message headers
        self.outboxes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.settings = settings()
        self.db = open_database(self.container.service_name)
        self.repository_cls.ensure_indexes(self.db)
        self.publisher = EventPublisher(self.container.config["AMQP_URI"])
        self._publishing = Semaphore()  # the sender and the relay loop share the publisher
        self._to_send: LightQueue = LightQueue()

    def start(self):
        self._threads = [
            self.container.spawn_managed_thread(self._send_forever),
            self.container.spawn_managed_thread(self._relay_forever),
        ]

    def stop(self):
        for thread in getattr(self, "_threads", ()):
            thread.kill()
        while not self._to_send.empty():  # what the last workers wrote leaves now, not at the next start
            self._send(self._take_queued())
        self.publisher.close()

    def kill(self):
        for thread in getattr(self, "_threads", ()):
            thread.kill()
        self.publisher.close()

    def get_dependency(self, worker_ctx):
        outbox = Outbox(self.container.service_name, correlation_id_of(worker_ctx))
        self.outboxes[worker_ctx] = outbox
        return self.repository_cls(self.db, outbox)

    def worker_teardown(self, worker_ctx):
        """The worker's events are the sender's now: the worker does not wait for the broker."""
        outbox = self.outboxes.pop(worker_ctx, None)
        if outbox and outbox.written:
            self._to_send.put(outbox.written)

    def _take_queued(self, first: list | None = None) -> list:
        pending = list(first or [])
        while len(pending) < RELAY_BATCH and not self._to_send.empty():
            pending.extend(self._to_send.get_nowait())
        return pending

    def _send_forever(self):
        """Sends what workers wrote, as it comes: all that is waiting goes in one confirmed batch."""
        while True:
            self._send(self._take_queued(self._to_send.get()))

    def _send(self, pending: list) -> None:
        if not pending:
            return
        try:
            with self._publishing:
                send(self.db, self.publisher, pending)
        except BROKER_ERRORS as exc:  # the broker is away: the relay loop sends them once it is back
            log.warning("outbox publish deferred: broker unreachable", error=str(exc))
        except Exception:  # the relay loop will send them; the state change stands
            log.warning("outbox publish deferred", exc_info=True)

    def flush_pending(self) -> int:
        """Publish everything any document still holds (what a crash or an outage left)."""
        places = pending_places(self.db, self.repository_cls.outbox_collections)
        with self._publishing:
            return relay(self.db, self.publisher, places, settle_s=self.settings.outbox_relay_interval)

    def _relay_forever(self):
        interval = delay = self.settings.outbox_relay_interval
        while True:
            eventlet.sleep(delay)
            try:
                sent = self.flush_pending()
                delay = interval
                if sent:
                    log.info("outbox relay re-sent events", count=sent)
            except BROKER_ERRORS as exc:  # the broker is away: back off (one line a try, no traceback)
                delay = min(max(delay, 0.5) * 2, max(interval, RELAY_BACKOFF_CAP_S))
                log.warning("outbox relay waits for the broker", error=str(exc), retry_in_s=delay)
            except Exception:
                log.warning("outbox relay failed, will retry", exc_info=True)
