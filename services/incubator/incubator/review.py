"""The review of InterLab applications, pure: who may review what, a review's grid, what each reader
may see, the ranking of a call and the admission decision that follows it.

Invariants (the store and the entrypoints rely on them):
- a reviewer is an account subject, "staff:<id>" or "member:<id>"; a member reviewer is known to the
  incubator and is never the applicant of the application they review;
- a review scores every criterion of the call's grid once, each a whole number from 1 to 5, nothing else;
- a reviewer who declared a conflict of interest takes no part: no review of theirs counts, they see none;
- an assigned reviewer sees the others' reviews only once their own is submitted; a coordinator who is
  not an assigned reviewer of the application sees them all; the applicant never sees any (the
  application's own view has no review data);
- the ranking is deterministic: mean of the reviewers' means (highest first), then the smaller spread,
  then the earlier submission, then the application id;
- a decision never admits beyond the places left, and waitlists the rest in rank order.
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from interra_contracts.api.incubator.reviews import REVIEWER_PATTERN

REVIEWER = re.compile(REVIEWER_PATTERN)
"""A reviewer's id: the account subject the gateway knows (call.principal.subject). Use fullmatch:
"$" alone would take a trailing newline."""
SCORES = range(1, 6)
"""Each criterion of the grid is scored 1 (weak) to 5 (strong)."""
ASSIGNABLE = ("submitted", "in_review")
"""Reviewers are assigned to a submitted application (which then goes in review) or one in review."""
REVIEWABLE = ("in_review", "interview")
"""A review is submitted, and amended, while the application is under review: until the decision."""
OPEN_TO_CONFLICT = ("submitted", "more_info_requested", "in_review", "interview")
"""A reviewer may declare a conflict of interest until the decision (afterwards it would change nothing)."""
RANKED = ("in_review", "interview", "waitlisted")
"""The applications a call's ranking lists."""
DECIDED_FROM = ("in_review", "interview")
"""A decision admits from these (and from the waitlist), and waitlists every other one still in them."""
CONFLICT_DECLARED = "you declared a conflict of interest for this application: you take no part in its review"
REVIEWS_NEEDED = 2
"""Admitting or waitlisting an application needs this many submitted reviews (domain.PREREQUISITES)."""


def reviewer_of(kind: str, reviewer_id: str) -> str:
    return f"{kind}:{reviewer_id}"


def reviewer_errors(reviewer, member: dict | None, application: dict) -> dict[str, list[str]]:
    """Why `reviewer` may not review this application, as {"reviewer": [message]}: a malformed id, a
    member the incubator does not know, or the applicant themselves. (A staff account is not known
    here: the members service holds staff accounts.)"""
    matched = REVIEWER.fullmatch(reviewer) if isinstance(reviewer, str) else None
    if matched is None:
        return {"reviewer": ["staff:<id> or member:<id> (letters, digits, _ and -, at most 64)"]}
    kind, reviewer_id = matched.groups()
    if kind == "member" and member is None:
        return {"reviewer": [f"unknown member {reviewer_id!r}"]}
    if kind == "member" and reviewer_id == application.get("member_id"):
        return {"reviewer": ["the applicant cannot review their own application"]}
    return {}


def member_reviewer_id(reviewer: str) -> str | None:
    """The member id of a member reviewer ("member:<id>"), None for a staff one."""
    matched = REVIEWER.fullmatch(reviewer)
    return matched.group(2) if matched and matched.group(1) == "member" else None


def score_errors(scores: dict, criteria: list[str]) -> dict[str, list[str]]:
    """What is wrong with a review's scores against the call's grid, as {"scores": [messages]}, each
    message naming its criterion: outside the grid, missing, not a whole number from 1 to 5."""
    messages = []
    for criterion, score in scores.items():
        if criterion not in criteria:
            messages.append(f"{criterion}: not a criterion of this call's grid ({', '.join(criteria)})")
        elif isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
            messages.append(f"{criterion}: a whole number from 1 to 5, not {score!r}")
    messages.extend(f"{criterion}: missing (every criterion of the grid is scored)" for criterion in criteria
                    if criterion not in scores)  # fmt: skip
    return {"scores": messages} if messages else {}


def submitted(review: dict) -> bool:
    """A review that counts: submitted, by a reviewer without a conflict of interest."""
    return review.get("submitted_at") is not None and not review.get("conflict")


