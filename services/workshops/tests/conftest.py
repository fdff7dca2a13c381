"""Fixtures of the workshops service's tests: the service on the real broker, and its store."""

import pytest

from interra_chassis.store import open_database
from interra_chassis.testing import register
from workshops.service import WorkshopsService


@pytest.fixture
def workshops(container_factory, rabbit_config, data_dir):
    container = container_factory(WorkshopsService, rabbit_config)
    container.start()
    return container


@pytest.fixture
def db(workshops):
    return open_database("workshops")


@pytest.fixture
def people(workshops):
    """The leader (m-leader, local), four newcomers and four locals, known to the service:
    (newcomer ids, local ids)."""
    register(workshops, "m-leader", kind="local")
    newcomers = [f"m-new-{n}" for n in range(4)]
    locals_ = [f"m-local-{n}" for n in range(4)]
    for member_id in newcomers:
        register(workshops, member_id, kind="newcomer")
    for member_id in locals_:
        register(workshops, member_id, kind="local")
    return newcomers, locals_
