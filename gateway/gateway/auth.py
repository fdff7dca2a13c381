"""Who calls, and what they may do. Pure: tokens, principals and the access rules of the API.

Access tokens are JWTs (RFC 8725: one fixed algorithm, issuer, audience, expiry and subject all
required and checked). Refresh tokens are opaque random strings, stored hashed, used once.
"""

import functools
import hashlib
import secrets
import time
from dataclasses import dataclass

import jwt

from interra_contracts.registry import PROGRAMMES, STAFF_ROLES

ALGORITHM = "HS256"
ISSUER = "interra-gateway"
AUDIENCE = "interra-api"
VERIFIED_TOKENS = 10_000
"""Checked access tokens kept in memory (about 10 MB at most): more than the members active at once."""


def staff_of(programme: str) -> tuple[str, ...]:
    """Who runs a programme: admins and its coordinators."""
    assert programme in PROGRAMMES, f"{programme!r} is not a programme of the registry"
    return ("admin", f"coordinator:{programme}")


ADMIN = ("admin",)
ANY_STAFF = STAFF_ROLES
WORKSHOP_STAFF = staff_of("workshops")
DUO_STAFF = staff_of("duos")
INCUBATOR_STAFF = staff_of("incubator")


class AuthError(Exception):
    """The request carries no valid credentials (401)."""


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: tuple[str, ...]
    member_id: str | None

    @property
    def is_staff(self) -> bool:
        return self.has_any(STAFF_ROLES)

    def has_any(self, roles) -> bool:
        return bool(set(roles) & set(self.roles))

    def acts_for(self, member_id: str, staff_roles=("admin",)) -> bool:
        """Object-level rule: a member acts for themselves; staff with one of staff_roles for anyone."""
        return self.member_id == member_id or self.has_any(staff_roles)


def issue_access_token(principal: Principal, secret: str, ttl: int, now: float | None = None) -> str:
    now = int(now if now is not None else time.time())
    claims = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": principal.subject,
        "roles": list(principal.roles),
        "member_id": principal.member_id,
        "iat": now,
        "nbf": now,
        "exp": now + ttl,
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def principal_from_token(token: str, secret: str, now: float | None = None) -> Principal:
    principal, expires = _verified(token, secret)
    if (time.time() if now is None else now) >= expires:  # as PyJWT decides (exp <= now: expired)
        raise AuthError("the access token has expired; refresh it")
    return principal


@functools.lru_cache(maxsize=VERIFIED_TOKENS)
def _verified(token: str, secret: str) -> tuple[Principal, int]:
    """A token's principal and expiry, once its signature and claims are checked. Kept for the next
    requests with the same token (the check was a tenth of the gateway's time per request): the same
    string, signed with the same secret, checks the same way until it expires, and an access token
    cannot be revoked. Refusals are not kept (an exception is never cached)."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
        )
    except jwt.ExpiredSignatureError:
        raise AuthError("the access token has expired; refresh it") from None
    except jwt.PyJWTError:
        raise AuthError("the access token is not valid") from None
    roles = claims.get("roles")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise AuthError("the access token is not valid")
    return Principal(claims["sub"], tuple(roles), claims.get("member_id")), claims["exp"]


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("use the Authorization header 'Bearer <access token>'")
    return token.strip()


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    """A one-way key for secrets and usernames kept by the gateway (never the value itself)."""
    return hashlib.sha256(value.encode()).hexdigest()
