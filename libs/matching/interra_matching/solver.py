"""Exact maximum-score bipartite b-matching, generic: numpy arrays in, the chosen pairs out.

It knows nothing of who is matched (Duo-Langue's learners and volunteers, InterLab's entrepreneurs and
mentors, ...): only indexes, capacities and integer scores.

Problem. Left vertices 0..n_left-1, each in at most one pair; right vertices 0..n_right-1, vertex j in
at most capacity[j] pairs; scored pairs (left[e], right[e], score[e]), integer scores 1..MAX_SCORE-1, at
most one per (left, right). Find a set of pairs of maximum total score within those limits. Every score
is positive, so no augmenting pair is ever left out: a vertex stays unmatched only if it cannot be
matched without giving up as much score elsewhere.

Guarantees.
- Exact: the result is an optimum of the whole instance, proved for every answer (not assumed): the
  solver computes integer dual values (u per left, V per right, u, V >= 0, V_j = 0 if j has a free place,
  u_i = 0 if i is unmatched, u_i + V_j = score on the chosen pairs) and checks u_i + V_j >= score on every
  given pair; by LP duality (the b-matching polytope of a bipartite graph is integral) no matching scores
  more. The check is in integers, so there is no rounding anywhere.
- Feasible: each left in at most one chosen pair, each right in at most its capacity, only given pairs.
- Deterministic: the same arrays (in the same order) give the same pairs; ties go the same way every time.
- No threads of its own, no I/O; CPU-bound (seconds for ten million pairs), memory a few times the input.

Method. A (sub)problem with at most BASE left vertices is solved directly on all its pairs:
scipy.sparse.csgraph.min_weight_full_bipartite_matching (LAPJVsp) on a sparse matrix of one column per
right place (capacity copies) and one "stays unmatched" column per left, costs (max score + 1 - score),
or that constant for staying unmatched, so that the least cost is the greatest total score. A larger
level first solves a random 1/SAMPLE of its left and right vertices (recursively) for dual values
(prices), extends them to everyone, and then works on a small graph: each left's KEEP pairs of smallest
reduced cost. Each round solves the working graph exactly with LAPJVsp in square form (every left an
"unmatched" column, every place an "empty" row, each pair a mirror entry between them, so that any
matching completes at the same cost), costs reduced by the current dual values so that its initial
phases do most of the work, and, once few violated pairs joined (PREFER), ties broken towards the previous
round's matching (costs times size + 1, that matching's entries 1 cheaper: a full matching changes by less
than one unscaled unit, so a perturbed optimum is a real one, and LAPJVsp's column reduction starts from
that matching instead of arbitrary ties, which cost it a search per free row); computes the optimal dual
values of that solution (the smallest V, by a monotone fixpoint); and checks every pair of the level: if
u_i + V_j >= s_ij everywhere, the matching is optimal on the whole level, else each left's most violated
pairs join the working graph and the round repeats.

Use: max_score_matching(n_left, capacity, left, right, score) on arrays, or match_pairs(...) on ids.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

MAX_SCORE = 1 << 28
"""Scores are below this (int32 arithmetic with room for sums of two)."""
BASE = 800
"""A (sub)problem with at most this many left vertices is solved directly on all its pairs."""
SAMPLE = 4
"""Each level of the multilevel solve first solves 1/SAMPLE of its left and right vertices."""
NEAR = 50
"""Pairs within this reduced cost of tight are kept in the working graph."""
KEEP = 128
"""Pairs of smallest reduced cost kept per left in a level's first working graph (up to NEAR_MAX)."""
NEAR_MAX = 160
ADD_PER_ROW = 4
"""Most violated pairs of a left vertex added to the working graph per round."""
PREFER = 5.0
"""A round breaks ties towards the previous round's matching when at most PREFER violated pairs per
left vertex joined the working graph (far from the optimum, ties left to LAPJVsp are faster)."""


