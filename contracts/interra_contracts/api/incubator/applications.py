"""InterLab calls and applications: a coordinator opens a call for a cohort; members apply (a draft
first if they like, in their own language); the application moves along its review."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import LANGUAGE_CODE, Paging, an_id, choice, flag, text
from interra_contracts.vocabulary import (
    APPLICATION_DECLINE_REASONS,
    APPLICATION_MOVES,
    APPLICATION_STATUSES,
    INCUBATOR_SECTORS,
    PROJECT_NEEDS,
    PROJECT_STAGES,
    REVIEW_CRITERIA,
)

SLUG = validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$", error="lower-case letters, digits and _, at most 40")
COHORT = validate.Regexp(r"^[a-z0-9][a-z0-9_-]{0,39}$", error="lower-case letters, digits, _ and -, at most 40")

# --- calls ------------------------------------------------------------------------------------------


class Question(Schema):
    """A question a call asks every applicant (answered in the applicant's own words and language)."""

    key = fields.String(required=True, validate=SLUG, metadata={"example": "why_liege"})
    text = text(3, 300, required=True, metadata={"example": "Why start this project in Liège?"})


class OpenCall(Schema):
    """A coordinator opens a call for a cohort."""

    cohort = fields.String(required=True, validate=COHORT, metadata={"example": "2027"})
    opens_on = fields.Date(required=True, metadata={"example": "2027-01-04"})
    closes_on = fields.Date(required=True, metadata={"example": "2027-02-28"})
    starts_on = fields.Date(required=True, metadata={"description": "the cohort's first day", "example": "2027-03-15"})
    ends_on = fields.Date(
        required=True,
        metadata={
            "description": "the cohort's last day (follow-ups come 6 and 12 months after)",
            "example": "2027-12-15",
        },
    )
    places = fields.Integer(
        strict=True, required=True, validate=validate.Range(min=1, max=200), metadata={"example": 32}
    )
    questions = fields.List(
        fields.Nested(Question), load_default=list, validate=validate.Length(max=12, error="at most {max} questions")
    )
    criteria = fields.List(
        fields.String(validate=SLUG),
        load_default=lambda: list(REVIEW_CRITERIA),
        validate=validate.Length(min=1, max=8, error="between {min} and {max} criteria"),
        metadata={"description": "the review grid: each criterion is scored 1 to 5", "example": list(REVIEW_CRITERIA)},
    )


class CallView(Schema):
    call_id = fields.String(attribute="_id")
    cohort = fields.String()
    opens_on = fields.String()
    closes_on = fields.String()
    starts_on = fields.String()
    ends_on = fields.String()
    places = fields.Integer()
    admitted = fields.Integer(metadata={"description": "places taken"})
    questions = fields.List(fields.Nested(Question))
    criteria = fields.List(fields.String())
    open = fields.Boolean(metadata={"description": "takes applications today"})
    created_at = fields.String()


class ListCalls(Paging):
    open_only = flag(load_default=False)


# --- applications -----------------------------------------------------------------------------------


class Project(Schema):
    """The project an applicant brings. In a draft every field may wait; submitting needs them all."""

    title = text(3, 120, metadata={"example": "A Syrian bakery in Outremeuse"})
    sector = choice(INCUBATOR_SECTORS, metadata={"example": "food"})
    stage = choice(PROJECT_STAGES[:-1], metadata={"example": "idea"})
    description = text(10, 4000, metadata={"example": "Bread and pastries from Aleppo, baked in Liège."})
    needs = fields.List(
        choice(PROJECT_NEEDS),
        validate=validate.Length(max=len(PROJECT_NEEDS)),
        metadata={"example": ["legal", "premises"]},
    )
    team_size = fields.Integer(strict=True, validate=validate.Range(min=1, max=50), metadata={"example": 2})
    newcomer_founders = flag(metadata={"description": "the founders include newcomers"})


class Apply(Schema):
    """A member applies to an open call: a draft (submit false) or at once."""

    call_id = an_id(required=True)
    member_id = an_id(required=True)
    language = fields.String(
        required=True,
        validate=LANGUAGE_CODE,
        metadata={"description": "the language the applicant answers in (reviewers see it)", "example": "ar"},
    )
    project = fields.Nested(Project, required=True)
    answers = fields.Dict(
        keys=fields.String(validate=SLUG),
        values=text(1, 4000),
        load_default=dict,
        metadata={
            "description": "answers to the call's questions, by key",
            "example": {"why_liege": "My family is here."},
        },
    )
    submit = flag(load_default=True, metadata={"description": "false: save a draft"})


class EditApplication(Schema):
    """The applicant changes a draft, or answers what a coordinator asked."""

    language = fields.String(validate=LANGUAGE_CODE)
    project = fields.Nested(Project)
    answers = fields.Dict(keys=fields.String(validate=SLUG), values=text(1, 4000))


class ApplicationMove(Schema):
    """A step of the review: submit, answer, withdraw (the applicant); the others, a coordinator."""

    move = choice(APPLICATION_MOVES, required=True, metadata={"example": "review"})
    reason = choice(
        APPLICATION_DECLINE_REASONS, load_default=None, allow_none=True, metadata={"description": "needed to decline"}
    )
    message = text(
        3,
        1000,
        load_default=None,
        allow_none=True,
        metadata={"description": "what more a coordinator asks for (ask_more_info; the applicant reads it)"},
    )


class ListApplications(Paging):
    member_id = an_id(load_default=None, allow_none=True)
    call_id = an_id(load_default=None, allow_none=True)
    status = choice(APPLICATION_STATUSES, load_default=None, allow_none=True)


class ApplicationHistoryEntry(Schema):
    move = fields.String()
    status_from = fields.String()
    status_to = fields.String()
    at = fields.String()
    reason = fields.String(allow_none=True)
    message = fields.String(allow_none=True)


class ProjectView(Project):
    """The project as the application tells it (nothing loaded through here)."""


class ApplicationView(Schema):
    """What the applicant and staff see of an application (never reviewers' scores or comments)."""

    application_id = fields.String(attribute="_id")
    call_id = fields.String()
    cohort = fields.String()
    member_id = fields.String(allow_none=True)
    language = fields.String()
    project = fields.Nested(ProjectView)
    answers = fields.Dict(keys=fields.String(), values=fields.String())
    status = fields.String()
    decline_reason = fields.String(allow_none=True)
    more_info = fields.String(allow_none=True, metadata={"description": "what a coordinator asked for, if anything"})
    allowed_moves = fields.List(fields.String(), metadata={"description": "the moves that may happen now"})
    history = fields.List(fields.Nested(ApplicationHistoryEntry))
    waitlist_rank = fields.Integer(
        allow_none=True, metadata={"description": "while waitlisted: the place in line (1 = the next offered a place)"}
    )
    project_id = fields.String(allow_none=True, metadata={"description": "once admitted: the project followed"})
    created_at = fields.String()
    submitted_at = fields.String(allow_none=True)
