"""The Timeline17 benchmark's own helpers: PTB round trip, the fixed tuning split, news-tls averaging.

The split decides which topics settings may be chosen on; if it drifted (e.g. by counting the
topic without input, or by sorting differently) a "held-out" number would silently include
tuned topics, so it is pinned here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def t17() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_t17", REPO / "bench" / "t17.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["bench_t17"] = mod
    spec.loader.exec_module(mod)
    return mod


def _row(topic: str, articles: int = 10, p: float = 0.1, r: float = 0.2) -> dict[str, object]:
    return {"topic": topic, "articles": articles,
            **{f"{m}{suffix}": v for m in ("rouge1", "rouge2", "date_f1")
               for suffix, v in (("_p", p), ("_r", r), ("", 2 * p * r / (p + r)))}}


def test_detokenize_reads_as_prose(t17: ModuleType) -> None:
    text = "`` It is over , '' Mexico 's president said -LRB- on May 12 , 2009 -RRB- ."
    assert t17.detokenize(text) == '"It is over," Mexico\'s president said (on May 12, 2009).'


def test_split_alternates_over_timelines_with_input_by_name(t17: ModuleType) -> None:
    rows = [_row("b"), _row("a"), _row("none", articles=0), _row("c#2"), _row("c#1")]
    halves = t17.split_of(rows)
    assert "none" not in halves
    assert halves == {"a": "tune", "b": "test", "c#1": "tune", "c#2": "test"}


def test_average_is_f1_of_mean_precision_and_recall(t17: ModuleType) -> None:
    rows = [_row("a", p=0.1, r=0.3), _row("b", p=0.3, r=0.1)]
    avg = t17.aggregate(rows)
    assert avg["rouge1"] == pytest.approx(0.2)  # mean P = mean R = 0.2
    assert t17.mean_f1(rows)["rouge1"] == pytest.approx(0.15)
