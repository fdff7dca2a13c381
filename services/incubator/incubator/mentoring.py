"""InterLab's mentor matching, pure: which mentor for which entrepreneur of a cohort, globally, with the
reasons why.

No nameko, no store, no I/O: plain data in (Entrepreneur, Mentor, the barred pairs), proposals out. The
exact solve is the shared b-matching solver (interra_matching, the one Duo-Langue uses): no second solver.

Objective: the set of mentorships of maximum total score, each entrepreneur with at most one mentor,
each mentor with at most their free places (capacity 1 to MENTOR_MAX_CAPACITY, less the mentees they
already have), exactly optimal over the whole cohort (not first come, first served); an entrepreneur no
mentor fits stays unmatched.

Hard constraints (allowed): a mentor is never matched to themselves (same member), a suspended mentor (a
safeguarding report pending) is matched to no one, a barred pair (a mentorship of theirs was rejected or
ended) is never proposed again, and a pair with zero fit is not a pair: the mentor must meet at least
one of the entrepreneur's needs or know their sector. A shared language or a convenient place makes a
fitting pair better; alone it is no reason for a mentorship.

Score of an allowed pair (fit), whole points (the solver takes integers >= 1), from Points:

    need     * needs met (the entrepreneur's needs in the mentor's expertise)
    + sector                   if the mentor knows the entrepreneur's sector
    + language                 if they share a language other than French,
      or language_bridge       instead, when the entrepreneur's French is A0 to B1 (a bridge then)
    + same_region              if both are in one region,
      or video                 instead, if not but both accept to meet by video

Each term that counts gives a reason in words: "2 needs met: legal, financing", "same sector: food",
"shared language: ar", "both in liege" or "by video".

Determinism: entrepreneurs are ordered by application id and mentors by member id before anything else,
and the solver is deterministic, so the same cohort gives the same proposals whatever order it comes in.
"""

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from interra_contracts.vocabulary import FRENCH_LEVELS, MENTOR_MAX_CAPACITY
from interra_contracts.vocabulary import PROJECT_NEEDS as MENTORING_NEEDS
from interra_matching import match_pairs

FRENCH = "fr"
BRIDGE_LEVELS = FRENCH_LEVELS[: FRENCH_LEVELS.index("B1") + 1]
"""French levels (A0 to B1) at which a shared other language is worth language_bridge, not language."""


@dataclass(frozen=True)
class Points:
    """What each term of the fit is worth, in whole points (>= 0; need and sector >= 1, so that every
    allowed pair scores at least 1)."""

    need: int = 10
    sector: int = 6
    language: int = 3
    language_bridge: int = 6
    same_region: int = 3
    video: int = 1

    def __post_init__(self):
        values = vars(self)
        if any(not isinstance(v, int) or v < 0 for v in values.values()) or min(self.need, self.sector) < 1:
            raise ValueError(f"points must be whole numbers >= 0, need and sector >= 1: {values}")


POINTS = Points()


@dataclass(frozen=True)
class Entrepreneur:
    """An entrepreneur of the cohort waiting for a mentor (their application's id, the member)."""

    application_id: str
    member_id: str
    sector: str
    needs: frozenset[str]
    languages: frozenset[str]
    french_level: str
    region: str
    video: bool = False
    """Accepts to meet a mentor by video."""


@dataclass(frozen=True)
class Mentor:
    """A mentor (a member) offering places to the cohort."""

    member_id: str
    expertise: frozenset[str]
    sectors: frozenset[str]
    languages: frozenset[str]
    region: str
    video: bool = False
    """Accepts to meet an entrepreneur by video."""
    capacity: int = 1
    """Entrepreneurs at once, 1 to MENTOR_MAX_CAPACITY."""
    mentees: int = 0
    """Mentorships already running: the places left are capacity - mentees."""
    suspended: bool = False
    """A safeguarding report about them is pending: matched to no one meanwhile."""

    @property
    def places(self) -> int:
        return max(self.capacity - self.mentees, 0)


@dataclass(frozen=True)
class MentorProposal:
    """A proposed mentorship: its score (whole points) and the reasons, for the coordinator to review."""

    application_id: str
    entrepreneur_id: str
    mentor_id: str
    score: int
    reasons: tuple[str, ...]


