"""A story's sentences, date-tagged and vectorised once, for timelines and briefings.

Dates are the ones :func:`newsgraph.extract.dates.find_dates` — the resolver that dates events —
found at ingest, stored per article (``date_refs``) and mapped onto sentences by offset, so a
timeline entry and the events behind it can never disagree about when something happened, and a
query does no date resolution. Articles stored without them (older databases, light ingests) are
resolved here with the same function. Events add what text alone lacks: how many outlets
reported the happening (cluster ``num_sources``) and who was involved.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

import numpy as np

from newsgraph.analyze.sentences import split_sentences
from newsgraph.records import DateRef

_WORD = re.compile(r"\w+")
_TERM_SPLIT = re.compile(r"\s*[,;|]\s*|\s+OR\s+")


@dataclass(slots=True)
class Sent:
    """One sentence of a story with what ranking needs; internal to the analyze package."""

    idx: int
    article_id: str
    outlet: str | None
    published: str | None
    url: str | None
    start: int
    end: int
    text: str
    position: int  # index of the sentence in its article (leads carry the news)
    n_words: int
    dates: tuple[str, ...] = ()  # day-precision dates the sentence mentions
    event_ids: tuple[str, ...] = ()
    event_dates: tuple[str, ...] = ()  # day-precision event dates (resolved by the pipeline)
    num_sources: int = 0  # best cluster support of the sentence's events
    actors: tuple[str, ...] = ()  # actor names mentioned, in order
    actor_keys: frozenset[str] = frozenset()


@dataclass(slots=True)
class Story:
    """The sentences of the selected articles plus the TF-IDF space fitted on all of them."""

    sents: list[Sent]
    terms: tuple[str, ...]
    actor_keys: frozenset[str] | None
    date_from: str | None
    date_to: str | None
    n_articles: int
    matrix: Any = None  # scipy CSR, one L2-normalised row per sentence
    actor_weight: dict[str, float] = field(default_factory=dict)
    relevance: Any = None  # per sentence: cosine to the story's centroid (what the story is about)

    def allowed(self, s: Sent) -> bool:
        """Whether a sentence may be quoted: it names the query or the actor when one was asked for."""
        if self.terms and not any(_contains(s.text, t) for t in self.terms):
            return False
        return self.actor_keys is None or bool(s.actor_keys & self.actor_keys)


def query_terms(query: str | None) -> tuple[str, ...]:
    """Comma-, semicolon- or OR-separated phrases; any one matching selects an article or sentence."""
    if not query or not query.strip():
        return ()
    return tuple(t for t in (p.strip().strip('"') for p in _TERM_SPLIT.split(query.strip())) if t)


def _contains(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE) is not None


def _iso(value: str | dt.date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat()[:10] if isinstance(value, dt.date) else str(value)[:10]


@lru_cache(maxsize=1 << 16)
def shift(day: str, days: int) -> str:
    """``day`` moved by ``days``; cached: ranking asks about the same few hundred days ~10^5 times."""
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


@lru_cache(maxsize=1 << 16)
def day_diff(a: str, b: str) -> int:
    """Days from ``b`` to ``a`` (positive when ``a`` is later); cached like :func:`shift`."""
    return (dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days


def _reach(ranges: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Starts of ``ranges`` sorted, and the furthest end among the ranges up to each: a position
    ``p`` is inside some range iff the last range starting at or before ``p`` has reach beyond it."""
    ordered = sorted(ranges)
    reach: list[int] = []
    for _, e in ordered:
        reach.append(max(e, reach[-1]) if reach else e)
    return [s for s, _ in ordered], reach


def load_story(store: Any, query: str | None = None, actor: str | None = None,
               date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
               published_slack: int = 7, min_words: int = 4) -> Story:
    """Read, split and date-tag the articles of a story.

    Articles published up to ``published_slack`` days after ``date_to`` are read too: reports of
    an event often appear a day or more after it, and later articles recall earlier dates.
    """
    terms = query_terms(query)
    keys: frozenset[str] | None = None
    if actor:
        keys = frozenset(store.actor_link_keys(actor))
    d_from, d_to = _iso(date_from), _iso(date_to)
    pub_to = shift(d_to, published_slack) if d_to else None
    arts = store.story_articles(terms, sorted(keys) if keys is not None else None, d_from, pub_to)
    n_articles = len(arts)
    return story_of(tag_articles(store, drain(arts), min_words), terms, keys, d_from, d_to, n_articles)


