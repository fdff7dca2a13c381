"""RPC for Interra services: `rpc` entrypoints whose reply failing is not fatal, and `RpcClient` calls
with a deadline (nameko's proxy waits forever on a dead service) that fail fast while the broker is away.

Services import `rpc` from here, never from nameko.rpc: all RPC entrypoints of a service must share one
consumer (a nameko `@rpc` beside these would consume the same queue and answer "method not found").

Requests and replies leave on one long-lived channel per process (`RpcChannel`), transient and without
publisher confirms: a lost request or reply already ends as the caller's TimedOut, and nameko's way (a
pooled producer, `ensure`, a confirm round trip and a disk write per message) was most of the gateway's
cost per request (ADR 0011).
"""

import contextlib
import inspect
import sys
import uuid
from functools import partial

import amqp
import eventlet
from eventlet.semaphore import Semaphore
from kombu import Connection
from kombu.serialization import dumps, registry
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    LOGIN_METHOD_CONFIG_KEY,
    SERIALIZER_CONFIG_KEY,
)
from nameko.exceptions import IncorrectSignature, UnserializableValueError, deserialize, serialize
from nameko.extensions import DependencyProvider, SharedExtension
from nameko.messaging import HeaderEncoder
from nameko.rpc import ReplyListener, RpcConsumer, get_rpc_exchange
from nameko.rpc import Rpc as NamekoRpc

from interra_chassis.broker import BROKER_ERRORS, ResilientQueueConsumer
from interra_chassis.config import settings
from interra_chassis.errors import TimedOut, Unavailable
from interra_chassis.logs import get_logger

log = get_logger(__name__)
BROKER_AWAY = "the message broker is unreachable; try again shortly"
CONNECT_TIMEOUT_S = 5
TRANSIENT = 1
"""delivery_mode of requests and replies: a call outlives no broker restart (its caller has given up)."""


class RpcChannel(SharedExtension):
    """The channel this container sends its RPC requests and replies on: opened at the first message,
    shared by every worker (one writer at a time), dropped when the broker closes it or a send fails,
    and opened again by the next message."""

    def setup(self):
        self._connection = self._channel = self._reader = None
        self._writing = Semaphore()
        config = self.container.config
        self.exchange = get_rpc_exchange(config).name
        self._connect_to = partial(
            Connection,
            config[AMQP_URI_CONFIG_KEY],
            ssl=config.get(AMQP_SSL_CONFIG_KEY),
            login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
            connect_timeout=CONNECT_TIMEOUT_S,
        )

    def send(self, body: bytes, routing_key: str, **properties) -> None:
        """Publish one message on the RPC exchange; raises one of BROKER_ERRORS when it cannot."""
        message = amqp.Message(body, delivery_mode=TRANSIENT, **properties)
        with self._writing:
            channel = self._channel or self._open()
            try:
                channel.basic_publish(message, exchange=self.exchange, routing_key=routing_key)
            except Exception:
                self.reset()
                raise

    def _open(self):
        connection = self._connect_to()
        connection.connect()
        self._connection, self._channel = connection, connection.channel()
        # The broker speaks on this connection only to close it (a restart, a channel error): a reader
        # notices, so the next message opens a new one instead of vanishing on a dead channel.
        self._reader = eventlet.spawn(self._listen, connection)
        return self._channel

    def _listen(self, connection) -> None:
        try:
            while True:
                connection.drain_events()
        except Exception as exc:
            if connection is self._connection:
                log.warning("RPC channel closed, the next call opens another", error=str(exc) or type(exc).__name__)
                self.reset()

    def reset(self, graceful: bool = False) -> None:
        """Forget the connection (the broker went away): the next message opens a new one."""
        connection, reader = self._connection, self._reader
        self._connection = self._channel = self._reader = None
        if reader is not None and reader is not eventlet.getcurrent():
            reader.kill()  # before closing: a close waits for the broker's answer, read by no one else
        if connection is not None:
            with contextlib.suppress(Exception):  # already dead: nothing to close
                connection.release() if graceful else connection.collect()

    def stop(self):
        self.reset(graceful=True)

    def kill(self):
        self.reset()


class ResilientRpcConsumer(RpcConsumer):
    """nameko's RpcConsumer on a ResilientQueueConsumer, whose replies leave on the RpcChannel and
    whose reply failing is logged, not fatal."""

    queue_consumer = ResilientQueueConsumer()
    rpc_channel = RpcChannel()

    def handle_result(self, message, result, exc_info):
        try:
            result, exc_info = self._reply(message, result, exc_info)
        except Exception as exc:  # nameko kills the container here: the caller times out instead
            log.warning(
                "RPC reply not sent; the caller will time out",
                method=message.delivery_info.get("routing_key"),
                error=str(exc) or type(exc).__name__,
                broker_away=isinstance(exc, BROKER_ERRORS),
            )
        # Acked either way: the call ran, only its answer is lost. When the connection is gone this does
        # nothing and the broker delivers the request again (calls are at least once, like events).
        self.queue_consumer.ack_message(message)
        return result, exc_info

    def _reply(self, message, result, exc_info):
        """nameko's reply (its Responder's body, encoded as the request was), on the RpcChannel."""
        serializer = registry.type_to_name[message.properties["content_type"]]
        error = serialize(exc_info[1]) if exc_info is not None else None
        try:
            content_type, encoding, body = dumps({"result": result, "error": error}, serializer)
        except Exception:  # the caller hears why; the container lives
            exc_info = sys.exc_info()
            result, error = None, serialize(UnserializableValueError(result))
            content_type, encoding, body = dumps({"result": None, "error": error}, serializer)
        self.rpc_channel.send(
            body,
            message.properties["reply_to"],
            content_type=content_type,
            content_encoding=encoding,
            correlation_id=message.properties.get("correlation_id"),
        )
        return result, exc_info


