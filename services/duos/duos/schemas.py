"""RPC payloads of the duos service (events are defined in interra_contracts)."""

from marshmallow import Schema, fields, validate

from duos.commitment import MAX_SESSION_MINUTES
from duos.domain import MAX_CAPACITY
from duos.preferences import DAYS
from interra_contracts.vocabulary import DUO_END_REASONS, DUO_FORMATS, DUO_REJECTIONS, GENDERS

MEMBER_ID = validate.Length(min=1, max=64)
CAPACITY = validate.Range(min=1, max=MAX_CAPACITY, error=f"must be between 1 and {MAX_CAPACITY}")
CLOCK = validate.Regexp(r"^\d{2}:\d{2}$", error="a time like 19:30")


class Window(Schema):
    """A weekly window of availability, e.g. {"day": "tue", "from": "19:00", "to": "21:00"}."""

    day = fields.String(required=True, validate=validate.OneOf(DAYS))
    start = fields.String(required=True, data_key="from", validate=CLOCK)
    end = fields.String(required=True, data_key="to", validate=CLOCK)


class AgeRange(Schema):
    min = fields.Integer(required=True, strict=True, validate=validate.Range(min=16, max=110))
    max = fields.Integer(required=True, strict=True, validate=validate.Range(min=16, max=110))


class Preferences(Schema):
    """What a learner or a volunteer accepts. No availability given = flexible, any time."""

    availability = fields.List(fields.Nested(Window), load_default=list, validate=validate.Length(max=30))
    formats = fields.List(
        fields.String(validate=validate.OneOf(DUO_FORMATS)),
        load_default=lambda: ["video"],
        validate=validate.Length(min=1, max=2),
    )
    cross_region = fields.Boolean(load_default=False, metadata={"description": "video with another region"})
    interests = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=None,
        validate=validate.Length(max=30),
        metadata={"description": "default: the profile's"},
    )
    age_range = fields.Nested(AgeRange, load_default=None, allow_none=True)
    gender_preference = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.OneOf(GENDERS),
        metadata={"description": "only a partner of this gender (members who did not say are not proposed)"},
    )


class DuoRequest(Preferences):
    member_id = fields.String(required=True, validate=MEMBER_ID)


class DuoOffer(Preferences):
    member_id = fields.String(required=True, validate=MEMBER_ID)
    capacity = fields.Integer(
        load_default=1,
        strict=True,
        validate=CAPACITY,
    )


class Evaluation(Schema):
    evaluator_id = fields.String(required=True, validate=MEMBER_ID)
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)),
        load_default=list,
        validate=validate.Length(max=10),
    )
    session_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class SessionLog(Schema):
    member_id = fields.String(required=True, validate=MEMBER_ID)
    held_on = fields.Date(required=True)
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=MAX_SESSION_MINUTES))


class EndDuo(Schema):
    member_id = fields.String(load_default=None, validate=MEMBER_ID, metadata={"description": "who ends it"})
    reason = fields.String(required=True, validate=validate.OneOf([r for r in DUO_END_REASONS if r != "member_erased"]))


class Rejection(Schema):
    """Why a coordinator rejects a proposed duo; the note stays in Duo-Langue (never in events)."""

    reason = fields.String(required=True, validate=validate.OneOf(DUO_REJECTIONS))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class CapacityChange(Schema):
    member_id = fields.String(load_default=None, validate=MEMBER_ID, metadata={"description": "the volunteer"})
    capacity = fields.Integer(
        required=True,
        strict=True,
        validate=CAPACITY,
    )


class StatusChange(Schema):
    action = fields.String(required=True, validate=validate.OneOf(("pause", "resume", "withdraw")))


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


class ProposalView(DuoView):
    """A pair the engine proposed, awaiting a coordinator (review mode)."""

    learner_waiting_days = fields.Integer()