def new_assignment(application: dict, reviewer: str, review_id: str, at: str) -> dict:
    """A reviewer's assignment to an application: their review, empty until they submit it."""
    return {
        "_id": review_id,
        "application_id": application["_id"],
        "call_id": application["call_id"],
        "cohort": application["cohort"],
        "reviewer": reviewer,
        "created_at": at,
        "conflict": False,
        "conflict_note": None,
        "conflict_at": None,
        "scores": None,
        "comment": None,
        "recommendation": None,
        "submitted_at": None,
        "amended_at": None,
    }


def reviewed(review: dict, request: dict, at: str) -> dict:
    """The fields a (first or amended) submission sets: the scores, comment and recommendation."""
    first = review.get("submitted_at") is None
    return {
        "scores": dict(request["scores"]),
        "comment": request["comment"],
        "recommendation": request["recommendation"],
        "submitted_at": at if first else review["submitted_at"],
        "amended_at": None if first else at,
    }


def review_refusal(review: dict | None, application: dict) -> tuple[str, str] | None:
    """Why this reviewer may not submit (or amend) a review now, as (kind, message): kind "not_found"
    (not assigned: no hint), "conflict" (declared a conflict of interest; or not under review)."""
    if review is None:
        return "not_found", f"no application {application['_id']!r} to review"
    if review.get("conflict"):
        return "conflict", CONFLICT_DECLARED
    if application["status"] not in REVIEWABLE:
        status = application["status"]
        return "conflict", f"a {status} application is not under review (reviews: {', '.join(REVIEWABLE)})"
    return None


def reviewer_mean(review: dict) -> Fraction:
    """A reviewer's mean over the grid (exact: rankings compare fractions, never rounded floats)."""
    scores = list(review["scores"].values())
    return Fraction(sum(scores), len(scores))


def visible_reviews(reviews: list[dict], reader: str, coordinator: bool) -> tuple[list[dict], int]:
    """The submitted reviews of one application that `reader` may see, and how many stay hidden.

    A coordinator who is not an assigned reviewer of it sees them all. An assigned reviewer sees
    their own; the others' only once their own is submitted; none at all after declaring a conflict.
    Anyone else (the applicant among them) sees none."""
    done = [review for review in reviews if submitted(review)]
    own = next((review for review in reviews if reader is not None and review["reviewer"] == reader), None)
    if own is None:
        return (done, 0) if coordinator else ([], len(done))
    if own.get("conflict"):
        return [], len(done)
    if not submitted(own):
        return [], len(done)
    return done, 0


def two_decimals(value: Fraction | None) -> float | None:
    """Rounded half up, as people round (4.125 shows 4.13), from the exact value."""
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def application_scores(application: dict, reviews: list[dict], criteria: list[str]) -> dict:
    """One application's figures: its submitted reviews, its reviewers (assigned, without a conflict),
    the mean of the reviewers' means, their
    spread (max - min of the reviewers' means: how far the most and the least convinced reviewer
    stand apart) and the mean of each criterion. Exact fractions; rounded when shown."""
    done = [review for review in reviews if submitted(review)]
    means = [reviewer_mean(review) for review in done]
    per_criterion = {
        criterion: Fraction(sum(found), len(found)) if (found := [r["scores"][criterion] for r in done
                                                                  if criterion in r["scores"]]) else None
        for criterion in criteria
    }  # fmt: skip
    return {
        "application": application,
        "reviews": len(done),
        "reviewers": sum(1 for review in reviews if not review.get("conflict")),
        "mean": Fraction(sum(means), len(means)) if means else None,
        "spread": max(means) - min(means) if means else None,
        "criteria": per_criterion,
    }


def rank_key(entry: dict) -> tuple:
    """Highest mean first, then the smaller spread, then the earlier submission, then the id; an
    application nobody has reviewed yet comes after every reviewed one."""
    application = entry["application"]
    unreviewed = entry["mean"] is None
    return (
        unreviewed,
        -(entry["mean"] or 0),
        entry["spread"] or 0,
        application.get("submitted_at") or "",
        application["_id"],
    )


