"""Members' rules, pure: who is a newcomer, what a valid profile is, what other services may know."""

from dataclasses import dataclass
from datetime import date

from interra_contracts.api.members import MAX_AGE, MIN_AGE

NEWCOMER_YEARS = 3
"""Interra's definition: a newcomer has been in Belgium for less than three years."""


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year - years, day=28)


def kind_of(arrived_on: date | None, today: date) -> str:
    """'newcomer' if the member arrived in Belgium less than three years ago, else 'local'."""
    if arrived_on is not None and arrived_on > years_before(today, NEWCOMER_YEARS):
        return "newcomer"
    return "local"


def profile_errors(profile: dict, today: date, regions: tuple[str, ...]) -> dict[str, list[str]]:
    """Business rules a well-formed profile must also meet, as {field: [messages]}."""
    errors: dict[str, list[str]] = {}
    if profile["region"] not in regions:
        errors["region"] = [f"unknown region {profile['region']!r}; choose one of: {', '.join(regions)}"]
    arrived_on = profile.get("arrived_on")
    if arrived_on is not None and arrived_on > today:
        errors["arrived_on"] = ["cannot be in the future"]
    age = today.year - profile["birth_year"]
    if not MIN_AGE <= age <= MAX_AGE:
        errors["birth_year"] = [f"the member must be between {MIN_AGE} and {MAX_AGE} years old"]
    return errors


PUBLIC_FIELDS = (
    "languages",
    "french_level",
    "interests",
    "birth_year",
    "gender",
    "arrived_on",
    "programmes",
    "preferred_language",
    "region",
)
PUBLIC_UPDATABLE = tuple(
    f
    for f in PUBLIC_FIELDS
    if f in ("region", "languages", "french_level", "interests", "preferred_language", "programmes")
)
"""What other services may know of a member (MemberRegistered). Never names, e-mail or phone."""


@dataclass(frozen=True)
class Contact:
    """How to reach a member, given by RPC at send time and never stored elsewhere."""

    first_name: str
    email: str
    phone: str | None
    preferred_language: str


def public_view(member: dict) -> dict:
    return {
        "member_id": member["_id"],
        "kind": member["kind"],
        **{name: member.get(name) for name in PUBLIC_FIELDS},
    }


REQUIRED_CONSENT = "data_processing"
"""Of the consent purposes (vocabulary.CONSENT_PURPOSES), the one required to take part at all."""


def consent_errors(consents: list[dict]) -> dict[str, list[str]]:
    given = {c["purpose"]: c["granted"] for c in consents}
    if not given.get(REQUIRED_CONSENT):
        return {"consents": [f"consent to {REQUIRED_CONSENT} is required to register"]}
    return {}


def consent_records(consents: list[dict], language: str, at: str) -> list[dict]:
    """What the member agreed to, when and in which language (kept as proof, GDPR art. 7)."""
    return [{**c, "language": language, "at": at} for c in consents]


def phone_key(phone: str | None) -> str | None:
    """A phone number as a login: digits only, with the leading + kept."""
    if not phone:
        return None
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" if phone.strip().startswith("+") else "") + digits


def username_key(username: str) -> tuple[str, str]:
    """('email', address) or ('phone_key', digits): how a login name is looked up."""
    username = username.strip()
    return ("email", username.lower()) if "@" in username else ("phone_key", phone_key(username))


def erased(member: dict, at: str) -> dict:
    """What remains of an erased member: the id and the date, nothing else."""
    return {"_id": member["_id"], "erased": True, "erased_at": at}


ADMIN_ROLE = "admin"


def staff_change_refusal(
    accounts: list[dict], target_id: str, changes: dict, actor_id: str | None
) -> tuple[str, str] | None:
    """Why an admin may not make this change to a staff account, as (field, message); None: they may.

    Invariants: an admin never deactivates themselves nor takes the admin role from themselves (they
    would lock themselves out), and the platform always keeps at least one active admin.
    `accounts` are every staff account as stored (`active` absent means active)."""
    target = next(a for a in accounts if a["_id"] == target_id)
    after = {**target, **changes}
    if target_id == actor_id:
        if after.get("active", True) is False:
            return "active", "you cannot deactivate your own account"
        if ADMIN_ROLE in target["roles"] and ADMIN_ROLE not in after["roles"]:
            return "roles", "you cannot take the admin role from yourself"
    if not any(a.get("active", True) and ADMIN_ROLE in a["roles"] for a in accounts if a["_id"] != target_id):
        if after.get("active", True) is False:
            return "active", "the platform would have no active admin left"
        if ADMIN_ROLE not in after["roles"]:
            return "roles", "the platform would have no active admin left"
    return None
