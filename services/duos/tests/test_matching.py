"""The matching engine alone (pure, no broker): hard constraints, capacity, the global optimum, reasons."""

import random
from dataclasses import replace

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from duos import matching
from duos.matching import Learner, Volunteer, Weights, feasible, match, score
from interra_matching import solver

NOW = 2026
TUESDAY_19 = 1 * 48 + 38  # Tuesday 19:00-19:30
TUESDAY = frozenset({TUESDAY_19, TUESDAY_19 + 1})  # Tuesday 19:00-20:00
IN_PERSON, BOTH = frozenset({"in_person"}), frozenset({"video", "in_person"})


def learner(n, **changes) -> Learner:
    base = {
        "request_id": f"L{n:03d}", "member_id": f"l{n}", "region": "liege", "formats": frozenset({"video"}),
        "cross_region": False, "slots": TUESDAY, "interests": frozenset({"cooking"}), "languages": frozenset(),
        "birth_year": 1996, "french_level": "A2", "waited_days": 10.0,
    }  # fmt: skip
    return Learner(**{**base, **changes})


def volunteer(n, **changes) -> Volunteer:
    base = {
        "request_id": f"V{n:03d}", "member_id": f"v{n}", "region": "liege", "formats": frozenset({"video"}),
        "cross_region": False, "slots": TUESDAY, "interests": frozenset({"cooking"}), "languages": frozenset(),
        "birth_year": 1991,
    }  # fmt: skip
    return Volunteer(**{**base, **changes})


def pairs(proposals) -> set[tuple[str, str]]:
    return {(p.learner_request_id, p.volunteer_request_id) for p in proposals}


def test_a_plain_pair_is_feasible_and_proposed():
    """The baseline every exclusion below departs from by one attribute."""
    assert feasible(learner(1), volunteer(1), now_year=NOW)
    assert pairs(match([learner(1)], [volunteer(1)], now_year=NOW)) == {("L001", "V001")}


@pytest.mark.parametrize(
    ("learner_change", "volunteer_change", "forbidden"),
    [
        pytest.param({}, {"slots": frozenset({TUESDAY_19 + 2})}, (), id="no common half hour"),
        pytest.param({"formats": frozenset({"in_person"})}, {}, (), id="no common format"),
        pytest.param(
            {"formats": frozenset({"in_person"})},
            {"formats": frozenset({"in_person"}), "region": "brussels"},
            (),
            id="in person across regions",
        ),
        pytest.param({"cross_region": True}, {"region": "brussels"}, (), id="video across regions, one refuses"),
        pytest.param({"gender_preference": "f"}, {"gender": "m"}, (), id="learner's gender preference"),
        pytest.param({"gender": "m"}, {"gender_preference": "f"}, (), id="volunteer's gender preference"),
        pytest.param({"age_range": (18, 30)}, {}, (), id="learner's age range"),  # the volunteer is 35
        pytest.param({}, {"age_range": (40, 70)}, (), id="volunteer's age range"),  # the learner is 30
        pytest.param({}, {}, (("l1", "v1"),), id="pair that ended badly"),
        pytest.param({"member_id": "same"}, {"member_id": "same"}, (), id="same member"),
    ],
)
def test_each_hard_constraint_excludes_the_pair(learner_change, volunteer_change, forbidden):
    a, x = learner(1, **learner_change), volunteer(1, **volunteer_change)
    barred = frozenset(forbidden)
    assert not feasible(a, x, barred, NOW)
    assert match([a], [x], forbidden=barred, now_year=NOW) == []


