"""The one registry of the platform's services: every list of services is derived from it or checked
against it (the Makefile's packages, the launcher, queue declarations, the gateway's RPC clients,
/health, the GDPR export and erasure fan-out, roles, the Dockerfile, compose and Kubernetes).

Adding a programme is its folder plus one line here (see docs/adding-a-service.md).

Dependency-free on purpose: the Makefile reads it with the system python before any virtualenv
exists (`python3 contracts/interra_contracts/registry.py packages`).
"""

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Service:
    name: str
    """nameko service name: its RPC target, its `<name>.events` exchange, its database."""
    cls: str
    """The nameko class in `<name>.service`."""
    programme: bool = False
    """A programme members join: it has a coordinator role (`coordinator:<name>`)."""

    @property
    def package(self) -> str:
        """The folder of its Python package (with its pyproject.toml)."""
        return f"services/{self.name}"

    @property
    def module(self) -> str:
        return f"{self.name}.service"

    @property
    def entrypoint(self) -> str:
        """What `nameko run` starts: module:Class, so that only that class runs."""
        return f"{self.module}:{self.cls}"


SERVICES: tuple[Service, ...] = (
    Service("members", "MembersService"),
    Service("workshops", "WorkshopsService", programme=True),
    Service("duos", "DuosService", programme=True),
    Service("incubator", "IncubatorService", programme=True),
    Service("notifications", "NotificationsService"),
)
"""In start order. Every one holds data about members: all take part in export and erasure."""

GATEWAY = Service("gateway", "GatewayService")
"""The HTTP gateway: a nameko service too, started last, calling the others."""

SERVICE_NAMES: tuple[str, ...] = tuple(s.name for s in SERVICES)
PROGRAMMES: tuple[str, ...] = tuple(s.name for s in SERVICES if s.programme)
COORDINATOR_ROLES: tuple[str, ...] = tuple(f"coordinator:{p}" for p in PROGRAMMES)
STAFF_ROLES: tuple[str, ...] = ("admin", *COORDINATOR_ROLES)
ROLES: tuple[str, ...] = ("member", *STAFF_ROLES)
LIBRARIES: tuple[str, ...] = ("libs/matching",)
"""Plain Python libraries services share (no nameko, no I/O): a service depends on one in its pyproject.toml
(interra-matching: the exact b-matching solver of Duo-Langue and InterLab). Never the gateway."""
PACKAGES: tuple[str, ...] = ("contracts", "chassis", *LIBRARIES, *(s.package for s in SERVICES), "gateway")
"""Every Python package of the repository, in install order (libraries before the services using them)."""


def processes() -> tuple[Service, ...]:
    """Every process the platform runs, in start order (the gateway last)."""
    return (*SERVICES, GATEWAY)


if __name__ == "__main__":  # python3 registry.py packages|services
    print(" ".join({"packages": PACKAGES, "services": SERVICE_NAMES}[sys.argv[1]]))
