"""``corpus.drain``: hands out a list's items in order and lets go of each (issue 8: the timeline
step must not hold every article's text beside its sentences)."""

from __future__ import annotations

import gc
import weakref

from newsgraph.analyze.corpus import drain


class _Row:
    pass


def test_drain_keeps_order_and_empties_the_list() -> None:
    rows = [1, 2, 3, 4]
    assert list(drain(rows)) == [1, 2, 3, 4]
    assert rows == []


def test_drain_lets_go_of_consumed_items() -> None:
    rows = [_Row() for _ in range(3)]
    first = weakref.ref(rows[0])
    it = drain(rows)
    next(it)  # handed out and dropped by the consumer
    next(it)
    gc.collect()
    assert first() is None
    assert len(rows) == 1