def ranking(applications: list[dict], reviews: list[dict], criteria: list[str]) -> list[dict]:
    """The call's applications under review (RANKED), with their figures and rank (1 = best). An
    erased applicant's application is left out: there is nobody left to admit or to waitlist."""
    by_application: dict[str, list[dict]] = {}
    for review in reviews:
        by_application.setdefault(review["application_id"], []).append(review)
    entries = [
        application_scores(application, by_application.get(application["_id"], []), criteria)
        for application in applications
        if application["status"] in RANKED and not application.get("erased")
    ]
    entries.sort(key=rank_key)
    return [{**entry, "rank": rank} for rank, entry in enumerate(entries, 1)]


def ranking_item(entry: dict) -> dict:
    """A ranking entry as shown (two decimals)."""
    application = entry["application"]
    return {
        "application_id": application["_id"],
        "status": application["status"],
        "submitted_at": application.get("submitted_at"),
        "rank": entry["rank"],
        "reviews": entry["reviews"],
        "reviewers": entry["reviewers"],
        "mean": two_decimals(entry["mean"]),
        "spread": two_decimals(entry["spread"]),
        "criteria": {criterion: two_decimals(mean) for criterion, mean in entry["criteria"].items()},
        "waitlist_rank": application.get("waitlist_rank") if application["status"] == "waitlisted" else None,
    }


def decision_errors(
    admit: list[str], applications: list[dict], ranked: list[dict], places_left: int
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """What stops a decision before anything is done, as (invalid, conflicts), each {field: [messages]}.

    Invalid (422): an id twice, an id that is no application of this call. Conflicts (409): an
    application that cannot be admitted from its status, an application to admit or to waitlist
    without two submitted reviews, more admissions than places left."""
    invalid: dict[str, list[str]] = {}
    conflicts: dict[str, list[str]] = {}
    of_call = {application["_id"]: application for application in applications}
    if twice := sorted({app_id for app_id in admit if admit.count(app_id) > 1}):
        invalid["admit"] = [f"{app_id}: named twice" for app_id in twice]
    if unknown := [app_id for app_id in admit if app_id not in of_call]:
        invalid.setdefault("admit", []).extend(f"{app_id}: no application of this call" for app_id in unknown)
    if invalid:
        return invalid, conflicts
    reviews = {entry["application"]["_id"]: entry["reviews"] for entry in ranked}
    for app_id in admit:
        status = of_call[app_id]["status"]
        if of_call[app_id].get("erased"):
            conflicts.setdefault("admit", []).append(f"{app_id}: its applicant's data was erased")
        elif status not in RANKED:
            conflicts.setdefault("admit", []).append(f"{app_id}: a {status} application cannot be admitted")
        elif reviews[app_id] < REVIEWS_NEEDED:
            conflicts.setdefault("admit", []).append(_too_few(app_id, reviews[app_id]))
    waitlisted = [entry for entry in ranked if entry["application"]["_id"] not in admit
                  and entry["application"]["status"] in DECIDED_FROM]  # fmt: skip
    if lacking := [entry for entry in waitlisted if entry["reviews"] < REVIEWS_NEEDED]:
        conflicts["waitlist"] = [_too_few(entry["application"]["_id"], entry["reviews"]) for entry in lacking]
    if len(admit) > places_left:
        conflicts["places"] = [f"{len(admit)} to admit, {places_left} place{'s' if places_left != 1 else ''} left"]
    return invalid, conflicts


def _too_few(app_id: str, count: int) -> str:
    return f"{app_id}: {count} submitted review{'s' if count != 1 else ''}, {REVIEWS_NEEDED} needed"


def waitlist(ranked: list[dict], admitted: list[str]) -> list[dict]:
    """After the admissions, the call's waitlist in rank order: every application under review that
    was not admitted (those already waitlisted keep their place in the rank order), each with its
    position (waitlist_rank, 1 = the next to be offered a place)."""
    rest = [entry["application"] for entry in ranked if entry["application"]["_id"] not in admitted]
    return [{**application, "waitlist_rank": position} for position, application in enumerate(rest, 1)]


def reviewer_export(reviews: list[dict]) -> list[dict]:
    """The reviews a member wrote (right of access): theirs only, never another reviewer's."""
    keys = ("application_id", "cohort", "scores", "comment", "recommendation", "conflict", "conflict_note",
            "submitted_at", "amended_at", "created_at")  # fmt: skip
    return [{"review_id": review["_id"], **{key: review.get(key) for key in keys}} for review in reviews]
