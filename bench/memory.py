"""Peak memory (RSS) of an ingest at two corpus sizes: it must not grow with the corpus.

    python bench/memory.py [--sizes 2000,20000] [--nlp fake|full] [--workers 1]

Each size runs in a fresh child process (``--child``), ingesting a synthetic corpus from
``make_corpus.py`` into a fresh store; the parent reads the child's peak RSS from ``wait4`` (it
includes pool workers the child waited for). ``--nlp fake`` swaps the spaCy step for a constant
stand-in (``_fake.py``) so large sizes finish quickly and what is measured is the engine's own
streaming (reader, screening, dedup, writer); ``--nlp full`` runs the real pipeline.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def child(src: str, db: str, nlp: str, workers: int) -> None:
    sys.path.insert(0, str(HERE))
    from newsgraph.engines import local

    if nlp == "fake":
        from _fake import fake_process_batch

        def undated(articles, model=None):  # type: ignore[no-untyped-def]
            # the stand-in resolves no dates; saying so (an empty list, as the real pipeline stores
            # for an article without dates) keeps the timeline step from resolving them itself,
            # which loads spaCy (~240 MB) and made the 2,000-article peak 618 MB (bench/README.md)
            docs = fake_process_batch(articles, model)
            for d in docs:
                d.dates = []
            return docs

        local.process_batch = undated  # type: ignore[assignment]
    rep = local.ingest([src], db, workers=workers, batch_size=64)
    print(f"  {rep.summary()}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,20000")
    ap.add_argument("--nlp", choices=("fake", "full"), default="fake")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--child", nargs=2, metavar=("SRC", "DB"))
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], a.nlp, a.workers)
        return
    sys.path.insert(0, str(HERE))
    from make_corpus import write

    peaks = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in a.sizes.split(",")):
            src = Path(tmp) / f"c{n}.jsonl"
            with src.open("w", encoding="utf-8") as f:
                write(f, n, seed=3, dup_rate=0.05, foreign_rate=0.01)
            t0 = time.perf_counter()
            proc = subprocess.Popen([sys.executable, __file__, "--nlp", a.nlp, "--workers", str(a.workers),
                                     "--child", str(src), str(Path(tmp) / f"c{n}.duckdb")])
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            peaks[n] = usage.ru_maxrss / 1024
            print(f"{n:>7,} articles ({a.nlp} nlp, {a.workers} worker(s)): peak RSS {peaks[n]:,.0f} MB, "
                  f"{time.perf_counter() - t0:.1f} s, exit {proc.returncode}", flush=True)
    sizes = sorted(peaks)
    print(f"peak RSS ratio {sizes[-1]:,} / {sizes[0]:,} articles: {peaks[sizes[-1]] / peaks[sizes[0]]:.2f} "
          f"(target <= 1.10, and < 1,500 MB)")


if __name__ == "__main__":
    main()
