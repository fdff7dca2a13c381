"""Declare every durable queue of the platform before any service publishes (idempotent).

Run once per deployment (compose's `declare` service, k8s init containers, `make run`):
    python -m deploy.declare
"""

import sys
import warnings

from deploy.serve import EVENTLET_NOTICE


def main() -> int:
    warnings.filterwarnings("ignore", message=EVENTLET_NOTICE)
    from deploy.services import service_classes  # imports nameko, hence eventlet: after the filter
    from interra_chassis.config import settings
    from interra_chassis.handling import declare_topology

    amqp_uri = settings().amqp_uri
    for cls in service_classes():
        queues = declare_topology(amqp_uri, cls)
        print(f"{cls.name}: {len(queues)} queues declared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
