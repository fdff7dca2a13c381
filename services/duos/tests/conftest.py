"""Fixtures of the duo service's tests: the service on the real broker, and a tap on its events."""

import pytest

from duos.service import DuosService
from interra_chassis.testing import EventTap


@pytest.fixture
def duos(container_factory, rabbit_config, data_dir):
    container = container_factory(DuosService, rabbit_config)
    container.start()
    return container


@pytest.fixture
def tap(rabbit_config):
    tap = EventTap(rabbit_config["AMQP_URI"], "duos")
    yield tap
    tap.close()