@pytest.mark.parametrize(
    ("learner_change", "volunteer_change"),
    [
        pytest.param({"slots": frozenset({TUESDAY_19 + 1, 300})}, {}, id="one common half hour is enough"),
        pytest.param({"formats": IN_PERSON}, {"formats": BOTH}, id="one common format"),
        pytest.param({"cross_region": True}, {"region": "brussels", "cross_region": True}, id="across regions, both"),
        pytest.param({"gender_preference": "f"}, {"gender": "f"}, id="gender preference met"),
        pytest.param({"age_range": (35, 35)}, {"age_range": (30, 30)}, id="age ranges are inclusive"),
    ],
)
def test_the_constraints_let_through_what_they_should(learner_change, volunteer_change):
    a, x = learner(1, **learner_change), volunteer(1, **volunteer_change)
    assert feasible(a, x, now_year=NOW)
    assert pairs(match([a], [x], now_year=NOW)) == {("L001", "V001")}


def test_a_volunteer_takes_no_more_learners_than_places():
    learners = [learner(i) for i in range(5)]
    for places in (1, 2, 3):
        proposals = match(learners, [volunteer(1, places=places)], now_year=NOW)
        assert len(proposals) == places
        assert len({p.learner_request_id for p in proposals}) == places


def test_the_global_optimum_beats_first_come():
    """A (first in line) likes X better than Y; B can only meet X. First come, A takes X and B stays
    alone; the optimum pairs A with Y and B with X."""
    a = learner(1, interests=frozenset({"cooking", "music", "chess"}))
    b = learner(2, slots=frozenset({TUESDAY_19}))
    x = volunteer(1, interests=frozenset({"cooking", "music", "chess"}))
    y = volunteer(2, slots=frozenset({TUESDAY_19 + 1}))
    assert score(a, x, now_year=NOW)[0] > score(a, y, now_year=NOW)[0]
    assert not feasible(b, y, now_year=NOW)
    assert pairs(match([a, b], [x, y], now_year=NOW)) == {("L001", "V002"), ("L002", "V001")}


def test_a_long_wait_rises_in_priority():
    """Two learners alike but for their wait, one place: the one who waited longer gets it, even though
    the other comes first in request order."""
    early = learner(1, waited_days=3.0)
    patient = learner(2, waited_days=60.0)
    (proposal,) = match([early, patient], [volunteer(1)], now_year=NOW)
    assert proposal.learner_request_id == "L002"
    assert "waited 60 days" in proposal.reasons


def test_the_wait_counts_up_to_its_cap():
    capped = Weights(waiting=1.0, waiting_cap_days=30)

    def after(days: float) -> float:
        return score(learner(1, waited_days=days), volunteer(1), capped)[0]

    assert after(200.0) == after(30.0) == after(29.0) + 1.0


def test_reasons_say_why():
    a = learner(1, interests=frozenset({"football", "cooking", "chess"}), languages=frozenset({"ar", "en"}))
    a = replace(a, waited_days=23.4)
    x = volunteer(1, interests=frozenset({"cooking", "football", "yoga"}), languages=frozenset({"ar", "nl"}))
    (proposal,) = match([a], [x], now_year=NOW)
    assert proposal.reasons[0] == "2 shared interests: cooking, football"
    assert "both free Tuesday 19:00-20:00" in proposal.reasons
    assert "shared language: ar" in proposal.reasons
    assert "French level A2: a shared language helps" in proposal.reasons
    assert "waited 23 days" in proposal.reasons
    assert "age gap 5 years" in proposal.reasons
    assert (proposal.learner_id, proposal.volunteer_id) == ("l1", "v1")
    assert proposal.score == score(a, x, now_year=NOW)[0]


def test_the_score_formula():
    """base 1 + 2 interests + age (50 - 5) / 10 * 0.5 + language (1 + 1/3 at A2) + 10 days * 0.05."""
    a = learner(1, interests=frozenset({"cooking", "music"}), languages=frozenset({"ar"}))
    x = volunteer(1, interests=frozenset({"cooking", "music"}), languages=frozenset({"ar"}))
    assert score(a, x, now_year=NOW)[0] == pytest.approx(1 + 2 + 2.25 + 1.33 + 0.5)
    far = replace(x, birth_year=1900, interests=frozenset(), languages=frozenset())
    assert score(a, far, now_year=NOW)[0] == pytest.approx(1 + 0.5)  # every feasible pair is worth > 0


