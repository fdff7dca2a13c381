"""Broker outages are not fatal (ADR 0010): the parts that would kill a nameko container, without a broker."""

import re
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from kombu.exceptions import EncodeError, OperationalError

from interra_chassis import handling
from interra_chassis.broker import ResilientQueueConsumer
from interra_chassis.errors import TimedOut, Unavailable
from interra_chassis.rpc import ResilientReplyListener, ResilientRpcConsumer, TimedServiceProxy

ROOT = Path(__file__).resolve().parents[2]
REFUSED = OperationalError("[Errno 111] ECONNREFUSED")


def test_services_take_rpc_from_the_chassis():
    """A nameko @rpc beside the chassis's would consume the same queue with another consumer."""
    sources = [
        *ROOT.glob("services/*/*/**/*.py"),
        *ROOT.glob("chassis/interra_chassis/*.py"),
        *ROOT.glob("gateway/gateway/**/*.py"),
    ]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if "/tests/" not in str(path) and re.search(r"^from nameko\.rpc import .*\brpc\b", path.read_text(), re.M)
    ]
    assert offenders == []


def message(routing_key="members.authenticate"):
    return SimpleNamespace(
        delivery_info={"routing_key": routing_key},
        properties={"content_type": "application/json", "reply_to": "r", "correlation_id": "c"},
        headers={},
    )


def test_an_rpc_reply_that_cannot_be_sent_is_logged_and_the_request_acked():
    consumer = ResilientRpcConsumer()
    consumer.container = SimpleNamespace(config={"AMQP_URI": "amqp://guest:guest@127.0.0.1:1/"})
    consumer.queue_consumer = mock.Mock()
    consumer.rpc_channel = mock.Mock(send=mock.Mock(side_effect=REFUSED))
    request = message()
    result, exc_info = consumer.handle_result(request, {"ok": True}, None)
    assert (result, exc_info) == ({"ok": True}, None)  # the call itself succeeded
    consumer.rpc_channel.send.assert_called_once()
    consumer.queue_consumer.ack_message.assert_called_once_with(request)


def test_an_rpc_result_that_cannot_be_encoded_is_an_error_for_the_caller():
    consumer = ResilientRpcConsumer()
    consumer.queue_consumer, consumer.rpc_channel = mock.Mock(), mock.Mock()
    result, exc_info = consumer.handle_result(message(), {"when": object()}, None)
    assert result is None and exc_info[0] is EncodeError
    body, reply_to = consumer.rpc_channel.send.call_args.args
    assert reply_to == "r" and "UnserializableValueError" in body


def test_pending_calls_fail_at_once_when_the_connection_is_lost():
    listener = ResilientReplyListener()
    listener.rpc_channel = mock.Mock()
    first, second = listener.get_reply_event("1"), listener.get_reply_event("2")
    listener.on_broker_connection_lost()
    for reply in (first, second):
        with pytest.raises(Unavailable):
            reply.wait()
    assert listener._reply_events == {}
    listener.rpc_channel.reset.assert_called_once()  # the next request opens a new channel


def proxy(send, connected=True, timeout=5.0):
    listener = ResilientReplyListener()
    listener.queue_consumer = SimpleNamespace(connected=connected)
    listener.routing_key = "replies"
    listener.rpc_channel = SimpleNamespace(send=send)
    worker_ctx = SimpleNamespace(container=SimpleNamespace(config={}), context_data={})
    return TimedServiceProxy(worker_ctx, "members", timeout, listener), listener


def test_calls_fail_fast_as_unavailable_while_the_broker_is_away():
    send = mock.Mock()
    with pytest.raises(Unavailable):
        proxy(send, connected=False)[0].register({})
    send.assert_not_called()
    client, listener = proxy(mock.Mock(side_effect=REFUSED))
    with pytest.raises(Unavailable):  # the request could not be published
        client.register({})
    assert listener._reply_events == {}
    client, listener = proxy(mock.Mock(), timeout=0.05)  # sent, never answered
    with pytest.raises(TimedOut):
        client.register({})
    assert listener._reply_events == {}  # a late answer finds no one waiting


