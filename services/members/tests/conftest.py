"""Fixtures of the members service's tests: the service on the real broker."""

import pytest

from members.service import MembersService


@pytest.fixture
def members(container_factory, rabbit_config, data_dir):
    container = container_factory(MembersService, rabbit_config)
    container.start()
    return container