class SignatureOnce:
    """Entrypoint mixin: a call's arguments are checked against the method's signature built once;
    nameko's `check_signature` rebuilds it each call with inspect.getcallargs (~5 % of a small call)."""

    def check_signature(self, args, kwargs):
        signature = self.__dict__.get("_signature")
        if signature is None:
            method = getattr(self.container.service_cls, self.method_name)
            signature = self._signature = inspect.signature(method, follow_wrapped=False)  # as getcallargs
        try:
            signature.bind(None, *args, **kwargs)  # None: the service instance (the method is unbound)
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from None


class Rpc(SignatureOnce, NamekoRpc):
    rpc_consumer = ResilientRpcConsumer()


rpc = Rpc.decorator
"""`@rpc(expected_exceptions=EXPECTED)`, as nameko's, but a reply that cannot be sent is not fatal."""


class ResilientReplyListener(ReplyListener):
    """Replies to this container's calls; when the broker connection is lost, the pending calls fail
    at once as Unavailable (503) instead of waiting for their deadline."""

    queue_consumer = ResilientQueueConsumer()
    rpc_channel = RpcChannel()
    no_ack = inline = True  # see ResilientQueueConsumer.get_consumers and handle_message

    @property
    def connected(self) -> bool:
        return self.queue_consumer.connected

    def forget(self, correlation_id: str) -> None:
        """A call that gave up: its late reply, if any, is dropped."""
        self._reply_events.pop(correlation_id, None)

    def on_broker_connection_lost(self) -> None:
        pending, self._reply_events = self._reply_events, {}
        for reply in pending.values():
            reply.send_exception(
                Unavailable("the connection to the message broker was lost; the request may or may not have run")
            )
        self.rpc_channel.reset()  # the same broker: requests would vanish on that channel too


class TimedServiceProxy(HeaderEncoder):
    """`client.method(*args, **kwargs)`: one call, its answer or its error within the deadline."""

    def __init__(self, worker_ctx, service_name: str, timeout: float, listener: ResilientReplyListener):
        self._worker_ctx = worker_ctx
        self._service_name = service_name
        self._timeout = timeout
        self._listener = listener

    def __getattr__(self, method_name):
        return partial(self._call, method_name)

    def _call(self, method_name: str, *args, **kwargs):
        target = f"{self._service_name}.{method_name}"
        if not self._listener.connected:  # no reply could reach us: do not even try
            raise Unavailable(BROKER_AWAY)
        serializer = self._worker_ctx.container.config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER)
        content_type, encoding, body = dumps({"args": args, "kwargs": kwargs}, serializer)
        correlation_id = uuid.uuid4().hex
        reply = self._listener.get_reply_event(correlation_id)
        try:
            with eventlet.Timeout(self._timeout):
                self._listener.rpc_channel.send(
                    body,
                    target,
                    content_type=content_type,
                    content_encoding=encoding,
                    reply_to=self._listener.routing_key,
                    correlation_id=correlation_id,
                    application_headers=self.get_message_headers(self._worker_ctx),
                )
                answer = reply.wait()
        except eventlet.Timeout:
            raise TimedOut(f"{target} did not answer within {self._timeout:g} s") from None
        except BROKER_ERRORS as exc:  # the request could not be published
            log.warning("RPC request not sent: broker unreachable", target=target, error=str(exc))
            raise Unavailable(BROKER_AWAY) from None
        finally:
            self._listener.forget(correlation_id)
        if answer.get("error"):
            raise deserialize(answer["error"])
        return answer["result"]


class RpcClient(DependencyProvider):
    """Calls another service: `self.members.get(member_id)`. Like nameko's RpcProxy, but a call fails
    as `TimedOut` after RPC_TIMEOUT seconds (also when no instance of the service is running: requests
    are neither confirmed nor mandatory), and as `Unavailable` at once while the broker is away."""

    rpc_reply_listener = ResilientReplyListener()

    def __init__(self, target_service: str, timeout: float | None = None):
        self.target_service = target_service
        self.timeout = timeout

    def setup(self):
        if self.timeout is None:
            self.timeout = settings().rpc_timeout

    def get_dependency(self, worker_ctx):
        return TimedServiceProxy(worker_ctx, self.target_service, self.timeout, self.rpc_reply_listener)
