"""Logging in, refreshing tokens, staff accounts.

Two ways to hold a session. Other clients: POST /auth/token gives a token pair in JSON, POST
/auth/refresh trades the refresh token in the body. A browser (the web app): POST /auth/browser/token
gives the access token (for memory only) and puts the refresh token in an HttpOnly, Secure,
SameSite=Strict cookie that only POST and DELETE /auth/browser/refresh receive (its Path). Those two also
need the CSRF token (double submit: the readable cookie `interra_csrf`, sent back as X-CSRF-Token and
compared in constant time with the digest bound to the refresh token) and refuse a cross-site request
(Origin, Sec-Fetch-Site).
"""

import functools
import hmac
import secrets
import time
from urllib.parse import urlsplit

import eventlet

from gateway import auth
from gateway.auth import ADMIN, Principal
from gateway.base import Gateway, log
from gateway.edge import Call, HttpProblem, api, client_of
from interra_chassis.errors import Unauthorized
from interra_contracts.api.members import CreateStaff, StaffChange, StaffList, StaffView
from interra_contracts.api.platform import BrowserSession, RefreshRequest, TokenPair, TokenRequest

route = functools.partial(api, tag="auth")

REFRESH_COOKIE = "interra_refresh"
CSRF_COOKIE = "interra_csrf"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_PATH = "/auth/browser/refresh"
BROWSER_COOKIES = (
    f"`{REFRESH_COOKIE}` (the refresh token: HttpOnly; Secure; SameSite=Strict; Path={REFRESH_PATH}; "
    f"Max-Age=REFRESH_TOKEN_TTL) and `{CSRF_COOKIE}` (the CSRF token, readable by the app: Secure; "
    "SameSite=Strict; Path=/); both with Max-Age=0 on sign-out"
)
CSRF_PARAM = {CSRF_HEADER: f"the CSRF token (the `{CSRF_COOKIE}` cookie, or csrf_token from the sign-in)"}
REFRESH_PARAM = {REFRESH_COOKIE: "the refresh token, set by POST /auth/browser/token (HttpOnly)"}


def cookie(name: str, value: str, max_age: int, path: str, http_only: bool) -> str:
    """A Set-Cookie value: Secure and SameSite=Strict always (browsers keep Secure cookies on https, and on
    http://localhost or 127.0.0.1)."""
    return f"{name}={value}; Max-Age={max_age}; Path={path}; Secure;{' HttpOnly;' if http_only else ''} SameSite=Strict"


def refuse_cross_site(request) -> None:
    """A browser route answers only the app's own pages: not another site's (Origin, Sec-Fetch-Site)."""
    origin = request.headers.get("Origin")
    site = request.headers.get("Sec-Fetch-Site")
    if (origin and urlsplit(origin).netloc != request.host) or (site and site != "same-origin"):
        raise HttpProblem(403, "Forbidden", "this request comes from another site")


