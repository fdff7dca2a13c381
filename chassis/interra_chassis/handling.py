"""Reliable event handling: `@handle_event("members", "MemberRegistered")`.

Unlike nameko's @event_handler (which drops a message whose handler raises, or requeues it forever),
a handler here:
- reads the raw message itself, so a body that is not JSON or breaks its contract goes straight to
  the dead-letter queue `<service>.dlq` with the reason, and never stops the consumer;
- claims each event id under a unique index before handling: a duplicate already handled is
  skipped, one being handled elsewhere right now comes back after a delay that doubles each time
  (capped); a claim whose owner process stopped beating (it crashed) is taken over within
  OWNER_SILENT_S, not left for minutes;
- on error, re-publishes the message to `<service>.retry`, whose per-message TTL dead-letters it back
  to the handler's queue after a backoff (delay doubles each attempt); after HANDLER_MAX_RETRIES it
  goes to `<service>.dlq` with the error;
- acks a message only once what it re-published (retry, DLQ, look again) is confirmed: when the broker
  is away the message is requeued (or, its connection gone, delivered again by the broker), never lost,
  and the container never dies of it (ADR 0010).
Handlers receive an `interra_contracts.Event` and must be idempotent (at-least-once delivery).
"""

import json
import time
import uuid
from functools import partial

import eventlet
from kombu import Connection, Exchange, Queue
from nameko.amqp.publish import Publisher
from nameko.events import EventHandler
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import SharedExtension
from pymongo.errors import DuplicateKeyError

from interra_chassis.broker import BROKER_ERRORS, ResilientQueueConsumer
from interra_chassis.config import settings
from interra_chassis.logs import get_logger
from interra_chassis.publishing import events_exchange
from interra_chassis.store import KnownMembers, open_database
from interra_contracts import ContractError, load_event

log = get_logger(__name__)
ATTEMPTS_HEADER = "x-interra-attempts"
BUSY_HEADER = "x-interra-busy"
PROCESSED = "processed_events"
INSTANCES = "handler_instances"
CLAIM_STALE_S = 300
"""A claim this old is taken over whatever its owner says (a handler is never that long)."""
HEARTBEAT_S = 2.0
"""Each process says it is alive this often; its claims are its own while it does."""
OWNER_SILENT_S = 10.0
"""A claim whose owner has not beaten for this long is a dead process's: taken over at once."""
BUSY_DELAY_CAP_S = 30.0
REQUEUE_PAUSE_S = 1.0
"""A message whose re-publish failed waits this long before it is requeued."""


def look_again_delay(base_s: float, looks: int) -> float:
    """How long a message whose copy is being handled waits before its next look: doubling, capped."""
    return min(base_s * 2**looks, BUSY_DELAY_CAP_S)


def dlq_name(service: str) -> str:
    return f"{service}.dlq"


def retry_name(service: str) -> str:
    return f"{service}.retry"


def handler_queue_name(source: str, event_type: str, service: str, method: str) -> str:
    """nameko's name for a service-pool event handler queue."""
    return f"evt-{source}-{event_type}--{service}.{method}"


def service_queues(service: str) -> list[Queue]:
    """The service's dead-letter queue and its retry queue (expired messages go back by queue name)."""
    retry_exchange = Exchange(retry_name(service), type="fanout", durable=True)
    return [
        Queue(dlq_name(service), durable=True),
        Queue(
            retry_name(service),
            exchange=retry_exchange,
            durable=True,
            queue_arguments={"x-dead-letter-exchange": ""},
        ),
    ]


class RawQueueConsumer(ResilientQueueConsumer):
    """A QueueConsumer that hands providers undecoded messages (nameko's crashes on a bad body), and
    rides out broker outages (broker.py)."""

    def get_consumers(self, consumer_cls, channel):
        for provider in self._providers:
            consumer = consumer_cls(queues=[provider.queue], on_message=partial(self.handle_message, provider, None))
            consumer.qos(prefetch_count=self.prefetch_count)
            self._consumers[provider] = consumer
        return self._consumers.values()


