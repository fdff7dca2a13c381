"""Version-1 payload schemas of every event, and the catalogue that maps (type, version) to them.

Data minimisation is a rule here: no names, e-mail addresses or phone numbers. Events carry member
ids and the non-identifying attributes other services need. tests/contract checks it.
"""

from dataclasses import dataclass

from marshmallow import Schema, fields, validate

from interra_contracts import vocabulary as v


class Payload(Schema):
    """Base for payloads: unknown fields are rejected so that a typo never passes silently."""

    class Meta:
        ordered = True


def _id(**kw):
    return fields.String(required=True, validate=validate.Length(min=1, max=64), **kw)


def _choice(values, **kw):
    return fields.String(validate=validate.OneOf(values), **kw)


def _tags(max_length=60, **kw):
    return fields.List(fields.String(validate=validate.Length(min=1, max=max_length)), load_default=list, **kw)


class MemberRegisteredV1(Payload):
    member_id = _id()
    kind = _choice(v.MEMBER_KINDS, required=True)
    region = fields.String(required=True)
    languages = _tags()
    french_level = _choice(v.FRENCH_LEVELS, required=True)
    interests = _tags()
    birth_year = fields.Integer(required=True)
    gender = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(v.GENDERS))
    arrived_on = fields.Date(load_default=None, allow_none=True)
    programmes = fields.List(_choice(v.PROGRAMMES), load_default=list)
    preferred_language = fields.String(required=True)


class MemberProfileUpdatedV1(Payload):
    """Only the attributes that changed are present (never personal details)."""

    member_id = _id()
    region = fields.String()
    languages = fields.List(fields.String())
    french_level = _choice(v.FRENCH_LEVELS)
    interests = fields.List(fields.String())
    preferred_language = fields.String()
    programmes = fields.List(_choice(v.PROGRAMMES))


class MemberErasedV1(Payload):
    member_id = _id()


class WorkshopProposedV1(Payload):
    workshop_id = _id()
    proposer_id = _id()
    title = fields.String(required=True)
    category = fields.String(required=True)
    languages = _tags()
    format = _choice(v.WORKSHOP_FORMATS, required=True)


class WorkshopStatusChangedV1(Payload):
    """A coordinator moved a workshop along the accompaniment pipeline (or its proposer withdrew it)."""

    workshop_id = _id()
    proposer_id = fields.String(required=True, allow_none=True, validate=validate.Length(min=1, max=64))
    title = fields.String(required=True)
    move = _choice(v.WORKSHOP_MOVES, required=True)
    status_from = _choice(v.WORKSHOP_STATUSES, required=True)
    status_to = _choice(v.WORKSHOP_STATUSES, required=True)
    reason = _choice(v.WORKSHOP_REASONS, load_default=None, allow_none=True)
    training_at = fields.AwareDateTime(load_default=None, allow_none=True)


class WorkshopDate(Schema):
    date_id = _id()
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)


class WorkshopScheduledV1(Payload):
    """Dates were planned for a workshop, at a partner venue or online (the link is never in events)."""

    workshop_id = _id()
    venue_id = fields.String(required=True, allow_none=True, validate=validate.Length(min=1, max=64))
    online = fields.Boolean(required=True)
    dates = fields.List(fields.Nested(WorkshopDate), required=True, validate=validate.Length(min=1))
    capacity = fields.Integer(required=True, validate=validate.Range(min=1))
    newcomer_share = fields.Float(required=True, validate=validate.Range(min=0, max=1))


class WorkshopDateChangedV1(Payload):
    """A date was cancelled or moved (starts_at, ends_at: when it now is, or was); its participants
    (confirmed, offered, waitlisted) are told."""

    workshop_id = _id()
    date_id = _id()
    title = fields.String(required=True)
    change = _choice(v.DATE_CHANGES, required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    member_ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True)


class WorkshopDateReminderV1(Payload):
    """A date is tomorrow: its confirmed participants get a reminder with the place (a partner venue's
    address) or, online, a word that the link is in the app (links never travel in events)."""

    workshop_id = _id()
    date_id = _id()
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    online = fields.Boolean(required=True)
    venue_name = fields.String(load_default=None, allow_none=True)
    venue_address = fields.String(load_default=None, allow_none=True)
    member_ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True)


