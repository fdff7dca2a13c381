"""InterLab's review of applications: coordinators assign reviewers (staff accounts, or members invited
as reviewers, usually mentors); each reviewer scores the call's grid (1 to 5 per criterion) with a
private comment, or declares a conflict of interest; coordinators rank the call and decide: admit
within the places, waitlist the rest in rank order.

Who sees what: a reviewer sees the others' reviews of an application only once their own is submitted
(never after declaring a conflict); coordinators who are not assigned reviewers of it see them all;
the applicant never sees any (ApplicationView holds no review data). A reviewer is always the caller
(their account subject, from the token), never a field of a body."""

from marshmallow import Schema, fields, validate

from interra_contracts.api.common import Paging, an_id, choice, text
from interra_contracts.api.incubator.applications import ProjectView

REVIEWER_PATTERN = r"^(staff|member):([A-Za-z0-9_-]{1,64})$"
REVIEWER = validate.Regexp(REVIEWER_PATTERN, error="staff:<id> or member:<id> (letters, digits, _ and -, at most 64)")
REVIEW_RECOMMENDATIONS = ("admit", "interview", "waitlist", "decline")
"""What a reviewer may recommend (optional; the coordinators decide)."""
SPREAD = "max - min of the reviewers' means (0 with one review)"


def reviewer_field(**kwargs) -> fields.String:
    return fields.String(
        validate=REVIEWER,
        metadata={"description": "an account subject: staff:<id> or member:<member_id>", "example": "member:m-1"},
        **kwargs,
    )


# --- reviewers --------------------------------------------------------------------------------------


class AssignReviewer(Schema):
    """A coordinator assigns one reviewer to an application (submitted: it goes in review; or in review).
    A member reviewer must be known to the incubator and cannot be the applicant; 409 if already assigned."""

    reviewer = reviewer_field(required=True)


class ReviewerAssignment(Schema):
    """A reviewer of an application, as coordinators see it (the conflict note too)."""

    reviewer = fields.String(allow_none=True, metadata={"description": "null: an erased member (scores kept)"})
    assigned_at = fields.String(attribute="created_at")
    submitted = fields.Boolean()
    submitted_at = fields.String(allow_none=True)
    conflict = fields.Boolean(metadata={"description": "declared a conflict of interest: takes no part"})
    conflict_note = fields.String(allow_none=True, metadata={"description": "private: coordinators only"})


class ReviewersView(Schema):
    """An application's reviewers (coordinators)."""

    application_id = fields.String()
    status = fields.String(metadata={"description": "the application's status"})
    reviewers = fields.List(fields.Nested(ReviewerAssignment))


# --- a review ---------------------------------------------------------------------------------------


class SubmitReview(Schema):
    """A reviewer's review: every criterion of the call's grid scored once, 1 to 5 (422 names the
    criterion otherwise), a private comment (coordinators and reviewers who submitted theirs read it;
    never the applicant, never an event) and, if they like, a recommendation. Sent again, it amends the
    review, until the decision (while the application is in_review or interview)."""

    scores = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        required=True,
        metadata={
            "description": "by criterion of the call's grid: a whole number from 1 to 5",
            "example": {"motivation": 4, "feasibility": 3, "social_value": 5, "fit": 4},
        },
    )
    comment = text(3, 4000, required=True, metadata={"description": "private (never shown to the applicant)"})
    recommendation = choice(REVIEW_RECOMMENDATIONS, load_default=None, allow_none=True)


class DeclareConflict(Schema):
    """An assigned reviewer declares a conflict of interest: excluded from the application (their review,
    if any, no longer counts; they see no review of it); the coordinators then assign another reviewer."""

    note = text(3, 1000, load_default=None, allow_none=True, metadata={"description": "private: coordinators only"})


class ReviewView(Schema):
    """A submitted review, as a reader allowed to see it sees it."""

    reviewer = fields.String(allow_none=True, metadata={"description": "null: an erased member (scores kept)"})
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    mean = fields.Float(metadata={"description": "the reviewer's mean over the grid, 2 decimals"})
    comment = fields.String(allow_none=True, metadata={"description": "null once the applicant was erased"})
    recommendation = fields.String(allow_none=True)
    submitted_at = fields.String()
    amended_at = fields.String(allow_none=True)


class OwnReview(Schema):
    """The reader's own review of the application (scores null until submitted)."""

    reviewer = fields.String()
    assigned_at = fields.String(attribute="created_at")
    scores = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    comment = fields.String(allow_none=True)
    recommendation = fields.String(allow_none=True)
    submitted_at = fields.String(allow_none=True)
    amended_at = fields.String(allow_none=True)
    conflict = fields.Boolean()
    conflict_note = fields.String(allow_none=True)