class HandlingKit(SharedExtension):
    """What every reliable handler of a container shares: processed ids, retry and DLQ publishing."""

    def setup(self):
        self.settings = settings()
        self.service = self.container.service_name
        database = open_database(self.service)
        self.processed = database[PROCESSED]
        self.instances = database[INSTANCES]
        self.instance = uuid.uuid4().hex
        self.publisher = Publisher(self.container.config["AMQP_URI"], use_confirms=True)
        with Connection(self.container.config["AMQP_URI"]) as conn:
            for queue in service_queues(self.service):
                queue(conn.default_channel).declare()

    def start(self):
        self.beat()
        self.container.spawn_managed_thread(self._beating)

    def stop(self):
        self.instances.delete_one({"_id": self.instance})  # a clean stop: its claims are free at once

    def beat(self) -> None:
        self.instances.update_one({"_id": self.instance}, {"$set": {"seen": time.time()}}, upsert=True)

    def _beating(self) -> None:
        while True:
            eventlet.sleep(HEARTBEAT_S)
            try:
                self.beat()
            except Exception as exc:  # the store hiccuped: the next beat says it again
                log.warning("handler heartbeat failed", error=str(exc))

    def _owner_alive(self, owner: str | None, now: float) -> bool:
        if owner is None:  # a claim from before owners were recorded: only its age tells
            return True
        if owner == self.instance:
            return True
        beat = self.instances.find_one({"_id": owner}) or {}
        return beat.get("seen", 0.0) >= now - OWNER_SILENT_S

    def claim(self, key: str) -> str:
        """Claim an event for this handler: 'claimed', 'done' (a duplicate) or 'busy' (being handled
        elsewhere right now). A claim whose owner stopped beating (a crashed process), or older than
        CLAIM_STALE_S, is taken over."""
        now = time.time()
        try:
            self.processed.insert_one({"_id": key, "status": "processing", "at": now, "owner": self.instance})
            return "claimed"
        except DuplicateKeyError:
            pass
        claim = self.processed.find_one({"_id": key}) or {}
        if claim.get("status") == "done":
            return "done"
        if claim and (claim.get("at", 0.0) < now - CLAIM_STALE_S or not self._owner_alive(claim.get("owner"), now)):
            # conditional on the very claim read: of two instances taking it over, one wins
            taken = {"_id": key, "status": "processing", "at": claim.get("at"), "owner": claim.get("owner")}
            if self.processed.find_one_and_update(taken, {"$set": {"at": now, "owner": self.instance}}):
                log.warning("claim of a stopped process taken over", key=key)
                return "claimed"
        return "busy"

    def complete(self, key: str) -> None:
        self.processed.update_one({"_id": key}, {"$set": {"status": "done", "at": time.time()}})

    def release(self, key: str) -> None:
        """Give the claim back after a failure, so that the retry can take it."""
        self.processed.delete_one({"_id": key, "status": "processing"})

    def republish(self, message, *, routing_key: str, exchange: str = "", **extra) -> None:
        self.publisher.publish(
            message.body,
            exchange=exchange,
            routing_key=routing_key,
            content_type=message.content_type or "application/octet-stream",
            content_encoding=message.content_encoding or "binary",
            headers={**(message.headers or {}), **extra.pop("headers", {})},
            **extra,
        )

    def dead_letter(self, message, queue: str, reason: str, attempts: int) -> None:
        headers = {"x-error": reason[:2000], "x-queue": queue, ATTEMPTS_HEADER: attempts}
        self.republish(message, routing_key=dlq_name(self.service), headers=headers)
        log.error("message dead-lettered", queue=queue, reason=reason[:300], attempts=attempts)

    def retry(self, message, queue: str, attempts: int, why: str = "handler failed") -> None:
        delay = self.settings.handler_retry_delay * 2 ** max(attempts - 1, 0)
        self._later(message, queue, delay, {ATTEMPTS_HEADER: attempts})
        log.warning(f"{why}, retry scheduled", queue=queue, attempt=attempts, delay_s=delay)

    def look_again(self, message, queue: str) -> None:
        """A copy is being handled elsewhere: look again later, each time twice as late (capped), without
        spending the handler's retries (the copy may well succeed)."""
        busy = int((message.headers or {}).get(BUSY_HEADER, 0))
        delay = look_again_delay(self.settings.handler_retry_delay, busy)
        self._later(message, queue, delay, {BUSY_HEADER: busy + 1})
        if busy in (0, 4, 8) or delay >= BUSY_DELAY_CAP_S:  # not a line per look: a few, then each long wait
            log.info("a copy is being handled, looking again later", queue=queue, looks=busy + 1, delay_s=delay)

    def _later(self, message, queue: str, delay: float, headers: dict) -> None:
        self.republish(message, exchange=retry_name(self.service), routing_key=queue, expiration=delay, headers=headers)


