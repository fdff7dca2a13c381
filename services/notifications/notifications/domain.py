"""Notifications' rules, pure: which message, in which language, with which id, and what is kept.

Contact details (first name, e-mail address) are passed in at send time and end up only in the
message itself; a delivery record keeps ids and facts about the sending, never how to reach anyone.
"""

import uuid
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from functools import cache
from zoneinfo import ZoneInfo

import jinja2
from babel import dates as babel_dates

CHANNEL = "email"
DEFAULT_LANGUAGES = ("en", "fr")
"""Fallbacks, in order, when no template exists in the member's preferred language."""

SENT = "sent"
FAILED = "failed"
UNDELIVERABLE = "undeliverable"
"""Statuses of a delivery: sent, failed (will be retried), undeliverable (no such member)."""

DUO_MATCHED = "duo_matched"
WORKSHOP_PROPOSED = "workshop_proposed"
DUO_INACTIVE = "duo_inactive"
DUO_VOLUNTEER_INVITED = "duo_volunteer_invited"

WORKSHOP_ACCEPTED = "workshop_accepted"
WORKSHOP_TRAINING = "workshop_training"
WORKSHOP_SCHEDULED = "workshop_scheduled"
WORKSHOP_PUBLISHED = "workshop_published"
WORKSHOP_COMPLETED = "workshop_completed"
WORKSHOP_DECLINED = "workshop_declined"
WORKSHOP_PAUSED = "workshop_paused"
WORKSHOP_RESUMED = "workshop_resumed"
WORKSHOP_WITHDRAWN = "workshop_withdrawn"
REGISTRATION_CONFIRMED = "workshop_registration_confirmed"
REGISTRATION_WAITLISTED = "workshop_registration_waitlisted"
REGISTRATION_OFFERED = "workshop_registration_offered"
REGISTRATION_CANCELLED = "workshop_registration_cancelled"
WORKSHOP_DATE_CANCELLED = "workshop_date_cancelled"
WORKSHOP_DATE_MOVED = "workshop_date_moved"
WORKSHOP_DATE_REMINDER = "workshop_date_reminder"

APPLICATION_RECEIVED = "incubator_application_received"
APPLICATION_MORE_INFO = "incubator_more_info_requested"
APPLICATION_ADMITTED = "incubator_admitted"
APPLICATION_WAITLISTED = "incubator_waitlisted"
APPLICATION_DECLINED = "incubator_declined"
MENTOR_ASSIGNED = "incubator_mentor_assigned"
MILESTONE_DUE = "incubator_milestone_due"
FOLLOW_UP_REQUESTED = "incubator_follow_up_requested"

LOCAL_TIME = ZoneInfo("Europe/Brussels")
"""Workshops happen in Belgium: every time is told in Liège's time, whatever the server's zone."""

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://interra.be/notifications")


def notification_id(event_id: str, member_id: str, template: str) -> str:
    """The same event, member and template always give the same id: a redelivery is recognised."""
    return uuid.uuid5(_NAMESPACE, f"{event_id}/{member_id}/{template}").hex


def choose_language(preferred: str | None, available: Collection[str]) -> str:
    """The member's language if the template exists in it, else English, else French."""
    for language in (preferred, *DEFAULT_LANGUAGES):
        if language in available:
            return language
    return DEFAULT_LANGUAGES[-1]


@dataclass(frozen=True)
class Delivery:
    """What is kept of a notification: ids, template, language and outcome. No contact details."""

    notification_id: str
    member_id: str
    template: str
    channel: str
    language: str | None
    status: str
    attempt: int
    event_id: str
    sent_at: str | None

    def record(self) -> dict:
        return asdict(self)

    def notification_sent(self) -> dict:
        """The data of its NotificationSent event."""
        return {
            "notification_id": self.notification_id,
            "member_id": self.member_id,
            "channel": self.channel,
            "template": self.template,
            "attempt": self.attempt,
        }


def duo_matched_context(role: str) -> dict:
    """What a duo mail may say beyond the first name: the member's side, never the partner."""
    if role not in ("learner", "volunteer"):
        raise ValueError(f"unknown duo side {role!r}")
    return {"role": role}


