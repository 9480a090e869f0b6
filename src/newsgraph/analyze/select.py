"""Choosing a few central, non-redundant sentences from a candidate pool (shared by timeline and brief).

The summary-centroid greedy of Ghalandari & Ifrim (2020): add the sentence that brings the summary's
TF-IDF direction closest to the pool's centroid. Unlike picking the k most central sentences, it
prefers sentences that cover *different* parts of the centroid, so two outlets' near-copies of the
same lead are not both chosen; an explicit similarity ceiling removes the remaining near-duplicates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


def centroid(matrix: Any, groups: Sequence[Sequence[int]]) -> Any:
    """The mean direction of each non-empty group, averaged with equal weight per group.

    Equal weights let a small but precise pool (sentences that name the date) count as much as a
    large, noisy one (lead sentences published that day).
    """
    from newsgraph.analyze.tfidf import l2_normalise_dense

    parts = [np.asarray(matrix[list(g)].mean(axis=0)) for g in groups if len(g)]
    if not parts:
        return None
    c = np.mean(parts, axis=0)
    return l2_normalise_dense(c).ravel()


def greedy_centroid(matrix: Any, pool: Sequence[int], center: Any, k: int,
                    accept: Callable[[int], bool] = lambda i: True,
                    avoid: Sequence[int] = (), max_sim: float = 0.6,
                    bonus: Sequence[float] | None = None,
                    compatible: Callable[[list[int], int], bool] | None = None) -> list[int]:
    """Up to ``k`` pool indices, chosen greedily to keep the summary direction near ``center``.

    ``avoid``: sentences already used elsewhere (e.g. on other dates) that a pick must not repeat;
    ``bonus``: an additive per-pool-item prior (cluster support, actor salience);
    ``compatible(selected, i)``: False when ``i`` cannot join the selection (a word budget would
    overflow, or it repeats a chosen sentence in other words).
    """
    if center is None or not len(pool):
        return []
    rows = list(pool)
    x = matrix[rows]
    to_center = np.asarray(x @ center).ravel()
    gram_avoid = (np.asarray((x @ matrix[list(avoid)].T).todense()) if len(avoid)
                  else np.zeros((len(rows), 0)))
    prior = np.asarray(bonus, dtype=float) if bonus is not None else np.zeros(len(rows))
    chosen: list[int] = []
    s_dot_c, s_norm2 = 0.0, 0.0
    s_dot_x = np.zeros(len(rows))
    open_ = np.array([True] * len(rows))
    if gram_avoid.shape[1]:
        open_ &= gram_avoid.max(axis=1) <= max_sim
    while len(chosen) < k and open_.any():
        norm = np.sqrt(np.maximum(s_norm2 + 2 * s_dot_x + 1.0, 1e-12))
        score = (s_dot_c + to_center) / norm + prior
        score[~open_] = -np.inf
        order = np.argsort(-score, kind="stable")
        picked = None
        for j in order:
            if not open_[j]:
                break
            i = rows[j]
            if not accept(i) or (compatible is not None and not compatible([rows[c] for c in chosen], i)):
                open_[j] = False
                continue
            picked = j
            break
        if picked is None:
            break
        chosen.append(picked)
        open_[picked] = False
        sims = np.asarray((x @ x[picked].T).todense()).ravel()
        open_ &= sims <= max_sim
        s_dot_c += to_center[picked]
        s_norm2 += 2 * s_dot_x[picked] + 1.0
        s_dot_x += sims
    return [rows[j] for j in chosen]
