"""What every engine shares: the report, the one processing step, and the pre-NLP filter.

Both engines (local processes, Ray) read inputs and decide what needs NLP in the driver, in input
order, through :class:`Prefilter`; only the NLP itself (:func:`process_batch`) is distributed. That
is what makes their outputs identical: the same articles are kept, skipped and deduplicated, in the
same order, whatever runs the parser.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

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
    #: articles not processed because their language is not one of the accepted ones
    skipped_language: int = 0
    #: syndicated copies (same or near-same text as a stored article): recorded, not processed
    duplicates: int = 0
    #: WARC records that cannot be articles (requests, metadata, non-HTML, redirects)
    skipped_records: int = 0
    #: articles that went through the NLP pipeline in this run
    processed: int = 0
    #: CPU seconds of the NLP step (in pool workers, or in this process with one worker) and of
    #: this process as a whole: under load, wall time stretches but these do not
    nlp_cpu_seconds: float = 0.0
    parent_cpu_seconds: float = 0.0

    def summary(self) -> str:
        extra = ""
        if self.duplicates or self.skipped_language or self.skipped_records:
            extra = (f"; skipped: {self.duplicates} duplicates, {self.skipped_language} not in language, "
                     f"{self.skipped_records} non-article WARC records")
        return (f"articles: {self.new} new, {self.already_present} already present, {len(self.rejected)} rejected"
                f"{extra}; events: {self.events}, quotes: {self.quotes}, actors: {self.actors}; "
                f"{self.seconds:.1f} s -> {self.db}")

    def add_write(self, stats: Any) -> None:
        self.new += stats.articles
        self.already_present += stats.already_present
        self.events += stats.events
        self.quotes += stats.quotes
        self.mentions += stats.mentions


def worker_init(model: str | None) -> None:
    """Pool initializer: load the pipeline when the worker starts, not with its first batch."""
    from newsgraph.engines.recycle import pipeline

    pipeline(model)


def process_batch(articles: Sequence[Article], model: str | None = None) -> list[DocRecords]:
    """The one processing step every engine runs: articles in, records out (same order).

    The pipeline comes from ``engines.recycle``, which reloads it every so many articles so that
    no process (this one with ``--workers 1``, a pool worker, a Ray actor) grows with the corpus.
    """
    from newsgraph.engines.recycle import pipeline
    from newsgraph.nlp.pipeline import process

    return list(process(pipeline(model, len(articles)), articles))


@dataclass(slots=True)
class TableBatch:
    """A pool worker's answer for one chunk: its store rows as Arrow IPC buffers, ready to write.

    The worker builds the tables (``store.write.build_tables``) so the one writer process only
    maps buffers and inserts them; it used to unpickle record trees and build the tables itself.
    """

    tables: dict[str, bytes]
    #: repeated article ids in the chunk (later copies are dropped and count as already present)
    repeated: int
    #: worker CPU seconds for the chunk (NLP and tables), so reports can show where the time went
    cpu_seconds: float


def process_to_tables(articles: Sequence[Article], model: str | None, now: dt.datetime) -> TableBatch:
    """``process_batch`` plus the table building, run in a pool worker (see :class:`TableBatch`)."""
    from newsgraph.store import write

    c0 = time.process_time()
    docs, repeated = write.dedupe_docs(process_batch(articles, model))
    buffers = write.to_ipc(write.build_tables(docs, now))
    return TableBatch(buffers, repeated, time.process_time() - c0)


#: words of text per pool task: small enough that the last tasks of a run end close together
#: (about 2 s of NLP each on one core), large enough that the per-task cost (pickling the
#: articles, one ``nlp.pipe`` call, IPC) stays well under 1%
CHUNK_WORDS = 6000


def chunks(articles: Sequence[Article], words: int | None = None) -> list[list[Article]]:
    """Consecutive runs of articles of at most ``words`` (default ``CHUNK_WORDS``) words each (an
    article longer than that is a run of its own), so pool tasks cost about the same whatever the
    articles' lengths."""
    words = words or CHUNK_WORDS
    out: list[list[Article]] = []
    size = words
    for a in articles:
        n = a.text.count(" ") + 1
        if size + n > words and (not out or out[-1]):
            out.append([])
            size = 0
        out[-1].append(a)
        size += n
    return out


def batches(items: Iterable[Article | Rejected], size: int, report: IngestReport,
            on_reject: Callable[[Rejected], None]) -> Iterator[list[Article]]:
    """Articles in lists of at most ``size`` inputs; rejections go to the report as they stream by."""
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


@dataclass(slots=True)
class Screened:
    """One batch after the pre-NLP filter: what to process and which copies to record."""

    todo: list[Article]
    duplicates: list[Any]  # link.dedup.Duplicate
    skipped: int  # already stored, stored as copies, or repeated in the batch