def duo_inactive_context(weeks: int, needs_rematch: bool) -> dict:
    return {"weeks": weeks, "needs_rematch": needs_rematch}


def volunteer_invited_context(waiting_learners: int, capacity: int) -> dict:
    return {"waiting": waiting_learners, "capacity": capacity, "next": capacity + 1}


def workshop_proposed_context(title: str) -> dict:
    return {"title": _one_line(title)}


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Ateliers (workshops) ----------------------------------------------------------------------------

PROPOSER_MAILS: dict[str, str] = {
    "accept": WORKSHOP_ACCEPTED,
    "train": WORKSHOP_TRAINING,
    "schedule": WORKSHOP_SCHEDULED,
    "publish": WORKSHOP_PUBLISHED,
    "complete": WORKSHOP_COMPLETED,
    "decline": WORKSHOP_DECLINED,
    "pause": WORKSHOP_PAUSED,
    "resume": WORKSHOP_RESUMED,
    "withdraw": WORKSHOP_WITHDRAWN,
}
"""The mail each move of the accompaniment pipeline sends the workshop's proposer."""

QUIET_MOVES: dict[str, str] = {
    "seek_venue": "Interra's own work between the training and the dates: the proposer has nothing to do, "
    "and hears again when dates are planned (schedule)",
    "start": "the proposer leads the first date, with staff beside them: a mail would tell them nothing new",
    "evaluate": "staff measure the impact: the proposer is thanked once it is recorded (complete)",
}
"""Moves that send no mail, and why. Every move of WORKSHOP_MOVES is in exactly one of the two."""

PARTICIPANT_MAILS: dict[str, str] = {
    "confirmed": REGISTRATION_CONFIRMED,
    "waitlisted": REGISTRATION_WAITLISTED,
    "offered": REGISTRATION_OFFERED,
    "cancelled": REGISTRATION_CANCELLED,
}
"""The mail a registration status sends the member. attended and no_show send none: the date is past,
and the member was there (or knows they were not); nothing is asked of them."""

QUIET_REGISTRATIONS = ("attended", "no_show")

DATE_CHANGE_MAILS: dict[str, str] = {"cancelled": WORKSHOP_DATE_CANCELLED, "moved": WORKSHOP_DATE_MOVED}

REASON_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "outside_mission": "Votre idée est belle, mais elle ne correspond pas à ce que fait Interra.",
        "not_feasible": "Pour l'instant, nous n'avons pas les moyens de l'organiser.",
        "no_venue": "Nous n'avons pas trouvé de lieu pour l'atelier.",
        "proposer_unavailable": "Vous n'êtes pas disponible en ce moment, et c'est normal.",
        "low_interest": "Pour l'instant, trop peu de personnes sont intéressées.",
        "other": "La personne d'Interra qui suit votre atelier vous expliquera pourquoi.",
    },
    "en": {
        "outside_mission": "Your idea is a good one, but it does not fit what Interra does.",
        "not_feasible": "For now, we do not have the means to organise it.",
        "no_venue": "We have not found a venue for the workshop.",
        "proposer_unavailable": "You are not available at the moment, and that is fine.",
        "low_interest": "For now, too few people are interested.",
        "other": "The person at Interra who follows your workshop will explain why.",
    },
}
"""Why a workshop is declined or paused, kindly, per WORKSHOP_REASONS code (staff notes never leave)."""


def proposer_mail(
    move: str,
    title: str,
    *,
    status_to: str | None = None,
    reason: str | None = None,
    training_at: datetime | None = None,
) -> tuple[str, dict] | None:
    """The template and context of what a pipeline move tells the proposer; None for a quiet move.

    Mailed: accept (we will contact you to meet), train (the training's time, if set), schedule,
    publish (open for registration), complete (thanks), decline and pause (with the reason in words),
    resume (where the workshop picks up: status_to; the reason is a pause's, not repeated), withdraw
    (a short confirmation: the proposer did it). Not mailed: QUIET_MOVES, which say why."""
    if move in QUIET_MOVES:
        return None
    if move not in PROPOSER_MAILS:
        raise ValueError(f"unknown workshop move {move!r}")
    context = {"title": _one_line(title), "reason": reason, "training_at": training_at, "status_to": status_to}
    return PROPOSER_MAILS[move], context


