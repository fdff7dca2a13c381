"""InterLab projects: an admitted entrepreneur's project on its path (idea, validation, prototype,
launch preparation, launched; or paused, or stopped with a reason) and its milestones, each with a
due date and a completion that may carry evidence."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import Paging, an_id, choice, text
from interra_contracts.api.incubator.applications import COHORT
from interra_contracts.vocabulary import MILESTONE_KINDS, PROJECT_MOVES, PROJECT_STATUSES, PROJECT_STOP_REASONS

REFERENCE = validate.Regexp(
    r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$", error="letters, digits, spaces and . / _ - (e.g. BE 0123.456.789)"
)


class ProjectMove(Schema):
    """A step of the project's path, by its entrepreneur or an InterLab coordinator (stop: with a reason)."""

    move = choice(PROJECT_MOVES, required=True, metadata={"example": "validate"})
    reason = choice(
        PROJECT_STOP_REASONS, load_default=None, allow_none=True, metadata={"description": "needed to stop, only then"}
    )


class AddMilestone(Schema):
    """A milestone the project means to reach by a date (one of each kind per project)."""

    kind = choice(MILESTONE_KINDS, required=True, metadata={"example": "business_plan"})
    due_on = fields.Date(required=True, metadata={"description": "today or later", "example": "2027-06-30"})
    note = text(1, 1000, load_default=None, allow_none=True, metadata={"description": "what it means for this project"})


class MilestoneCompletion(Schema):
    """The milestone is reached: on which day (not in the future), with optional evidence."""

    reached_on = fields.Date(required=True, metadata={"example": "2027-06-12"})
    note = text(1, 1000, load_default=None, allow_none=True, metadata={"description": "evidence, in words"})
    reference = fields.String(
        load_default=None,
        allow_none=True,
        validate=[validate.Length(min=1, max=60), REFERENCE],
        metadata={"description": "evidence: e.g. a company registration number", "example": "BE 0123.456.789"},
    )


class ListProjects(Paging):
    member_id = an_id(load_default=None, allow_none=True)
    cohort = fields.String(load_default=None, allow_none=True, validate=COHORT)
    status = choice(PROJECT_STATUSES, load_default=None, allow_none=True)


class RemindDueMilestones(Schema):
    on = fields.Date(load_default=None, allow_none=True, metadata={"description": "as on this day (default: today)"})


class MilestoneEvidence(Schema):
    note = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)


class MilestoneView(Schema):
    milestone_id = fields.String()
    kind = fields.String()
    due_on = fields.String()
    note = fields.String(allow_none=True)
    added_at = fields.String()
    added_by = fields.String(metadata={"description": "entrepreneur or coordinator"})
    reached_on = fields.String(allow_none=True)
    reached_at = fields.String(allow_none=True)
    evidence = fields.Nested(MilestoneEvidence, allow_none=True)
    reminded = fields.Boolean(metadata={"description": "MilestoneDue was sent for it"})


class ProjectHistoryEntry(Schema):
    move = fields.String()
    status_from = fields.String()
    status_to = fields.String()
    at = fields.String()
    by = fields.String(metadata={"description": "entrepreneur or coordinator"})
    reason = fields.String(allow_none=True)


class IncubatorProjectView(Schema):
    """An admitted entrepreneur's project as they, InterLab coordinators and (while the mentorship
    lasts) their mentors see it."""

    project_id = fields.String(attribute="_id")
    application_id = fields.String()
    call_id = fields.String()
    cohort = fields.String()
    member_id = fields.String(allow_none=True, metadata={"description": "the entrepreneur (none once erased)"})
    title = fields.String(allow_none=True)
    sector = fields.String()
    needs = fields.List(fields.String())
    team_size = fields.Integer(allow_none=True)
    newcomer_founders = fields.Boolean(allow_none=True)
    status = fields.String(metadata={"enum": list(PROJECT_STATUSES)})
    paused_from = fields.String(allow_none=True, metadata={"description": "the stage a paused project resumes at"})
    admitted_at = fields.String()
    launched_on = fields.String(allow_none=True)
    stopped_reason = fields.String(allow_none=True)
    milestones = fields.List(fields.Nested(MilestoneView))
    history = fields.List(fields.Nested(ProjectHistoryEntry))
    allowed_moves = fields.List(fields.String(), metadata={"description": "the moves the viewer may make now"})
    created_at = fields.String()