class WorkshopRegistrationChangedV1(Payload):
    """A member's place on a date changed: confirmed, waitlisted, offered a freed seat (until when),
    cancelled, attended or no-show."""

    workshop_id = _id()
    date_id = _id()
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    registration_id = _id()
    member_id = _id()
    status = _choice(v.REGISTRATION_STATUSES, required=True)
    group = _choice(v.MEMBER_KINDS, required=True)
    offer_expires_at = fields.AwareDateTime(load_default=None, allow_none=True)


class WorkshopSessionHeldV1(Payload):
    """A date took place: attendance by newcomer / local (counts only), for impact reports."""

    workshop_id = _id()
    date_id = _id()
    held_on = fields.Date(required=True)
    attended_newcomers = fields.Integer(required=True, validate=validate.Range(min=0))
    attended_locals = fields.Integer(required=True, validate=validate.Range(min=0))
    no_shows = fields.Integer(required=True, validate=validate.Range(min=0))


class DuoRequestedV1(Payload):
    request_id = _id()
    member_id = _id()
    side = _choice(v.DUO_SIDES, required=True)
    region = fields.String(required=True)
    capacity = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1))


class DuoMatchedV1(Payload):
    duo_id = _id()
    learner_id = _id()
    volunteer_id = _id()
    region = fields.String(required=True)
    score = fields.Float(required=True)
    reasons = _tags(max_length=200)


class DuoSessionLoggedV1(Payload):
    duo_id = _id()
    held_on = fields.Date(required=True)
    minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=600))


class DuoInactiveV1(Payload):
    """No session logged for a while: the notifications service nudges both members."""

    duo_id = _id()
    learner_id = _id()
    volunteer_id = _id()
    weeks_without_session = fields.Integer(required=True, validate=validate.Range(min=1))
    needs_rematch = fields.Boolean(required=True)


class DuoVolunteerInvitedV1(Payload):
    """Learners wait and this volunteer's places are all taken: invite them to take one more duo."""

    volunteer_id = _id()
    offer_id = _id()
    region = fields.String(required=True)
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=3))
    waiting_learners = fields.Integer(required=True, validate=validate.Range(min=1))


class DuoEndedV1(Payload):
    duo_id = _id()
    learner_id = _id()
    volunteer_id = _id()
    reason = _choice(v.DUO_END_REASONS, required=True)


class SessionEvaluatedV1(Payload):
    programme = _choice(v.EVALUATED_PROGRAMMES, required=True)
    subject_id = _id()
    session_id = fields.String(load_default=None, allow_none=True)
    evaluator_id = _id()
    rating = fields.Integer(required=True, validate=validate.Range(min=1, max=5))
    tags = _tags()


class EntrepreneurAppliedV1(Payload):
    application_id = _id()
    member_id = _id()
    sector = fields.String(required=True)
    cohort = fields.String(load_default=None, allow_none=True)


class EntrepreneurAdmittedV1(Payload):
    """A coordinator admitted an application into its cohort."""

    application_id = _id()
    member_id = _id()
    cohort = fields.String(required=True)


class EntrepreneurDeclinedV1(Payload):
    """A coordinator declined an application, with a reason code (reviewers' comments never leave)."""

    application_id = _id()
    member_id = _id()
    cohort = fields.String(required=True)
    reason = _choice(v.APPLICATION_DECLINE_REASONS, required=True)


class ApplicationStatusChangedV1(Payload):
    """An InterLab application moved along its review (what the applicant is told: never reviewers'
    scores or comments)."""

    application_id = _id()
    member_id = _id()
    cohort = fields.String(required=True)
    move = _choice(v.APPLICATION_MOVES, required=True)
    status_from = _choice(v.APPLICATION_STATUSES, required=True)
    status_to = _choice(v.APPLICATION_STATUSES, required=True)
    reason = _choice(v.APPLICATION_DECLINE_REASONS, load_default=None, allow_none=True)


class MilestoneDueV1(Payload):
    project_id = _id()
    member_id = _id()
    milestone_id = _id()
    kind = _choice(v.MILESTONE_KINDS, required=True)
    due_on = fields.Date(required=True)


class MilestoneReachedV1(Payload):
    project_id = _id()
    member_id = _id()
    cohort = fields.String(required=True)
    milestone_id = _id()
    kind = _choice(v.MILESTONE_KINDS, required=True)
    reached_on = fields.Date(required=True)


class ProjectLaunchedV1(Payload):
    project_id = _id()
    member_id = _id()
    cohort = fields.String(required=True)
    sector = _choice(v.INCUBATOR_SECTORS, required=True)
    launched_on = fields.Date(required=True)


