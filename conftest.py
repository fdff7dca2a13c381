"""Top conftest: eventlet must patch the standard library before anything imports it (STACK.md)."""

import warnings

warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import os  # noqa: E402

import pytest  # noqa: E402

from interra_chassis.config import settings  # noqa: E402


class SettingsAwareMonkeyPatch(pytest.MonkeyPatch):
    """settings() is read once per process: whatever changes the environment forgets it."""

    def setenv(self, name, value, prepend=None):
        super().setenv(name, value, prepend)
        settings.cache_clear()

    def delenv(self, name, raising=True):
        super().delenv(name, raising)
        settings.cache_clear()

    def undo(self):
        super().undo()
        settings.cache_clear()


@pytest.fixture
def monkeypatch():
    """pytest's monkeypatch, but a setenv (or delenv) is seen by settings() at once, and its undo
    too: a fixture or test that sets RPC_TIMEOUT, JWT_SECRET... before starting services (or
    calling what reads a setting) gets its value."""
    patch = SettingsAwareMonkeyPatch()
    yield patch
    patch.undo()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh embedded store for the test: DATA_DIR and MAIL_DIR under tmp_path."""
    from interra_chassis import store

    store.close_all()
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MAIL_DIR", str(tmp_path / "mail"))
    monkeypatch.setenv("HANDLER_RETRY_DELAY", "0.05")
    monkeypatch.setenv("OUTBOX_RELAY_INTERVAL", "0.2")
    monkeypatch.delenv("MONGO_URI", raising=False)
    yield tmp_path
    store.close_all()


@pytest.fixture
def amqp_uri():
    return os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")


@pytest.fixture
def publish(rabbit_config):
    """Publish an event of the members service (a new envelope from a type and data, or the very
    envelope given, to deliver it again) and return the envelope."""
    from interra_chassis.publishing import EventPublisher
    from interra_contracts import new_event

    publisher = EventPublisher(rabbit_config["AMQP_URI"])

    def publish(event_type_or_envelope, data: dict | None = None) -> dict:
        envelope = (
            event_type_or_envelope
            if isinstance(event_type_or_envelope, dict)
            else new_event(event_type_or_envelope, data, source="members")
        )
        publisher.publish(envelope)
        return envelope

    yield publish
    publisher.close()
