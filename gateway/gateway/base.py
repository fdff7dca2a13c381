"""What every group of routes shares: the gateway's dependencies (the edge, its own store, one RPC
client per service of the registry) and the object-level access rules.

Each programme's routes are a subclass (gateway/routes/); service.py composes them into the one
nameko service.
"""

from datetime import UTC, datetime

from gateway.edge import PATH_ID, Call, Edge, HttpProblem, int_arg
from gateway.store import GatewayStore
from interra_chassis.errors import Forbidden
from interra_chassis.errors import NotFound as NoSuch
from interra_chassis.logs import get_logger
from interra_chassis.rpc import RpcClient
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_contracts.api.common import MAX_LIMIT
from interra_contracts.api.members import FIRST_NAMES_MAX
from interra_contracts.registry import SERVICE_NAMES

log = get_logger(__name__)


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class Gateway(InterraService):
    name = "gateway"
    edge = Edge()
    store: GatewayStore = Store(GatewayStore)
    # and one RpcClient per service of the registry, named after it (self.duos, self.members...): below

    def service(self, name: str):
        """The RPC client of a service of the registry."""
        return getattr(self, name)

    def own_or_hidden(self, call: Call, member_id: str, staff_roles) -> None:
        """Object level: someone else's member data is not found (its existence must not leak)."""
        if not call.principal.acts_for(member_id, staff_roles):
            log.warning("forbidden", subject=call.principal.subject, action="member data of another")
            raise NoSuch(f"no member {member_id!r}")

    def on_behalf(self, call: Call, field: str, staff_roles) -> None:
        """A member acts for themselves (their id is the default); staff of the programme for anyone."""
        if call.principal.member_id and field not in call.body:
            call.body[field] = call.principal.member_id
        target = call.body.get(field)
        if isinstance(target, str) and not call.principal.acts_for(target, staff_roles):
            log.warning("forbidden", subject=call.principal.subject, action=f"act for another ({field})")
            raise Forbidden("you may only act for yourself", {field: ["must be your own member id"]})

    def audit(self, call: Call, action: str, member_id: str) -> None:
        """Someone else read or changed a member's data: the member can see it (GET .../audit)."""
        if call.principal.member_id != member_id:
            self.store.audit(call.actor, action, member_id, call.request_id, now_iso())

    def first_names(self, member_ids: list[str]) -> dict[str, str | None]:
        """Members' first names by id (None: erased), in as few RPCs as the members service allows.
        Shown in an answer, never stored or logged by the gateway."""
        names: dict[str, str | None] = {}
        for start in range(0, len(member_ids), FIRST_NAMES_MAX):
            names.update(self.members.first_names(member_ids[start : start + FIRST_NAMES_MAX]))
        return names

    def other_sides(self, pairs: list[dict], sides: tuple[str, str], reader: str | None) -> dict[str, str | None]:
        """First names the reader may see in these pairs (duos, mentorships: `sides` names their two id
        fields): a member of a pair, the other side's; reader None (staff), every side's."""
        ids = set()
        for pair in pairs:
            members = {pair[side] for side in sides}
            if reader is None:
                ids |= members
            elif reader in members:
                ids |= members - {reader}
        return self.first_names(sorted(ids))

    def member_arg(self, call: Call) -> str | None:
        """The member_id of the query (default: the caller's own), checked like a path id."""
        member_id = call.request.args.get("member_id")
        if member_id is not None and not PATH_ID.match(member_id):
            raise HttpProblem(400, "Invalid query", "member_id is not a valid id", {"member_id": ["not a valid id"]})
        return member_id or call.principal.member_id

    def page(self, call: Call) -> tuple[int, int]:
        offset, limit = int_arg(call.request, "offset", 0), int_arg(call.request, "limit", 20)
        errors = {}
        if offset < 0:
            errors["offset"] = ["must be 0 or more"]
        if not 1 <= limit <= MAX_LIMIT:
            errors["limit"] = [f"must be between 1 and {MAX_LIMIT}"]
        if errors:
            raise HttpProblem(400, "Invalid query", "invalid paging", errors)
        return offset, limit


for _name in SERVICE_NAMES:  # nameko finds dependencies among class attributes
    setattr(Gateway, _name, RpcClient(_name))

PAGE = {
    "offset": (int, "items to skip", {"minimum": 0}),
    "limit": (int, "items per page", {"minimum": 1, "maximum": MAX_LIMIT}),
}
"""The query parameters of a paged route."""
AN_ID = {"pattern": PATH_ID.pattern}
