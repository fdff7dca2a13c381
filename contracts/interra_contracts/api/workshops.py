"""API contract of the workshops service (Ateliers): proposals and the accompaniment pipeline, partner
venues, dates, and registration that keeps a group mixed."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interra_contracts.api.common import LANGUAGE_CODE, Paging, Window, an_id, choice, flag, list_of, text
from interra_contracts.vocabulary import (
    HEARD_FROM,
    MEMBER_KINDS,
    REGIONS,
    REGISTRATION_STATUSES,
    WORKSHOP_CATEGORIES,
    WORKSHOP_EVALUATION_TAGS,
    WORKSHOP_FORMATS,
    WORKSHOP_MOVES,
    WORKSHOP_REASONS,
    WORKSHOP_STATUSES,
)

FREQUENCIES = ("once", "weekly", "biweekly")
ACCESSIBILITY = ("step_free_entrance", "accessible_toilet", "lift", "hearing_loop", "quiet_room", "parking_nearby")
AMENITIES = ("kitchen", "sports_hall", "projector", "stage", "garden", "children_corner", "wifi")
HTTPS_URL = validate.URL(schemes={"https"}, error="an https:// link")


# --- proposals and the pipeline ---------------------------------------------------------------------


class ProposeWorkshop(Schema):
    proposer_id = an_id(required=True)
    title = text(3, 120, required=True, metadata={"example": "Syrian cooking"})
    description = text(
        10, 4000, required=True, metadata={"example": "We cook a Syrian meal together, then share it, in French."}
    )
    category = choice(WORKSHOP_CATEGORIES, required=True, metadata={"example": "cooking"})
    languages = fields.List(
        fields.String(validate=LANGUAGE_CODE),
        required=True,
        validate=validate.Length(min=1, max=20, error="give between {min} and {max} languages"),
        metadata={"example": ["fr", "ar"]},
    )
    format = choice(WORKSHOP_FORMATS, required=True, metadata={"example": "in_person"})
    heard_from = choice(
        HEARD_FROM,
        load_default=None,
        allow_none=True,
        metadata={"description": "how the proposer heard of Interra", "example": "fle_school"},
    )


class ListWorkshops(Paging):
    status = choice(WORKSHOP_STATUSES, load_default=None, allow_none=True)


class WorkshopMove(Schema):
    """A step of the pipeline, by a workshop coordinator (withdraw: by the proposer)."""

    move = choice(WORKSHOP_MOVES, required=True, metadata={"example": "accept"})
    reason = choice(
        WORKSHOP_REASONS, load_default=None, allow_none=True, metadata={"description": "needed to decline or pause"}
    )
    note = text(1, 2000, load_default=None, allow_none=True, metadata={"description": "staff only, never sent"})
    training_at = fields.AwareDateTime(
        load_default=None, allow_none=True, metadata={"description": "with train: when the proposer is trained"}
    )


class StaffNote(Schema):
    text = text(1, 4000, required=True, metadata={"example": "Met Yasmin at the FLE school; very motivated."})


class Charter(Schema):
    """The proposer accepts the leader's charter (commitments and attitudes of a workshop leader)."""

    accepted = flag(required=True, validate=validate.Equal(True, error="the charter must be accepted"))
    shown_name = text(
        1, 40, required=True, metadata={"description": "the first name the leader agrees to show", "example": "Yasmin"}
    )


class ImpactEvaluation(Schema):
    """Staff's evaluation of a workshop's real impact (step F), before it is completed."""

    summary = text(10, 4000, required=True, metadata={"example": "Mixed group all along; two duos were born."})
    would_run_again = flag(required=True)
    next_steps = text(3, 2000, load_default=None, allow_none=True)


class HistoryEntry(Schema):
    move = fields.String(required=True)
    to = fields.String(required=True)
    by = fields.String(required=True)
    at = fields.String(required=True)
    reason = fields.String(allow_none=True)
    # "from" is a keyword in Python: the attribute is status_from
    status_from = fields.String(data_key="from", attribute="from")


class WorkshopView(Schema):
    """A workshop as the public sees it once published: its leader only by the first name they chose."""

    workshop_id = fields.String(attribute="_id")
    title = fields.String()
    description = fields.String()
    category = fields.String()
    languages = fields.List(fields.String())
    format = fields.String()
    status = fields.String()
    leader_name = fields.String(allow_none=True, metadata={"description": "the first name the leader shows"})
    created_at = fields.String()


class WorkshopStaffView(WorkshopView):
    """A workshop as staff and its proposer see it: the pipeline and its history."""

    proposer_id = fields.String(allow_none=True)
    heard_from = fields.String(allow_none=True)
    charter_accepted_at = fields.String(allow_none=True)
    paused_from = fields.String(allow_none=True)
    allowed_moves = fields.List(fields.String())
    history = fields.List(fields.Nested(HistoryEntry))


class NoteView(Schema):
    note_id = fields.String(attribute="_id")
    workshop_id = fields.String()
    text = fields.String()
    by = fields.String()
    at = fields.String()


