"""A parsing process's memory over many real articles: does it grow with the corpus?

    python bench/worker_memory.py [--limit 2000] [--stride 2] [--every 200] [--recycle 2000]

Runs ``engines.common.process_batch`` (what ``--workers 1``, pool workers and Ray actors run) in
this process over Timeline17 articles (every ``--stride``-th, so all topics), in batches of 64,
and prints VmRSS, the high-water mark and ``len(nlp.vocab.strings)`` every ``--every`` articles.
``--recycle`` sets ``engines.recycle.PIPELINE_RECYCLE_ARTICLES`` (0: never reload).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def status(field: str) -> float:
    """A ``/proc/self/status`` memory field, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--stride", type=int, default=2)
    ap.add_argument("--every", type=int, default=200)
    ap.add_argument("--recycle", type=int, default=None)
    a = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from throughput import load_texts

    from newsgraph.engines import common, recycle
    from newsgraph.records import Article

    if a.recycle is not None:
        recycle.PIPELINE_RECYCLE_ARTICLES = a.recycle
    rows = load_texts(0, None)[:: a.stride][: a.limit]
    arts = [Article(r["id"], r["text"], published=r["published"], outlet=r["outlet"]) for r in rows]
    recycle.pipeline(None)
    t0 = time.perf_counter()
    print(f"{len(arts)} articles, recycle every {recycle.PIPELINE_RECYCLE_ARTICLES}; loaded: "
          f"RSS {status('VmRSS'):.0f} MB", flush=True)
    done, mark = 0, a.every
    for i in range(0, len(arts), 64):
        common.process_batch(arts[i:i + 64])
        done += len(arts[i:i + 64])
        if done >= mark or done == len(arts):
            mark += a.every
            cur = recycle._CURRENT
            strings = len(cur.nlp.vocab.strings) if cur is not None else 0
            print(f"{done:>6} articles  RSS {status('VmRSS'):6.0f} MB  HWM {status('VmHWM'):6.0f} MB  "
                  f"strings {strings:>7}  loads {recycle.loads}  {time.perf_counter() - t0:7.1f} s", flush=True)


if __name__ == "__main__":
    main()
