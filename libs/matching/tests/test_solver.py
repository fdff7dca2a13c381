"""The b-matching solver alone, on generic instances (no learners, no volunteers): against scipy's dense
linear_sum_assignment with the capacities expanded into one column per place."""

import ast
import inspect

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from interra_matching import MAX_SCORE, match_pairs, max_score_matching, solver


def instance(seed: int, n_left: int, n_right: int, density: float, top: int, zero_capacity: bool = False):
    """Random pairs (sorted by left, at most one per (left, right)), scores 1..top, capacities 1-3
    (some 0 if zero_capacity)."""
    rng = np.random.default_rng(seed)
    capacity = rng.choice([1, 1, 2, 3], size=n_right)
    if zero_capacity:
        capacity[rng.random(n_right) < 0.2] = 0
    mask = rng.random((n_left, n_right)) < density
    left, right = np.nonzero(mask)
    score = rng.integers(1, top + 1, size=len(left))
    return capacity, left, right, score


def dense_optimum(n_left, capacity, left, right, score) -> int:
    """The optimum of the left x places matrix (0 where no pair: every score is positive, so a 0 entry
    is "both unmatched")."""
    first = np.concatenate(([0], np.cumsum(capacity)))
    matrix = np.zeros((n_left, int(first[-1])))
    for i, j, s in zip(left.tolist(), right.tolist(), score.tolist(), strict=True):
        matrix[i, first[j] : first[j + 1]] = s
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return int(matrix[rows, cols].sum())


def total(right_of, capacity, left, right, score) -> int:
    """The chosen pairs' total, after checking the matching: given pairs only, capacities kept."""
    assert right_of.dtype == np.int64
    chosen = right_of[left] == right
    assert chosen.sum() == (right_of >= 0).sum()  # every matched left's partner is one of its pairs
    assert (np.bincount(right_of[right_of >= 0], minlength=len(capacity)) <= capacity).all()
    return int(score[chosen].sum())


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize(
    ("n_left", "n_right", "density", "top"),
    [
        (40, 25, 0.3, 1000),  # about as many places as left vertices
        (60, 10, 0.5, 1000),  # more left vertices than places
        (15, 40, 0.2, 1000),  # more places than left vertices
        (50, 30, 0.4, 3),  # many ties
        (30, 20, 0.05, 100),  # sparse: many left vertices without a pair
    ],
)
def test_the_optimum_is_the_dense_assignments(seed, n_left, n_right, density, top):
    capacity, left, right, score = instance(seed, n_left, n_right, density, top)
    right_of = max_score_matching(n_left, capacity, left, right, score)
    assert total(right_of, capacity, left, right, score) == dense_optimum(n_left, capacity, left, right, score)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("prefer", [solver.PREFER, 1e9])
def test_the_multilevel_solve_is_exact(monkeypatch, seed, prefer):
    """Levels (a sample's prices, working graphs checked by duality, ties towards the previous round's
    matching with a large PREFER), forced on a small instance."""
    monkeypatch.setattr(solver, "BASE", 10)
    monkeypatch.setattr(solver, "KEEP", 2)
    monkeypatch.setattr(solver, "NEAR", 5)
    monkeypatch.setattr(solver, "PREFER", prefer)
    capacity, left, right, score = instance(10 + seed, 150, 80, 0.25, 500, zero_capacity=True)
    stats: dict = {}
    right_of = max_score_matching(150, capacity, left, right, score, stats=stats)
    assert len(stats["levels"]) > 2 and max(level["rounds"] for level in stats["levels"]) > 1
    assert total(right_of, capacity, left, right, score) == dense_optimum(150, capacity, left, right, score)


def test_the_largest_scores_are_exact():
    capacity, left, right, score = instance(3, 30, 20, 0.4, 10)
    score = MAX_SCORE - score  # up to MAX_SCORE - 1
    right_of = max_score_matching(30, capacity, left, right, score)
    assert total(right_of, capacity, left, right, score) == dense_optimum(30, capacity, left, right, score)