class ReviewSheet(Schema):
    """An application as its reviewers (and coordinators) read it: the project, the answers and the
    language they were given in (an application holds no personal data of its applicant), the grid,
    the reader's own review and the reviews the reader may see."""

    application_id = fields.String(attribute="_id")
    call_id = fields.String()
    cohort = fields.String()
    status = fields.String()
    language = fields.String(metadata={"description": "the language the applicant answered in"})
    project = fields.Nested(ProjectView)
    answers = fields.Dict(keys=fields.String(), values=fields.String())
    submitted_at = fields.String(allow_none=True)
    criteria = fields.List(fields.String(), metadata={"description": "the call's grid: score each 1 to 5"})
    mine = fields.Nested(OwnReview, allow_none=True, metadata={"description": "null: not a reviewer of it"})
    reviews = fields.List(fields.Nested(ReviewView), metadata={"description": "the submitted reviews you may see"})
    reviews_hidden = fields.Integer(
        metadata={"description": "submitted reviews you will see once yours is submitted (0 for coordinators)"}
    )
    reviewers = fields.List(
        fields.Nested(ReviewerAssignment), allow_none=True, metadata={"description": "coordinators only (else null)"}
    )


# --- a reviewer's queue -----------------------------------------------------------------------------


class ListReviewQueue(Paging):
    reviewer = reviewer_field(required=True)


class ReviewQueueItem(Schema):
    """One application a reviewer is assigned to."""

    application_id = fields.String()
    call_id = fields.String()
    cohort = fields.String()
    status = fields.String(metadata={"description": "the application's status"})
    assigned_at = fields.String(attribute="created_at")
    submitted = fields.Boolean(metadata={"description": "your review is submitted"})
    conflict = fields.Boolean(metadata={"description": "you declared a conflict of interest"})


# --- ranking and decision ---------------------------------------------------------------------------


class RankingItem(Schema):
    """An application under review (in_review, interview, waitlisted) with its figures."""

    application_id = fields.String()
    status = fields.String()
    submitted_at = fields.String(allow_none=True)
    rank = fields.Integer(
        metadata={"description": "1 = best: by mean (highest), then spread (smallest), then earlier submission"}
    )
    reviews = fields.Integer(metadata={"description": "submitted reviews that count"})
    reviewers = fields.Integer(metadata={"description": "assigned reviewers without a conflict of interest"})
    mean = fields.Float(allow_none=True, metadata={"description": "mean of the reviewers' means, 2 decimals"})
    spread = fields.Float(allow_none=True, metadata={"description": SPREAD + ", 2 decimals"})
    criteria = fields.Dict(
        keys=fields.String(), values=fields.Float(allow_none=True), metadata={"description": "mean per criterion"}
    )
    waitlist_rank = fields.Integer(
        allow_none=True, metadata={"description": "a waitlisted application's place on the waitlist (1 = next)"}
    )


class RankingView(Schema):
    """A call's ranking (coordinators)."""

    call_id = fields.String()
    cohort = fields.String()
    places = fields.Integer()
    places_left = fields.Integer()
    criteria = fields.List(fields.String())
    spread = fields.String(metadata={"description": "how the spread is measured", "example": SPREAD})
    items = fields.List(fields.Nested(RankingItem))


class Decision(Schema):
    """The coordinators' decision for a call: admit these applications, waitlist the rest.

    Checked before anything is done (then refused whole, nothing changed): 422 for an id twice or not of
    this call; 409 when more are named than places left, an application cannot be admitted from its
    status, or one to admit or to waitlist has fewer than two submitted reviews. Then each is admitted
    in the order given; every other application of the call still in_review or interview is waitlisted,
    and the whole waitlist (those already on it too) is numbered in rank order (waitlist_rank). Should an
    admission or a waitlisting fail meanwhile (another coordinator took the last place, an application
    moved), the decision stops there with a 409 whose errors list what was already admitted and
    waitlisted: that stays done, the rest is not."""

    admit = fields.List(
        an_id(),
        required=True,
        validate=validate.Length(max=200, error="at most {max} applications"),
        metadata={"description": "application ids to admit (may be empty: waitlist all)", "example": ["a1", "a2"]},
    )


class DecisionView(Schema):
    call_id = fields.String()
    admitted = fields.List(fields.String(), metadata={"description": "admitted, in the order given"})
    waitlisted = fields.List(fields.String(), metadata={"description": "the whole waitlist, in rank order"})
    places_left = fields.Integer()
