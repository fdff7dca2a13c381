"""InterLab mentoring: members join the mentor pool; coordinators run the matching for a cohort and
review its proposals; the pair logs its sessions and rates them; anyone in a mentorship may report a
mentor to the coordinators (safeguarding). Member ids only, never names."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import LANGUAGE_CODE, Paging, an_id, choice, list_of, text
from interra_contracts.vocabulary import (
    INCUBATOR_SECTORS,
    MENTOR_FORMATS,
    MENTOR_MAX_CAPACITY,
    MENTOR_REJECTIONS,
    MENTORING_MAX_SESSION_MINUTES,
    MENTORING_SESSION_KINDS,
    MENTORSHIP_END_REASONS,
    MENTORSHIP_MOVES,
    MENTORSHIP_STATUSES,
    PROJECT_NEEDS,
    REGIONS,
    REPORT_STATUSES,
    SAFEGUARDING_CATEGORIES,
)

REPORT_OUTCOMES = REPORT_STATUSES[1:]
TAG = validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,39}$", error="a short tag: lower-case letters, digits, _ and -")

# --- the mentor pool ------------------------------------------------------------------------------------


class MentorProfile(Schema):
    """What a member offers as a mentor (join the pool, or change it)."""

    expertise = fields.List(
        choice(PROJECT_NEEDS),
        load_default=list,
        validate=validate.Length(max=len(PROJECT_NEEDS)),
        metadata={"description": "the needs they help with (expertise or sectors, at least one)",
                  "example": ["legal", "financing"]},
    )  # fmt: skip
    sectors = fields.List(
        choice(INCUBATOR_SECTORS),
        load_default=list,
        validate=validate.Length(max=len(INCUBATOR_SECTORS)),
        metadata={"description": "the sectors they know", "example": ["food"]},
    )
    languages = fields.List(
        fields.String(validate=LANGUAGE_CODE),
        required=True,
        validate=validate.Length(min=1, max=10),
        metadata={"description": "ISO 639 codes", "example": ["fr", "ar"]},
    )
    region = choice(REGIONS, required=True, metadata={"example": "liege"})
    formats = fields.List(
        choice(MENTOR_FORMATS),
        required=True,
        validate=validate.Length(min=1, max=len(MENTOR_FORMATS)),
        metadata={"description": "how they meet their mentees", "example": ["in_person", "video"]},
    )
    capacity = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=1, max=MENTOR_MAX_CAPACITY),
        metadata={"description": "entrepreneurs at once; not below the mentorships they hold", "example": 2},
    )


class MentorView(MentorProfile):
    """A mentor as they see themselves."""

    member_id = fields.String(attribute="_id")
    held = fields.Integer(metadata={"description": "places held by proposed or active mentorships"})
    free = fields.Integer(metadata={"description": "places open to the next matching"})
    in_pool = fields.Boolean(metadata={"description": "false: left the pool (running mentorships go on)"})
    joined_at = fields.String()
    updated_at = fields.String()


class MentorStaffView(MentorView):
    """A mentor as coordinators see them."""

    suspended = fields.Boolean(metadata={"description": "a safeguarding report about them is pending"})
    removed = fields.Boolean(metadata={"description": "removed from the pool for good (a report upheld)"})


class ListMentors(Paging):
    in_pool = fields.Boolean(load_default=None, allow_none=True)


# --- mentorships ----------------------------------------------------------------------------------------


class MentorshipMove(Schema):
    """accept, reject (with a reason) a proposal; end (with a reason) an active mentorship."""

    move = choice(MENTORSHIP_MOVES, required=True, metadata={"example": "accept"})
    reason = choice(
        tuple(dict.fromkeys(MENTOR_REJECTIONS + MENTORSHIP_END_REASONS)),
        load_default=None,
        allow_none=True,
        metadata={"description": f"reject: one of {', '.join(MENTOR_REJECTIONS)}; end: one of "
                                 f"{', '.join(r for r in MENTORSHIP_END_REASONS if r != 'member_erased')}"},
    )  # fmt: skip


class MentorshipView(Schema):
    """A mentorship: the two member ids, why they were matched, where it stands."""

    mentorship_id = fields.String(attribute="_id")
    call_id = fields.String()
    cohort = fields.String()
    application_id = fields.String()
    project_id = fields.String()
    mentor_id = fields.String()
    entrepreneur_id = fields.String()
    status = choice(MENTORSHIP_STATUSES)
    score = fields.Integer(metadata={"description": "the fit, in whole points"})
    reasons = fields.List(fields.String(), metadata={"example": ["2 needs met: legal, financing", "both in liege"]})
    proposed_at = fields.String()
    started_on = fields.String(allow_none=True, metadata={"description": "accepted on"})
    ended_on = fields.String(allow_none=True)
    rejection_reason = fields.String(allow_none=True)
    end_reason = fields.String(allow_none=True)
    ended_by = fields.String(allow_none=True)
    last_activity_on = fields.String(allow_none=True, metadata={"description": "the start or the last session"})
    inactive_weeks = fields.Integer(allow_none=True, metadata={"description": "weeks without a session, if flagged"})
    sessions = fields.Integer(metadata={"description": "sessions logged"})
    minutes = fields.Integer(metadata={"description": "minutes logged"})
    allowed_moves = fields.List(fields.String(), metadata={"description": "the moves you may make now"})
    # Composed by the gateway from the members service when it answers (InterLab never holds a name);
    # null for an erased member.
    mentor_first_name = fields.String(
        allow_none=True, metadata={"description": "to the entrepreneur of the pair: their mentor's first name"}
    )
    entrepreneur_first_name = fields.String(
        allow_none=True, metadata={"description": "to the mentor of the pair: their entrepreneur's first name"}
    )


class ListMentorships(Paging):
    member_id = an_id(load_default=None, allow_none=True)
    status = choice(MENTORSHIP_STATUSES, load_default=None, allow_none=True)
    cohort = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=40))
    call_id = an_id(load_default=None, allow_none=True)


class MentorMatching(Schema):
    """What a matching run did: the proposals it made (for coordinators to review)."""

    items = fields.List(fields.Nested(MentorshipView), required=True)
    total = fields.Integer(required=True)
    entrepreneurs = fields.Integer(required=True, metadata={"description": "admitted entrepreneurs without a mentor"})
    places = fields.Integer(required=True, metadata={"description": "free places of the mentors in the pool"})


FlaggedMentorships = list_of(MentorshipView, "FlaggedMentorships")

# --- sessions -------------------------------------------------------------------------------------------


class MentoringSessionLog(Schema):
    """A session the pair held (either side logs it)."""

    held_on = fields.Date(required=True, metadata={"description": "not in the future, not before the mentorship began"})
    minutes = fields.Integer(
        strict=True, required=True, validate=validate.Range(min=1, max=MENTORING_MAX_SESSION_MINUTES),
        metadata={"example": 90},
    )  # fmt: skip
    kind = choice(MENTORING_SESSION_KINDS, required=True, metadata={"example": "mentoring"})
    topics = fields.List(
        fields.String(validate=TAG), load_default=list, validate=validate.Length(max=10),
        metadata={"example": ["business_plan", "pricing"]},
    )  # fmt: skip
    next_steps = text(
        1, 1000, load_default=None, allow_none=True, metadata={"description": "the pair and coordinators"}
    )
    notes = text(1, 4000, load_default=None, allow_none=True, metadata={"description": "the pair and coordinators"})


class MentoringSessionView(Schema):
    session_id = fields.String(attribute="_id")
    mentorship_id = fields.String()
    project_id = fields.String()
    cohort = fields.String()
    held_on = fields.String()
    minutes = fields.Integer()
    kind = fields.String()
    topics = fields.List(fields.String())
    next_steps = fields.String(allow_none=True)
    notes = fields.String(allow_none=True)
    logged_by = fields.String(allow_none=True)
    created_at = fields.String()


MentoringSessionList = list_of(MentoringSessionView, "MentoringSessionList")


class MentoringSessionEvaluation(Schema):
    """A member of the pair rates a session, once."""

    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5), metadata={"example": 4})
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=60)), load_default=list, validate=validate.Length(max=10),
        metadata={"example": ["clear_next_steps"]},
    )  # fmt: skip


class MentoringEvaluationView(MentoringSessionEvaluation):
    session_id = fields.String()
    mentorship_id = fields.String()
    evaluator_id = fields.String()


# --- safeguarding ---------------------------------------------------------------------------------------


class SafeguardingReport(Schema):
    """A report about a mentor (e.g. selling paid services to a mentee): coordinators only read it."""

    mentor_id = an_id(required=True)
    category = choice(SAFEGUARDING_CATEGORIES, required=True, metadata={"example": "paid_services"})
    description = text(10, 4000, required=True, metadata={"description": "what happened (coordinators only)"})


class SafeguardingReportView(Schema):
    """A report as its reporter sees it."""

    report_id = fields.String(attribute="_id")
    mentor_id = fields.String()
    category = fields.String()
    status = choice(REPORT_STATUSES)
    created_at = fields.String()


class SafeguardingReportStaffView(SafeguardingReportView):
    """A report as coordinators see it."""

    reporter_id = fields.String(allow_none=True, metadata={"description": "none: a coordinator reported"})
    description = fields.String(allow_none=True)
    outcome_note = fields.String(allow_none=True)
    handled_at = fields.String(allow_none=True)


class ListSafeguardingReports(Paging):
    status = choice(REPORT_STATUSES, load_default="pending")


class SafeguardingOutcome(Schema):
    """A coordinator's decision on a report: dismissed (the suspension lifts once no other report waits)
    or upheld (the mentor's mentorships end and they leave the pool for good)."""

    outcome = choice(REPORT_OUTCOMES, required=True, metadata={"example": "dismissed"})
    note = text(3, 2000, required=True, metadata={"description": "private to coordinators"})
