"""RPC for Interra services: `rpc` entrypoints whose reply failing is not fatal, and `RpcClient` calls
with a deadline (nameko's proxy waits forever on a dead service) that fail fast while the broker is away.

Services import `rpc` from here, never from nameko.rpc: all RPC entrypoints of a service must share one
consumer (a nameko `@rpc` beside these would consume the same queue and answer "method not found").
"""

import warnings

import eventlet
from nameko.constants import (
    AMQP_SSL_CONFIG_KEY,
    AMQP_URI_CONFIG_KEY,
    DEFAULT_SERIALIZER,
    LOGIN_METHOD_CONFIG_KEY,
    SERIALIZER_CONFIG_KEY,
)
from nameko.exceptions import UnknownService
from nameko.rpc import ReplyListener, Responder, RpcConsumer, RpcProxy, get_rpc_exchange
from nameko.rpc import Rpc as NamekoRpc

from interra_chassis.broker import BROKER_ERRORS, ResilientQueueConsumer
from interra_chassis.config import settings
from interra_chassis.errors import TimedOut, Unavailable
from interra_chassis.logs import get_logger

log = get_logger(__name__)
BROKER_AWAY = "the message broker is unreachable; try again shortly"


class ResilientRpcConsumer(RpcConsumer):
    """nameko's RpcConsumer on a ResilientQueueConsumer, whose reply failing is logged, not fatal."""

    queue_consumer = ResilientQueueConsumer()

    def handle_result(self, message, result, exc_info):
        config = self.container.config
        try:
            responder = Responder(
                config[AMQP_URI_CONFIG_KEY],
                get_rpc_exchange(config),
                config.get(SERIALIZER_CONFIG_KEY, DEFAULT_SERIALIZER),
                message,
                ssl=config.get(AMQP_SSL_CONFIG_KEY),
                login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
            )
            result, exc_info = responder.send_response(result, exc_info)
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


class Rpc(NamekoRpc):
    rpc_consumer = ResilientRpcConsumer()


rpc = Rpc.decorator
"""`@rpc(expected_exceptions=EXPECTED)`, as nameko's, but a reply that cannot be sent is not fatal."""


class ResilientReplyListener(ReplyListener):
    """Replies to this container's calls; when the broker connection is lost, the pending calls fail
    at once as Unavailable (503) instead of waiting for their deadline."""

    queue_consumer = ResilientQueueConsumer()

    @property
    def connected(self) -> bool:
        return self.queue_consumer.connected

    def on_broker_connection_lost(self) -> None:
        pending, self._reply_events = self._reply_events, {}
        for reply in pending.values():
            reply.send_exception(
                Unavailable("the connection to the message broker was lost; the request may or may not have run")
            )


class TimedServiceProxy:
    def __init__(self, proxy, service_name: str, timeout: float, listener: ResilientReplyListener):
        self._proxy = proxy
        self._service_name = service_name
        self._timeout = timeout
        self._listener = listener

    def __getattr__(self, method_name):
        method = getattr(self._proxy, method_name)

        def call(*args, **kwargs):
            target = f"{self._service_name}.{method_name}"
            if not self._listener.connected:  # no reply could reach us: do not even try
                raise Unavailable(BROKER_AWAY)
            try:
                with eventlet.Timeout(self._timeout):
                    return method(*args, **kwargs)
            except eventlet.Timeout:
                raise TimedOut(f"{target} did not answer within {self._timeout:g} s") from None
            except UnknownService:
                raise Unavailable(f"{self._service_name} is not running") from None
            except BROKER_ERRORS as exc:  # the request could not be published
                log.warning("RPC request not sent: broker unreachable", target=target, error=str(exc))
                raise Unavailable(BROKER_AWAY) from None

        return call


class RpcClient(RpcProxy):
    """Like nameko's RpcProxy, but a call fails as `TimedOut` after RPC_TIMEOUT seconds (also when
    no instance of the service is running: requests are not confirmed, see __init__), and as
    `Unavailable` at once while the broker is away."""

    rpc_reply_listener = ResilientReplyListener()

    def __init__(self, target_service: str, timeout: float | None = None, **options):
        # No publisher confirms for requests: the deadline already covers a lost request, and a
        # confirm round trip per call cost a third of the gateway's CPU (py-spy, bench-gateway).
        options = {"use_confirms": False, **options}
        super().__init__(target_service, **options)
        self.timeout = timeout

    def setup(self):
        super().setup()
        # nameko always asks for mandatory routing, which only works with confirms: say nothing of it
        warnings.filterwarnings("ignore", message="Mandatory delivery was requested")
        if self.timeout is None:
            self.timeout = settings().rpc_timeout

    def get_dependency(self, worker_ctx):
        proxy = super().get_dependency(worker_ctx)
        return TimedServiceProxy(proxy, self.target_service, self.timeout, self.rpc_reply_listener)
