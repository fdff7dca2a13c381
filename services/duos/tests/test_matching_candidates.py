"""Candidate pairs alone: the vectorised pass gives exactly the pairs and scores of the plain rules."""

import itertools
import random
from dataclasses import replace

import numpy as np
import pytest

from duos.matching import Weights, candidates, feasible, score
from duos.matching.candidates import Candidates, format_key, keys_fit, volunteer_ranges
from duos.matching.rules import formats_fit

from .test_matching import learner, random_instance, volunteer

NOW = 2026


def edges_by_ids(found: Candidates) -> dict[tuple[str, str], int]:
    row, col, value = found.edges()
    assert row.dtype == col.dtype == value.dtype == np.int32
    assert (np.diff(row) >= 0).all()  # by learner
    return {
        (found.L.people[i].request_id, found.V.people[j].request_id): v
        for i, j, v in zip(row.tolist(), col.tolist(), value.tolist(), strict=True)
    }


def rules_pairs(learners, volunteers, weights, barred=frozenset()) -> dict[tuple[str, str], int]:
    return {
        (a.request_id, x.request_id): round(score(a, x, weights, NOW)[0] * 100)
        for a in learners
        for x in volunteers
        if x.places > 0 and feasible(a, x, barred, NOW)
    }


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    "weights",
    [
        Weights(),
        Weights(shared_language=1.125, level_fit=0.125, age_gap=0.333, waiting=0.017, interests=1.005),
        Weights(interests_cap=0, level_fit=0.0),
        Weights(interests_cap=20, shared_language=0.004, level_fit=0.006),
    ],
)
def test_the_vectorised_pairs_are_the_rules_pairs(seed, weights):
    learners, volunteers = random_instance(random.Random(500 + seed), 70, 50)
    volunteers[3] = replace(volunteers[3], places=0)  # no place left: no pair
    barred = frozenset({(learners[1].member_id, volunteers[2].member_id)})
    found = edges_by_ids(Candidates(learners, volunteers, weights, barred, NOW))
    assert found == rules_pairs(learners, volunteers, weights, barred)


def test_many_slots_interests_and_languages_span_several_words():
    """More than 64 of each that both sides use: bitsets of several 64-bit words."""
    rng = random.Random(9)
    many_interests = [f"i{k}" for k in range(200)]
    many_languages = [f"l{k}" for k in range(150)]
    learners, volunteers = random_instance(rng, 40, 30)

    def widen(person):
        return replace(
            person,
            slots=frozenset(rng.sample(range(336), 30)),
            interests=frozenset(rng.sample(many_interests, rng.randrange(0, 150))),
            languages=frozenset(rng.sample(many_languages, rng.randrange(0, 60))),
        )

    learners, volunteers = [widen(p) for p in learners], [widen(p) for p in volunteers]
    weights = Weights(interests_cap=20, interests=0.5)
    found = Candidates(learners, volunteers, weights, frozenset(), NOW)
    assert found.L.avail.shape[0] > 1 and found.L.interests.shape[0] > 1 and found.L.languages.shape[0] > 1
    assert edges_by_ids(found) == rules_pairs(learners, volunteers, weights)


@pytest.mark.parametrize("shared", [0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 300])
def test_every_count_of_shared_interests_counts_up_to_the_cap(shared):
    """No wrap of the count (it was an 8-bit integer, wrapping at 128 once doubled)."""
    common = {f"common {k:03d}" for k in range(shared)}
    a = learner(1, interests=frozenset(common | {"only the learner's"}))
    x = volunteer(1, interests=frozenset(common | {"only the volunteer's"}))
    for cap in (3, 20):
        weights = Weights(interests_cap=cap)
        found = edges_by_ids(Candidates([a], [x], weights, frozenset(), NOW))
        assert found == {("L001", "V001"): round(score(a, x, weights, NOW)[0] * 100)}
        nothing_shared = round(score(replace(a, interests=frozenset()), x, weights, NOW)[0] * 100)
        assert found["L001", "V001"] == nothing_shared + 100 * min(shared, cap)


def test_format_classes_meet_as_the_rules_say():
    """keys_fit on the sort keys is formats_fit on the people, for every combination."""
    formats = [frozenset(), frozenset({"video"}), frozenset({"in_person"}), frozenset({"video", "in_person"})]
    people = [
        learner(0, region=region, formats=f, cross_region=cross)
        for region, f, cross in itertools.product(("liege", "brussels"), formats, (False, True))
    ]
    for a, b in itertools.product(people, people):
        assert keys_fit(format_key(a), format_key(b)) == formats_fit(a, b), (a, b)


def test_each_learner_class_gets_the_volunteer_ranges_it_may_meet():
    learners, volunteers = random_instance(random.Random(21), 60, 60)
    found = Candidates(learners, volunteers, Weights(), frozenset(), NOW)
    ranges = volunteer_ranges(found.L.keys, found.V.keys)
    for fkey, _ in found.L.keys:
        covered = {j for start, end in ranges[fkey] for j in range(start, end)}
        assert covered == {j for j, vkey in enumerate(found.V.keys) if keys_fit(fkey, vkey)}
        assert all(end < start2 for (_, end), (start2, _) in itertools.pairwise(ranges[fkey]))  # merged


def test_runs_of_equal_keys():
    assert candidates.runs(["a", "a", "b", "a"]) == [(0, 2, "a"), (2, 3, "b"), (3, 4, "a")]
    assert candidates.runs([]) == []


@pytest.mark.parametrize(
    ("people", "message"),
    [
        (([learner(1), learner(1)], [volunteer(1)]), "unique"),
        (([learner(1, french_level="Z9")], [volunteer(1)]), "French level"),
        (([learner(1)], [volunteer(1, slots=frozenset({336}))]), "slots"),
        (([learner(1, slots=frozenset({1.5}))], [volunteer(1)]), "slots"),
    ],
)
def test_input_the_engine_cannot_take_is_refused(people, message):
    with pytest.raises(ValueError, match=message):
        Candidates(*people, Weights(), frozenset(), NOW)
