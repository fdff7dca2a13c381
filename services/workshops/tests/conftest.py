"""Fixtures of the workshops service's tests: the service on the real broker, and its store."""

import pytest

from interra_chassis.store import open_database
from workshops.service import WorkshopsService


@pytest.fixture
def workshops(container_factory, rabbit_config, data_dir):
    container = container_factory(WorkshopsService, rabbit_config)
    container.start()
    return container


@pytest.fixture
def db(workshops):
    return open_database("workshops")