def participant_mail(
    status: str, title: str, starts_at: datetime, offer_expires_at: datetime | None = None
) -> tuple[str, dict] | None:
    """The template and context for a member whose place on a date changed; None for attended and
    no_show (see PARTICIPANT_MAILS). An offered seat says until when it is held, when known."""
    if status in QUIET_REGISTRATIONS:
        return None
    if status not in PARTICIPANT_MAILS:
        raise ValueError(f"unknown registration status {status!r}")
    context = {"title": _one_line(title), "starts_at": starts_at, "offer_expires_at": offer_expires_at}
    return PARTICIPANT_MAILS[status], context


def date_changed_mail(change: str, title: str, starts_at: datetime, ends_at: datetime) -> tuple[str, dict]:
    """What every member on a cancelled or moved date reads: for a move, starts_at is its new time."""
    if change not in DATE_CHANGE_MAILS:
        raise ValueError(f"unknown date change {change!r}")
    return DATE_CHANGE_MAILS[change], {"title": _one_line(title), "starts_at": starts_at, "ends_at": ends_at}


def reminder_mail(
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    *,
    online: bool,
    venue_name: str | None = None,
    venue_address: str | None = None,
) -> tuple[str, dict]:
    """The day-before reminder: when, and where (the venue's name, then its address as written, line
    by line), or for an online date that the link is in the app: links never travel in events."""
    where = [] if online else [line for part in (venue_name, venue_address) for line in _lines(part)]
    context = {"title": _one_line(title), "starts_at": starts_at, "ends_at": ends_at, "online": online, "where": where}
    return WORKSHOP_DATE_REMINDER, context


def _lines(text: str | None) -> list[str]:
    return [_one_line(line) for line in (text or "").splitlines() if line.strip()]


# --- InterLab (incubator) ---------------------------------------------------------------------------
# SafeguardingReported is for coordinators: it mails no member (and names no one who reported).

APPLICANT_MAILS: dict[str, str] = {
    "more_info_requested": APPLICATION_MORE_INFO,
    "admitted": APPLICATION_ADMITTED,
    "waitlisted": APPLICATION_WAITLISTED,
    "declined": APPLICATION_DECLINED,
}
"""The mail an application's new status (ApplicationStatusChanged.status_to) sends the applicant.
EntrepreneurAdmitted and EntrepreneurDeclined, published with the same moves, send nothing more: one
mail per decision."""

QUIET_APPLICATION_STATUSES: dict[str, str] = {
    "draft": "no move leads back to a draft",
    "submitted": "a first submit also publishes EntrepreneurApplied, which brings the acknowledgement; "
    "an answer to a request for more is the applicant's own act, in the app",
    "in_review": "reviewers score the application: nothing is asked of the applicant",
    "interview": "the event has no date or place to tell; the decision that follows (admitted, waitlisted, "
    "declined) is mailed",
    "withdrawn": "the applicant withdrew it themselves, in the app",
}
"""Statuses that send no mail, and why. Every APPLICATION_STATUSES value is in exactly one of the two."""

MENTORSHIP_SIDES = ("entrepreneur", "mentor")

APPLICATION_REASON_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "outside_mission": "Votre projet ne correspond pas à ce que fait InterLab.",
        "not_ready": "Votre projet n'est pas encore prêt pour InterLab.",
        "no_places": "Toutes les places du groupe sont prises.",
        "incomplete": "Il manque des informations dans votre candidature.",
        "other": "Une personne de l'équipe InterLab vous expliquera pourquoi.",
    },
    "en": {
        "outside_mission": "Your project does not fit what InterLab does.",
        "not_ready": "Your project is not ready for InterLab yet.",
        "no_places": "All the places in the group are taken.",
        "incomplete": "Some information is missing from your application.",
        "other": "Someone from the InterLab team will explain why.",
    },
}
"""Why an application is declined, in plain words, per APPLICATION_DECLINE_REASONS code (reviewers'
scores and comments never leave the incubator)."""