def max_score_matching(
    n_left: int, capacity: ArrayLike, left: ArrayLike, right: ArrayLike, score: ArrayLike, *, stats: dict | None = None
) -> np.ndarray:
    """The right vertex of each left vertex in a maximum-score b-matching, -1 if unmatched (int64, n_left).

    capacity: places per right vertex (n_right integers >= 0). left, right, score: one entry per scored
    pair (integer arrays of one length; score in 1..MAX_SCORE-1; at most one pair per (left, right));
    fastest sorted by left. stats, if given, receives what the solve did ("levels": one dict per level).
    ValueError on input outside these bounds. See the module's docstring for the guarantees."""
    capacity = np.asarray(capacity, dtype=np.int64).reshape(-1)
    left, right, score = _checked(n_left, capacity, left, right, score)
    if stats is not None:
        stats.setdefault("levels", [])
    if not n_left or not len(capacity) or not len(left):
        return np.full(n_left, -1, dtype=np.int64)
    solver = _Solver(n_left, len(capacity), capacity, stats if stats is not None else {"levels": []})
    right_of, _, _ = solver.level(np.arange(n_left), np.arange(len(capacity)), left, right, score, 0)
    return right_of


def match_pairs(
    left_ids: Sequence[Hashable],
    capacities: Mapping[Hashable, int],
    pairs: Iterable[tuple[Hashable, Hashable, int]],
) -> list[tuple[Hashable, Hashable]]:
    """The chosen (left id, right id) pairs of a maximum-score b-matching, in left_ids order: each left
    in at most one pair, each right in at most capacities[right] (a convenience over max_score_matching).
    pairs: (left id, right id, integer score), ids among left_ids and capacities."""
    left_index = {key: i for i, key in enumerate(left_ids)}
    right_ids = list(capacities)
    right_index = {key: j for j, key in enumerate(right_ids)}
    if len(left_index) != len(left_ids):
        raise ValueError("left ids must be unique")
    edges: dict[tuple[int, int], int] = {}
    for a, b, value in pairs:
        if a not in left_index or b not in right_index:
            raise ValueError(f"pair ({a!r}, {b!r}): unknown id")
        if (left_index[a], right_index[b]) in edges:
            raise ValueError(f"pair ({a!r}, {b!r}) given twice")
        if value != int(value):
            raise ValueError(f"pair ({a!r}, {b!r}): the score must be a whole number, got {value!r}")
        edges[left_index[a], right_index[b]] = int(value)
    ordered = sorted(edges.items())
    i = np.array([ij[0] for ij, _ in ordered], dtype=np.int64)
    j = np.array([ij[1] for ij, _ in ordered], dtype=np.int64)
    s = np.array([value for _, value in ordered], dtype=np.int64)
    right_of = max_score_matching(len(left_ids), [capacities[key] for key in right_ids], i, j, s)
    return [(left_ids[a], right_ids[b]) for a, b in enumerate(right_of.tolist()) if b >= 0]