class Prefilter:
    """Decides, before any NLP, what a batch needs: nothing for stored articles and copies.

    Order matters and is fixed: repeated ids, stored ids (articles and recorded copies), language,
    exact copies of stored text (content hash), then near-duplicates (MinHash LSH).
    """

    def __init__(self, store: Any, report: IngestReport, languages: Sequence[str] | None = ("en",),
                 dedup: bool = True) -> None:
        self.store = store
        self.report = report
        self.languages = frozenset(x.lower() for x in languages or ())
        self.dedup = dedup
        if dedup:
            self._backfill()

    def _backfill(self) -> None:
        from newsgraph.link.dedup import backfill

        while rows := self.store.articles_without_minhash(2000):
            backfill(self.store, [Article(aid, text) for aid, text in rows])

    def screen(self, arts: Sequence[Article]) -> Screened:
        from newsgraph.ingest.language import keep_language
        from newsgraph.link.dedup import Duplicate, find_duplicates
        from newsgraph.store.write import content_hash

        unique = list({a.article_id: a for a in reversed(arts)}.values())[::-1]
        ids = [a.article_id for a in unique]
        known = self.store.known_article_ids(ids) | self.store.known_duplicate_ids(ids)
        todo = [a for a in unique if a.article_id not in known]
        skipped = len(arts) - len(todo)
        if self.languages:
            kept = [a for a in todo if keep_language(a.text, a.language, self.languages)[0]]
            self.report.skipped_language += len(todo) - len(kept)
            todo = kept
        dups: list[Duplicate] = []
        if todo:
            hashes = {a.article_id: content_hash(a.text) for a in todo}
            stored = self.store.articles_by_content_hash(hashes.values())
            exact = [a for a in todo if hashes[a.article_id] in stored]
            dups += [Duplicate(a.article_id, stored[hashes[a.article_id]], a.outlet, a.url, a.title,
                               (a.published or "")[:10] or None, a.source_path, 1.0) for a in exact]
            todo = [a for a in todo if hashes[a.article_id] not in stored]
        if self.dedup and todo:
            todo, near = find_duplicates(self.store, todo)
            dups += near
        self.report.duplicates += len(dups)
        return Screened(todo, dups, skipped)


def warc_skipped() -> int:
    """Records skipped by the WARC reader so far in this process (engines report the difference)."""
    from newsgraph.ingest.warc import SKIPPED

    return sum(SKIPPED.values())


def relink(store: Any) -> None:
    """Recompute corpus-level actors (and event clusters) from what is stored.

    ``link_store`` reads compact per-key and per-group aggregates, not every article-level actor,
    so the relink's memory follows the number of distinct actors rather than the corpus size;
    ``write_clusters`` streams the sorted events and lets the store aggregate and write the clusters;
    ``rebuild_relation_days`` then writes the relation pages' pre-aggregates (``store.relagg``).

    ``Store.settle`` checkpoints after each writing phase: the rows a phase writes
    (``event_actors``, clusters and members: one or more per event) otherwise stay in DuckDB's
    memory until the ingest's last checkpoint, piling up across phases, which made the relink's
    peak grow with the corpus (bench/README.md, Memory). Not before the first phase: checkpointing
    the batch loop's leftover rows there became the relink's peak (+49 MB at 20,000 articles).
    """
    from newsgraph.link.actors import link_store

    actors, links = link_store(store)
    store.replace_actors(actors, links)
    del actors, links
    store.settle()
    try:
        from newsgraph.link.clusters import write_clusters
    except ImportError:
        pass
    else:
        write_clusters(store)
        store.settle()
    # per-actor relation pre-aggregates: they summarise the links and clusters just written
    from newsgraph.analyze.relations import MODALITY_WEIGHTS, NEGATED_WEIGHT

    store.rebuild_relation_days(NEGATED_WEIGHT, MODALITY_WEIGHTS)
    store.settle()
    materialise(store)


#: DuckDB memory limit while the timeline step counts the corpus's text (see :func:`materialise`):
#: the scan streams, so a small limit only keeps DuckDB from caching the text column it read
COUNT_DB_MEMORY = "8MB"


def materialise(store: Any) -> None:
    """Store the analysis timelines the web, CLI and report open first (``analyze.stored``), last:
    they read the actors and clusters just written. A failure only costs readers the fast path.

    Past ``NEWSGRAPH_TIMELINE_MAX_CHARS`` the step only counts the text and stores nothing; it runs
    under :data:`COUNT_DB_MEMORY` then, because at the relink's limit the count's scan left the
    whole text column cached (+25 MB of RSS at 20,000 stand-in articles, growing with the corpus;
    +21 MB at 32 MB, +6 MB at 8 MB). Below the limit the text is at most that many characters.
    """
    try:
        from newsgraph.analyze.stored import materialise_timelines, max_chars

        limit = max_chars()
        with store.memory_limit(COUNT_DB_MEMORY):
            over = limit <= 0 or store.with_memory_fallback(store.corpus_chars) > limit
        with store.memory_limit(COUNT_DB_MEMORY if over else None):
            store.with_memory_fallback(lambda: materialise_timelines(store))
    except Exception:
        log.exception("could not store the analysis timelines; readers will compute them")