MILESTONE_WORDS: dict[str, dict[str, str]] = {
    "fr": {
        "business_plan": "écrire votre plan d'affaires",
        "legal_form_chosen": "choisir le statut de votre entreprise",
        "first_customer": "trouver votre premier client",
        "financing_found": "trouver l'argent pour votre projet",
        "premises_found": "trouver un local pour votre activité",
        "company_registered": "enregistrer votre entreprise",
        "launch": "lancer votre activité",
    },
    "en": {
        "business_plan": "write your business plan",
        "legal_form_chosen": "choose the legal form of your business",
        "first_customer": "find your first customer",
        "financing_found": "find the money for your project",
        "premises_found": "find premises for your business",
        "company_registered": "register your business",
        "launch": "launch your business",
    },
}
"""A milestone, per MILESTONE_KINDS code, as a step to do (the mail says "Étape : ..." / "Step: ...")."""

FOLLOW_UP_PATH = "/incubator/follow-ups"
"""Where, in the Interra app, an entrepreneur answers a follow-up."""


def applicant_mail(status_to: str, reason: str | None = None) -> tuple[str, dict] | None:
    """The template and context of what an application's new status tells the applicant; None for a
    quiet status (QUIET_APPLICATION_STATUSES says why). The event carries no coordinator's message:
    a request for more information tells the applicant to read it in their application. A decline
    gives its reason in words (when the event has one)."""
    if status_to in QUIET_APPLICATION_STATUSES:
        return None
    if status_to not in APPLICANT_MAILS:
        raise ValueError(f"unknown application status {status_to!r}")
    return APPLICANT_MAILS[status_to], {"reason": reason if status_to == "declined" else None}


def mentor_assigned_context(side: str) -> dict:
    """What a mentorship mail may say: the member's side, never who the other one is."""
    if side not in MENTORSHIP_SIDES:
        raise ValueError(f"unknown mentorship side {side!r}")
    return {"side": side}


def milestone_due_mail(kind: str, due_on: date) -> tuple[str, dict]:
    """The entrepreneur's reminder that a milestone of their project is due on `due_on`."""
    if kind not in MILESTONE_WORDS["en"]:
        raise ValueError(f"unknown milestone kind {kind!r}")
    return MILESTONE_DUE, {"kind": kind, "due_on": due_on}


def follow_up_mail(months: int) -> tuple[str, dict]:
    """The entrepreneur is asked, `months` after their cohort ended, how their project stands."""
    return FOLLOW_UP_REQUESTED, {"months": months, "answer_at": FOLLOW_UP_PATH}


# --- Times as people say them, in Liège's time --------------------------------------------------------

_WHEN = {"fr": "EEEE d MMMM 'à' HH:mm", "en": "EEEE d MMMM 'at' HH:mm"}
_DAY = {"fr": "EEEE d MMMM", "en": "EEEE d MMMM"}
_SPAN = {"fr": "{day}, de {start} à {end}", "en": "{day}, {start} to {end}"}


def _local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a time to tell must be timezone-aware")
    return moment.astimezone(LOCAL_TIME)


def local_hour(moment: datetime, language: str) -> str:
    """'18:00': the hour in Liège."""
    return babel_dates.format_time(_local(moment), "HH:mm", tzinfo=LOCAL_TIME, locale=language)


def local_day(moment: datetime, language: str) -> str:
    """'mardi 15 décembre', 'Tuesday 15 December' (a language without a pattern: Babel's full date)."""
    local = _local(moment)
    if language in _DAY:
        return babel_dates.format_datetime(local, _DAY[language], tzinfo=LOCAL_TIME, locale=language)
    return babel_dates.format_date(local.date(), "full", locale=language)


def local_when(moment: datetime, language: str) -> str:
    """'mardi 15 décembre à 18:00', 'Tuesday 15 December at 18:00': a moment in Liège's time, as said
    to people (summer or winter time, whatever the zone the event was written in)."""
    local = _local(moment)
    if language in _WHEN:
        return babel_dates.format_datetime(local, _WHEN[language], tzinfo=LOCAL_TIME, locale=language)
    return f"{local_day(local, language)} {local_hour(local, language)}"


def local_span(starts_at: datetime, ends_at: datetime, language: str) -> str:
    """'mardi 15 décembre, de 18:00 à 20:00'; across midnight, both moments in full."""
    if _local(starts_at).date() != _local(ends_at).date() or language not in _SPAN:
        return f"{local_when(starts_at, language)} – {local_when(ends_at, language)}"
    return _SPAN[language].format(
        day=local_day(starts_at, language), start=local_hour(starts_at, language), end=local_hour(ends_at, language)
    )