class ReliableEventHandler(EventHandler):
    queue_consumer = RawQueueConsumer()
    kit = HandlingKit()

    def handle_message(self, body, message):
        queue = self.queue.name
        attempts = int((message.headers or {}).get(ATTEMPTS_HEADER, 0))
        try:
            event = load_event(json.loads(message.body))
            if event.type != self.event_type:
                raise ContractError(f"{event.type} delivered to a {self.event_type} handler")
        except (ValueError, ContractError) as exc:  # ValueError covers bad JSON and bad UTF-8
            return self._settle(message, partial(self.kit.dead_letter, message, queue, f"contract: {exc}", attempts))

        key = f"{self.method_name}:{event.id}"
        claim = self.kit.claim(key)
        if claim == "done":
            log.info("duplicate event skipped", event_id=event.id, event_type=event.type)
            return self.queue_consumer.ack_message(message)
        if claim == "busy":  # a copy is being handled right now: look again after a delay
            return self._settle(message, partial(self.kit.look_again, message, queue))

        context = {"correlation_id": event.correlation_id or event.id}
        done = partial(self._done, message, key, event, attempts)
        try:
            self.container.spawn_worker(self, (event,), {}, context_data=context, handle_result=done)
        except ContainerBeingKilled:
            self.kit.release(key)
            self.queue_consumer.requeue_message(message)

    def _done(self, message, key, event, attempts, worker_ctx, result=None, exc_info=None):
        if exc_info is None:
            self.kit.complete(key)
            self.queue_consumer.ack_message(message)
            return result, exc_info
        self.kit.release(key)
        if attempts < self.kit.settings.handler_max_retries:
            self._settle(message, partial(self.kit.retry, message, self.queue.name, attempts + 1))
        else:
            error = f"{exc_info[0].__name__}: {exc_info[1]}"
            self._settle(message, partial(self.kit.dead_letter, message, self.queue.name, error, attempts + 1))
        return result, exc_info

    def _settle(self, message, republish) -> None:
        """Ack the message once `republish` (to the retry queue or the DLQ) has been confirmed. If it
        fails (the broker is away), the message is not acked: requeued after a pause, or, when its
        connection is gone, delivered again by the broker. Nothing is lost, nothing raises (nameko would
        kill the container)."""
        try:
            republish()
        except Exception as exc:
            log.warning(
                "re-publish failed, message requeued",
                queue=self.queue.name,
                error=str(exc) or type(exc).__name__,
                broker_away=isinstance(exc, BROKER_ERRORS),
            )
            eventlet.sleep(REQUEUE_PAUSE_S)  # not a hot loop when the broker is up but refuses
            self.queue_consumer.requeue_message(message)
            return
        self.queue_consumer.ack_message(message)


handle_event = ReliableEventHandler.decorator


def declare_topology(amqp_uri: str, service_cls) -> list[str]:
    """Declare a service's durable queues (handlers, retry, DLQ) before anything is published,
    so events sent while the service is not yet running wait for it. Returns the queue names."""
    service = service_cls.name
    queues = service_queues(service)
    for attr in dir(service_cls):
        for entrypoint in getattr(getattr(service_cls, attr), "nameko_entrypoints", ()):
            if isinstance(entrypoint, ReliableEventHandler):
                name = handler_queue_name(entrypoint.source_service, entrypoint.event_type, service, attr)
                exchange = events_exchange(entrypoint.source_service)
                queues.append(Queue(name, exchange=exchange, routing_key=entrypoint.event_type, durable=True))
    with Connection(amqp_uri) as conn:
        channel = conn.default_channel
        for queue in queues:
            queue(channel).declare()
    return [q.name for q in queues]


class FollowsMembers:
    """Service mixin: keeps `self.store` (a KnownMembers repository) in step with the members
    service's events. Erasure: `MemberRights` (rights.py), around each service's own erase_member."""

    store: KnownMembers  # the service's Store(...) of a KnownMembers repository

    @handle_event("members", "MemberRegistered")
    def on_member_registered(self, event) -> None:
        """Keep the member's id and the non-personal attributes this service needs."""
        self.store.remember_member(event.data)

    @handle_event("members", "MemberProfileUpdated")
    def on_member_profile_updated(self, event) -> None:
        """Follow the member's own changes (region, languages, level...)."""
        self.store.update_member(event.data)
