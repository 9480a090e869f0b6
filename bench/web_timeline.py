"""Timeline page load over the real server on a database of 100,000 synthetic events.

Usage: python bench/web_timeline.py [--events 100000] [--per-article 20] [--db FILE] [--runs 5]
       [--wait SECONDS] [--paths '/timeline,/timeline?actor=A1'] [--undated] [--no-old]
The store is built with Store.write_docs from hand-made records (no spaCy model needed; pass --db to
reuse one), then its timelines are materialised as the end of ``ingest``/``rebuild`` does
(``analyze.stored.materialise_timelines``, timed). Then, in one run: the server on that store (new:
the first load of each page should already be the analysis timeline), and on a copy with the stored
timelines removed (old behaviour: busiest-days fallback marked pending until the background analysis
finishes, timed too; --no-old skips it). The last line is the worst new load; the target (issue 7)
is under 1 s. Each record carries the date references the pipeline's dates component would store
(find_dates over the text, as at ingest); --undated leaves them out, like a database written before
schema 4, so the analysis resolves dates at query time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from newsgraph.records import Actor, DocRecords
from newsgraph.store import Store
from newsgraph.store.synthetic import make_docs


def with_dates(docs: list[DocRecords]) -> list[DocRecords]:
    """What the dates component stores with each article: every reference, boilerplate skipped."""
    from newsgraph.extract.dates import find_dates

    for d in docs:
        d.dates = find_dates(d.article.text, d.article_date, skip=d.boilerplate)
    return docs


def build(db: Path, events: int, per_article: int, dated: bool = True) -> None:
    n = events // per_article
    with Store(db) as s:
        for k in range(0, n, 500):
            docs = make_docs(min(500, n - k), events=per_article, start=k, prefix="bench")
            s.write_docs(with_dates(docs) if dated else docs)
        s.replace_actors(
            [Actor("A1", "Nouri al-Maliki", ("Maliki",), "PERSON", "IRQ", "GOV", n * per_article, n),
             Actor("A2", "United Nations", ("UN",), "IGO", None, "IGO", n, n),
             Actor("A3", "Iraq", ("Baghdad",), "COUNTRY", "IRQ", None, n, n)],
            {"person:nouri maliki": "A1", "org:united nations": "A2", "kb:IRQ": "A3"})
        s.build_search_index()
        print(f"built {s.counts()['events']:,} events in {s.counts()['articles']:,} articles", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PENDING, UNAVAILABLE = b"still being computed", b"analysis timeline is not available"


def fetch(url: str) -> tuple[float, str]:
    """Seconds to load a page, and which timeline it showed: analysis, pending, or store."""
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as r:
        body = r.read()
        assert r.status == 200 and b"timeline" in body
    shown = "pending" if PENDING in body else "store" if UNAVAILABLE in body else "analysis"
    return time.perf_counter() - t0, shown


def materialise(db: Path) -> float:
    """What the end of ingest/rebuild does (engines.common.relink -> materialise); seconds."""
    from newsgraph.analyze.stored import materialise_timelines

    with Store(db) as s:
        report = materialise_timelines(s)
    per = ", ".join(f"{k or 'unfiltered'} {v:.1f} s" for k, v in report.timelines.items())
    print(f"materialise: {report.seconds:.1f} s ({per})")
    return report.seconds


def without_stored(db: Path, dest: Path) -> None:
    """A copy of ``db`` as it was before: no stored timelines (readers compute them)."""
    shutil.copyfile(db, dest)
    with Store(dest) as s:
        s.replace_stored_timelines("none", [])


def serve_and_time(db: Path, paths: list[str], runs: int, wait: float | None) -> list[float]:
    """Start the server on ``db``, time each path's first load and ``runs`` more; with ``wait``,
    also how long until the first path shows the analysis timeline. Returns every load time."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "newsgraph.web:app_from_env",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                            env={**os.environ, "NEWSGRAPH_DB": str(db)})
    base = f"http://127.0.0.1:{port}"
    times: list[float] = []
    try:
        t_start = time.perf_counter()
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/overview", timeout=30).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1)  # server up and first snapshot taken (a startup warm-up does it)
        for path in paths:
            cold, shown = fetch(base + path)
            warm = [fetch(base + path) for _ in range(runs)]
            times += [cold, *(w for w, _ in warm)]
            print(f"  {path}: first load {cold:.3f} s showing the {shown} timeline; then median "
                  f"{statistics.median(w for w, _ in warm):.3f} s, max {max(w for w, _ in warm):.3f} s "
                  f"({', '.join(sorted({s for _, s in warm}))})")
        if wait:
            shown = ""
            while time.perf_counter() - t_start < wait:
                _, shown = fetch(base + paths[0])
                if shown == "analysis":
                    break
                time.sleep(0.5)
            print(f"  {paths[0]}: {shown} timeline {time.perf_counter() - t_start:.1f} s after the server "
                  "started")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--per-article", type=int, default=20)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--wait", type=float, default=300,
                    help="old behaviour: seconds to wait for the background analysis timeline")
    ap.add_argument("--paths", default="/timeline,/timeline?actor=A1,/timeline?actor=A2",
                    help="comma-separated pages to time")
    ap.add_argument("--undated", action="store_true", help="build without stored date references")
    ap.add_argument("--no-old", action="store_true", help="skip the run without stored timelines")
    a = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = a.db or Path(tmp.name) / "bench.duckdb"
    paths = [p for p in a.paths.split(",") if p]
    try:
        if not db.exists():
            t0 = time.perf_counter()
            build(db, a.events, a.per_article, dated=not a.undated)
            built = time.perf_counter() - t0
            print(f"build: {built:.1f} s", file=sys.stderr)
            secs = materialise(db)
            print(f"materialise adds {secs:.1f} s to the {built:.1f} s build ({100 * secs / built:.0f}%)")
        else:
            materialise(db)
        print("new (stored timelines):")
        new = serve_and_time(db, paths, a.runs, None)
        if not a.no_old:
            old_db = Path(tmp.name) / "old.duckdb"
            without_stored(db, old_db)
            print("old (no stored timelines):")
            serve_and_time(old_db, paths, a.runs, a.wait)
        print(f"{max(new):.3f}")
    finally:
        tmp.cleanup()


if __name__ == "__main__":
    main()