class AccountRoutes(Gateway):
    @route("POST", "/auth/token", auth=False, body=TokenRequest(), response=TokenPair(), problems=(401,))
    def login(self, call: Call):
        """Log in: e-mail or phone and password give an access and a refresh token"""
        return self._tokens(self._authenticate(call))

    def _authenticate(self, call: Call) -> Principal:
        """The principal of the credentials in the body, under the login rate limit and lockout."""
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
        return Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"])

    @route("POST", "/auth/refresh", auth=False, body=RefreshRequest(), response=TokenPair(), problems=(401,))
    def refresh(self, call: Call):
        """Trade a refresh token (once) for a new token pair"""
        self.edge.throttle(self.edge.login_limit, client_of(call.request))
        token = call.body.get("refresh_token")
        principal = self.store.use_refresh(auth.digest(token), time.time()) if isinstance(token, str) else None
        if principal is None:
            raise HttpProblem(401, "Unauthorized", "the refresh token is unknown, used or expired; log in again")
        return self._tokens(Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"]))

    @route(
        "POST",
        "/auth/browser/token",
        auth=False,
        body=TokenRequest(),
        response=BrowserSession(),
        problems=(401, 403),
        sets_cookies=BROWSER_COOKIES,
    )
    def browser_login(self, call: Call):
        """Log in from a browser: the access token in the answer, the refresh token in an HttpOnly cookie"""
        refuse_cross_site(call.request)
        return self._browser_tokens(call, self._authenticate(call))

    @route(
        "POST",
        REFRESH_PATH,
        auth=False,
        response=BrowserSession(),
        problems=(401, 403),
        headers=CSRF_PARAM,
        cookies=REFRESH_PARAM,
        sets_cookies=BROWSER_COOKIES,
    )
    def browser_refresh(self, call: Call):
        """Trade the refresh cookie (once, with the CSRF token) for a new access token and refresh cookie"""
        self.edge.throttle(self.edge.login_limit, client_of(call.request))
        token = self._checked_refresh_cookie(call.request)
        principal = self.store.use_refresh(auth.digest(token), time.time())
        if principal is None:
            raise HttpProblem(401, "Unauthorized", "the session is unknown, used or expired; log in again")
        principal = Principal(principal["subject"], tuple(principal["roles"]), principal["member_id"])
        return self._browser_tokens(call, principal)

    @route(
        "DELETE",
        REFRESH_PATH,
        auth=False,
        status=204,
        problems=(401, 403),
        headers=CSRF_PARAM,
        cookies=REFRESH_PARAM,
        sets_cookies=BROWSER_COOKIES,
    )
    def browser_logout(self, call: Call):
        """Sign out a browser: revoke the refresh cookie's token (with the CSRF token) and clear the cookies"""
        token = self._checked_refresh_cookie(call.request)
        self.store.revoke_refresh(auth.digest(token))
        call.set_cookies += [
            cookie(REFRESH_COOKIE, "", 0, REFRESH_PATH, http_only=True),
            cookie(CSRF_COOKIE, "", 0, "/", http_only=False),
        ]

    @route("POST", "/staff", roles=ADMIN, status=201, body=CreateStaff(), response=StaffView())
    def create_staff(self, call: Call):
        """Create a staff account (admin only)"""
        return self.members.create_staff(call.body)

    @route("GET", "/staff", roles=ADMIN, response=StaffList())
    def list_staff(self, call: Call):
        """Every staff account, oldest first (admin only)"""
        return self.members.staff_accounts()

    @route("PATCH", "/staff/{staff_id}", roles=ADMIN, body=StaffChange(), response=StaffView())
    def change_staff(self, call: Call, staff_id):
        """Change a staff account's roles or deactivate it (admin only; never oneself out, never the last admin)"""
        actor = call.principal.subject.removeprefix("staff:") if call.principal.is_staff else None
        changed = self.members.change_staff(staff_id, call.body, actor)
        # its sessions end: a deactivated account cannot refresh, and new roles come with the next login
        self.store.revoke_refresh_of(f"staff:{staff_id}")
        return changed

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

    def _browser_tokens(self, call: Call, principal: Principal) -> dict:
        """The browser's answer: the pair without the refresh token, which goes into the cookie instead,
        bound to a new CSRF token."""
        csrf = secrets.token_urlsafe(32)
        refresh = auth.new_refresh_token()
        self.store.add_refresh(
            auth.digest(refresh),
            {"subject": principal.subject, "roles": list(principal.roles), "member_id": principal.member_id},
            time.time() + self.edge.refresh_ttl,
            csrf_digest=auth.digest(csrf),
        )
        call.set_cookies += [
            cookie(REFRESH_COOKIE, refresh, self.edge.refresh_ttl, REFRESH_PATH, http_only=True),
            cookie(CSRF_COOKIE, csrf, self.edge.refresh_ttl, "/", http_only=False),
        ]
        return {
            "access_token": auth.issue_access_token(principal, self.edge.jwt_secret, self.edge.access_ttl),
            "token_type": "Bearer",
            "expires_in": self.edge.access_ttl,
            "csrf_token": csrf,
        }

    def _checked_refresh_cookie(self, request) -> str:
        """The refresh cookie of a same-site request whose X-CSRF-Token is the one bound to it; else 401/403."""
        refuse_cross_site(request)
        token = request.cookies.get(REFRESH_COOKIE)
        if not token:
            raise HttpProblem(401, "Unauthorized", "no session cookie; log in again")
        bound = self.store.refresh_csrf(auth.digest(token), time.time())
        if bound is None:
            raise HttpProblem(401, "Unauthorized", "the session is unknown, used or expired; log in again")
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(auth.digest(sent), bound):
            raise HttpProblem(403, "Forbidden", f"the {CSRF_HEADER} header is missing or wrong")
        return token

    def _locked(self, seconds: float) -> HttpProblem:
        wait = str(max(1, round(seconds)))
        return HttpProblem(
            429, "Too many requests", f"too many failed logins: try again in {wait} s", headers={"Retry-After": wait}
        )
