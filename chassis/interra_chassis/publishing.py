"""Publishing envelopes on the source service's topic exchange, persistent, with publisher confirms.

One connection and one confirm-mode channel per publisher, kept open: a batch of envelopes is written
at once and then waits once for the broker's acks of all of them (nameko's Publisher takes a pooled
producer, re-declares the exchange and waits for each message's confirm in turn: about ten times slower
for the outbox relay, ADR 0011). A batch the broker does not confirm in full raises: its envelopes stay
in their outbox and are sent again (consumers are idempotent, ADR 0003).
"""

import contextlib
import time
from functools import partial

import amqp
from kombu import Connection, Exchange
from kombu.serialization import dumps

from interra_chassis.broker import read_ahead
from interra_contracts import exchange_for

CONFIRM_TIMEOUT_S = 10.0
"""A batch not confirmed in full within this time is not sent, as far as the outbox knows."""
PERSISTENT = 2


class Unconfirmed(Exception):
    """The broker refused (nack) or did not confirm in time some messages of a batch."""


def events_exchange(source: str) -> Exchange:
    """Declared exactly as nameko's event handlers declare it (topic, durable)."""
    return Exchange(exchange_for(source), type="topic", durable=True, auto_delete=False)


class EventPublisher:
    """`publish_all(envelopes)`: each with routing key = its event type, confirmed as a batch.
    Not shared between threads (the Store gives its sender its own); `close()` when done."""

    def __init__(self, amqp_uri: str, confirm_timeout: float = CONFIRM_TIMEOUT_S):
        self._connect_to = partial(Connection, amqp_uri, connect_timeout=5)
        self._confirm_timeout = confirm_timeout
        self._connection = self._channel = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def publish(self, envelope: dict) -> None:
        self.publish_all([envelope])

    def publish_all(self, envelopes: list[dict]) -> None:
        """Publish every envelope, then wait until the broker has confirmed them all; raises (one of
        BROKER_ERRORS or Unconfirmed) otherwise, and the next batch opens a new connection."""
        if not envelopes:
            return
        try:
            self._publish_all(envelopes)
        except Exception:
            self.close()
            raise

    def _publish_all(self, envelopes: list[dict]) -> None:
        channel = self._channel or self._open()
        for envelope in envelopes:
            exchange = exchange_for(envelope["source"])
            if exchange not in self._declared:
                events_exchange(envelope["source"])(channel).declare()
                self._declared.add(exchange)
            content_type, encoding, body = dumps(envelope, "json")
            correlation_id = envelope.get("correlation_id") or ""
            message = amqp.Message(
                body,
                content_type=content_type,
                content_encoding=encoding,
                delivery_mode=PERSISTENT,
                message_id=envelope["id"],
                correlation_id=correlation_id,
                type=envelope["type"],
                application_headers={"nameko.correlation_id": correlation_id},
            )
            channel.basic_publish(message, exchange=exchange, routing_key=envelope["type"])
            self._sent += 1
            self._unconfirmed.add(self._sent)
        deadline = time.monotonic() + self._confirm_timeout
        while self._unconfirmed and not self._refused:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Unconfirmed(f"{len(self._unconfirmed)} of {len(envelopes)} not confirmed in time")
            self._connection.drain_events(timeout=remaining)
        if self._refused:
            raise Unconfirmed(f"the broker refused {len(self._refused)} of {len(envelopes)}")

    def _open(self):
        connection = self._connect_to()
        connection.connect()
        read_ahead(connection)  # the broker's acks come in bursts
        channel = connection.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        self._connection, self._channel = connection, channel
        self._sent, self._unconfirmed, self._refused, self._declared = 0, set(), set(), set()
        return channel

    def _settled(self, tag: int, multiple: bool) -> set[int]:
        settled = {t for t in self._unconfirmed if t <= tag} if multiple else {tag} & self._unconfirmed
        self._unconfirmed -= settled
        return settled

    def _on_ack(self, tag: int, multiple: bool) -> None:
        self._settled(tag, multiple)

    def _on_nack(self, tag: int, multiple: bool) -> None:
        self._refused |= self._settled(tag, multiple)

    def close(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None:
            with contextlib.suppress(Exception):  # already dead: nothing to close
                connection.release()
