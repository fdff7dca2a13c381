"""Create a staff account on the running platform: `make admin EMAIL=you@interra.be [ROLES=admin]`.

The password is asked for (or taken from ADMIN_PASSWORD); nothing is echoed or logged.
"""

import getpass
import sys

from nameko.standalone.rpc import ClusterRpcProxy

from interra_chassis.config import settings
from interra_chassis.errors import Conflict, Invalid


def create_staff(email: str, password: str, roles: list[str]) -> dict:
    with ClusterRpcProxy({"AMQP_URI": settings().amqp_uri}, timeout=30) as rpc:
        return rpc.members.create_staff({"email": email, "password": password, "roles": roles})


def main(argv: list[str]) -> int:
    email = argv[1] if len(argv) > 1 else settings().admin_email
    if not email:
        print("usage: make admin EMAIL=you@interra.be [ROLES=admin,coordinator:duos]", file=sys.stderr)
        return 2
    roles = (argv[2] if len(argv) > 2 else "admin").split(",")
    password = settings().admin_password or getpass.getpass(f"Password for {email} (10+ characters): ")
    try:
        staff = create_staff(email, password, roles)
    except (Invalid, Conflict) as exc:
        print(f"not created: {exc}", file=sys.stderr)
        return 1
    print(f"staff account {staff['staff_id']} created with roles {', '.join(staff['roles'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
