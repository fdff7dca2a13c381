"""Riding out a broker outage (ADR 0010): consumers that reconnect quickly and say so, acks that never
kill a container, and the errors that mean "the broker is away".

nameko 2.14 kills the whole container when any worker or managed thread raises: an RPC reply, an ack or a
re-publish that meets a closed connection (kombu OperationalError ECONNREFUSED) therefore stopped the
service at every broker restart. Consumers themselves do reconnect (kombu's ConsumerMixin), but with
waits growing to 30 s and one log line a try.
"""

import time
from contextlib import contextmanager
from functools import partial

import amqp.exceptions
import amqp.transport
import kombu.exceptions
from nameko.messaging import QueueConsumer

from interra_chassis.logs import get_logger

log = get_logger(__name__)

BROKER_ERRORS = (kombu.exceptions.OperationalError, amqp.exceptions.ConnectionError, ConnectionError, OSError)
"""What publishing or acking raises while the broker is away or the connection is gone."""
RECONNECT = {"interval_start": 1, "interval_step": 1, "interval_max": 3}
"""Consumers try to reconnect after 1 s, 2 s, then every 3 s (kombu's default grows to 30 s)."""
LOG_EVERY = 10
"""While the broker stays away, one warning for the first failed reconnect, then one every 10."""
READ_AHEAD = 65536


def read_ahead(connection) -> None:
    """py-amqp reads each frame in three recv calls of exactly the bytes it needs (header, payload, end
    octet): nine system calls per message received. Let each recv take what has arrived, up to 64 KiB;
    py-amqp keeps the rest in its read buffer for the next frames. `connection`: kombu's or py-amqp's."""
    transport = getattr(connection, "connection", connection).transport
    if type(transport) is amqp.transport.TCPTransport:  # TLS reads go through the SSL object: left alone
        recv = transport.sock.recv
        transport._quick_recv = lambda wanted: recv(max(wanted, READ_AHEAD))


class ResilientQueueConsumer(QueueConsumer):
    """nameko's QueueConsumer, but:
    - reconnects every few seconds (RECONNECT), forever, logging a few lines rather than one per try;
    - knows whether it is connected (`connected`), and tells its providers when the connection is lost
      (`on_broker_connection_lost()`, when they have it): the RPC reply listener fails its pending calls;
    - acks and requeues never raise: a message whose connection is gone is the broker's again (it
      delivers it anew), which is what an ack or requeue would have achieved.
    """

    def __init__(self):
        super().__init__()
        self.connected = False
        self._failed_connects = 0
        self._lost_at: float | None = None

    @contextmanager
    def establish_connection(self):
        with self.create_connection() as conn:
            conn.ensure_connection(self.on_connection_error, self.connect_max_retries, **RECONNECT)
            yield conn

    def on_connection_error(self, exc, interval):
        self._failed_connects += 1
        if self._failed_connects % LOG_EVERY == 1:
            log.warning(
                "broker unreachable, reconnecting",
                error=str(exc),
                attempts=self._failed_connects,
                retry_in_s=interval,
            )

    def on_consume_ready(self, connection, channel, consumers, **kwargs):
        if self._lost_at is not None:
            log.warning("broker connection restored", away_s=round(time.monotonic() - self._lost_at, 1))
        self._failed_connects, self._lost_at = 0, None
        self.connected = True
        read_ahead(connection)
        super().on_consume_ready(connection, channel, consumers, **kwargs)

    def consume(self, *args, **kwargs):
        try:
            yield from super().consume(*args, **kwargs)
        except Exception as exc:
            if self.connected and not self.should_stop:
                self._connection_lost(exc)
            raise
        finally:
            self.connected = False

    def _connection_lost(self, exc: Exception) -> None:
        self.connected = False
        self._lost_at = time.monotonic()
        log.warning("broker connection lost, consumers will reconnect", error=str(exc) or type(exc).__name__)
        for provider in list(self._providers):
            notify = getattr(provider, "on_broker_connection_lost", None)
            if notify is not None:
                try:
                    notify()
                except Exception:
                    log.exception("a provider failed to handle the lost connection")

    def handle_message(self, provider, body, message):
        """nameko's, but a provider whose handling never blocks (`inline`: RPC replies, which only wake
        their caller) is served in the consumer's own thread, not a new one per message."""
        if getattr(provider, "inline", False):
            provider.handle_message(body, message)
        else:
            super().handle_message(provider, body, message)

    def get_consumers(self, consumer_cls, channel):
        """nameko's, but a provider whose `no_ack` is true takes its messages unacknowledged (RPC replies:
        one ack frame less per call; a reply lost with its process had no one left to read it)."""
        for provider in self._providers:
            consumer = consumer_cls(
                queues=[provider.queue],
                callbacks=[partial(self.handle_message, provider)],
                accept=self.accept,
                no_ack=getattr(provider, "no_ack", False),
            )
            consumer.qos(prefetch_count=self.prefetch_count)
            self._consumers[provider] = consumer
        return self._consumers.values()

    def ack_message(self, message):
        try:
            super().ack_message(message)
        except Exception as exc:
            log.warning("ack not sent: the broker will deliver the message again", error=str(exc))

    def requeue_message(self, message):
        try:
            super().requeue_message(message)
        except Exception as exc:
            log.warning("requeue not sent: the broker will deliver the message again", error=str(exc))
