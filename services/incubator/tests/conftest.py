"""Fixtures of the incubator service's tests: the service on the real broker, and its store."""

import pytest

from incubator.service import IncubatorService
from interra_chassis.store import open_database


@pytest.fixture
def incubator(container_factory, rabbit_config, data_dir):
    container = container_factory(IncubatorService, rabbit_config)
    container.start()
    return container


@pytest.fixture
def db(incubator):
    return open_database("incubator")