def test_each_score_term_is_rounded_to_the_hundredth():
    """As documented, each term on its own: with shared_language 1.125 and level_fit 0.125 (an A0
    learner), 1.12 + 0.12 (half to even), not the two rounded together (1.25); the engine counts the same."""
    weights = Weights(shared_language=1.125, level_fit=0.125)
    a = learner(1, french_level="A0", languages=frozenset({"ar"}))
    x = volunteer(1, languages=frozenset({"ar"}))
    terms = (1.0, 1.0, 0.5 * (50 - 5) / 10, 1.125, 0.125 * 1.0, 0.05 * 10)  # base, interest, age, the two, wait
    assert [round(term * 100) for term in terms] == [100, 100, 225, 112, 12, 50]
    assert score(a, x, weights, NOW)[0] == 5.99
    engine = matching._Engine([a], [x], weights, frozenset(), NOW)
    assert engine.edges()[2].tolist() == [599]
    (proposal,) = match([a], [x], weights, now_year=NOW)
    assert proposal.score == 5.99


def test_any_number_of_shared_interests_counts_up_to_the_cap():
    """The engine states no limit on interests: 128 shared ones count as interests_cap (3), more than one
    shared interest (an 8-bit count once wrapped to 0 at 128, and the engine chose the other volunteer)."""
    many = frozenset(f"interest {k:03d}" for k in range(128))
    a = learner(1, interests=many)
    rich = volunteer(1, interests=many)
    plain = volunteer(2, interests=frozenset({"interest 000"}))
    assert score(a, rich, now_year=NOW)[0] == score(a, plain, now_year=NOW)[0] + 2
    (proposal,) = match([a], [rich, plain], now_year=NOW)
    assert proposal.volunteer_request_id == "V001"
    assert proposal.reasons[0].startswith("128 shared interests: interest 000, interest 001")


def test_forbidden_pairs_are_never_proposed():
    learners, volunteers = random_instance(random.Random(7), 30, 20)
    first = match(learners, volunteers, now_year=NOW)
    barred = frozenset((p.learner_id, p.volunteer_id) for p in first[::2])
    assert barred
    again = match(learners, volunteers, forbidden=barred, now_year=NOW)
    assert not {(p.learner_id, p.volunteer_id) for p in again} & barred
    assert total(again) == pytest.approx(dense_optimum(learners, volunteers, barred))


def test_the_same_requests_in_any_order_give_the_same_proposals():
    learners, volunteers = random_instance(random.Random(3), 40, 25)
    reference = match(learners, volunteers, now_year=NOW)
    shuffler = random.Random(1)
    shuffler.shuffle(learners)
    shuffler.shuffle(volunteers)
    assert match(learners, volunteers, now_year=NOW) == reference


def test_weights_come_from_configuration_and_typos_are_refused():
    assert Weights.from_mapping({"interests": 2, "waiting": 0.1}) == Weights(interests=2, waiting=0.1)
    with pytest.raises(ValueError, match="'intrests'"):
        Weights.from_mapping({"intrests": 2})
    with pytest.raises(ValueError, match="'waiting'"):
        Weights.from_mapping({"waiting": -1})
    with pytest.raises(ValueError, match="'base'"):
        Weights(base=0)


# ---------------------------------------------------------------------------------------------------
# Against brute force: the vectorised pairs, and the optimum of a dense assignment.

INTERESTS = ("cooking", "football", "music", "walking", "reading", "cinema", "dance", "chess")
LANGUAGES = ("ar", "en", "fa", "uk", "es")