# --- partner venues ---------------------------------------------------------------------------------


class Venue(Schema):
    name = text(2, 120, required=True, metadata={"example": "Café Le Pot au Lait"})
    address = text(5, 200, required=True, metadata={"example": "Rue Soubre 2, 4020 Liège"})
    region = choice(REGIONS, required=True, metadata={"example": "liege"})
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=500))
    accessibility = fields.List(choice(ACCESSIBILITY), load_default=list, metadata={"example": ["step_free_entrance"]})
    amenities = fields.List(choice(AMENITIES), load_default=list, metadata={"example": ["kitchen"]})
    opening = fields.List(fields.Nested(Window), load_default=list, validate=validate.Length(max=30))
    contact_name = text(1, 100, load_default=None, allow_none=True, metadata={"description": "the partner's contact"})
    contact_phone = fields.String(
        load_default=None, allow_none=True, validate=validate.Regexp(r"^\+?[0-9 ()./-]{6,20}$", error="not a phone")
    )
    contact_email = fields.Email(load_default=None, allow_none=True)


def venue_update() -> Venue:
    """A change of a venue: any of its fields, each whole (an opening window needs day, from and to)."""
    return Venue(partial=tuple(Venue().fields))


class VenueView(Venue):
    venue_id = fields.String(attribute="_id")
    created_at = fields.String()


VenueList = list_of(VenueView, "VenueList")


class VenueQuery(Schema):
    region = choice(REGIONS, load_default=None, allow_none=True)


# --- dates --------------------------------------------------------------------------------------------


class PlanDates(Schema):
    """One date or a series, at a partner venue or online (exactly one of the two)."""

    first_start = fields.NaiveDateTime(
        required=True, metadata={"description": "Liège local time", "example": "2027-01-12T18:00:00"}
    )
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=30, max=480))
    frequency = choice(FREQUENCIES, load_default="once")
    count = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=53))
    until = fields.NaiveDateTime(load_default=None, allow_none=True, metadata={"description": "Liège local time"})
    venue_id = an_id(load_default=None, allow_none=True)
    online_link = fields.String(load_default=None, allow_none=True, validate=[validate.Length(max=500), HTTPS_URL])
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=500))
    newcomer_share = fields.Float(load_default=0.5, validate=validate.Range(min=0, max=1))
    staff_present_first = fields.Integer(
        load_default=2, strict=True, validate=validate.Range(min=0, max=10),
        metadata={"description": "how many first dates a coordinator attends"},
    )  # fmt: skip

    @validates_schema
    def _one_place(self, data, **kwargs):
        if (data.get("venue_id") is None) == (data.get("online_link") is None):
            raise ValidationError("give a venue_id or an online_link (one of the two)", "venue_id")


class DateSeats(Schema):
    free_newcomer = fields.Integer()
    free_local = fields.Integer()
    confirmed_newcomers = fields.Integer()
    confirmed_locals = fields.Integer()
    waitlisted = fields.Integer()
    offered = fields.Integer()
    newcomer_share_now = fields.Float(allow_none=True)
    open_to_all = fields.Boolean()


class DateVenue(Schema):
    """Where a date takes place, as anyone who may read the date sees it: the partner venue's public
    details (never its contact, capacity or opening hours)."""

    venue_id = fields.String(attribute="_id")
    name = fields.String(metadata={"example": "Café Le Pot au Lait"})
    address = fields.String(metadata={"example": "Rue Soubre 2, 4020 Liège"})
    region = fields.String(metadata={"example": "liege"})
    accessibility = fields.List(fields.String(), metadata={"example": ["step_free_entrance"]})


class DateView(Schema):
    date_id = fields.String(attribute="_id")
    workshop_id = fields.String()
    starts_at = fields.String()
    ends_at = fields.String()
    venue_id = fields.String(allow_none=True)
    venue = fields.Nested(DateVenue, allow_none=True, metadata={"description": "null when online"})
    online = fields.Boolean()
    online_link = fields.String(allow_none=True, metadata={"description": "to confirmed participants and staff"})
    capacity = fields.Integer()
    newcomer_share = fields.Float()
    status = fields.String()
    staff_present = fields.Boolean()
    seats = fields.Nested(DateSeats)


DateList = list_of(DateView, "DateList")

WINDOW_MAX_DAYS = 31
"""GET /workshops/dates spans this many days at most."""


class DateWindow(Schema):
    """Days of Liège time, both included: `from` (default today) to `to` (default six days on)."""

    first = fields.Date(load_default=None, allow_none=True, data_key="from")
    last = fields.Date(load_default=None, allow_none=True, data_key="to")


class WindowDateView(DateView):
    """A date in a coordinator's week view: the date as GET /workshops/{id}/dates gives it, with its
    workshop's title and its venue's name."""

    workshop_title = fields.String()
    venue_name = fields.String(allow_none=True)


