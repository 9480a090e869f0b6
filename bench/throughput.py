"""Throughput on real news text: the full newsgraph pipeline vs raw ``nlp.pipe``, and 1 vs 2 workers.

    python bench/throughput.py [--limit 400 | --all] [--topics H1N1_bbc,...] [--scaling-limit 240]
                               [--skip-scaling] [--skip-pipe] [--rounds N]

Texts: Timeline17 articles (read at run time from ../shared/external/t17, never copied), in
topic order, the first ``--limit`` (``--all`` or ``--limit 0``: every article, 4,352). In the same
run and on the same texts:

1. ``raw``: ``spacy.load(model).pipe(texts)``, the stock model's full pipeline in one process;
2. ``newsgraph``: ``nlp.pipeline.process`` (stock model + newsgraph's components) in one process,
   events counted as the records stream by (nothing is kept, so ``--all`` runs in bounded memory);
3. scaling, on the first ``--scaling-limit`` of those texts: ``engines.local.ingest`` into a
   fresh store with ``--workers 1`` and ``--workers 2`` (pool, one writer, dedup and language
   filter off), each in a fresh Python process like a CLI run, so both pay the model load and
   neither finds the other's caches warm.

Prints articles/s, sentences/s and words/s for each and the ratios newsgraph/raw and 2w/1w.
``--rounds N`` times raw and newsgraph N times each in alternating order (raw, newsgraph, newsgraph,
raw, ...) and compares the summed times, so a change of load on a shared machine weighs on both.
Both wall time and CPU time are reported: on a shared machine other work stretches wall time but
not CPU time, so the CPU-time ratios are the load-robust ones. For scaling: CPU of the whole
ingest process tree (parent, fork server, workers: ``getrusage`` of reaped children), the NLP
tasks' CPU, and the parent's own CPU; "CPU-even" scaling is ``2 * cpu(1w) / cpu(2w)``, what two
free cores would give if the work split evenly (it leaves out the start-up and the tail, which the
idle-machine wall ratio includes).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
T17 = REPO.parent / "shared" / "external" / "t17"


def load_texts(limit: int, topics: list[str] | None) -> list[dict]:
    rows: list[dict] = []
    for topic in sorted(p.name for p in T17.iterdir() if (p / "articles.jsonl").exists()):
        if topics and topic not in topics:
            continue
        with (T17 / topic / "articles.jsonl").open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if rec.get("text", "").strip():
                    rows.append({"id": f"{topic}-{rec['id']}", "text": rec["text"], "published": rec.get("time"),
                                 "outlet": topic.split("_")[-1]})
                if limit and len(rows) >= limit:
                    return rows
    return rows


def rate(n: int, secs: float) -> str:
    return f"{n / secs:,.1f}/s"


def ingest_once(src: str, db: str, workers: int, batch_size: int) -> dict:
    """One ingest in this (fresh) process; CPU of the whole process tree included.

    The fork server is stopped (and so reaped) before reading ``RUSAGE_CHILDREN``: it reaps the
    pool workers, so their CPU reaches this process only through it.
    """
    from multiprocessing import forkserver

    from newsgraph.engines.local import ingest

    rep = ingest([src], db, workers=workers, batch_size=batch_size, languages=None, dedup=False, link=False)
    forkserver._forkserver._stop()  # the public API never reaps it
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"seconds": rep.seconds, "processed": rep.processed, "events": rep.events,
            "nlp_cpu": rep.nlp_cpu_seconds, "parent_cpu": me.ru_utime + me.ru_stime,
            "tree_cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}


def table_rows(db: str) -> list:
    """Every per-article table of a store, sorted (``ingested_at`` aside): 1 and 2 workers must agree."""
    from newsgraph.store import Store, write

    with Store(db, read_only=True) as store:
        con = store._con
        return [con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {t} ORDER BY ALL" if t == "articles"
                            else f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in write.ARTICLE_TABLE_ORDER]


def scaling(rows: list[dict], batch_size: int) -> None:
    """1 vs 2 workers, each ingest in a fresh process (see the module docstring)."""
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"scaling sample: {len(rows)} articles, {words:,} words, batch size {batch_size}")
    res = {}
    with tempfile.TemporaryDirectory(prefix="ng_throughput") as tmp:
        src = Path(tmp) / "t17.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows))
        for workers in (1, 2):
            db = str(Path(tmp) / f"w{workers}.duckdb")
            cmd = [sys.executable, __file__, "--ingest-once", str(src), db, str(workers), str(batch_size)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            r = res[workers] = json.loads(out.strip().splitlines()[-1])
            r["tables"] = table_rows(db)
            secs = r["seconds"]
            print(f"ingest --workers {workers}: {secs:7.1f} s wall  {rate(r['processed'], secs)} articles  "
                  f"{rate(words, secs)} words  CPU: tree {r['tree_cpu']:.1f} s, NLP tasks {r['nlp_cpu']:.1f} s, "
                  f"parent {r['parent_cpu']:.1f} s  ({r['processed']} processed, {r['events']} events)")
    one, two = res[1], res[2]
    print(f"scaling 1 -> 2 workers: wall {one['seconds'] / two['seconds']:.2f}x, CPU-even "
          f"{2 * one['tree_cpu'] / two['tree_cpu']:.2f}x (target >= 1.7); parent CPU with 2 workers "
          f"{two['parent_cpu'] / two['tree_cpu']:.1%} of the tree; workers busy "
          f"{two['nlp_cpu'] / (2 * two['seconds']):.0%} of the wall time; "
          f"identical tables: {one['tables'] == two['tables']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=400, help="articles (0: all)")
    ap.add_argument("--all", action="store_true", help="every T17 article (same as --limit 0)")
    ap.add_argument("--scaling-limit", type=int, default=240, help="articles of the 1 vs 2 workers run")
    ap.add_argument("--skip-pipe", action="store_true", help="only the scaling run")
    ap.add_argument("--ingest-once", nargs=4, metavar=("SRC", "DB", "WORKERS", "BATCH"), help=argparse.SUPPRESS)
    ap.add_argument("--topics", type=lambda s: s.split(","), default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--rounds", type=int, default=1, help="timed runs of each path, alternating order")
    a = ap.parse_args()
    if a.ingest_once:
        src, db, workers, batch = a.ingest_once
        print(json.dumps(ingest_once(src, db, int(workers), int(batch))))
        return
    limit = 0 if a.all else a.limit
    if a.skip_pipe:
        scaling(load_texts(a.scaling_limit, a.topics), a.batch_size)
        return
    import spacy

    from newsgraph import settings
    from newsgraph.nlp.pipeline import load_pipeline, process
    from newsgraph.records import Article

    rows = load_texts(max(limit, a.scaling_limit) if limit else 0, a.topics)
    scaling_rows = rows[:a.scaling_limit]
    rows = rows[:limit] if limit else rows
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} T17 articles, {words:,} words (model {settings.get('MODEL')})")

    raw_nlp = spacy.load(settings.get("MODEL"))
    raw_nlp("warm up")
    nlp = load_pipeline()
    arts = [Article(r["id"], r["text"], published=r["published"], outlet=r["outlet"]) for r in rows]
    list(process(nlp, arts[:2]))

    def run_raw() -> int:
        return sum(len(list(doc.sents)) for doc in raw_nlp.pipe(texts, batch_size=a.batch_size))

    def run_newsgraph() -> int:
        return sum(len(r.events) for r in process(nlp, arts, batch_size=a.batch_size))

    wall = {"raw": 0.0, "newsgraph": 0.0}
    cpu = {"raw": 0.0, "newsgraph": 0.0}
    sents, events = 0, 0
    for i in range(a.rounds):
        for path in (("raw", "newsgraph") if i % 2 == 0 else ("newsgraph", "raw")):
            t0, c0 = time.perf_counter(), time.process_time()
            if path == "raw":
                sents = run_raw()
            else:
                events = run_newsgraph()
            wall[path] += (time.perf_counter() - t0) / a.rounds
            cpu[path] += (time.process_time() - c0) / a.rounds
    raw, full = wall["raw"], wall["newsgraph"]
    print(f"raw nlp.pipe      : {raw:7.1f} s wall {cpu['raw']:7.1f} s CPU  {rate(len(texts), raw)} articles  "
          f"{rate(sents, raw)} sentences  {rate(words, raw)} words  (stock pipeline: {', '.join(raw_nlp.pipe_names)})")
    print(f"newsgraph process : {full:7.1f} s wall {cpu['newsgraph']:7.1f} s CPU  {rate(len(texts), full)} articles  "
          f"{rate(sents, full)} sentences  {rate(words, full)} words  ({events} events; pipeline: "
          f"{', '.join(nlp.pipe_names)})")
    print(f"ratio newsgraph/raw throughput: wall {raw / full:.2f}, CPU time {cpu['raw'] / cpu['newsgraph']:.2f} "
          f"(target >= 1.0; mean of {a.rounds} round(s))")

    if a.skip_scaling:
        return
    scaling(scaling_rows, a.batch_size)


if __name__ == "__main__":
    main()