def allowed(entrepreneur: Entrepreneur, mentor: Mentor, barred: Collection[frozenset[str]] = ()) -> bool:
    """The hard constraints other than zero fit: not themselves, not suspended, not a barred pair (member ids)."""
    return (
        entrepreneur.member_id != mentor.member_id
        and not mentor.suspended
        and frozenset((entrepreneur.member_id, mentor.member_id)) not in barred
    )


def fit(entrepreneur: Entrepreneur, mentor: Mentor, points: Points = POINTS) -> tuple[int, tuple[str, ...]]:
    """The pair's score and its reasons; (0, ()) when the mentor meets none of the needs and does not
    know the sector (zero fit: not a pair, whatever else they share)."""
    needs = [need for need in MENTORING_NEEDS if need in entrepreneur.needs and need in mentor.expertise]
    same_sector = entrepreneur.sector in mentor.sectors
    if not needs and not same_sector:
        return 0, ()
    score, reasons = 0, []
    if needs:
        score += points.need * len(needs)
        reasons.append(f"{len(needs)} need{'s' if len(needs) > 1 else ''} met: {', '.join(needs)}")
    if same_sector:
        score += points.sector
        reasons.append(f"same sector: {entrepreneur.sector}")
    shared = sorted((entrepreneur.languages & mentor.languages) - {FRENCH})
    if shared:
        score += points.language_bridge if entrepreneur.french_level in BRIDGE_LEVELS else points.language
        reasons.append(f"shared language{'s' if len(shared) > 1 else ''}: {', '.join(shared)}")
    if entrepreneur.region == mentor.region:
        score += points.same_region
        reasons.append(f"both in {entrepreneur.region}")
    elif entrepreneur.video and mentor.video:
        score += points.video
        reasons.append("by video")
    return score, tuple(reasons)


def match_mentors(
    entrepreneurs: Sequence[Entrepreneur],
    mentors: Sequence[Mentor],
    barred: Iterable[tuple[str, str]] = (),
    points: Points = POINTS,
) -> list[MentorProposal]:
    """The proposals of maximum total score for the cohort (see the module's docstring), ordered by
    application id. barred: (entrepreneur member id, mentor member id) of rejected or ended mentorships
    (either order). ValueError on unknown needs or expertise, a capacity outside 1..MENTOR_MAX_CAPACITY,
    an application or a mentor given twice."""
    entrepreneurs = sorted(entrepreneurs, key=lambda e: e.application_id)
    mentors = sorted(mentors, key=lambda m: m.member_id)
    _check(entrepreneurs, mentors)
    barred_pairs = {frozenset(pair) for pair in barred}
    scored: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
    for entrepreneur in entrepreneurs:
        for mentor in mentors:
            if mentor.places and allowed(entrepreneur, mentor, barred_pairs):
                score, reasons = fit(entrepreneur, mentor, points)
                if score > 0:
                    scored[entrepreneur.application_id, mentor.member_id] = score, reasons
    chosen = match_pairs(
        [e.application_id for e in entrepreneurs],
        {m.member_id: m.places for m in mentors},
        [(application_id, mentor_id, score) for (application_id, mentor_id), (score, _) in scored.items()],
    )
    member_of = {e.application_id: e.member_id for e in entrepreneurs}
    return [
        MentorProposal(application_id, member_of[application_id], mentor_id, *scored[application_id, mentor_id])
        for application_id, mentor_id in chosen
    ]


def _check(entrepreneurs: Sequence[Entrepreneur], mentors: Sequence[Mentor]) -> None:
    if len({e.application_id for e in entrepreneurs}) != len(entrepreneurs):
        raise ValueError("an application is given twice")
    if len({m.member_id for m in mentors}) != len(mentors):
        raise ValueError("a mentor is given twice")
    for entrepreneur in entrepreneurs:
        if unknown := entrepreneur.needs - set(MENTORING_NEEDS):
            raise ValueError(f"{entrepreneur.application_id}: unknown needs {sorted(unknown)}")
    for mentor in mentors:
        if unknown := mentor.expertise - set(MENTORING_NEEDS):
            raise ValueError(f"mentor {mentor.member_id}: unknown expertise {sorted(unknown)}")
        if not 1 <= mentor.capacity <= MENTOR_MAX_CAPACITY or mentor.mentees < 0:
            raise ValueError(f"mentor {mentor.member_id}: capacity must be 1 to {MENTOR_MAX_CAPACITY}")