def test_right_vertices_without_places_take_no_one():
    capacity, left, right, score = instance(4, 40, 30, 0.3, 100, zero_capacity=True)
    assert (capacity == 0).any()
    right_of = max_score_matching(40, capacity, left, right, score)
    assert not (capacity[right_of[right_of >= 0]] == 0).any()
    assert total(right_of, capacity, left, right, score) == dense_optimum(40, capacity, left, right, score)


def test_pairs_in_any_order_give_an_optimum_and_the_same_input_the_same_answer():
    capacity, left, right, score = instance(5, 50, 30, 0.3, 20)
    reference = max_score_matching(50, capacity, left, right, score)
    assert np.array_equal(max_score_matching(50, capacity, left, right, score), reference)
    order = np.random.default_rng(0).permutation(len(left))
    shuffled = max_score_matching(50, capacity, left[order], right[order], score[order])
    best = dense_optimum(50, capacity, left, right, score)
    assert total(shuffled, capacity, left, right, score) == total(reference, capacity, left, right, score) == best


def test_nothing_to_match():
    empty = np.zeros(0, np.int64)
    assert max_score_matching(0, [1, 2], empty, empty, empty).tolist() == []
    assert max_score_matching(3, [], empty, empty, empty).tolist() == [-1, -1, -1]
    assert max_score_matching(2, [1], empty, empty, empty).tolist() == [-1, -1]
    assert max_score_matching(2, [0], [0, 1], [0, 0], [5, 6]).tolist() == [-1, -1]


def test_the_best_total_wins_over_each_ones_best():
    """Left 0 prefers right 1 (6 > 5), but right 1 has one place and left 1 can only go there: 5 + 9 > 6.
    Left 2 only has right 1 too and stays unmatched (1 < 9)."""
    right_of = max_score_matching(3, [2, 1], [0, 0, 1, 2], [0, 1, 1, 1], [5, 6, 9, 1])
    assert right_of.tolist() == [0, 1, -1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2, [1], [0], [0], [0]), "scores"),
        ((2, [1], [0], [0], [MAX_SCORE]), "scores"),
        ((2, [1], [2], [0], [1]), "out of range"),
        ((2, [1], [0], [1], [1]), "out of range"),
        ((2, [1], [0, 1], [0], [1]), "one entry per pair"),
        ((2, [1], [0], [0], [1.5]), "integer"),
        ((2, [-1], [0], [0], [1]), "capacity"),
    ],
)
def test_input_outside_the_problem_is_refused(args, message):
    with pytest.raises(ValueError, match=message):
        max_score_matching(*args)


def test_ids_in_pairs_out():
    """What another programme would call: entrepreneurs x mentors with capacities, scored pairs."""
    chosen = match_pairs(
        ["ada", "bob", "cyd"],
        {"m1": 1, "m2": 2},
        [("ada", "m1", 10), ("ada", "m2", 7), ("bob", "m1", 9), ("cyd", "m2", 3)],
    )
    assert chosen == [("ada", "m2"), ("bob", "m1"), ("cyd", "m2")]
    with pytest.raises(ValueError, match="unknown id"):
        match_pairs(["ada"], {"m1": 1}, [("ada", "m9", 1)])
    with pytest.raises(ValueError, match="twice"):
        match_pairs(["ada"], {"m1": 1}, [("ada", "m1", 1), ("ada", "m1", 2)])


def test_the_solver_knows_nothing_of_any_programme():
    """Reusable as is: it imports only the standard library, numpy and scipy."""
    tree = ast.parse(inspect.getsource(solver))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name.split(".")[0] for name in imported} <= {"collections", "numpy", "scipy"}
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {node.arg for node in ast.walk(tree) if isinstance(node, ast.arg)}
    names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.ClassDef)}
    assert len(names) > 50
    assert not [name for name in names if any(word in name.lower() for word in ("learner", "volunteer", "region"))]
