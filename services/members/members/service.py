"""The members service: registration, profiles, accounts, consents and the rights to export and
erasure. Personal details never leave it but by RPC."""

import uuid
from datetime import UTC, date, datetime

from interra_chassis.config import settings
from interra_chassis.errors import EXPECTED, Conflict, Invalid, NotFound, Unauthorized
from interra_chassis.gdpr import erasure_status
from interra_chassis.rpc import rpc
from interra_chassis.service import InterraService
from interra_chassis.store import Store
from interra_chassis.validation import load
from interra_contracts.api.members import (
    ConsentView,
    CreateStaff,
    Credentials,
    FirstNames,
    MemberView,
    RegisterMember,
    StaffChange,
    StaffList,
    StaffView,
    update_profile_schema,
)
from members import domain
from members.credentials import hash_password, verify_password
from members.store import MemberStore

MEMBER_VIEW = MemberView()  # built once: a marshmallow schema costs more to build than to use


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class MembersService(InterraService):
    name = "members"
    store: MemberStore = Store(MemberStore)

    @rpc(expected_exceptions=EXPECTED)
    def register(self, payload: dict) -> dict:
        """Register a newcomer or a local with a password; publishes MemberRegistered."""
        profile = load(RegisterMember(), payload)
        errors = {
            **domain.profile_errors(profile, date.today(), settings().regions),
            **domain.consent_errors(profile["consents"]),
        }
        if errors:
            raise Invalid("invalid member profile", errors)
        at = now_iso()
        member = {
            **profile,  # the password is removed below
            "_id": uuid.uuid4().hex,
            "email": profile["email"].lower(),
            "phone_key": domain.phone_key(profile["phone"]),
            "password_hash": hash_password(profile["password"]),
            "kind": domain.kind_of(profile["arrived_on"], date.today()),
            "arrived_on": profile["arrived_on"].isoformat() if profile["arrived_on"] else None,
            "consents": domain.consent_records(profile["consents"], profile["preferred_language"], at),
            "registered_at": at,
        }
        del member["password"]  # only its hash is kept
        if member["phone_key"] is None:
            del member["phone_key"]  # sparse unique index: absent, not null
        self.store.add(member, domain.public_view({**member, "arrived_on": profile["arrived_on"]}))
        return MEMBER_VIEW.dump(member)

    @rpc(expected_exceptions=EXPECTED)
    def get(self, member_id: str) -> dict:
        """A member's full profile (for the member themselves or staff)."""
        return MEMBER_VIEW.dump(self._member(member_id))

    @rpc(expected_exceptions=EXPECTED)
    def update(self, member_id: str, payload: dict) -> dict:
        """Change the self-service fields of a profile; publishes MemberProfileUpdated."""
        self._member(member_id)
        changes = load(update_profile_schema(), payload, "profile update")
        if not changes:
            raise Invalid("nothing to change", {"_schema": ["send at least one field to change"]})
        errors = {}
        if "region" in changes and changes["region"] not in settings().regions:
            errors["region"] = [f"unknown region {changes['region']!r}"]
        if errors:
            raise Invalid("invalid profile update", errors)
        if "phone" in changes:
            changes["phone_key"] = domain.phone_key(changes["phone"])
        public = {k: v for k, v in changes.items() if k in domain.PUBLIC_UPDATABLE}
        return MEMBER_VIEW.dump(self.store.update(member_id, changes, public))

    @rpc(expected_exceptions=EXPECTED)
    def contact(self, member_id: str) -> dict:
        """How to reach a member right now; callers must not store it."""
        member = self._member(member_id)
        return vars(
            domain.Contact(
                first_name=member["first_name"],
                email=member["email"],
                phone=member.get("phone"),
                preferred_language=member["preferred_language"],
            )
        )

    @rpc(expected_exceptions=EXPECTED)
    def authenticate(self, payload: dict) -> dict:
        """Check a username (e-mail or phone) and password: the principal, or Unauthorized."""
        credentials = load(Credentials(), payload, "credentials")
        key, value = domain.username_key(credentials["username"])
        member = self.store.find_login(key, value)
        staff = self.store.staff_by_email(value) if member is None and key == "email" else None
        account = member or staff
        if not verify_password(account and account.get("password_hash"), credentials["password"]):
            raise Unauthorized("wrong username or password")
        if member is not None:
            return {"subject": f"member:{member['_id']}", "roles": ["member"], "member_id": member["_id"]}
        if staff.get("active", True) is False:  # said only to whoever knows the password
            raise Unauthorized("this staff account is deactivated")
        return {"subject": f"staff:{staff['_id']}", "roles": staff["roles"], "member_id": None}

    @rpc(expected_exceptions=EXPECTED)
    def first_names(self, member_ids: list) -> dict:
        """The first name of each of these members, by id; None for an erased or unknown member.
        For the gateway to show a name at the moment it answers: callers must not store it."""
        ids = load(FirstNames(), {"member_ids": member_ids}, "member ids")["member_ids"]
        found = self.store.first_names(sorted(set(ids)))
        return {member_id: found.get(member_id) for member_id in ids}

    @rpc(expected_exceptions=EXPECTED)
    def create_staff(self, payload: dict) -> dict:
        """Create a staff account (admin or programme coordinator)."""
        staff = load(CreateStaff(), payload, "staff account")
        record = {
            "_id": uuid.uuid4().hex,
            "email": staff["email"].lower(),
            "roles": sorted(set(staff["roles"])),
            "password_hash": hash_password(staff["password"]),
            "created_at": now_iso(),
        }
        self.store.add_staff(record)
        return StaffView().dump(record)

    @rpc(expected_exceptions=EXPECTED)
    def staff_accounts(self) -> dict:
        """Every staff account, oldest first (for admins)."""
        return StaffList().dump({"staff": self.store.staff_accounts()})

    @rpc(expected_exceptions=EXPECTED)
    def change_staff(self, staff_id: str, payload: dict, actor_id: str | None = None) -> dict:
        """An admin (staff account actor_id) changes a staff account's roles or deactivates it:
        409 when they would lock themselves out or leave no active admin (domain.staff_change_refusal)."""
        changes = load(StaffChange(), payload, "staff change")
        if "roles" in changes:
            changes["roles"] = sorted(set(changes["roles"]))
        version = self.store.staff_version()
        accounts = self.store.staff_accounts()
        target = next((a for a in accounts if a["_id"] == staff_id), None)
        if target is None:
            raise NotFound(f"no staff account {staff_id!r}")
        refusal = domain.staff_change_refusal(accounts, staff_id, changes, actor_id)
        if refusal:
            field, message = refusal
            raise Conflict(message, {field: [message]})
        # "one active admin remains" was checked over every account: the change goes through only if no
        # other change came in since they were read (two admins deactivating each other: one wins)
        changed = self.store.change_staff(target, changes) if self.store.next_staff_version(version) else None
        if changed is None:
            raise Conflict("the account changed meanwhile: read it again", {"staff_id": ["changed meanwhile"]})
        return StaffView().dump(changed)

    @rpc(expected_exceptions=EXPECTED)
    def export_member(self, member_id: str) -> dict:
        """Everything this service holds about a member (right of access), consents included."""
        member = self.store.get(member_id) if isinstance(member_id, str) else None
        if member is None:
            return {"profile": None, "consents": []}
        return {
            "profile": MEMBER_VIEW.dump(member),
            "consents": ConsentView(many=True).dump(member["consents"]),
        }

    @rpc(expected_exceptions=EXPECTED)
    def erase(self, member_id: str) -> dict:
        """Right to erasure: delete every personal detail, publish MemberErased for the others."""
        if not self.store.erase(self._member(member_id)["_id"], now_iso()):
            raise NotFound(f"no member {member_id!r}")
        return self.erasure_status(member_id)

    @rpc(expected_exceptions=EXPECTED)
    def erasure_status(self, member_id: str) -> dict:
        """Whether the member is erased, and when (as every service answers it)."""
        return erasure_status(self.name, self.store.erasure(member_id) if isinstance(member_id, str) else None)

    def _member(self, member_id: str) -> dict:
        member = self.store.get(member_id) if isinstance(member_id, str) else None
        if member is None:
            raise NotFound(f"no member {member_id!r}")
        return member