def calendar_day(day: date, language: str) -> str:
    """'mardi 15 décembre', 'Tuesday 15 December': a calendar date (no time, so no zone to convert)."""
    if language in _DAY:
        return babel_dates.format_date(day, _DAY[language], locale=language)
    return babel_dates.format_date(day, "full", locale=language)


def reason_words(code: str, language: str) -> str:
    """A decline or pause reason in words, in the language of the mail (English if none yet)."""
    return REASON_WORDS.get(language, REASON_WORDS["en"])[code]


def application_reason_words(code: str, language: str) -> str:
    """Why an InterLab application is declined, in the language of the mail (English if none yet)."""
    return APPLICATION_REASON_WORDS.get(language, APPLICATION_REASON_WORDS["en"])[code]


def milestone_words(kind: str, language: str) -> str:
    """A milestone as a step to do, in the language of the mail (English if none yet)."""
    return MILESTONE_WORDS.get(language, MILESTONE_WORDS["en"])[kind]


def _in_language(tell):
    """A Jinja filter that tells a value in the language of the template being rendered."""

    @jinja2.pass_context
    def tell_in(context, *values):
        return tell(*values, context["language"])

    return tell_in


@cache
def _templates() -> jinja2.Environment:
    """Plain-text templates shipped with the package (`<template>.<language>.j2`, subject first).

    Filters tell times and reasons in the template's language: `{{ starts_at|when }}`,
    `{{ starts_at|span(ends_at) }}`, `{{ starts_at|day }}`, `{{ starts_at|hour }}`, `{{ reason|reason_words }}`;
    for InterLab, `{{ due_on|calendar_day }}` (a date), `{{ reason|application_reason_words }}` and
    `{{ kind|milestone_words }}`."""
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("notifications", "templates"),
        autoescape=False,  # text/plain bodies: escaping would show &amp; to the reader
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        when=_in_language(local_when),
        day=_in_language(local_day),
        hour=_in_language(local_hour),
        span=_in_language(local_span),
        reason_words=_in_language(reason_words),
        calendar_day=_in_language(calendar_day),
        application_reason_words=_in_language(application_reason_words),
        milestone_words=_in_language(milestone_words),
    )
    return environment


def languages_of(template: str) -> frozenset[str]:
    """The languages a template is written in."""
    prefix = f"{template}."
    return frozenset(
        name[len(prefix) : -len(".j2")]
        for name in _templates().list_templates(extensions=["j2"])
        if name.startswith(prefix)
    )


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    language: str


def render(template: str, preferred_language: str | None, first_name: str, context: Mapping) -> Rendered:
    """Render a template in the best language for the member: first line subject, then the body."""
    language = choose_language(preferred_language, languages_of(template))
    values = {**context, "first_name": first_name.strip(), "language": language}
    text = _templates().get_template(f"{template}.{language}.j2").render(values)
    subject, _, body = text.partition("\n")
    return Rendered(subject=" ".join(subject.split()), body=body.lstrip("\n"), language=language)


def compose(
    rendered: Rendered,
    *,
    notification: str,
    first_name: str,
    email: str,
    sender: str,
    now: datetime,
) -> EmailMessage:
    """An RFC 5322 message; its Message-ID derives from the notification id, so a resend is
    recognisable by the receiving side too."""
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = Address(display_name=first_name.strip(), addr_spec=email)
    message.set_raw("Subject", _folded_subject(rendered.subject))
    message["Date"] = format_datetime(now)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "interra.be"
    message["Message-ID"] = f"<{notification}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(rendered.body, charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = rendered.language  # after set_content, which clears Content-*
    return message


def _folded_subject(subject: str) -> str:
    """The subject as RFC 2047 encoded words, folded by email.header. The SMTP policy's own folder
    (CPython 3.11) may end a line with a space just before an encoded word, which readers then see
    as a double space ("mardi 31 mars  à 18:00"); folding between encoded words loses nothing."""
    charset = "us-ascii" if subject.isascii() else "utf-8"
    return Header(subject, charset, header_name="Subject").encode(linesep="\n")
