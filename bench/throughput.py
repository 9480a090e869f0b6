"""Throughput on real news text: the full newsgraph pipeline vs raw ``nlp.pipe``, and 1 vs 2 workers.

    python bench/throughput.py [--limit 400] [--topics H1N1_bbc,...] [--skip-scaling]

Texts: Timeline17 articles (read at run time from ../shared/external/t17, never copied), in
topic order, the first ``--limit``. In the same run and on the same texts:

1. ``raw``: ``spacy.load(model).pipe(texts)``, the stock model's full pipeline in one process;
2. ``newsgraph``: ``nlp.pipeline.process`` (stock model + newsgraph's components) in one process,
   records collected;
3. scaling: ``engines.local.ingest`` into a fresh store with ``--workers 1`` and ``--workers 2``
   (pool, one writer, dedup and language filter on).

Prints articles/s, sentences/s and words/s for each and the ratios newsgraph/raw and 2w/1w.
``--rounds N`` times raw and newsgraph N times each in alternating order (raw, newsgraph, newsgraph,
raw, ...) and compares the summed times, so a change of load on a shared machine weighs on both.
Both wall time and this process's CPU time (``time.process_time()``, user + system of all its
threads) are reported: on a shared machine other work stretches wall time but not CPU time, so the
CPU-time ratio is the load-robust one.
"""

from __future__ import annotations

import argparse
import json
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
                if len(rows) >= limit:
                    return rows
    return rows


def rate(n: int, secs: float) -> str:
    return f"{n / secs:,.1f}/s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--topics", type=lambda s: s.split(","), default=None)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--rounds", type=int, default=1, help="timed runs of each path, alternating order")
    a = ap.parse_args()
    import spacy

    from newsgraph import settings
    from newsgraph.nlp.pipeline import load_pipeline, process
    from newsgraph.records import Article

    rows = load_texts(a.limit, a.topics)
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

    def run_newsgraph() -> list:
        return list(process(nlp, arts, batch_size=a.batch_size))

    wall = {"raw": 0.0, "newsgraph": 0.0}
    cpu = {"raw": 0.0, "newsgraph": 0.0}
    sents, recs = 0, []
    for i in range(a.rounds):
        for path in (("raw", "newsgraph") if i % 2 == 0 else ("newsgraph", "raw")):
            t0, c0 = time.perf_counter(), time.process_time()
            if path == "raw":
                sents = run_raw()
            else:
                recs = run_newsgraph()
            wall[path] += (time.perf_counter() - t0) / a.rounds
            cpu[path] += (time.process_time() - c0) / a.rounds
    raw, full = wall["raw"], wall["newsgraph"]
    print(f"raw nlp.pipe      : {raw:7.1f} s wall {cpu['raw']:7.1f} s CPU  {rate(len(texts), raw)} articles  "
          f"{rate(sents, raw)} sentences  {rate(words, raw)} words  (stock pipeline: {', '.join(raw_nlp.pipe_names)})")
    events = sum(len(r.events) for r in recs)
    print(f"newsgraph process : {full:7.1f} s wall {cpu['newsgraph']:7.1f} s CPU  {rate(len(texts), full)} articles  "
          f"{rate(sents, full)} sentences  {rate(words, full)} words  ({events} events; pipeline: "
          f"{', '.join(nlp.pipe_names)})")
    print(f"ratio newsgraph/raw throughput: wall {raw / full:.2f}, CPU time {cpu['raw'] / cpu['newsgraph']:.2f} "
          f"(target >= 1.0; mean of {a.rounds} round(s))")

    if a.skip_scaling:
        return
    from newsgraph.engines.local import ingest

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "t17.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows))
        secs = {}
        for workers in (1, 2):
            rep = ingest([str(src)], Path(tmp) / f"w{workers}.duckdb", workers=workers, batch_size=a.batch_size,
                         languages=None, dedup=False, link=False)
            secs[workers] = rep.seconds
            print(f"ingest --workers {workers}: {rep.seconds:7.1f} s  {rate(rep.processed, rep.seconds)} articles "
                  f"({rep.processed} processed, {rep.events} events)")
        print(f"scaling 1 -> 2 workers: {secs[1] / secs[2]:.2f}x (target >= 1.7)")


if __name__ == "__main__":
    main()