def random_instance(rng: random.Random, n_learners: int, n_volunteers: int):
    def common(i: int, side: str) -> dict:
        day = rng.randrange(3)
        start = day * 48 + rng.randrange(36, 42)
        return {
            "request_id": f"{side}{i:04d}",
            "member_id": f"{side.lower()}{i}" if rng.random() > 0.02 else "m-both",
            "region": rng.choice(("liege", "liege", "brussels")),
            "formats": rng.choice((frozenset({"video"}), frozenset({"in_person"}), frozenset({"video", "in_person"}))),
            "cross_region": rng.random() < 0.4,
            "slots": frozenset(range(start, start + rng.randrange(1, 6))) | {rng.randrange(336)},
            "interests": frozenset(rng.sample(INTERESTS, rng.randrange(0, 5))),
            "languages": frozenset(rng.sample(LANGUAGES, rng.randrange(0, 3))),
            "birth_year": rng.randrange(1950, 2008),
            "gender": rng.choice(("f", "m", None)),
            "gender_preference": rng.choice((None,) * 8 + ("f", "m")),
            "age_range": rng.choice((None,) * 6 + ((18, 40), (30, 80))),
        }

    learners = [
        Learner(
            **common(i, "L"), french_level=rng.choice(("A0", "A1", "A2", "B1", "B2")), waited_days=rng.uniform(0, 120)
        )
        for i in range(n_learners)
    ]
    volunteers = [Volunteer(**common(i, "V"), places=rng.choice((1, 1, 2, 3))) for i in range(n_volunteers)]
    return learners, volunteers


def dense_scores(learners, volunteers, forbidden=frozenset(), weights=None):
    """learners x volunteer places, 0 where infeasible (an infeasible pair = both unmatched)."""
    weights = weights or Weights()
    places = [v for v in volunteers for _ in range(v.places)]
    matrix = np.zeros((len(learners), len(places)))
    for i, a in enumerate(learners):
        for j, x in enumerate(places):
            if feasible(a, x, forbidden, NOW):
                matrix[i, j] = score(a, x, weights, NOW)[0]
    return matrix


def dense_optimum(learners, volunteers, forbidden=frozenset(), weights=None) -> float:
    matrix = dense_scores(learners, volunteers, forbidden, weights)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def total(proposals) -> float:
    return sum(p.score for p in proposals)


def check_proposals(proposals, learners, volunteers, forbidden=frozenset(), weights=None):
    weights = weights or Weights()
    by_id = {p.request_id: p for p in [*learners, *volunteers]}
    assert len({p.learner_request_id for p in proposals}) == len(proposals)
    taken: dict[str, int] = {}
    for p in proposals:
        a, x = by_id[p.learner_request_id], by_id[p.volunteer_request_id]
        assert feasible(a, x, forbidden, NOW)
        assert p.score == score(a, x, weights, NOW)[0]
        taken[x.request_id] = taken.get(x.request_id, 0) + 1
        assert taken[x.request_id] <= x.places