def reliable_handler(republish_error=None):
    handler = handling.ReliableEventHandler("members", "MemberRegistered")
    handler.queue = SimpleNamespace(name="evt-members-MemberRegistered--duos.on_member_registered")
    handler.queue_consumer = mock.Mock()
    handler.kit = mock.Mock()
    handler.kit.settings.handler_max_retries = 3
    handler.kit.retry.side_effect = republish_error
    handler.kit.dead_letter.side_effect = republish_error
    return handler


@pytest.mark.parametrize("attempts", [0, 3])  # a retry, then the dead-letter queue
def test_a_failed_handler_is_acked_only_once_republished(attempts, monkeypatch):
    monkeypatch.setattr(handling, "REQUEUE_PAUSE_S", 0)
    failed = (RuntimeError, RuntimeError("boom"), None)

    handler = reliable_handler()
    handler._done(message(), "k", None, attempts, None, exc_info=failed)
    handler.queue_consumer.ack_message.assert_called_once()
    handler.queue_consumer.requeue_message.assert_not_called()

    handler = reliable_handler(republish_error=REFUSED)
    handler._done(message(), "k", None, attempts, None, exc_info=failed)  # does not raise: the container lives
    handler.queue_consumer.ack_message.assert_not_called()
    handler.queue_consumer.requeue_message.assert_called_once()
    handler.kit.release.assert_called_once_with("k")  # the claim is free for the redelivered copy


def test_acks_on_a_dead_connection_do_not_raise():
    consumer = ResilientQueueConsumer()
    dead = SimpleNamespace(channel=SimpleNamespace(connection=object()), ack=mock.Mock(side_effect=OSError(9, "EBADF")))
    dead.requeue = dead.ack
    consumer.ack_message(dead)
    consumer.requeue_message(dead)
    assert dead.ack.call_count == 2


def test_a_lost_connection_is_told_to_the_providers():
    consumer = ResilientQueueConsumer()
    listener = ResilientReplyListener()
    listener.rpc_channel = mock.Mock()
    consumer._providers = {listener, object()}  # a provider without the hook is left alone
    reply = listener.get_reply_event("1")
    consumer.connected = True
    consumer._connection_lost(REFUSED)
    assert not consumer.connected
    with pytest.raises(Unavailable):
        reply.wait()


class CountingSocket:
    def __init__(self, sock):
        self.sock, self.recvs = sock, 0

    def recv(self, size):
        self.recvs += 1
        return self.sock.recv(size)

    def __getattr__(self, name):  # the rest of the socket, as it is
        return getattr(self.sock, name)


def test_a_consumer_reads_many_frames_per_system_call(rabbit_config):
    """py-amqp alone reads each frame in three recv calls (nine a message): read_ahead takes what is there."""
    from kombu import Connection, Queue

    from interra_chassis.broker import read_ahead

    with Connection(rabbit_config["AMQP_URI"]) as connection:
        queue = Queue("read-ahead", channel=connection.default_channel, auto_delete=True)
        queue.declare()
        producer = connection.Producer()
        for i in range(50):
            producer.publish({"i": i}, routing_key="read-ahead", serializer="json")
        transport = connection.connection.transport
        transport.sock = counting = CountingSocket(transport.sock)
        transport._quick_recv = counting.recv  # as py-amqp sets it up, counted
        read_ahead(connection)
        received = []
        consumer = connection.Consumer([queue], callbacks=[lambda body, message: received.append(body["i"])])
        consumer.qos(prefetch_count=50)
        with consumer:
            while len(received) < 50:
                connection.drain_events(timeout=5)
    assert received == list(range(50))
    assert counting.recvs < 50  # without read_ahead: 9 a message, 450 or more