#: articles whose evidence (boilerplate, dates, events, mentions) is read and tagged at a time
TAG_CHUNK = 1000


def tag_articles(store: Any, arts: Iterable[dict[str, Any]], min_words: int = 4) -> list[Sent]:
    """The sentences of ``arts`` (rows of ``store.story_articles``), in order, date- and actor-tagged.

    A sentence's tags depend on its article alone, never on the story, so sentences tagged once can
    be shared by several stories (:func:`restrict`), and articles are read ``TAG_CHUNK`` at a time:
    the per-event and per-mention rows never all sit in memory beside the sentences. ``arts`` may be
    an iterator that lets go of each row once read (:func:`drain`), so the texts are not held twice.
    """
    sents: list[Sent] = []
    stored = getattr(store, "stored_date_refs", None)
    rows = iter(arts)
    while chunk := list(islice(rows, TAG_CHUNK)):
        ids = [a["article_id"] for a in chunk]
        boiler = store.boilerplate_ranges(ids)
        dated = stored(ids) if stored is not None else {}
        events = _by_article(store.story_events(ids))
        mentions = _by_article_tuples(store.mention_spans(ids))
        for art in chunk:
            aid = art["article_id"]
            _tag_article(art, boiler.get(aid, []), events.get(aid, []), mentions.get(aid, []),
                         dated.get(aid), sents, min_words)
        del boiler, dated, events, mentions, chunk
    return sents


def drain(rows: list[Any]) -> Iterator[Any]:
    """The items of ``rows`` in order, each removed from the list as it is handed out (the list
    ends empty): a consumer that keeps only what it derives from an item frees the items as it goes."""
    rows.reverse()
    while rows:
        yield rows.pop()


def restrict(sents: Sequence[Sent], article_ids: Sequence[str]) -> list[Sent]:
    """The sentences of ``article_ids``, in that article order, renumbered: what
    :func:`tag_articles` returns for those articles, without reading and tagging them again."""
    by_article: dict[str, list[Sent]] = {}
    for s in sents:
        by_article.setdefault(s.article_id, []).append(s)
    out: list[Sent] = []
    for aid in article_ids:
        for s in by_article.get(aid, ()):
            out.append(Sent(len(out), s.article_id, s.outlet, s.published, s.url, s.start, s.end, s.text,
                            s.position, s.n_words, s.dates, s.event_ids, s.event_dates, s.num_sources,
                            s.actors, s.actor_keys))
    return out


def story_of(sents: list[Sent], terms: tuple[str, ...], keys: frozenset[str] | None, d_from: str | None,
             d_to: str | None, n_articles: int) -> Story:
    """A story from its tagged sentences: actor salience and the TF-IDF space fitted on them."""
    story = Story(sents, terms, keys, d_from, d_to, n_articles)
    story.actor_weight = _actor_weights(sents)
    if sents:
        from newsgraph.analyze.select import centroid

        story.matrix = _vectorise([s.text for s in sents])
        center = centroid(story.matrix, [range(len(sents))])
        story.relevance = np.asarray(story.matrix @ center).ravel()
    return story


def _by_article(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["article_id"], []).append(r)
    return out


def _by_article_tuples(rows: list[tuple[str, int, int, str, str]]) -> dict[str, list[tuple[int, int, str, str]]]:
    out: dict[str, list[tuple[int, int, str, str]]] = {}
    for aid, s, e, key, name in rows:
        out.setdefault(aid, []).append((s, e, key, name))
    return out


def find_dates(text: str, anchor: str | None, skip: Sequence[tuple[int, int]] = ()) -> list[DateRef]:
    """:func:`newsgraph.extract.dates.find_dates`, imported on first use: it loads spaCy (seconds),
    which only articles stored without their date references need."""
    from newsgraph.extract.dates import find_dates as resolve

    return list(resolve(text, anchor, skip=skip))


