"""Relation pre-aggregates (``store.relagg``): the same rows as the event-level query, kept fresh.

Every case compares ``relation_aggregates(use_days=False)`` (the events) with the pre-aggregated
path (day rows, or month rows under the default weights) on stores with clusters that straddle a
month edge, negated and modal events, missing Goldstein scores, undated events, self-pairs and
unlinked keys; then checks that writes mark the pre-aggregates stale and a relink refreshes them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.analyze.relations import MODALITY_WEIGHTS, NEGATED_WEIGHT, relations, relations_page
from newsgraph.engines.common import relink
from newsgraph.records import Actor, ActorRef, Article, DocRecords, Event, stable_id
from newsgraph.store import EventCluster, Store
from newsgraph.store.synthetic import make_docs

ACTORS = [
    ActorRef("person:nouri maliki", "Nouri al-Maliki", "PERSON", "IRQ", "GOV"),
    ActorRef("org:us congress", "United States Congress", "ORG", "USA", "LEG"),
    ActorRef("org:white house", "White House", "ORG", "USA", "GOV"),
    ActorRef("kb:IRN", "Iran", "COUNTRY", "IRN"),
    ActorRef("org:unlinked militia", "Unlinked Militia", "ORG", "IRQ", "REB"),
]
LINKS = {"person:nouri maliki": "MAL", "org:us congress": "CON", "org:white house": "WH", "kb:IRN": "IRN"}
KEYS = [a.link_key for a in ACTORS]
POLICIES = [(NEGATED_WEIGHT, MODALITY_WEIGHTS), (0.25, {"hypothetical": 0.5, "reported": 0.75})]


def _event(aid: str, k: int, src: str, tgt: str, quad: int | None, g: float | None, date: str | None,
           negated: bool = False, modality: str | None = None) -> Event:
    return Event(event_id=stable_id(aid, k), article_id=aid, sentence="S.", sentence_start=k, sentence_end=k + 2,
                 trigger_start=k, trigger_end=k + 1, trigger="x", source_key=src, target_key=tgt, cameo="042",
                 root="04", plover=None, plover_mode=None, quad_class=quad, goldstein=g, date=date,
                 date_precision="day" if date else None, negated=negated, modality=modality)


def _docs() -> list[DocRecords]:
    """Varied events: every combination of pair, date, weight class and quad over a few articles."""
    days = ["2013-10-30", "2013-10-31", "2013-11-01", "2013-11-02", None, "2014-06-20"]
    mods = [(False, None), (True, None), (False, "hypothetical"), (False, "reported"), (False, "threat")]
    docs = []
    for a in range(6):
        aid = f"art{a}"
        evs = []
        for k in range(24):
            src, tgt = KEYS[(a + k) % 5], KEYS[(a * 2 + k * 3) % 5]  # some self-pairs
            neg, mod = mods[(a + k) % len(mods)]
            quad = None if k % 11 == 0 else 1 + (a + k) % 4
            g = None if k % 7 == 0 else round(-10 + ((a * 31 + k * 17) % 200) / 10, 1)
            evs.append(_event(aid, k, src, tgt, quad, g, days[(a + k) % len(days)], neg, mod))
        docs.append(DocRecords(Article(aid, "Some text.", outlet=f"o{a % 3}.com", published=f"2013-11-0{1 + a % 3}"),
                               actors=list(ACTORS), events=evs))
    return docs


def _clusters(store: Store) -> list[EventCluster]:
    """Multi-member clusters across articles, days and a month edge, plus singletons."""
    rows = store._con.execute("SELECT event_id FROM events ORDER BY event_id").fetchall()
    ids = [r[0] for r in rows]
    groups = [ids[i:i + 3] for i in range(0, 60, 3)] + [[e] for e in ids[60:]]
    return [EventCluster(f"c{n:03d}", tuple(sorted(g)), "04", "042", None, None, None, None, len(g), 1, 1, g[0])
            for n, g in enumerate(groups)]


@pytest.fixture(params=["clusters", "no clusters"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "days.duckdb")
    s.write_docs(_docs())
    s.replace_actors([Actor(v, k.split(":")[1].title(), (), "ORG", None, None, 1, 1) for k, v in LINKS.items()],
                     LINKS)
    if request.param == "clusters":
        s.replace_clusters(_clusters(s))
    s.rebuild_relation_days(NEGATED_WEIGHT, MODALITY_WEIGHTS)
    yield s
    s.close()


def _norm(result: tuple[list[dict[str, Any]], int]) -> tuple[int, list[dict[str, Any]]]:
    """Float sums differ in the last bits with summation order; everything else must be equal."""
    rows, total = result
    return total, [{k: round(v, 9) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def _same_everywhere(s: Store, actors: list[str | None]) -> int:
    """Every actor × period × order, cycling through policies, windows and pages; plus every month
    page under the default weights without a window (the month table's case)."""
    pages = [(None, 0, None), (4, 3, 1), (None, 0, 0), (5, 10_000, None)]  # limit, offset, max_ids
    windows = [(None, None), ("2013-10-31", "2013-11-30")]
    cases = list(itertools.product(actors, ["day", "week", "month", "year", "all"], ["period", "events", "score"]))
    months = [(a, "month", o, 0, 0, p) for a, o, p in itertools.product(actors, ["events", "score"], pages)]
    non_empty = 0
    for actor, period, order, pol, win, page in [
            (a, p, o, i % 2, (i // 2) % 2, pages[i % 4]) for i, (a, p, o) in enumerate(cases)] + months:
        (neg, mods), (limit, offset, max_ids) = POLICIES[pol], page
        kw = dict(period=period, actor_id=actor, date_from=windows[win][0], date_to=windows[win][1],
                  negated_weight=neg, modality_weights=mods, order=order, limit=limit, offset=offset,
                  max_ids=max_ids)
        slow = s.relation_aggregates(use_days=False, **kw)
        fast = s.relation_aggregates(use_days=True, **kw)
        assert _norm(fast) == _norm(slow), kw
        non_empty += bool(slow[0])
    return non_empty


def test_pre_aggregates_equal_the_event_query(store: Store) -> None:
    non_empty = _same_everywhere(store, [None, "MAL", "WH", "org:unlinked militia", "nobody"])
    assert non_empty > 60
    # the clustered store really has units of several events, some straddling October/November
    if store.counts()["event_clusters"]:
        split = store._con.execute(
            "SELECT count(DISTINCT cluster_id) FROM actor_relation_days WHERE cluster_id IS NOT NULL "
            "GROUP BY cluster_id HAVING count(DISTINCT date_trunc('month', day)) > 1").fetchall()
        assert split


def test_relations_api_uses_them_and_matches(store: Store) -> None:
    assert store.relation_days_fresh()
    for period in ("month", "week"):
        fast = relations(store, "MAL", period)
        rows, _ = store.relation_aggregates(period, "MAL", negated_weight=NEGATED_WEIGHT,
                                            modality_weights=MODALITY_WEIGHTS, use_days=False)
        assert [(r.source_id, r.target_id, r.period, r.events, r.event_ids) for r in fast] == [
            (r["sid"], r["tid"], r["period"], r["events"], tuple(r["event_ids"])) for r in rows]
    page = relations_page(store, "MAL", "month", limit=3, offset=1)
    assert page.total == len(relations(store, "MAL", "month")) and len(page.relations) == 3


def test_writes_mark_them_stale_and_relink_refreshes(store: Store) -> None:
    before = relations(store, "MAL", "month")
    store.write_docs([DocRecords(Article("late", "Some text.", published="2013-10-30"), actors=list(ACTORS),
                                 events=[_event("late", 0, KEYS[1], KEYS[0], 3, -4.0, "2013-10-30")])])
    assert not store.relation_days_fresh() and store.relation_months_weights() is None
    with pytest.raises(ValueError):
        store.relation_aggregates("month", "MAL", use_days=True)
    after = relations(store, "MAL", "month")  # the event-level query: already counts the new event
    assert sum(r.events for r in after) == sum(r.events for r in before) + 1
    store.rebuild_relation_days(NEGATED_WEIGHT, MODALITY_WEIGHTS)
    assert store.relation_days_fresh() and relations(store, "MAL", "month") == after
    for stale in (lambda: store.replace_clusters([]), lambda: store.replace_actors([], {})):
        stale()
        assert not store.relation_days_fresh()
        store.rebuild_relation_days(NEGATED_WEIGHT, MODALITY_WEIGHTS)


def test_relinked_synthetic_store(tmp_path: Path) -> None:
    """The engines' relink writes them (after its clusters), and they match on its store too."""
    with Store(tmp_path / "syn.duckdb") as s:
        s.write_docs(make_docs(30, events=12))
        relink(s)
        assert s.relation_days_fresh() and s.counts()["event_clusters"]
        assert _same_everywhere(s, [None, s.resolve_actor("Maliki")[0]]) > 10  # type: ignore[index]
