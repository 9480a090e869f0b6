"""The local engine: stream inputs, run NLP in a pool of processes, write with one writer.

Inputs are read lazily and cut into batches; at most ``2 * workers`` batches are in flight, so
memory depends on the batch size, not on the corpus. Articles already stored (same id) skip NLP
entirely. Each batch is one store transaction, so a crash leaves whole batches only and the next
run completes the rest.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from newsgraph.records import Article, DocRecords, Rejected

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did; the CLI prints it as the one-line summary."""

    new: int = 0
    already_present: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    events: int = 0
    quotes: int = 0
    mentions: int = 0
    actors: int = 0
    seconds: float = 0.0
    db: str = ""

    def summary(self) -> str:
        return (f"articles: {self.new} new, {self.already_present} already present, {len(self.rejected)} rejected; "
                f"events: {self.events}, quotes: {self.quotes}, actors: {self.actors}; "
                f"{self.seconds:.1f} s -> {self.db}")


_WORKER_NLP = None


def _worker_init(model: str | None) -> None:
    global _WORKER_NLP
    from newsgraph.nlp.pipeline import load_pipeline

    _WORKER_NLP = load_pipeline(model)


def process_batch(articles: Sequence[Article], model: str | None = None) -> list[DocRecords]:
    """The one processing step every engine runs: articles in, records out (same order)."""
    from newsgraph.nlp.pipeline import load_pipeline, process

    nlp = _WORKER_NLP if _WORKER_NLP is not None else load_pipeline(model)
    return list(process(nlp, articles))


def _batches(items: Iterable[Article | Rejected], size: int, report: IngestReport,
             on_reject: Callable[[Rejected], None]) -> Iterator[list[Article]]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        arts: list[Article] = []
        for x in chunk:
            if isinstance(x, Rejected):
                report.rejected.append(x)
                on_reject(x)
            else:
                arts.append(x)
        if arts:
            yield arts


def ingest(
    sources: Sequence[str],
    db: str | Path,
    workers: int | None = None,
    batch_size: int = 64,
    model: str | None = None,
    on_reject: Callable[[Rejected], None] = lambda r: None,
    on_progress: Callable[[int], None] = lambda n: None,
    options: object | None = None,
) -> IngestReport:
    """Ingest ``sources`` into the database at ``db`` and relink the corpus actors."""
    from newsgraph.ingest import IngestOptions, iter_inputs
    from newsgraph.store import Store

    t0 = time.perf_counter()
    report = IngestReport(db=str(db))
    opts = options if isinstance(options, IngestOptions) else IngestOptions()
    workers = max(1, workers or os.cpu_count() or 1)
    with Store(db) as store:
        pool: ProcessPoolExecutor | None = None
        inflight: deque[tuple[list[Article], Future[list[DocRecords]] | None]] = deque()

        def drain(limit: int) -> None:
            while len(inflight) > limit:
                arts, fut = inflight.popleft()
                recs = fut.result() if fut is not None else process_batch(arts, model)
                stats = store.write_docs(recs)
                report.new += stats.articles
                report.already_present += stats.already_present
                report.events += stats.events
                report.quotes += stats.quotes
                report.mentions += stats.mentions
                on_progress(len(arts))

        try:
            for arts in _batches(iter_inputs(sources, opts), batch_size, report, on_reject):
                known = store.known_article_ids(a.article_id for a in arts)
                seen = {a.article_id for a in arts if a.article_id in known}
                todo = [a for a in arts if a.article_id not in seen]
                report.already_present += len(arts) - len(todo)
                if len(arts) > len(todo):
                    on_progress(len(arts) - len(todo))
                if not todo:
                    continue
                if workers > 1 and pool is None and len(todo) >= batch_size:
                    pool = ProcessPoolExecutor(workers, initializer=_worker_init, initargs=(model,))
                fut = pool.submit(process_batch, todo, model) if pool is not None else None
                inflight.append((todo, fut))
                drain(2 * workers if pool is not None else 0)
            drain(0)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        if report.new:
            relink(store)
        report.actors = store.counts().get("actors", 0)
    report.seconds = time.perf_counter() - t0
    return report


def relink(store: object) -> None:
    """Recompute corpus-level actors (and event clusters) from what is stored."""
    from newsgraph.link.actors import link_actors

    actors, links = link_actors(store.iter_local_actors(), store.actor_mention_counts())  # type: ignore[attr-defined]
    store.replace_actors(actors, links)  # type: ignore[attr-defined]
    try:
        from newsgraph.link.clusters import cluster_events
    except ImportError:
        return
    store.replace_clusters(cluster_events(store))  # type: ignore[attr-defined]