def day_refs(text: str, anchor: str | None, boiler: Sequence[tuple[int, int]],
             stored: Sequence[DateRef] | None = None) -> list[DateRef]:
    """Day-precision date references of an article, in text order, that can date a sentence.

    ``stored``: the references the pipeline resolved at ingest; None means the article has none
    stored, so they are resolved now with the same function and the same boilerplate ranges.
    "since <date>" marks the start of a state, not a happening, so it never dates a sentence.
    """
    refs = stored if stored is not None else find_dates(text, anchor, skip=boiler)
    return sorted((r for r in refs if r.precision == "day" and not r.text.lower().startswith("since")),
                  key=lambda r: (r.start, r.end))


def _tag_article(art: dict[str, Any], boiler: list[tuple[int, int]], events: list[dict[str, Any]],
                 mentions: list[tuple[int, int, str, str]], stored: list[DateRef] | None, out: list[Sent],
                 min_words: int) -> None:
    text: str = art["text"] or ""
    refs = day_refs(text, art["anchor"], boiler, stored)
    ref_starts = [r.start for r in refs]
    ment_starts = [m[0] for m in mentions]
    events = sorted((ev for ev in events if ev["sentence_start"] is not None),
                    key=lambda ev: ev["sentence_start"])
    ev_starts = [ev["sentence_start"] for ev in events]
    aid, outlet, anchor, url = art["article_id"], art["outlet"], art["anchor"], art["url"]
    left, find_words = bisect.bisect_left, _WORD.findall
    b_starts, b_reach = _reach(boiler)
    for pos, (s, e) in enumerate(split_sentences(text)):
        if b_starts and (k := bisect.bisect_right(b_starts, s)) and b_reach[k - 1] > s:
            continue  # inside boilerplate: some range starting at or before s ends after it
        sent_text = text[s:e]
        n_words = len(find_words(sent_text))
        if n_words < min_words:
            continue
        lo, hi = left(ref_starts, s), left(ref_starts, e)
        if hi - lo == 1:
            dates = (refs[lo].value,) if refs[lo].end <= e else ()
        else:
            dates = tuple(dict.fromkeys(r.value for r in refs[lo:hi] if r.end <= e)) if lo < hi else ()
        lo, hi = left(ev_starts, s), left(ev_starts, e)
        evs = [ev for ev in events[lo:hi] if not ev["negated"]] if lo < hi else []
        if evs:
            ev_dates = tuple(dict.fromkeys(ev["date"] for ev in evs
                                           if ev["date"] and ev["date_precision"] == "day"))
            ev_ids = tuple(ev["event_id"] for ev in evs)
            support = max(int(ev["num_sources"] or 1) for ev in evs)
        else:
            ev_dates, ev_ids, support = (), (), 0
        lo, hi = left(ment_starts, s), left(ment_starts, e)
        if lo < hi:
            ms = mentions[lo:hi]
            names, keys = tuple(dict.fromkeys(m[3] for m in ms if m[3])), frozenset(m[2] for m in ms)
        else:
            names, keys = (), frozenset()
        out.append(Sent(len(out), aid, outlet, anchor, url, s, e, sent_text, pos, n_words, dates, ev_ids,
                        ev_dates, support, names, keys))


def _actor_weights(sents: list[Sent]) -> dict[str, float]:
    """Salience of each actor in the story: the share of articles that mention it."""
    arts: dict[str, set[str]] = {}
    all_arts = {s.article_id for s in sents}
    for s in sents:
        for a in s.actors:
            arts.setdefault(a, set()).add(s.article_id)
    n = max(len(all_arts), 1)
    return {a: len(v) / n for a, v in arts.items()}


def _vectorise(texts: list[str]) -> Any:
    """TF-IDF rows (L2-normalised), so a dot product is a cosine similarity.

    Bit-identical to ``TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=...)
    .fit_transform(texts)`` (see :mod:`newsgraph.analyze.tfidf`, which avoids importing scikit-learn),
    with each distinct text tokenised once: syndicated copies and repeated page furniture make many
    sentences identical, and tokenising is the expensive part.
    """
    from newsgraph.analyze.tfidf import tfidf_rows

    return tfidf_rows(texts)