class ProjectStoppedV1(Payload):
    project_id = _id()
    member_id = _id()
    cohort = fields.String(required=True)
    reason = _choice(v.PROJECT_STOP_REASONS, required=True)


class MentorAssignedV1(Payload):
    """A coordinator accepted a proposed mentorship: both sides are told."""

    mentorship_id = _id()
    mentor_id = _id()
    entrepreneur_id = _id()
    project_id = _id()
    cohort = fields.String(required=True)
    score = fields.Integer(required=True, validate=validate.Range(min=1))


class MentorshipEndedV1(Payload):
    mentorship_id = _id()
    mentor_id = _id()
    entrepreneur_id = _id()
    ended_by = _choice(v.MENTORSHIP_ENDED_BY, required=True)
    reason = _choice(v.MENTORSHIP_END_REASONS, required=True)


class MentoringSessionLoggedV1(Payload):
    mentorship_id = _id()
    kind = _choice(v.MENTORING_SESSION_KINDS, required=True)
    held_on = fields.Date(required=True)
    minutes = fields.Integer(required=True, validate=validate.Range(min=1, max=v.MENTORING_MAX_SESSION_MINUTES))


class MentorshipInactiveV1(Payload):
    mentorship_id = _id()
    mentor_id = _id()
    entrepreneur_id = _id()
    weeks_without_session = fields.Integer(required=True, validate=validate.Range(min=1))


class SafeguardingReportedV1(Payload):
    """A report about a mentor reached the coordinators; the mentor takes no new mentee until it is
    handled. Who reported and what they wrote stay in the incubator."""

    report_id = _id()
    mentor_id = _id()
    category = _choice(v.SAFEGUARDING_CATEGORIES, required=True)


class FollowUpRequestedV1(Payload):
    follow_up_id = _id()
    member_id = _id()
    project_id = _id()
    cohort = fields.String(required=True)
    months = fields.Integer(required=True, validate=validate.OneOf(v.FOLLOW_UP_MONTHS))


class FollowUpAnsweredV1(Payload):
    follow_up_id = _id()
    project_id = _id()
    cohort = fields.String(required=True)
    months = fields.Integer(required=True, validate=validate.OneOf(v.FOLLOW_UP_MONTHS))
    still_active = fields.Boolean(required=True)
    revenue_band = _choice(v.REVENUE_BANDS, required=True)
    jobs_created = fields.Integer(required=True, validate=validate.Range(min=0, max=1000))
    needs = fields.List(_choice(v.PROJECT_NEEDS), load_default=list)


class NotificationSentV1(Payload):
    notification_id = _id()
    member_id = _id()
    channel = _choice(v.CHANNELS, required=True)
    template = fields.String(required=True)
    attempt = fields.Integer(required=True, validate=validate.Range(min=1))


@dataclass(frozen=True)
class EventSpec:
    type: str
    version: int
    sources: tuple[str, ...]
    schema: type[Schema]
    summary: str


