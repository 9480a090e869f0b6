"""Materialised timelines: computed once at the end of an ingest or rebuild, served in milliseconds.

``build_timeline`` over a corpus of thousands of articles takes seconds; the web's timeline page
must load in under one (issue 7). :func:`materialise_timelines` runs after the relink and stores
the unfiltered timeline and the timelines of the busiest actors, each as its entries in the order
they were chosen (``entries_by_rank``), ``STORED_DATES`` of them: any ``n_dates`` up to that is the
first ``n`` sorted by date, exactly what ``build_timeline`` returns. :func:`stored_timeline_for`
serves one when its parameters match and the store's data version is the one it was computed on
(``Store.timeline_data_version``); :func:`timeline_for` falls back to computing. The parameters
include a hash of the analysis code, so a changed algorithm never serves an old result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import logging
import time
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from newsgraph.analyze.corpus import Sent, drain, query_terms, restrict, story_of, tag_articles
from newsgraph.analyze.timeline import (
    TimelineEntry,
    TimelineSentence,
    build_timeline,
    entries_by_rank,
    timeline_json,
)
from newsgraph.store.timelinestore import StoredTimeline

log = logging.getLogger(__name__)

__all__ = ["MaterialiseReport", "materialise_timelines", "stored_timeline_for", "timeline_for"]

#: entries stored per timeline: serves every ``n_dates`` up to this (web default 10, report 12)
STORED_DATES = 20
#: sentences per entry of the stored timelines (the default of the web, CLI and report)
K_SENTENCES = 2
#: the busiest actors (most mentions) whose timelines are stored too: the actor links people click
TOP_ACTORS = 3
#: the modules whose code decides a timeline's output
_ALGORITHM_MODULES = ("timeline", "corpus", "select", "sentences", "tfidf", "stored")


@cache
def algorithm_version() -> str:
    """A hash of the analysis code: stored timelines from another version are not served."""
    h = hashlib.sha1()
    here = Path(__file__).parent
    for name in _ALGORITHM_MODULES:
        h.update((here / f"{name}.py").read_bytes())
    for module in ("newsgraph.extract.dates", "newsgraph.extract.date_spans"):
        spec = importlib.util.find_spec(module)  # not imported: it loads spaCy
        if spec is not None and spec.origin:  # it resolves the dates of articles stored without them
            h.update(Path(spec.origin).read_bytes())
    return h.hexdigest()[:16]


def _params(actor_keys: frozenset[str] | None, k_sentences: int) -> str:
    """The canonical key of a stored timeline; an actor is keyed by the link keys it resolves to,
    so its id, name and aliases all find the same stored timeline."""
    return json.dumps({"algorithm": algorithm_version(), "k": k_sentences,
                       "actor_keys": sorted(actor_keys) if actor_keys is not None else None},
                      sort_keys=True, separators=(",", ":"))


def _entries_from_json(rows: list[dict[str, Any]]) -> list[TimelineEntry]:
    return [TimelineEntry(
        date=r["date"], score=r["score"], actors=tuple(r["actors"]), num_sources=r["num_sources"],
        sentences=tuple(TimelineSentence(
            text=s["text"], article_id=s["article_id"], outlet=s["outlet"], published=s["published"],
            url=s["url"], start=s["start"], end=s["end"], event_ids=tuple(s["event_ids"]))
            for s in r["sentences"])) for r in rows]


def stored_timeline_for(store: Any, query: str | None = None, actor: str | None = None,
                        date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                        n_dates: int = 10, k_sentences: int = 2) -> list[TimelineEntry] | None:
    """The stored timeline for these arguments if one is stored for the current data, else None.

    Only what :func:`materialise_timelines` stores can match: no query, no date window, an actor
    or none, ``k_sentences == K_SENTENCES``. Reads only, so it works on a read-only store.
    """
    if query_terms(query) or date_from or date_to or getattr(store, "stored_timeline", None) is None:
        return None
    keys = frozenset(store.actor_link_keys(actor)) if actor else None
    found = store.stored_timeline(_params(keys, k_sentences), store.timeline_data_version())
    if found is None:
        return None
    ranked = json.loads(found.entries)
    if n_dates > found.max_dates and len(ranked) >= found.max_dates:
        return None  # more dates asked for than were stored, and the story may have them
    entries = _entries_from_json(ranked[:max(n_dates, 0)])
    entries.sort(key=lambda e: e.date)
    return entries


def timeline_for(store: Any, query: str | None = None, actor: str | None = None,
                 date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                 n_dates: int = 10, k_sentences: int = 2) -> list[TimelineEntry]:
    """:func:`stored_timeline_for` when it has one, else ``build_timeline`` (same arguments, same result)."""
    stored = stored_timeline_for(store, query, actor, date_from, date_to, n_dates, k_sentences)
    if stored is not None:
        return stored
    return build_timeline(store, query=query, actor=actor, date_from=date_from, date_to=date_to,
                          n_dates=n_dates, k_sentences=k_sentences)


@dataclass(slots=True)
class MaterialiseReport:
    """What :func:`materialise_timelines` stored and what it cost (seconds per timeline)."""

    data_version: str = ""
    seconds: float = 0.0
    timelines: dict[str, float] = field(default_factory=dict)  # "" for the unfiltered one, else actor id
    skipped: str = ""  # why nothing was stored (corpus over the size limit), else empty


def max_chars() -> int:
    """The ``TIMELINE_MAX_CHARS`` setting: the largest corpus whose timelines ingest stores."""
    from newsgraph import settings

    return int(settings.get("TIMELINE_MAX_CHARS"))


def materialise_timelines(store: Any, top_actors: int = TOP_ACTORS, n_dates: int = STORED_DATES,
                          k_sentences: int = K_SENTENCES,
                          max_chars_limit: int | None = None) -> MaterialiseReport:
    """Compute and store the unfiltered timeline and those of the ``top_actors`` busiest actors.

    Replaces whatever was stored, in one transaction; runs on a writable store after the relink,
    so the data version it records is the one readers will see.
    """
    t0 = time.perf_counter()
    report = MaterialiseReport(data_version=store.timeline_data_version())
    limit = max_chars() if max_chars_limit is None else max_chars_limit
    chars = store.corpus_chars()
    if limit <= 0 or chars > limit:
        # a whole-corpus timeline holds every sentence in memory (~45 bytes per character of
        # text): past the limit the ingest keeps its bounded memory and readers compute on demand
        report.skipped = f"corpus has {chars:,} characters of text, limit {limit:,} (NEWSGRAPH_TIMELINE_MAX_CHARS)"
        store.replace_stored_timelines(report.data_version, [])
        log.info("analysis timelines not stored: %s", report.skipped)
        return report
    wanted: list[tuple[str, frozenset[str] | None]] = [("", None)]
    for a in store.list_actors(limit=top_actors) if top_actors > 0 else []:
        keys = frozenset(store.actor_link_keys(a["actor_id"]))
        if keys:
            wanted.append((a["actor_id"], keys))
    rows: list[StoredTimeline] = []
    seen: set[str] = set()
    base: list[Sent] = []
    for label, keys in wanted:
        params = _params(keys, k_sentences)
        if params in seen:
            continue
        seen.add(params)
        t1 = time.perf_counter()
        # exactly load_story(store, actor=label): the actor's articles, whose sentences were
        # already tagged for the unfiltered story (tagging is most of a story's cost). Memory: the
        # article rows are let go as they are tagged (sentences keep their own text), an actor's
        # rows are reduced to their ids at once, and one story (TF-IDF matrix) is alive at a time
        arts = store.story_articles((), sorted(keys) if keys is not None else None)
        n_articles = len(arts)
        if keys is None:
            base = sents = tag_articles(store, drain(arts))
        else:
            ids = [a["article_id"] for a in arts]
            del arts
            sents = restrict(base, ids)
        story = story_of(sents, (), keys, None, None, n_articles)
        ranked = list(islice(entries_by_rank(story, k_sentences), n_dates))
        del story, sents
        secs = time.perf_counter() - t1
        rows.append(StoredTimeline(params, json.dumps(timeline_json(ranked), ensure_ascii=False), n_dates,
                                   round(secs, 3)))
        report.timelines[label] = secs
    store.replace_stored_timelines(report.data_version, rows)
    report.seconds = time.perf_counter() - t0
    log.info("stored %d timelines in %.1f s", len(rows), report.seconds)
    return report
