"""API contract of the duos service (Duo-Langue): requests and offers, duos, commitment, review,
figures."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import Window, an_id, choice
from interra_contracts.vocabulary import (
    DUO_END_REASONS,
    DUO_FORMATS,
    DUO_MAX_CAPACITY,
    DUO_MAX_SESSION_MINUTES,
    DUO_REJECTIONS,
    DUO_REQUEST_ACTIONS,
    GENDERS,
)

CAPACITY = validate.Range(min=1, max=DUO_MAX_CAPACITY, error=f"must be between 1 and {DUO_MAX_CAPACITY}")
DEFAULT_FORMATS = ("video",)
"""A request or offer that names no format accepts video."""


class AgeRange(Schema):
    min = fields.Integer(required=True, strict=True, validate=validate.Range(min=16, max=110))
    max = fields.Integer(required=True, strict=True, validate=validate.Range(min=16, max=110))


class Preferences(Schema):
    """What a learner or a volunteer accepts. No availability given = flexible, any time."""

    availability = fields.List(
        fields.Nested(Window),
        load_default=list,
        validate=validate.Length(max=30),
        metadata={"example": [{"day": "tue", "from": "19:00", "to": "21:00"}]},
    )
    formats = fields.List(
        fields.String(validate=validate.OneOf(DUO_FORMATS)),
        load_default=lambda: list(DEFAULT_FORMATS),
        validate=validate.Length(min=1, max=2),
    )
    cross_region = fields.Boolean(load_default=False, metadata={"description": "video with another region"})
    interests = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=None,
        validate=validate.Length(max=30),
        metadata={"description": "default: the profile's", "example": ["cooking"]},
    )
    age_range = fields.Nested(AgeRange, load_default=None, allow_none=True)
    gender_preference = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(GENDERS),
        metadata={"description": "only a partner of this gender (members who did not say are not proposed)"},
    )


class DuoRequest(Preferences):
    member_id = an_id(required=True)


def request_update() -> DuoRequest:
    """A change of a request or an offer: any of its fields, each whole (an age_range needs min and
    max: `partial` names the top-level fields only, so it does not reach into nested schemas)."""
    return DuoRequest(partial=tuple(DuoRequest().fields))


class DuoOffer(Preferences):
    member_id = an_id(required=True)
    capacity = fields.Integer(load_default=1, strict=True, validate=CAPACITY)


class Evaluation(Schema):
    evaluator_id = an_id(required=True)
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5), metadata={"example": 4})
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        validate=validate.Length(max=10),
        metadata={"example": ["practised_french"]},
    )
    session_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class SessionLog(Schema):
    member_id = an_id(required=True)
    held_on = fields.Date(required=True, metadata={"description": "not in the future, not before the duo began"})
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=DUO_MAX_SESSION_MINUTES))


class EndDuo(Schema):
    member_id = an_id(load_default=None, metadata={"description": "who ends it"})
    reason = choice(
        [r for r in DUO_END_REASONS if r != "member_erased"], required=True, metadata={"example": "completed"}
    )


class Rejection(Schema):
    """Why a coordinator rejects a proposed duo; the note stays in Duo-Langue (never in events)."""

    reason = fields.String(required=True, validate=validate.OneOf(DUO_REJECTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class CapacityChange(Schema):
    member_id = an_id(load_default=None, metadata={"description": "the volunteer"})
    capacity = fields.Integer(required=True, strict=True, validate=CAPACITY, metadata={"example": 2})


class StatusChange(Schema):
    action = fields.String(required=True, validate=validate.OneOf(DUO_REQUEST_ACTIONS))


class RequestView(Schema):
    request_id = fields.String(attribute="_id")
    member_id = fields.String()
    side = fields.String()
    region = fields.String()
    status = fields.String()
    capacity = fields.Integer(allow_none=True)
    remaining = fields.Integer(allow_none=True)
    availability = fields.List(fields.Nested(Window))
    formats = fields.List(fields.String())
    cross_region = fields.Boolean()
    interests = fields.List(fields.String())
    age_range = fields.Nested(AgeRange, allow_none=True)
    gender_preference = fields.String(allow_none=True)
    created_at = fields.String()


class DuoView(Schema):
    duo_id = fields.String(attribute="_id")
    learner_id = fields.String()
    volunteer_id = fields.String()
    region = fields.String()
    status = fields.String()
    score = fields.Float()
    reasons = fields.List(fields.String())
    created_at = fields.String()
    last_session_on = fields.String(allow_none=True)
    needs_rematch = fields.Boolean()
    end_reason = fields.String(allow_none=True)
    ended_at = fields.String(allow_none=True)
    proposed_at = fields.String(allow_none=True, metadata={"description": "proposed, then accepted by staff"})
    # Composed by the gateway from the members service when it answers (Duo-Langue never holds a name);
    # null for an erased member.
    partner_first_name = fields.String(
        allow_none=True, metadata={"description": "to a member of the duo: the other member's first name"}
    )
    learner_first_name = fields.String(allow_none=True, metadata={"description": "to duo coordinators"})
    volunteer_first_name = fields.String(allow_none=True, metadata={"description": "to duo coordinators"})


class ProposalView(DuoView):
    """A pair the engine proposed, awaiting a coordinator (review mode)."""

    learner_waiting_days = fields.Integer()


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
