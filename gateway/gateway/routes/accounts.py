"""Logging in, refreshing tokens, staff accounts."""

import functools
import time

import eventlet

from gateway import auth
from gateway.auth import ADMIN, Principal
from gateway.base import Gateway, log
from gateway.edge import Call, HttpProblem, api, client_of
from interra_chassis.errors import Unauthorized
from interra_contracts.api.members import CreateStaff, StaffView
from interra_contracts.api.platform import RefreshRequest, TokenPair, TokenRequest

route = functools.partial(api, tag="auth")


class AccountRoutes(Gateway):
    @route("POST", "/auth/token", auth=False, body=TokenRequest(), response=TokenPair(), problems=(401,))
    def login(self, call: Call):
        """Log in: e-mail or phone and password give an access and a refresh token"""
        self.edge.throttle(self.edge.login_limit, client_of(call.request))
        key = auth.digest(str(call.body.get("username", "")).strip().lower())
        locked_for = self.store.failures(key)["locked_until"] - time.time()
        if locked_for > 0:
            raise self._locked(locked_for)
        try:
            principal = self.members.authenticate(call.body)
        except Unauthorized:
            failures = self.store.add_failure(key, time.time(), self.edge.lock_after, self.edge.lock_seconds)
            log.warning("login failed", username_digest=key[:12], client=client_of(call.request))
            if failures["locked_until"] > time.time():
                raise self._locked(self.edge.lock_seconds) from None
            eventlet.sleep(min(0.1 * 2 ** failures["count"], 2.0))  # each failure answers slower
            raise
        self.store.clear_failures(key)
        return self._tokens(Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"]))

    @route("POST", "/auth/refresh", auth=False, body=RefreshRequest(), response=TokenPair(), problems=(401,))
    def refresh(self, call: Call):
        """Trade a refresh token (once) for a new token pair"""
        self.edge.throttle(self.edge.login_limit, client_of(call.request))
        token = call.body.get("refresh_token")
        principal = self.store.use_refresh(auth.digest(token), time.time()) if isinstance(token, str) else None
        if principal is None:
            raise HttpProblem(401, "Unauthorized", "the refresh token is unknown, used or expired; log in again")
        return self._tokens(Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"]))

    @route("POST", "/staff", roles=ADMIN, status=201, body=CreateStaff(), response=StaffView())
    def create_staff(self, call: Call):
        """Create a staff account (admin only)"""
        return self.members.create_staff(call.body)

    def _tokens(self, principal: Principal) -> dict:
        refresh = auth.new_refresh_token()
        self.store.add_refresh(
            auth.digest(refresh),
            {"subject": principal.subject, "roles": list(principal.roles), "member_id": principal.member_id},
            time.time() + self.edge.refresh_ttl,
        )
        return {
            "access_token": auth.issue_access_token(principal, self.edge.jwt_secret, self.edge.access_ttl),
            "token_type": "Bearer",
            "expires_in": self.edge.access_ttl,
            "refresh_token": refresh,
        }

    def _locked(self, seconds: float) -> HttpProblem:
        wait = str(max(1, round(seconds)))
        return HttpProblem(
            429, "Too many requests", f"too many failed logins: try again in {wait} s", headers={"Retry-After": wait}
        )
