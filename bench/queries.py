"""Query latency over a large synthetic event table: actor timeline and dyad relations.

    python bench/queries.py [--events 1000000] [--actors 5000] [--repeat 5]

Builds a store with ``--events`` events spread over ``--actors`` linked actors (Zipf-like
popularity, so some actors have tens of thousands of events), 20 events per article, then times
the calls the CLI, API and web make: ``Store.events_for(actor_id=...)`` (an actor's timeline,
first page), ``events_for(source_id, target_id)`` (one dyad), and ``analyze.relations_page``
(monthly dyad aggregates around one actor: the first page of 100 by events, with the total).
Reports the median of ``--repeat`` runs for a popular, a median and a rare actor; target < 200 ms
each. ``--full`` also times ``analyze.relations`` (every row, no event ids), the pre-page call.

Relation pages read the relink's per-actor day aggregates (``store.relagg``); the script builds
them once (timed: what they add to a relink) and times each relations call both ways in the same
run: from the aggregates, and from the events (``use_days=False``, the path of a stale store).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from newsgraph.analyze.relations import MODALITY_WEIGHTS, NEGATED_WEIGHT, PAGE_IDS, relations, relations_page
from newsgraph.records import Actor
from newsgraph.store import Store

PER_ARTICLE = 20


def build(db: Path, n_events: int, n_actors: int, seed: int = 1) -> tuple[float, list[str]]:
    """Fill ``db``; returns seconds and actor ids by popularity (most frequent first)."""
    rng = np.random.default_rng(seed)
    n_articles = n_events // PER_ARTICLE
    keys = [f"person:actor {i}" for i in range(n_actors)]
    weights = 1.0 / np.arange(1, n_actors + 1)
    weights /= weights.sum()
    t0 = time.perf_counter()
    with Store(db) as s:
        chunk = 5000
        for start in range(0, n_articles, chunk):
            ids = [f"a{i:08d}" for i in range(start, min(start + chunk, n_articles))]
            n = len(ids) * PER_ARTICLE
            days = rng.integers(0, 3 * 365, len(ids))
            pub = [dt.date(2014, 1, 1) + dt.timedelta(days=int(d)) for d in days]
            src = rng.choice(n_actors, n, p=weights)
            tgt = rng.choice(n_actors, n, p=weights)
            roots = rng.integers(1, 21, n)
            art_idx = np.repeat(np.arange(len(ids)), PER_ARTICLE)
            arts = pa.table({"article_id": ids, "text": ["synthetic"] * len(ids), "published": pub,
                             "outlet": [f"outlet{i % 40}" for i in range(len(ids))],
                             "n_events": [PER_ARTICLE] * len(ids)})
            events = pa.table({
                "event_id": [f"{ids[a]}-{k % PER_ARTICLE}" for k, a in enumerate(art_idx)],
                "article_id": [ids[a] for a in art_idx],
                "source_key": [keys[i] for i in src], "target_key": [keys[i] for i in tgt],
                "root": [f"{r:02d}" for r in roots], "cameo": [f"{r:02d}0" for r in roots],
                "quad_class": ((roots - 1) // 5 + 1).astype("int32"),
                "goldstein": rng.uniform(-10, 10, n),
                "date": [pub[a] for a in art_idx], "date_precision": ["day"] * n,
                "negated": rng.random(n) < 0.05, "confidence": [0.8] * n,
            })
            s.write_arrow({"articles": arts, "events": events})
        s.replace_actors([Actor(f"A{i}", f"Actor {i}", (), "PERSON", None, None) for i in range(n_actors)],
                         {k: f"A{i}" for i, k in enumerate(keys)})
    return time.perf_counter() - t0, [f"A{i}" for i in range(n_actors)]


def timed(fn, repeat: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times, n = [], 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = len(fn())
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--full", action="store_true", help="also time the unpaged relations() list")
    ap.add_argument("--db", type=Path, default=None,
                    help="keep the built store here and reuse it if it exists (compare code versions on one data set)")
    a = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = a.db or Path(tmp) / "q.duckdb"
        if a.db is not None and a.db.exists():
            with Store(db):  # writable once: runs pending migrations
                pass
            ids = [f"A{i}" for i in range(a.actors)]
            print(f"reusing {db}")
        else:
            secs, ids = build(db, a.events, a.actors)
            print(f"built {a.events:,} events / {a.events // PER_ARTICLE:,} articles / {a.actors} actors "
                  f"in {secs:.1f} s")
        with Store(db) as s:
            if s.relation_months_weights() is None:
                t0 = time.perf_counter()
                rows = s.rebuild_relation_days(NEGATED_WEIGHT, MODALITY_WEIGHTS)
                print(f"relation day aggregates: {rows:,} rows in {time.perf_counter() - t0:.1f} s "
                      "(added to every relink)", flush=True)
        with Store(db, read_only=True) as s:
            total = s.counts()["events"]
            for label, actor in (("popular", ids[0]), ("median", ids[len(ids) // 20]), ("rare", ids[-1])):
                n_actor = s._con.execute("SELECT count(*) FROM events e JOIN actor_links l ON "
                                         "l.link_key IN (e.source_key, e.target_key) WHERE l.actor_id = ?",
                                         [actor]).fetchone()[0]
                ms_t, _ = timed(lambda actor=actor: s.events_for(actor_id=actor, limit=100), a.repeat)
                ms_d, nd = timed(lambda actor=actor: s.events_for(source_id=actor, target_id=ids[1], limit=100),
                                 a.repeat)
                pages: list[int] = []

                def page(actor: str = actor, pages: list[int] = pages) -> tuple[object, ...]:
                    got = relations_page(s, actor_id=actor, period="month", limit=100)
                    pages.append(got.total)
                    return got.relations

                ms_r, nr = timed(page, a.repeat)
                ms_e, _ = timed(lambda actor=actor: s.relation_aggregates(
                    "month", actor, negated_weight=NEGATED_WEIGHT, modality_weights=MODALITY_WEIGHTS,
                    order="events", limit=100, max_ids=PAGE_IDS, use_days=False)[0], a.repeat)
                full = ""
                if a.full:
                    ms_f, nf = timed(lambda actor=actor: relations(s, actor_id=actor, period="month", max_ids=0), 1)
                    raw = [timed(lambda actor=actor, days=days: s.relation_aggregates(
                        "month", actor, negated_weight=NEGATED_WEIGHT, modality_weights=MODALITY_WEIGHTS,
                        max_ids=0, use_days=days)[0], 1)[0] for days in (True, False)]
                    full = (f", unpaged relations {ms_f:.0f} ms ({nf} rows; its query alone {raw[0]:.0f} ms, "
                            f"from events {raw[1]:.0f} ms)")
                print(f"{label:8s} actor {actor} ({n_actor:,} of {total:,} events): timeline {ms_t:.0f} ms, "
                      f"dyad events {ms_d:.0f} ms ({nd} rows), monthly relations page {ms_r:.0f} ms "
                      f"({nr} of {pages[-1]} rows; from events {ms_e:.0f} ms, {ms_e / ms_r:.1f}x){full}; "
                      f"target 200 ms -> worst/target {max(ms_t, ms_d, ms_r) / 200:.2f}", flush=True)


if __name__ == "__main__":
    main()
