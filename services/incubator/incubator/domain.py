"""Incubator's rules (InterLab), pure: what an application may be, when it is open, what others may know."""

from datetime import datetime

from interra_chassis.gdpr import exported, without_id
from interra_contracts.vocabulary import APPLICATION_STATUSES, INCUBATOR_SECTORS

SECTORS = INCUBATOR_SECTORS
STATUSES = APPLICATION_STATUSES

OPEN_STATUSES = ("submitted",)
"""An application in one of these is still open: a member has at most one open application."""

MEMBER_FIELDS = ("kind", "region", "languages")
"""What this service keeps of a member (from MemberRegistered): never names, e-mail or phone."""


def application_errors(application: dict, member: dict | None) -> dict[str, list[str]]:
    """Business rules a well-formed application must also meet, as {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    if member is None:
        errors["member_id"] = [f"unknown member {application['member_id']!r}"]
    return errors


def with_status(application: dict, status: str) -> dict:
    """The application in `status`; `open` (what the one-open-application index sees) follows it."""
    return {**application, "status": status, "open": status in OPEN_STATUSES}


def new_application(application: dict, application_id: str, now: datetime) -> dict:
    """The application a valid request creates: submitted, hence open."""
    return with_status(
        {
            "_id": application_id,
            "member_id": application["member_id"],
            "project_title": application["project_title"],
            "sector": application["sector"],
            "description": application["description"],
            "cohort": application.get("cohort"),
            "created_at": now.isoformat(timespec="microseconds"),
        },
        "submitted",
    )


def applied_event(application: dict) -> dict:
    """EntrepreneurApplied data: who applied, in which sector and cohort; no free text."""
    return {
        "application_id": application["_id"],
        "member_id": application["member_id"],
        "sector": application["sector"],
        "cohort": application["cohort"],
    }


def member_export(known_as: dict | None, applications: list[dict]) -> dict:
    """What the service holds about a member (right of access), as plain data: the read model
    without its id, and their applications with the id under `application_id`."""
    return {
        "known_as": without_id(known_as),
        "applications": [exported(application, "application_id") for application in applications],
    }
