"""Stances on the seeds: who criticised Maliki in 2013 and who backed him, answered from the data.

The requirement (issue 5): US legislators → Maliki in conflict, the White House → Maliki in
cooperation. The White House is the US executive (CAMEO USAGOV): its press secretary Jay Carney
speaks for it in the seed article, so every USAGOV source counts as the White House.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.analyze.relations import Relation, relations, stance_summary
from newsgraph.store import Store

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds" / "seeds.jsonl"
#: the seed sentences (gold, required) that carry the 2013 stances toward Maliki
GOLD_2013 = {
    "USALEG": ("several lawmakers on Capitol Hill claim", "six leading senators"),
    "USAGOV": ("Carney defended al-Maliki",),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} not found: the seeds stance test needs ../shared beside the repository")
    from newsgraph.engines.local import ingest

    db = tmp_path_factory.mktemp("stances") / "seeds.duckdb"
    ingest([str(SEEDS)], db, workers=1)
    with Store(db, read_only=True) as s:
        yield s


def _maliki(store: Store) -> str:
    found = store.resolve_actor("Maliki")
    assert found is not None, "no actor named Maliki in the seeds"
    return found[0]


def _toward(rels: list[Relation], target: str, code: str) -> list[Relation]:
    return [r for r in rels if r.target_id == target and r.source_code == code and r.events]


def _net(rels: list[Relation]) -> float:
    """Event-weighted mean score of several sources (senators, lawmakers, Congress) toward one target."""
    n = sum(r.events for r in rels)
    return sum(r.score * r.events for r in rels) / n if n else 0.0


def test_2013_legislators_criticise_and_white_house_backs_maliki(store: Store) -> None:
    maliki = _maliki(store)
    rels = [r for r in relations(store, maliki, "year") if r.period == "2013"]
    legislators, white_house = _toward(rels, maliki, "USALEG"), _toward(rels, maliki, "USAGOV")
    assert legislators, f"no US legislator → Maliki events in 2013; relations: {rels}"
    assert _net(legislators) < 0, legislators
    assert white_house, f"no White House (USAGOV) → Maliki events in 2013; relations: {rels}"
    assert _net(white_house) > 0, white_house

    summary = stance_summary(store, maliki, "2013")
    assert {c["code"] for c in summary["critics"]} >= {"USALEG"}
    assert {b["code"] for b in summary["backers"]} >= {"USAGOV"}
    for side in ("critics", "backers"):
        for entry in summary[side]:
            assert entry["evidence"] and all(e["outlet"] == "thehill.com" and e["sentence"]
                                             for e in entry["evidence"])


def test_2013_stances_rest_on_every_gold_sentence(store: Store) -> None:
    maliki = _maliki(store)
    rels = [r for r in relations(store, maliki, "year") if r.period == "2013"]
    missing = []
    for code, phrases in GOLD_2013.items():
        ids = [e for r in _toward(rels, maliki, code) for e in r.event_ids]
        sentences = [row["sentence"] for row in store.event_rows(event_ids=ids)] if ids else []
        missing += [f"{code}: {p}" for p in phrases if not any(p in s for s in sentences)]
    assert missing == []


def test_relation_pre_aggregates_match_the_events(store: Store) -> None:
    """The relink's pre-aggregates (``store.relagg``) give the event-level query's rows on real output."""
    from newsgraph.analyze.relations import MODALITY_WEIGHTS, NEGATED_WEIGHT

    assert store.relation_days_fresh()
    for actor in (None, _maliki(store)):
        for period in ("day", "week", "month", "year", "all"):
            for order, limit in (("period", None), ("events", 5), ("score", 5)):
                kw = dict(period=period, actor_id=actor, negated_weight=NEGATED_WEIGHT,
                          modality_weights=MODALITY_WEIGHTS, order=order, limit=limit)
                slow, fast = (store.relation_aggregates(use_days=d, **kw) for d in (False, True))
                assert fast == slow and slow[1], kw