def _checked(
    n_left: int, capacity: np.ndarray, left: ArrayLike, right: ArrayLike, score: ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs as int32 arrays ready for _Solver (_prepared); ValueError on input outside the problem's
    bounds."""
    arrays = [np.asarray(x).reshape(-1) for x in (left, right, score)]
    if len({len(x) for x in arrays}) != 1:
        raise ValueError("left, right and score must have one entry per pair")
    if any(x.size and not np.issubdtype(x.dtype, np.integer) for x in arrays):
        raise ValueError("left, right and score must be integer arrays")
    if n_left < 0 or n_left >= 1 << 23 or len(capacity) >= 1 << 31 or (capacity < 0).any():
        raise ValueError("n_left must be in 0..2**23-1 and every capacity >= 0")
    left, right, score = arrays
    if left.size:
        if left.min() < 0 or left.max() >= n_left or right.min() < 0 or right.max() >= len(capacity):
            raise ValueError("pair indexes out of range")
        if score.min() < 1 or score.max() >= MAX_SCORE:
            raise ValueError(f"scores must be whole numbers in 1..{MAX_SCORE - 1}")
    return _prepared(capacity, *(x.astype(np.int32, copy=False) for x in (left, right, score)))


def _prepared(capacity: np.ndarray, left, right, score) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Without the pairs of right vertices with no place, sorted by left (stable) if they were not."""
    if (capacity == 0).any():
        keep = capacity[right] > 0
        left, right, score = left[keep], right[keep], score[keep]
    if len(left) > 1 and (left[1:] < left[:-1]).any():
        order = np.argsort(left, kind="stable")
        left, right, score = left[order], right[order], score[order]
    return left, right, score


class _Solver:
    """Maximum-score b-matching over integer pair scores, exact: see the module's docstring.
    Pairs (row, col, value) are sorted by row (left vertex); col is the right vertex."""

    def __init__(self, n_left: int, n_right: int, places: np.ndarray, stats: dict):
        self.nL, self.nV, self.places, self.stats = n_left, n_right, places, stats

    def level(self, lefts, rights, row, col, value, depth):
        """Solve the subproblem of these left and right vertices, whose pairs are (row, col, value)
        (sorted by row): (right_of, u, V) with optimal dual values."""
        info = {"depth": depth, "left": len(lefts), "edges": len(row), "rounds": 0, "graph": [], "violated": []}
        self.stats["levels"].append(info)
        if len(lefts) <= BASE or depth >= 8:
            right_of = self.assign_cold(row, col, value)
            duals = self.duals(row, col, value, right_of)
            info["rounds"] = 1
            if duals is None:  # cannot happen: LAPJVsp is exact on integers
                raise RuntimeError("b-matching solver: no dual solution for an optimal matching")
            return right_of, *duals
        V = self.sample_prices(lefts, rights, row, col, value, depth)
        starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]]) if len(row) else np.zeros(0, np.int64)
        u = self.best(row, col, value, V, starts)
        graph = self.nearest(row, self.reduced(row, col, value, u, V), starts)
        prefer = None
        while True:
            info["rounds"] += 1
            g_row, g_col, g_value = row[graph], col[graph], value[graph]
            right_of = self.assign_mirror(g_row, g_col, g_value, u, V, prefer)
            duals = self.duals(g_row, g_col, g_value, right_of)
            if duals is None:  # cannot happen: LAPJVsp is exact on integers
                raise RuntimeError("b-matching solver: no dual solution for an optimal matching")
            u, V = duals
            reduced = self.reduced(row, col, value, u, V)
            violated = np.flatnonzero(reduced < 0)
            info["graph"].append(len(graph))
            info["violated"].append(len(violated))
            if not violated.size:  # optimal on every pair of this level
                return right_of, u, V
            graph = self.next_graph(row, reduced, violated, graph, right_of[g_row] == g_col)
            prefer = right_of if len(violated) <= PREFER * len(lefts) else None

    def sample_prices(self, lefts, rights, row, col, value, depth) -> np.ndarray:
        """Prices from a sample of this level, extended to everyone: V_j = max(0, max_i s_ij - u_i) over
        the sampled left vertices i (what the sample's own optimal V is for sampled right vertices); with
        u_i = max(0, max_j s_ij - V_j) (best), a feasible dual solution of this level."""
        rng = np.random.default_rng(depth)
        sub_l = np.sort(rng.choice(lefts, size=max(1, len(lefts) // SAMPLE), replace=False))
        sub_v = np.sort(rng.choice(rights, size=max(1, len(rights) // SAMPLE), replace=False))
        in_l = np.zeros(self.nL, bool)
        in_l[sub_l] = True
        in_v = np.zeros(self.nV, bool)
        in_v[sub_v] = True
        from_sample = in_l[row]
        inside = from_sample & in_v[col]
        _, u_s, V_s = self.level(sub_l, sub_v, row[inside], col[inside], value[inside], depth + 1)
        V = np.zeros(self.nV, dtype=np.int32)
        np.maximum.at(V, col[from_sample], (value[from_sample] - u_s[row[from_sample]]).astype(np.int32))
        V[sub_v] = V_s[sub_v]
        return V

    @staticmethod
    def next_graph(row, reduced, violated, graph, chosen) -> np.ndarray:
        """The next working graph: its near-tight pairs, the matching (chosen: which of graph's pairs),
        each left's ADD_PER_ROW most violated pairs."""
        order = np.lexsort((reduced[violated], row[violated]))
        violated = violated[order]
        first = np.r_[True, row[violated][1:] != row[violated][:-1]]
        rank = np.arange(len(violated)) - np.maximum.accumulate(np.where(first, np.arange(len(violated)), 0))
        keep = np.zeros(len(row), bool)
        keep[graph] = reduced[graph] <= NEAR
        keep[violated[rank < ADD_PER_ROW]] = True
        keep[graph[chosen]] = True
        return np.flatnonzero(keep)

    def best(self, row, col, value, V, starts) -> np.ndarray:
        """u_i = max(0, max_j s_ij - V_j): with V, a feasible dual solution."""
        u = np.zeros(self.nL, dtype=np.int32)
        if len(row):
            u[row[starts]] = np.maximum(np.maximum.reduceat(value - V[col], starts), 0)
        return u

    @staticmethod
    def reduced(row, col, value, u, V) -> np.ndarray:
        """u_i + V_j - s_ij for every pair (int32: negative where the dual values are violated)."""
        out = u[row]
        out += V[col]
        out -= value
        return out

    def nearest(self, row, reduced, starts) -> np.ndarray:
        """Each left's KEEP pairs of smallest reduced cost (up to NEAR_MAX), ties in pair order."""
        if not len(row):
            return np.zeros(0, np.int64)
        width = NEAR_MAX + 1
        bucket = np.minimum(reduced, NEAR_MAX)
        counts = np.bincount(row * width + bucket, minlength=self.nL * width).reshape(self.nL, width)
        reach = np.cumsum(counts[:, :NEAR_MAX], axis=1) >= KEEP
        limit = np.where(reach.any(axis=1), reach.argmax(axis=1), NEAR_MAX - 1).astype(np.int32)[row]
        below = bucket < limit
        at = bucket == limit
        del bucket, limit
        lengths = np.diff(np.r_[starts, len(row)])
        rank = np.cumsum(at, dtype=np.int32)  # rank of each "at" pair among its left's "at" pairs
        rank -= np.repeat(rank[starts] - at[starts], lengths)
        room = np.repeat(KEEP - np.add.reduceat(below, starts, dtype=np.int32), lengths)
        return np.flatnonzero(below | (at & (rank <= room)))

    def _expand(self, row, col):
        """Left and right vertices present, and one entry per (pair, place of its right vertex)."""
        present = np.zeros(self.nL, bool)
        present[row] = True
        lefts = np.flatnonzero(present)
        position = np.cumsum(present) - 1
        li = position[row]
        present = np.zeros(self.nV, bool)
        present[col] = True
        rights = np.flatnonzero(present)
        position = np.cumsum(present) - 1
        vj = position[col]
        caps = self.places[rights]
        first = np.concatenate(([0], np.cumsum(caps)))
        copies = caps[vj]
        total = int(copies.sum())
        r = np.repeat(li, copies)
        c = np.repeat(first[vj], copies) + (np.arange(total) - np.repeat(np.cumsum(copies) - copies, copies))
        owner = np.repeat(np.arange(len(rights)), caps)
        return lefts, rights, caps, first, copies, r, c, owner

    def assign_cold(self, row, col, value) -> np.ndarray:
        """Rectangular LAPJVsp: one column per place, one "stays unmatched" column per row."""
        right_of = np.full(self.nL, -1, dtype=np.int64)
        if not len(row):
            return right_of
        lefts, rights, _, first, copies, r, c, owner = self._expand(row, col)
        n_rows, n_places = len(lefts), int(first[-1])
        top = float(value.max()) + 1.0
        cost = np.repeat(top - value, copies)
        if n_places < n_rows:  # rows: places (the smaller side), each with a "stays empty" column
            r, c = c, r
            extra_r, extra_c = np.arange(n_places), n_rows + np.arange(n_places)
            shape = (n_places, n_rows + n_places)
        else:
            extra_r, extra_c = np.arange(n_rows), n_places + np.arange(n_rows)
            shape = (n_rows, n_places + n_rows)
        data = np.concatenate((cost, np.full(shape[0], top)))
        entries = (data, (np.concatenate((r, extra_r)), np.concatenate((c, extra_c))))
        row_ind, col_ind = min_weight_full_bipartite_matching(csr_array(entries, shape=shape))
        if n_places < n_rows:
            real = col_ind < n_rows
            right_of[lefts[col_ind[real]]] = rights[owner[row_ind[real]]]
        else:
            real = col_ind < n_places
            right_of[lefts[row_ind[real]]] = rights[owner[col_ind[real]]]
        return right_of

    def assign_mirror(self, row, col, value, u, V, prefer=None) -> np.ndarray:
        """Square LAPJVsp equivalent to the rectangular problem: every left has an "unmatched" column,
        every place an "empty" row, and each pair (i, p) a mirror entry (p's row, i's column), so that
        any matching completes into a full one at the same cost; costs reduced by (u, V).
        prefer (a right vertex per left, -1: none, its pairs among these): ties go its way."""
        if not len(row):
            return np.full(self.nL, -1, dtype=np.int64)
        lefts, rights, _, first, copies, r, c, owner = self._expand(row, col)
        n_rows, n_places = len(lefts), int(first[-1])
        place_v = V[rights][owner]
        real = np.repeat(u[row] + V[col] - value, copies).astype(np.int64)
        rows = (r, np.arange(n_rows), n_rows + np.arange(n_places), n_rows + c)
        cols = (c, n_places + np.arange(n_rows), np.arange(n_places), n_places + r)
        costs = [real, u[lefts].astype(np.int64), place_v.astype(np.int64), np.zeros(len(r), np.int64)]
        size = n_rows + n_places
        scale = size + 1
        top = max(int(costs[0].max(initial=0)), int(costs[1].max(initial=0)), int(costs[2].max(initial=0)))
        if prefer is not None and (top + 1) * scale * size < 1 << 52:
            # Tie-break: every cost times `scale`, minus 1 on the preferred full matching. A full matching
            # has `size` entries, so the perturbation changes its cost by less than one unscaled unit: an
            # optimum of the perturbed problem is an optimum of the real one (exact in float64 here), and
            # LAPJVsp's column reduction starts from the preferred matching instead of arbitrary ties.
            place_of = self._places_of(prefer, lefts, rights, first)
            costs = [x * scale for x in costs]
            mine = place_of[r] == c
            costs[0][mine] -= 1
            costs[1][place_of < 0] -= 1
            taken = np.zeros(n_places, bool)
            taken[place_of[place_of >= 0]] = True
            costs[2][~taken] -= 1
            costs[3][mine] -= 1
        return self._square(rows, cols, costs, size, lefts, rights, owner, n_rows, n_places)

    @staticmethod
    def _places_of(prefer, lefts, rights, first) -> np.ndarray:
        """The place (local index) of each present left in the matching prefer: the k-th left of a right
        vertex (by index) takes its k-th place; -1 if unmatched."""
        place_of = np.full(len(lefts), -1, dtype=np.int64)
        mine = np.flatnonzero(prefer[lefts] >= 0)
        if not mine.size:
            return place_of
        local = np.searchsorted(rights, prefer[lefts[mine]])
        order = np.argsort(local, kind="stable")
        mine, local = mine[order], local[order]
        head = np.r_[True, local[1:] != local[:-1]]
        k = np.arange(len(local)) - np.maximum.accumulate(np.where(head, np.arange(len(local)), 0))
        place_of[mine] = first[local] + k
        return place_of

    def _square(self, rows, cols, costs, size, lefts, rights, owner, n_rows, n_places) -> np.ndarray:
        cost = np.concatenate(costs).astype(np.float64)
        cost += 1.0 - cost.min()  # every entry must be nonzero; a constant does not change a full matching
        graph = csr_array((cost, (np.concatenate(rows), np.concatenate(cols))), shape=(size, size))
        row_ind, col_ind = min_weight_full_bipartite_matching(graph)
        right_of = np.full(self.nL, -1, dtype=np.int64)
        real = (row_ind < n_rows) & (col_ind < n_places)
        right_of[lefts[row_ind[real]]] = rights[owner[col_ind[real]]]
        return right_of

    def duals(self, row, col, value, right_of):
        """The smallest V >= 0 (0 for a right vertex with a free place) and u_i = s(i, its right) - V
        (0 if unmatched) with u_i + V_j >= s_ij on every pair: optimal dual values, which exist if and
        only if the matching is optimal on these pairs (None otherwise)."""
        nV = self.nV
        matched = right_of >= 0
        own = matched[row] & (col == right_of[row])
        own_value = np.zeros(self.nL, dtype=np.int64)
        own_value[row[own]] = value[own]
        full = np.bincount(right_of[matched], minlength=nV) >= self.places
        order = np.argsort(col, kind="stable")
        r, c, s = row[order], col[order], value[order].astype(np.int64)
        starts = np.flatnonzero(np.r_[True, c[1:] != c[:-1]]) if len(c) else np.zeros(0, np.int64)
        heads = c[starts]
        target = right_of.clip(min=0)
        V = np.zeros(nV, dtype=np.int64)
        limit = int(own_value.max(initial=0))
        while True:
            u = np.where(matched, own_value - V[target], 0)
            if (u < 0).any():
                return None
            bound = np.zeros(nV, dtype=np.int64)
            if len(c):
                bound[heads] = np.maximum.reduceat(s - u[r], starts)
            if (bound[~full] > 0).any():
                return None
            new = np.where(full, np.maximum(bound, V), 0)
            if (new == V).all():
                return u.astype(np.int32), V.astype(np.int32)
            if new.max() > limit:
                return None
            V = new
