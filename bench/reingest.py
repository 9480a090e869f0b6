"""Re-ingest of an already-stored corpus: must cost < 5% of the first run.

    python bench/reingest.py [-n 300] [--workers 2] [--big 20000]

1. ``-n`` synthetic articles (``make_corpus.py``) ingested with the full pipeline, then the same
   inputs again: the ratio second/first is the target number (< 0.05).
2. ``--big``: a store of that many articles filled with the constant NLP stand-in (``_fake.py``,
   so it builds quickly), then re-ingested: the absolute re-ingest time at that size, and its ratio
   to the first run's full-pipeline time per article extrapolated to that size (printed as such).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--big", type=int, default=20000)
    a = ap.parse_args()
    sys.path.insert(0, str(HERE))
    from _fake import fake_process_batch
    from make_corpus import write

    from newsgraph.engines import local

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "c.jsonl"
        with src.open("w", encoding="utf-8") as f:
            write(f, a.n, seed=5, dup_rate=0.05)
        db = Path(tmp) / "full.duckdb"
        first = local.ingest([str(src)], db, workers=a.workers)
        again = local.ingest([str(src)], db, workers=a.workers)
        print(f"{a.n} articles, full pipeline, {a.workers} workers: first {first.seconds:.1f} s "
              f"({first.processed} processed), re-ingest {again.seconds:.2f} s ({again.processed} processed); "
              f"ratio {again.seconds / first.seconds:.3f} (target < 0.05)")
        if not a.big:
            return
        per_article = first.seconds / max(first.processed, 1)
        big = Path(tmp) / "big.jsonl"
        with big.open("w", encoding="utf-8") as f:
            write(f, a.big, seed=6, dup_rate=0.05)
        real = local.process_batch
        local.process_batch = fake_process_batch  # type: ignore[assignment]
        try:
            fill = local.ingest([str(big)], Path(tmp) / "big.duckdb", workers=1)
        finally:
            local.process_batch = real  # type: ignore[assignment]
        redo = local.ingest([str(big)], Path(tmp) / "big.duckdb", workers=a.workers)
        est = per_article * fill.processed
        print(f"{a.big:,} articles: filled (stand-in NLP) in {fill.seconds:.1f} s; re-ingest {redo.seconds:.1f} s, "
              f"{redo.processed} processed; vs an extrapolated full first run of {est:,.0f} s: "
              f"ratio {redo.seconds / est:.3f} (target < 0.05)")


if __name__ == "__main__":
    main()
