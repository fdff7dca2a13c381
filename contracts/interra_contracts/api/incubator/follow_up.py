"""InterLab follow-up and figures: 6 and 12 months after their cohort ends, each entrepreneur is asked
how their project stands (facts, not free text, so that they can be counted); coordinators read the
figures funders ask for, per cohort or per calendar year, counts only."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interra_contracts.api.common import an_id, choice, flag, list_of
from interra_contracts.api.incubator.applications import COHORT
from interra_contracts.vocabulary import FOLLOW_UP_MONTHS, PROJECT_NEEDS, REVENUE_BANDS

# --- follow-ups -------------------------------------------------------------------------------------


class FollowUpAnswer(Schema):
    """How the project stands, said once by its entrepreneur (a second answer is refused: 409)."""

    still_active = flag(required=True, metadata={"description": "the project is still going"})
    revenue_band = choice(
        REVENUE_BANDS, required=True, metadata={"description": "yearly revenue, in euros", "example": "10k_50k"}
    )
    jobs_created = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Range(min=0, max=1000),
        metadata={"description": "jobs the project created, founders included", "example": 2},
    )
    still_needs = fields.List(
        choice(PROJECT_NEEDS),
        load_default=list,
        validate=validate.Length(max=len(PROJECT_NEEDS)),
        metadata={"description": "what the project still needs help with, each once", "example": ["financing"]},
    )


class FollowUpFacts(Schema):
    still_active = fields.Boolean()
    revenue_band = fields.String()
    jobs_created = fields.Integer()
    still_needs = fields.List(fields.String())


class FollowUpView(Schema):
    """A follow-up as its entrepreneur sees it: pending (to answer) or answered."""

    follow_up_id = fields.String(attribute="_id")
    project_id = fields.String()
    cohort = fields.String()
    member_id = fields.String(allow_none=True)
    months = fields.Integer(
        metadata={"description": "months after the cohort's last day", "enum": list(FOLLOW_UP_MONTHS)}
    )
    due_on = fields.String(metadata={"description": "the day it was due (the cohort's end + months)"})
    asked_at = fields.String()
    status = fields.String(metadata={"enum": ["pending", "answered"]})
    answer = fields.Nested(FollowUpFacts, allow_none=True)
    answered_at = fields.String(allow_none=True)


FollowUpList = list_of(FollowUpView, "FollowUpList")


class ListFollowUps(Schema):
    member_id = an_id(required=True)


class RequestFollowUps(Schema):
    """Ask the follow-ups due on a day (the hourly timer asks those of today)."""

    today = fields.Date(load_default=None, allow_none=True, metadata={"example": "2028-06-15"})


class FollowUpsRequested(Schema):
    asked = fields.Integer(metadata={"description": "follow-ups asked now (each one once, ever)"})


# --- figures --------------------------------------------------------------------------------------

SMALL = 5
COHORT_PATTERN = COHORT.regex.pattern


class FiguresQuery(Schema):
    """The figures of one cohort, or of one calendar year: exactly one of the two."""

    cohort = fields.String(load_default=None, allow_none=True, validate=COHORT, metadata={"example": "2027"})
    year = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(min=2000, max=2100))

    @validates_schema
    def _one_of_the_two(self, data, **kwargs):
        given = [name for name in ("cohort", "year") if data.get(name) is not None]
        if len(given) != 1:
            message = "give a cohort or a year, not both" if given else "give a cohort or a year"
            raise ValidationError({"cohort": [message], "year": [message]})


class FigureCount(Schema):
    """A number of people (or applications, projects, follow-ups)."""

    value = fields.Integer()
    small = fields.Boolean(metadata={"description": f"below {SMALL}: the impact report does not show it"})


class FigureShare(Schema):
    """`count` of `base`, as a fraction and a whole percent (rounded half up)."""

    count = fields.Integer()
    base = fields.Integer()
    share = fields.Float(allow_none=True, metadata={"description": "count / base, 4 decimals (None: no base)"})
    percent = fields.Integer(allow_none=True, metadata={"description": "the share in whole percent, half up"})
    small = fields.Boolean(
        metadata={"description": f"the base, the count or the rest of the base is below {SMALL}: not shown"}
    )


class FigureMeasure(Schema):
    """A number computed over `base` projects."""

    value = fields.Float(allow_none=True)
    base = fields.Integer(metadata={"description": "the projects it is computed over"})
    small = fields.Boolean(metadata={"description": f"computed over fewer than {SMALL} projects: not shown"})


class FollowUpFigures(Schema):
    months = fields.Integer(metadata={"enum": list(FOLLOW_UP_MONTHS)})
    asked = fields.Nested(FigureCount, metadata={"description": "entrepreneurs asked (erased ones are not)"})
    answered = fields.Nested(FigureCount)
    active = fields.Nested(FigureShare, metadata={"description": "answers saying the project is still active"})
    jobs_created = fields.Nested(FigureMeasure, metadata={"description": "the sum over the answers"})


class IncubatorFigures(Schema):
    """InterLab's figures, counts only. Each figure has `small`. Per cohort C: applications submitted at
    least once (withdrawn and declined included, drafts never sent not); admitted (applications in status
    admitted); accompanied (C's projects: one per admission, whatever became of it); launched and stopped
    (accompanied projects now in that status). Per year Y: applications first submitted in Y; admitted in
    Y; accompanied in Y (admitted by Y's end, in a cohort ending in Y or later), stopped among them (now);
    launched in Y (launch date); mentoring sessions held in Y; follow-ups due in Y."""

    cohort = fields.String(allow_none=True)
    year = fields.Integer(allow_none=True)
    applications = fields.Nested(FigureCount)
    admitted = fields.Nested(FigureCount)
    accompanied = fields.Nested(FigureCount)
    launched = fields.Nested(FigureCount)
    stopped = fields.Nested(FigureCount)
    women = fields.Nested(
        FigureShare,
        metadata={"description": "accompanied entrepreneurs who are women (gender as given when applying), "
                                 "over those whose gender is known"},
    )  # fmt: skip
    gender_unknown = fields.Nested(FigureCount, metadata={"description": "accompanied, gender not given"})
    newcomers = fields.Nested(
        FigureShare,
        metadata={"description": "accompanied entrepreneurs who are newcomers, over those whose kind is known"},
    )
    kind_unknown = fields.Nested(FigureCount, metadata={"description": "accompanied, kind unknown"})
    newcomer_founders = fields.Nested(
        FigureShare,
        metadata={"description": "accompanied projects whose founders include newcomers, over those that said"},
    )
    mentoring_hours = fields.Nested(
        FigureMeasure, metadata={"description": "minutes of logged sessions (every kind) / 60, one decimal"}
    )
    days_to_launch = fields.Nested(
        FigureMeasure, metadata={"description": "mean days from admission to launch date of the launched projects"}
    )
    follow_ups = fields.List(fields.Nested(FollowUpFigures), metadata={"description": "at 6 and 12 months"})