CATALOGUE: tuple[EventSpec, ...] = (
    EventSpec("MemberRegistered", 1, ("members",), MemberRegisteredV1, "A newcomer or a local joined."),
    EventSpec("MemberProfileUpdated", 1, ("members",), MemberProfileUpdatedV1, "A member changed their profile."),
    EventSpec("MemberErased", 1, ("members",), MemberErasedV1, "A member exercised the right to erasure."),
    EventSpec("WorkshopProposed", 1, ("workshops",), WorkshopProposedV1, "A member proposed a workshop."),
    EventSpec(
        "WorkshopStatusChanged",
        1,
        ("workshops",),
        WorkshopStatusChangedV1,
        "A workshop moved along the pipeline: accepted, in training, seeking a venue, scheduled, published, "
        "running, evaluating, completed; or declined, paused, resumed, withdrawn.",
    ),
    EventSpec("WorkshopScheduled", 1, ("workshops",), WorkshopScheduledV1, "Dates were planned for a workshop."),
    EventSpec("WorkshopDateChanged", 1, ("workshops",), WorkshopDateChangedV1, "A date was cancelled or moved."),
    EventSpec("WorkshopDateReminder", 1, ("workshops",), WorkshopDateReminderV1, "A date is tomorrow."),
    EventSpec(
        "WorkshopRegistrationChanged",
        1,
        ("workshops",),
        WorkshopRegistrationChangedV1,
        "A member's place on a date changed.",
    ),
    EventSpec(
        "WorkshopSessionHeld",
        1,
        ("workshops",),
        WorkshopSessionHeldV1,
        "A date took place: attendance by newcomer and local.",
    ),
    EventSpec(
        "DuoRequested",
        1,
        ("duos",),
        DuoRequestedV1,
        "A learner asked for a duo or a volunteer offered.",
    ),
    EventSpec("DuoMatched", 1, ("duos",), DuoMatchedV1, "A learner and a volunteer were paired."),
    EventSpec("DuoSessionLogged", 1, ("duos",), DuoSessionLoggedV1, "A duo met: date and minutes."),
    EventSpec("DuoInactive", 1, ("duos",), DuoInactiveV1, "A duo has logged no session for weeks."),
    EventSpec("DuoEnded", 1, ("duos",), DuoEndedV1, "A duo ended, with the reason."),
    EventSpec(
        "DuoVolunteerInvited",
        1,
        ("duos",),
        DuoVolunteerInvitedV1,
        "Learners wait: a volunteer whose places are all taken is invited to take one more duo.",
    ),
    EventSpec(
        "SessionEvaluated",
        1,
        ("duos", "workshops", "incubator"),
        SessionEvaluatedV1,
        "A participant rated a session.",
    ),
    EventSpec(
        "EntrepreneurApplied",
        1,
        ("incubator",),
        EntrepreneurAppliedV1,
        "A member applied to InterLab.",
    ),
    EventSpec("EntrepreneurAdmitted", 1, ("incubator",), EntrepreneurAdmittedV1, "An applicant got a place."),
    EventSpec("EntrepreneurDeclined", 1, ("incubator",), EntrepreneurDeclinedV1, "An application was declined."),
    EventSpec(
        "ApplicationStatusChanged",
        1,
        ("incubator",),
        ApplicationStatusChangedV1,
        "An InterLab application moved along its review.",
    ),
    EventSpec("MilestoneDue", 1, ("incubator",), MilestoneDueV1, "A project's milestone is due within days."),
    EventSpec("MilestoneReached", 1, ("incubator",), MilestoneReachedV1, "A project reached a milestone."),
    EventSpec("ProjectLaunched", 1, ("incubator",), ProjectLaunchedV1, "A project launched."),
    EventSpec("ProjectStopped", 1, ("incubator",), ProjectStoppedV1, "A project stopped, with the reason."),
    EventSpec("MentorAssigned", 1, ("incubator",), MentorAssignedV1, "A mentor and an entrepreneur were paired."),
    EventSpec("MentorshipEnded", 1, ("incubator",), MentorshipEndedV1, "A mentorship ended, with the reason."),
    EventSpec(
        "MentoringSessionLogged",
        1,
        ("incubator",),
        MentoringSessionLoggedV1,
        "A mentor and mentee met: date, kind, minutes.",
    ),
    EventSpec(
        "MentorshipInactive",
        1,
        ("incubator",),
        MentorshipInactiveV1,
        "A mentorship has logged no session for weeks.",
    ),
    EventSpec(
        "SafeguardingReported",
        1,
        ("incubator",),
        SafeguardingReportedV1,
        "A report about a mentor reached the coordinators.",
    ),
    EventSpec(
        "FollowUpRequested",
        1,
        ("incubator",),
        FollowUpRequestedV1,
        "An entrepreneur is asked how their project stands, 6 or 12 months on.",
    ),
    EventSpec(
        "FollowUpAnswered",
        1,
        ("incubator",),
        FollowUpAnsweredV1,
        "An entrepreneur said how their project stands.",
    ),
    EventSpec(
        "NotificationSent",
        1,
        ("notifications",),
        NotificationSentV1,
        "A message reached its channel.",
    ),
)

_BY_KEY = {(spec.type, spec.version): spec for spec in CATALOGUE}
LATEST = {spec.type: max(s.version for s in CATALOGUE if s.type == spec.type) for spec in CATALOGUE}


def spec_for(event_type: str, version: int | None = None) -> EventSpec | None:
    """The spec of an event type at a version (the latest when version is None), or None."""
    version = LATEST.get(event_type) if version is None else version
    return _BY_KEY.get((event_type, version))


def exchange_for(source: str) -> str:
    """The topic exchange a service publishes on, named as nameko names it."""
    return f"{source}.events"
