"""Schemas of the public API. Request schemas are the services' own (one definition each); these
are the gateway's: tokens, problems, health, composed answers."""

from marshmallow import Schema, fields, validate

from duos.schemas import DuoView, ProposalView, RequestView
from incubator.schemas import ApplicationView
from members.schemas import ConsentView, MemberView
from workshops.schemas import WorkshopView


class TokenRequest(Schema):
    username = fields.String(
        required=True, validate=validate.Length(min=3, max=254), metadata={"description": "e-mail or phone"}
    )
    password = fields.String(required=True, validate=validate.Length(min=1, max=128))


class RefreshRequest(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=10, max=200))


class TokenPair(Schema):
    access_token = fields.String(required=True)
    token_type = fields.String(required=True, metadata={"enum": ["Bearer"]})
    expires_in = fields.Integer(required=True)
    refresh_token = fields.String(required=True)


class Problem(Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    request_id = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "per field: what is wrong"})


class Health(Schema):
    status = fields.String(required=True, metadata={"enum": ["ok", "degraded"]})
    services = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class MemberDuos(Schema):
    duos = fields.List(fields.Nested(DuoView), required=True)
    requests = fields.List(fields.Nested(RequestView), required=True)


class EvaluationView(Schema):
    evaluation_id = fields.String(required=True)
    duo_id = fields.String(required=True)
    evaluator_id = fields.String(required=True)
    rating = fields.Integer(required=True)
    tags = fields.List(fields.String(), required=True)
    session_id = fields.String(allow_none=True)


def page_of(item_schema, name: str) -> Schema:
    """A page of items: {items, total, offset, limit}."""
    page = Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
            "offset": fields.Integer(required=True),
            "limit": fields.Integer(required=True),
        },
        name=name,
    )
    return page()


class Commitment(Schema):
    duo_id = fields.String(required=True)
    weekly_minutes = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    this_week = fields.Integer(required=True)
    weekly_goal = fields.Integer(required=True)
    share_of_weeks_met = fields.Float(allow_none=True, required=True)
    sessions = fields.Integer(required=True)


class WaitlistPosition(Schema):
    request_id = fields.String(required=True)
    region = fields.String(required=True)
    position = fields.Integer(required=True)
    waiting = fields.Integer(required=True)
    duos_formed_last_30_days = fields.Integer(required=True)
    estimated_wait_days = fields.Integer(allow_none=True, required=True)


class WaitingLearner(Schema):
    request_id = fields.String(required=True)
    member_id = fields.String(required=True)
    region = fields.String(required=True)
    waiting_days = fields.Integer(required=True)


class Waitlist(Schema):
    items = fields.List(fields.Nested(WaitingLearner), required=True)
    total = fields.Integer(required=True)


class Proposals(Schema):
    items = fields.List(fields.Nested(ProposalView), required=True)
    total = fields.Integer(required=True)
    mode = fields.String(required=True, metadata={"description": "automatic or review (DUO_MATCH_MODE)"})


class FlaggedDuos(Schema):
    items = fields.List(fields.Nested(DuoView), required=True)
    total = fields.Integer(required=True)


class ProposalRejected(Schema):
    duo_id = fields.String(required=True)
    status = fields.String(required=True)
    reason = fields.String(required=True)


class MatchingAsked(Schema):
    asked = fields.Boolean(required=True)
    mode = fields.String(required=True)


class EvaluationSummary(Schema):
    count = fields.Integer(required=True)
    average_rating = fields.Float(allow_none=True, required=True)
    ratings = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    top_tags = fields.List(fields.String(), required=True)


class DuoFigures(Schema):
    """Programme figures (counts and durations only)."""

    members_known = fields.Integer()
    waiting_learners = fields.Integer()
    open_offers = fields.Integer()
    active_duos = fields.Integer()
    ended_duos = fields.Integer()
    waiting_learners_by_region = fields.Dict(keys=fields.String(), values=fields.Integer())
    open_volunteer_places_by_region = fields.Dict(keys=fields.String(), values=fields.Integer())
    wait_days_median = fields.Float(allow_none=True)
    wait_days_p90 = fields.Float(allow_none=True)
    minutes_per_week_per_duo = fields.Float(allow_none=True)
    share_of_weeks_meeting_commitment = fields.Float(allow_none=True)
    retention_4_weeks = fields.Float(allow_none=True)
    retention_12_weeks = fields.Float(allow_none=True)


class AuditEntry(Schema):
    actor = fields.String(required=True, metadata={"description": "member:<id> or staff:<id>"})
    action = fields.String(required=True)
    member_id = fields.String(required=True)
    request_id = fields.String(required=True)
    at = fields.String(required=True)


class ServiceErasure(Schema):
    service = fields.String(required=True)
    erased = fields.Boolean(required=True)
    at = fields.String(allow_none=True)


class ErasureReport(Schema):
    member_id = fields.String(required=True)
    complete = fields.Boolean(required=True, metadata={"description": "every service confirmed"})
    services = fields.List(fields.Nested(ServiceErasure), required=True)


class MemberExport(Schema):
    member_id = fields.String(required=True)
    exported_at = fields.String(required=True)
    members = fields.Dict(required=True)
    duos = fields.Dict(required=True)
    workshops = fields.Dict(required=True)
    incubator = fields.Dict(required=True)
    notifications = fields.Dict(required=True)


__all__ = [
    "ApplicationView",
    "ConsentView",
    "MemberView",
    "WorkshopView",
]