class WindowDates(Schema):
    first = fields.Date(required=True, data_key="from")
    last = fields.Date(required=True, data_key="to")
    items = fields.List(fields.Nested(WindowDateView), required=True)
    total = fields.Integer(required=True)


NoteList = list_of(NoteView, "NoteList")


class CancelDate(Schema):
    reason = text(3, 500, required=True, metadata={"example": "the venue is closed that day"})


class MoveDate(Schema):
    start = fields.NaiveDateTime(required=True, metadata={"description": "Liège local time"})
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=30, max=480))


class DateCapacity(Schema):
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=500))
    newcomer_share = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0, max=1))


# --- registration -------------------------------------------------------------------------------------


class Register(Schema):
    member_id = an_id(required=True)


class RegistrationView(Schema):
    registration_id = fields.String(attribute="_id")
    workshop_id = fields.String()
    date_id = fields.String()
    member_id = fields.String()
    group = choice(MEMBER_KINDS)
    status = choice(REGISTRATION_STATUSES)
    offer_expires_at = fields.String(allow_none=True)
    starts_at = fields.String()
    created_at = fields.String()


RegistrationList = list_of(RegistrationView, "RegistrationList")


class MemberRegistrationView(RegistrationView):
    """One of a member's registrations (GET /workshops/registrations): with its workshop's title and
    its date's times as they are now (a moved date shows its new times)."""

    workshop_title = fields.String(metadata={"example": "Syrian cooking"})
    ends_at = fields.String()


MemberRegistrationList = list_of(MemberRegistrationView, "MemberRegistrationList")


# --- attendance, reports, evaluations, figures ----------------------------------------------------------


class Attendance(Schema):
    """Who came to a date and who did not, marked during the date or afterwards from a paper list."""

    attended = fields.List(an_id(), load_default=list, validate=validate.Length(max=500))
    no_show = fields.List(an_id(), load_default=list, validate=validate.Length(max=500))


class DateReport(Schema):
    """The leader closes a date: attendance by newcomer and local is counted from the marks."""

    notes = text(1, 4000, load_default=None, allow_none=True, metadata={"example": "Lively; two new locals."})


class DateEvaluation(Schema):
    evaluator_id = an_id(required=True)
    rating = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5), metadata={"example": 5})
    tags = fields.List(
        choice(WORKSHOP_EVALUATION_TAGS), load_default=list, validate=validate.Length(max=7),
        metadata={"example": ["met_someone_new", "practised_french"]},
    )  # fmt: skip


class DateEvaluationView(Schema):
    evaluation_id = fields.String(attribute="_id")
    workshop_id = fields.String()
    date_id = fields.String()
    evaluator_id = fields.String()
    rating = fields.Integer()
    tags = fields.List(fields.String())
    created_at = fields.String()


class WorkshopEvaluationSummary(Schema):
    count = fields.Integer(required=True)
    average_rating = fields.Float(allow_none=True, required=True)
    ratings = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    tags = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class NoShowView(Schema):
    date_id = fields.String()
    workshop_id = fields.String()
    starts_at = fields.String()
    expires_at = fields.String(metadata={"description": "the record is forgotten then"})


NoShowList = list_of(NoShowView, "NoShowList")


class WorkshopFigures(Schema):
    """Ateliers figures for impact reports: counts, shares and durations, no member data."""

    workshops_by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    dates_held = fields.Integer()
    dates_held_by_week = fields.Dict(keys=fields.String(), values=fields.Integer())
    dates_held_by_month = fields.Dict(keys=fields.String(), values=fields.Integer())
    unique_participants = fields.Integer(metadata={"description": "over the registrations still kept"})
    returning_participants = fields.Integer(metadata={"description": "came to two dates or more"})
    newcomer_share_mean = fields.Float(allow_none=True)
    share_of_dates_within_40_60 = fields.Float(allow_none=True)
    attendance_rate = fields.Float(allow_none=True)
    no_show_rate = fields.Float(allow_none=True)
    average_rating = fields.Float(allow_none=True)
    evaluation_tags = fields.Dict(keys=fields.String(), values=fields.Integer())
    share_of_leaders_newcomers = fields.Float(allow_none=True)
    median_days_proposal_to_first_date = fields.Float(allow_none=True)
    heard_from = fields.Dict(keys=fields.String(), values=fields.Integer())


# --- calendars ------------------------------------------------------------------------------------


class CalendarToken(Schema):
    """A member's calendar feed: the token (and the path to subscribe to) is shown once, when it is
    made or rotated; Interra keeps only its digest, so asking again shows null (rotate to get a new one)."""

    token = fields.String(
        allow_none=True, metadata={"description": "shown once: keep it secret, it opens your feed without a login"}
    )
    url_path = fields.String(
        allow_none=True,
        metadata={"description": "the feed's path on this API (shown once)", "example": "/calendar/<token>.ics"},
    )
    created = fields.Boolean(metadata={"description": "true when this call made the token (false: you have one)"})
    created_at = fields.String()
