"""The gateway's own answers: tokens, health, and the GDPR reports it composes from every service."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import page_of
from interra_contracts.api.members import Credentials
from interra_contracts.registry import SERVICE_NAMES


class TokenRequest(Credentials):
    """Log in with an e-mail or phone and a password."""


class RefreshRequest(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=10, max=200))


class TokenPair(Schema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"enum": ["Bearer"]})
    expires_in = fields.Integer(required=True)
    refresh_token = fields.String(required=True)


class BrowserSession(Schema):
    """A browser's sign-in: the access token for memory only. The refresh token is not here: it is in the
    HttpOnly cookie `interra_refresh` (Path=/auth/browser/refresh). `csrf_token` is also in the readable
    cookie `interra_csrf`: send it as the X-CSRF-Token header to refresh or sign out."""

    access_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"enum": ["Bearer"]})
    expires_in = fields.Integer(required=True)
    csrf_token = fields.String(required=True)


class Supervised(Schema):
    """A service as `make run`'s supervisor sees it."""

    running = fields.Boolean(required=True, metadata={"description": "false while it waits to be started again"})
    restarts = fields.Integer(required=True, metadata={"description": "times it was started again after dying"})
    last_exit = fields.String(allow_none=True, metadata={"description": "how it last stopped, e.g. exit code -9"})


class Health(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok", "degraded"]})
    services = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    supervisor = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(Supervised),
        metadata={"description": "under `make run`: each service's restarts (absent elsewhere)"},
    )


class AuditEntry(Schema):
    actor = fields.String(required=True, metadata={"description": "member:<id> or staff:<id>"})
    action = fields.String(required=True)
    member_id = fields.String(required=True)
    request_id = fields.String(required=True)
    at = fields.String(required=True)


AuditPage = page_of(AuditEntry, "AuditPage")


class ServiceErasure(Schema):
    service = fields.String(required=True)
    erased = fields.Boolean(required=True)
    at = fields.String(allow_none=True)


class ErasureReport(Schema):
    member_id = fields.String(required=True)
    complete = fields.Boolean(required=True, metadata={"description": "every service confirmed"})
    services = fields.List(fields.Nested(ServiceErasure), required=True)


MemberExport = Schema.from_dict(
    {
        "member_id": fields.String(required=True),
        "exported_at": fields.String(required=True),
        **{service: fields.Dict(required=True) for service in SERVICE_NAMES},
    },
    name="MemberExport",
)
"""Everything the platform holds about a member: one part per service of the registry."""
