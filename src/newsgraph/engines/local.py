"""The local engine: stream inputs, run NLP in a pool of processes, write with one writer.

Inputs are read lazily and cut into batches; at most ``2 * workers`` batches are in flight, so
memory depends on the batch size, not on the corpus. Articles already stored (same id, or same
text under another id) and near-duplicate copies skip NLP entirely. Each batch is one store
transaction, so a crash leaves whole batches only and the next run completes the rest.

Workers are started by a fork server (not plain ``fork``): the parent holds a DuckDB connection
and its threads, which a forked child must not inherit.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from newsgraph.engines.common import (
    IngestReport,
    Prefilter,
    batches,
    process_batch,
    relink,
    warc_skipped,
    worker_init,
)
from newsgraph.records import Article, DocRecords, Rejected

__all__ = ["IngestReport", "ingest", "make_pool", "process_batch", "relink"]

log = logging.getLogger(__name__)

#: DuckDB memory limit during the batch loop (see ``Store.memory_limit``): what it caches of the
#: columns each batch scans stays this small, so peak memory does not grow with the corpus
INGEST_DB_MEMORY = "32MB"
#: and during the end-of-run relink, whose sorts and aggregates over the corpus need more (32 MB
#: ran out of memory clustering 2,000 articles); DuckDB spills beyond it to its temp directory
RELINK_DB_MEMORY = "256MB"


def make_pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    """A pool whose workers each load the pipeline once; spaCy is imported once, in the fork server."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["newsgraph.nlp.pipeline", "newsgraph.engines.common"])
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=worker_init, initargs=(model,))


def ingest(
    sources: Sequence[str],
    db: str | Path,
    workers: int | None = None,
    batch_size: int = 64,
    model: str | None = None,
    on_reject: Callable[[Rejected], None] = lambda r: None,
    on_progress: Callable[[int], None] = lambda n: None,
    options: object | None = None,
    *,
    languages: Sequence[str] | None = ("en",),
    dedup: bool = True,
    link: bool = True,
) -> IngestReport:
    """Ingest ``sources`` into the database at ``db`` and relink the corpus actors.

    ``languages``: ISO 639-1 codes to keep (None or empty keeps all); ``dedup``: detect syndicated
    near-duplicates with MinHash; ``link``: run the corpus-level actor linking at the end (off lets
    a caller ingest many sources and relink once).
    """
    from newsgraph.ingest import IngestOptions, iter_inputs
    from newsgraph.store import Store

    t0 = time.perf_counter()
    report = IngestReport(db=str(db))
    opts = options if isinstance(options, IngestOptions) else IngestOptions()
    workers = max(1, workers or os.cpu_count() or 1)
    skipped0 = warc_skipped()
    with Store(db) as store:
        screen = Prefilter(store, report, languages, dedup)
        pool: ProcessPoolExecutor | None = None
        inflight: deque[tuple[list[Article], Future[list[DocRecords]] | None, list]] = deque()

        def drain(limit: int) -> None:
            while len(inflight) > limit:
                arts, fut, dups = inflight.popleft()
                if arts:
                    recs = fut.result() if fut is not None else process_batch(arts, model)
                    report.add_write(store.write_docs(recs))
                    report.processed += len(arts)
                if dups:
                    store.write_duplicates(dups)
                on_progress(len(arts) + len(dups))

        with store.memory_limit(INGEST_DB_MEMORY):
            try:
                for arts in batches(iter_inputs(sources, opts), batch_size, report, on_reject):
                    step = screen.screen(arts)
                    report.already_present += step.skipped
                    dropped = len(arts) - step.skipped - len(step.todo) - len(step.duplicates)
                    if step.skipped or dropped:
                        on_progress(step.skipped + dropped)
                    if not step.todo and not step.duplicates:
                        continue
                    if workers > 1 and pool is None and len(step.todo) >= batch_size // 2:
                        pool = make_pool(workers, model)
                    fut = pool.submit(process_batch, step.todo, model) if pool is not None and step.todo else None
                    inflight.append((step.todo, fut, step.duplicates))
                    drain(2 * workers if pool is not None else 0)
                drain(0)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
        if report.new and link:
            with store.memory_limit(RELINK_DB_MEMORY):
                relink(store)
            # checkpoint under the small limit: the close's checkpoint would run under the default
            # (1 GB) and was the run's peak at 20,000 articles (bench/README.md, Memory)
            with store.memory_limit(INGEST_DB_MEMORY):
                store.checkpoint()
        report.actors = store.counts().get("actors", 0)
    report.skipped_records = warc_skipped() - skipped0
    report.seconds = time.perf_counter() - t0
    return report