def test_the_vectorised_pairs_are_the_rules_pairs():
    learners, volunteers = random_instance(random.Random(11), 80, 60)
    barred = frozenset({(learners[0].member_id, volunteers[0].member_id), (learners[5].member_id, "v9")})
    engine = matching._Engine(learners, volunteers, Weights(), barred, NOW)
    row, col, value = engine.edges()
    found = {
        (engine.L.people[i].request_id, engine.V.people[j].request_id): v
        for i, j, v in zip(row.tolist(), col.tolist(), value.tolist(), strict=True)
    }
    expected = {
        (a.request_id, x.request_id): round(score(a, x, now_year=NOW)[0] * 100)
        for a in learners
        for x in volunteers
        if feasible(a, x, barred, NOW)
    }
    assert 200 < len(expected) < 80 * 60  # some pairs feasible, not all
    assert found == expected


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("n_learners", "n_volunteers"), [(30, 18), (45, 12), (15, 30)])
def test_the_optimum_is_the_dense_assignments(seed, n_learners, n_volunteers):
    """Same total as scipy's linear_sum_assignment on the dense learners x places matrix (30 x ~30,
    more learners than places, more places than learners)."""
    learners, volunteers = random_instance(random.Random(seed), n_learners, n_volunteers)
    proposals = match(learners, volunteers, now_year=NOW)
    check_proposals(proposals, learners, volunteers)
    assert total(proposals) == pytest.approx(dense_optimum(learners, volunteers), abs=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_the_multilevel_solve_is_exact_too(monkeypatch, seed):
    """Large instances are solved by levels (a sample first, then working graphs checked by duality);
    forced here on a small one, against the dense optimum."""
    monkeypatch.setattr(solver, "BASE", 10)
    monkeypatch.setattr(solver, "KEEP", 2)
    monkeypatch.setattr(solver, "NEAR", 5)
    learners, volunteers = random_instance(random.Random(100 + seed), 120, 70)
    weights = Weights(waiting=0.013, age_gap=0.7)
    engine = matching._Engine(learners, volunteers, weights, frozenset(), NOW)
    proposals = engine.proposals(engine.solve())
    levels = engine.stats["levels"]
    assert len(levels) > 2 and max(level["rounds"] for level in levels) > 1
    check_proposals(proposals, learners, volunteers, weights=weights)
    assert total(proposals) == pytest.approx(dense_optimum(learners, volunteers, weights=weights), abs=1e-9)


def test_nobody_to_match():
    assert match([], [volunteer(1)]) == []
    assert match([learner(1)], []) == []
    assert match([learner(1)], [volunteer(1, places=0)]) == []


@pytest.mark.parametrize("seed", range(4))
def test_a_preferred_matching_only_breaks_ties(seed):
    """The square solve with a preferred matching (costs scaled, the preferred pairs 1 cheaper) reaches
    the same optimum as without, whatever the preferred matching: the previous round's, or any other."""
    learners, volunteers = random_instance(random.Random(200 + seed), 60, 35)
    engine = matching._Engine(learners, volunteers, Weights(), frozenset(), NOW)
    row, col, value = engine.edges()
    b_solver = solver._Solver(engine.L.n, engine.V.n, engine.places, {"levels": []})
    V = np.zeros(engine.V.n, np.int32)
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    u = b_solver.best(row, col, value, V, starts)

    def total_of(volunteer_of):
        assert (np.bincount(volunteer_of[volunteer_of >= 0], minlength=engine.V.n) <= engine.places).all()
        return int(value[volunteer_of[row] == col].sum())

    best = total_of(b_solver.assign_cold(row, col, value))
    assert total_of(b_solver.assign_mirror(row, col, value, u, V)) == best
    rng = np.random.default_rng(seed)
    for _ in range(3):  # arbitrary feasible matchings, usually far from optimal
        prefer = np.full(engine.L.n, -1, dtype=np.int64)
        free = engine.places.copy()
        for e in rng.permutation(len(row)):
            if prefer[row[e]] < 0 and free[col[e]] > 0 and rng.random() < 0.5:
                prefer[row[e]] = col[e]
                free[col[e]] -= 1
        assert total_of(b_solver.assign_mirror(row, col, value, u, V, prefer)) == best
    optimum = b_solver.assign_cold(row, col, value)
    assert total_of(b_solver.assign_mirror(row, col, value, u, V, optimum)) == best


@pytest.mark.parametrize("seed", range(4))
def test_the_multilevel_solve_with_preferred_matchings_is_exact(monkeypatch, seed):
    """Every round after a level's first breaks ties towards the previous round's matching: still the
    dense optimum."""
    monkeypatch.setattr(solver, "BASE", 10)
    monkeypatch.setattr(solver, "KEEP", 2)
    monkeypatch.setattr(solver, "NEAR", 5)
    monkeypatch.setattr(solver, "PREFER", 1e9)
    learners, volunteers = random_instance(random.Random(300 + seed), 120, 70)
    weights = Weights(waiting=0.017, interests=1.3)
    engine = matching._Engine(learners, volunteers, weights, frozenset(), NOW)
    proposals = engine.proposals(engine.solve())
    levels = engine.stats["levels"]
    assert max(level["rounds"] for level in levels) > 1
    check_proposals(proposals, learners, volunteers, weights=weights)
    assert total(proposals) == pytest.approx(dense_optimum(learners, volunteers, weights=weights), abs=1e-9)
