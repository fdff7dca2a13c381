"""A member's own data: registration, profile, and the GDPR rights (access, erasure, audit)."""

import functools

import eventlet
from nameko.exceptions import RemoteError

from gateway import idempotency
from gateway.auth import ADMIN, ANY_STAFF
from gateway.base import PAGE, Gateway, log, now_iso
from gateway.edge import Call, api
from interra_chassis.errors import InterraError
from interra_contracts.api.common import page
from interra_contracts.api.members import MemberView, RegisterMember, update_profile_schema
from interra_contracts.api.platform import AuditPage, ErasureReport, MemberExport
from interra_contracts.registry import SERVICE_NAMES

route = functools.partial(api, tag="members")


class MemberRoutes(Gateway):
    @route("POST", "/members", auth=False, status=201, body=RegisterMember(), response=MemberView())
    def register_member(self, call: Call):
        """Register a newcomer or a local (self-registration)"""
        return self.members.register(call.body)

    @route("GET", "/members/{member_id}", response=MemberView())
    def get_member(self, call: Call, member_id):
        """A member's profile (the member, or staff)"""
        self.own_or_hidden(call, member_id, ANY_STAFF)
        profile = self.members.get(member_id)
        self.audit(call, "read_profile", member_id)
        return profile

    @route("PATCH", "/members/{member_id}", body=update_profile_schema(), response=MemberView())
    def update_member(self, call: Call, member_id):
        """Change one's profile (phone, region, languages, level, interests...)"""
        self.own_or_hidden(call, member_id, ADMIN)
        profile = self.members.update(member_id, call.body)
        self.audit(call, "update_profile", member_id)
        return profile

    @route("GET", "/members/{member_id}/export", response=MemberExport())
    def export_member(self, call: Call, member_id):
        """Everything the platform holds about a member (GDPR access)"""
        self.own_or_hidden(call, member_id, ADMIN)
        self.members.get(member_id)  # 404 for an unknown member
        exports = eventlet.GreenPool().imap(lambda s: (s, self.service(s).export_member(member_id)), SERVICE_NAMES)
        self.audit(call, "export", member_id)
        return {"member_id": member_id, "exported_at": now_iso(), **dict(exports)}

    @route("DELETE", "/members/{member_id}", status=202, response=ErasureReport())
    def erase_member(self, call: Call, member_id):
        """Erase a member everywhere (GDPR erasure); follow it at .../erasure"""
        self.own_or_hidden(call, member_id, ADMIN)
        self.members.erase(member_id)
        self.store.revoke_refresh_of(f"member:{member_id}")
        idempotency.forget_member(self.store, member_id)
        self.audit(call, "erase", member_id)
        return self._erasure_report(member_id)

    @route("GET", "/members/{member_id}/erasure", response=ErasureReport())
    def erasure(self, call: Call, member_id):
        """Which services have confirmed a member's erasure"""
        self.own_or_hidden(call, member_id, ADMIN)
        return self._erasure_report(member_id)

    @route("GET", "/members/{member_id}/audit", response=AuditPage(), query=PAGE)
    def audit_trail(self, call: Call, member_id):
        """Who read or changed a member's personal data, and when"""
        self.own_or_hidden(call, member_id, ADMIN)
        offset, limit = self.page(call)
        items, total = self.store.audit_of(member_id, offset, limit)
        return page(items, total, offset, limit)

    def _erasure_report(self, member_id: str) -> dict:
        def status(service):
            try:
                return self.service(service).erasure_status(member_id)
            except (InterraError, RemoteError):  # not confirmed (yet): said so, never a 500
                log.warning("erasure status unknown", service=service)
                return {"service": service, "erased": False, "at": None}

        services = list(eventlet.GreenPool().imap(status, SERVICE_NAMES))
        return {"member_id": member_id, "complete": all(s["erased"] for s in services), "services": services}
