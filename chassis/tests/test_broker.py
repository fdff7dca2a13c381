"""Broker outages are not fatal (ADR 0010): the parts that would kill a nameko container, without a broker."""

import re
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import eventlet
import pytest
from kombu.exceptions import OperationalError

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
    request = message()
    with mock.patch("nameko.rpc.Responder.send_response", side_effect=REFUSED):
        result, exc_info = consumer.handle_result(request, {"ok": True}, None)
    assert (result, exc_info) == ({"ok": True}, None)  # the call itself succeeded
    consumer.queue_consumer.ack_message.assert_called_once_with(request)


def test_pending_calls_fail_at_once_when_the_connection_is_lost():
    listener = ResilientReplyListener()
    first, second = listener.get_reply_event("1"), listener.get_reply_event("2")
    listener.on_broker_connection_lost()
    for reply in (first, second):
        with pytest.raises(Unavailable):
            reply.wait()
    assert listener._reply_events == {}


def proxy(method, connected=True, timeout=5.0):
    listener = SimpleNamespace(connected=connected)
    return TimedServiceProxy(SimpleNamespace(register=method), "members", timeout, listener)


def test_calls_fail_fast_as_unavailable_while_the_broker_is_away():
    called = mock.Mock()
    with pytest.raises(Unavailable):
        proxy(called, connected=False).register({})
    called.assert_not_called()
    with pytest.raises(Unavailable):  # the request could not be published
        proxy(mock.Mock(side_effect=REFUSED)).register({})
    with pytest.raises(TimedOut):
        proxy(lambda _: eventlet.sleep(1), timeout=0.05).register({})


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
    consumer._providers = {listener, object()}  # a provider without the hook is left alone
    reply = listener.get_reply_event("1")
    consumer.connected = True
    consumer._connection_lost(REFUSED)
    assert not consumer.connected
    with pytest.raises(Unavailable):
        reply.wait()
