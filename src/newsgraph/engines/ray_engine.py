"""The Ray engine: the same pipeline steps as Ray Data tasks, for a cluster (or all cores of one box).

``pip install newsgraph[ray]``; ``import ray`` happens only in this module, inside functions.

Three phases, each restartable:

1. **Screen** (driver, streaming): inputs are read and filtered exactly as the local engine does
   (stored ids, language, exact and near-duplicate copies, through ``Prefilter``), and cut into
   shards written as ``input/part-*.parquet``. Input order decides everything, so the result is
   the local engine's.
2. **Process** (Ray Data): one row per shard; ``map_batches`` runs :class:`ShardWorker`, an actor
   class that loads the spaCy pipeline once per worker and calls the same ``process_batch`` as the
   local engine (which reloads it every ``recycle.PIPELINE_RECYCLE_ARTICLES`` articles), writing
   Parquet parts per table plus a completion marker. Shards with a marker are skipped, so a rerun
   after a crash redoes only unfinished shards.
3. **Load** (driver): each shard's parts go into DuckDB through ``Store.write_arrow``, one
   transaction per shard, in shard order; then the corpus-level linking runs. With ``load=False``
   the Parquet dataset is left for Spark/DuckDB users instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsgraph.engines import parts
from newsgraph.engines.common import IngestReport, Prefilter, batches, relink, warc_skipped
from newsgraph.records import Rejected

log = logging.getLogger(__name__)


class ShardWorker:
    """Ray Data callable class: constructed once per actor, so the pipeline loads once per worker."""

    def __init__(self, out: str, model: str | None = None) -> None:
        from newsgraph.engines.recycle import pipeline

        self.out = Path(out)
        self.model = model
        pipeline(model)  # loaded once per actor; process_batch reuses it and reloads it now and then

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        from newsgraph.engines.common import process_batch

        names, articles, events = [], [], []
        for part in batch["part"].tolist():
            n = e = 0
            if not parts.is_done(self.out, part):
                arts = parts.read_input(self.out / parts.INPUT / f"{part}.parquet")
                recs = process_batch(arts, self.model) if arts else []
                rows = parts.write_outputs(self.out, part, recs, dt.datetime.now(dt.UTC).replace(tzinfo=None))
                n, e = rows["articles"], rows["events"]
            names.append(part)
            articles.append(n)
            events.append(e)
        return {"part": names, "articles": articles, "events": events}


def _connect(address: str | None, workers: int | None) -> bool:
    """Join a running cluster (``auto``, ``host:port``, ``ray://``) or start a local one; True if we started it."""
    import ray

    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = {"log_to_driver": False, "configure_logging": False}
    if address is None:
        kwargs.update(include_dashboard=False, num_cpus=workers)
    ray.init(address=address, **kwargs)
    return True


def ingest_ray(
    sources: Sequence[str],
    db: str | Path | None,
    address: str | None = None,
    workers: int | None = None,
    shard_size: int = 256,
    model: str | None = None,
    on_reject: Callable[[Rejected], None] = lambda r: None,
    on_progress: Callable[[int], None] = lambda n: None,
    options: object | None = None,
    *,
    out_dir: str | Path | None = None,
    load: bool = True,
    keep_parts: bool = False,
    languages: Sequence[str] | None = ("en",),
    dedup: bool = True,
    link: bool = True,
) -> IngestReport:
    """Ingest ``sources`` with Ray; ``db`` receives the rows unless ``load`` is False.

    ``address``: None starts a local Ray, ``"auto"`` joins the cluster this machine belongs to,
    ``"host:port"`` or ``"ray://host:10001"`` a given one. ``out_dir`` (default: ``<db>.parts``)
    holds the Parquet shards; every worker must see it (a shared filesystem on a real cluster).
    ``workers`` caps the number of pipeline actors (default: one per CPU of the cluster).
    """
    import ray

    from newsgraph.ingest import IngestOptions, iter_inputs
    from newsgraph.store import Store

    t0 = time.perf_counter()
    if db is None and out_dir is None:
        raise ValueError("ingest_ray needs a database, an out_dir, or both")
    out = Path(out_dir) if out_dir is not None else Path(f"{db}.parts")
    out.mkdir(parents=True, exist_ok=True)
    report = IngestReport(db=str(db if db is not None and load else out))
    opts = options if isinstance(options, IngestOptions) else IngestOptions()
    skipped0 = warc_skipped()
    state = Path(db) if db is not None else out / "_state.duckdb"
    started = False
    with Store(state) as store:
        screen = Prefilter(store, report, languages, dedup)
        shard_names: list[str] = []
        for arts in batches(iter_inputs(sources, opts), shard_size, report, on_reject):
            step = screen.screen(arts)
            report.already_present += step.skipped
            if not step.todo and not step.duplicates:
                continue
            name = parts.part_name(len(shard_names), [a.article_id for a in step.todo] +
                                   [d.article_id for d in step.duplicates])
            if not parts.is_done(out, name):
                parts.write_input(out, name, step.todo)
            parts.write_duplicates(out, name, step.duplicates)
            shard_names.append(name)
        pending = [n for n in shard_names if not parts.is_done(out, n)]
        log.info("%d shards, %d to process", len(shard_names), len(pending))
        try:
            if pending:
                started = _connect(address, workers)
                ray.data.DataContext.get_current().enable_progress_bars = False
                cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
                actors = max(1, min(workers or cpus, cpus, len(pending)))
                ds = ray.data.from_items([{"part": n} for n in pending], override_num_blocks=len(pending))
                done = ds.map_batches(ShardWorker, fn_constructor_kwargs={"out": str(out), "model": model},
                                      batch_size=1, compute=ray.data.ActorPoolStrategy(size=actors),
                                      num_cpus=1).take_all()
                missing = set(pending) - {r["part"] for r in done}
                if missing:
                    raise RuntimeError(f"Ray finished without {len(missing)} shards: {sorted(missing)[:3]}...")
        finally:
            if started:
                ray.shutdown()
        if db is not None and load:
            for name in shard_names:
                stats = store.write_arrow(parts.read_outputs(out, name))
                report.add_write(stats)
                report.processed += stats.articles
                dups = parts.read_duplicates(out, name)
                store.write_duplicates(dups)
                on_progress(stats.articles + stats.already_present + len(dups))
            if report.new and link:
                relink(store)
            report.actors = store.counts().get("actors", 0)
    if db is not None and load and not keep_parts:
        shutil.rmtree(out, ignore_errors=True)
    report.skipped_records = warc_skipped() - skipped0
    report.seconds = time.perf_counter() - t0
    return report
