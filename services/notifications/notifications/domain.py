"""Notifications' rules, pure: which message, in which language, with which id, and what is kept.

Contact details (first name, e-mail address) are passed in at send time and end up only in the
message itself; a delivery record keeps ids and facts about the sending, never how to reach anyone.
"""

import uuid
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from functools import cache

import jinja2

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
    return {"title": " ".join(title.split())}


@cache
def _templates() -> jinja2.Environment:
    """Plain-text templates shipped with the package (`<template>.<language>.j2`, subject first)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("notifications", "templates"),
        autoescape=False,  # text/plain bodies: escaping would show &amp; to the reader
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


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
    text = _templates().get_template(f"{template}.{language}.j2").render({**context, "first_name": first_name.strip()})
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
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(now)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "interra.be"
    message["Message-ID"] = f"<{notification}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content(rendered.body, charset="utf-8", cte="quoted-printable")
    message["Content-Language"] = rendered.language  # after set_content, which clears Content-*
    return message
