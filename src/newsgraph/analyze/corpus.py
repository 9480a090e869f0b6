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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from newsgraph.analyze.sentences import split_sentences
from newsgraph.extract.dates import find_dates
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


def shift(day: str, days: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def day_diff(a: str, b: str) -> int:
    """Days from ``b`` to ``a`` (positive when ``a`` is later)."""
    return (dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days


def _inside(start: int, end: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in ranges)


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
    ids = [a["article_id"] for a in arts]
    boiler = store.boilerplate_ranges(ids) if ids else {}
    stored = getattr(store, "stored_date_refs", None)
    dated = stored(ids) if ids and stored is not None else {}
    events = _by_article(store.story_events(ids)) if ids else {}
    mentions = _by_article_tuples(store.mention_spans(ids)) if ids else {}
    sents: list[Sent] = []
    for art in arts:
        aid = art["article_id"]
        _tag_article(art, boiler.get(aid, []), events.get(aid, []), mentions.get(aid, []), dated.get(aid),
                     sents, min_words)
    story = Story(sents, terms, keys, d_from, d_to, len(arts))
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
    for pos, (s, e) in enumerate(split_sentences(text)):
        if _inside(s, e, boiler):
            continue
        sent_text = text[s:e]
        n_words = len(_WORD.findall(sent_text))
        if n_words < min_words:
            continue
        lo, hi = bisect.bisect_left(ref_starts, s), bisect.bisect_left(ref_starts, e)
        dates = tuple(dict.fromkeys(r.value for r in refs[lo:hi] if r.end <= e))
        lo, hi = bisect.bisect_left(ev_starts, s), bisect.bisect_left(ev_starts, e)
        evs = [ev for ev in events[lo:hi] if not ev["negated"]]
        ev_dates = tuple(dict.fromkeys(ev["date"] for ev in evs
                                       if ev["date"] and ev["date_precision"] == "day"))
        lo, hi = bisect.bisect_left(ment_starts, s), bisect.bisect_left(ment_starts, e)
        ms = mentions[lo:hi]
        out.append(Sent(
            idx=len(out), article_id=art["article_id"], outlet=art["outlet"], published=art["anchor"],
            url=art["url"], start=s, end=e, text=sent_text, position=pos, n_words=n_words, dates=dates,
            event_ids=tuple(ev["event_id"] for ev in evs), event_dates=ev_dates,
            num_sources=max((int(ev["num_sources"] or 1) for ev in evs), default=0),
            actors=tuple(dict.fromkeys(m[3] for m in ms if m[3])),
            actor_keys=frozenset(m[2] for m in ms)))


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

    Exactly ``TfidfVectorizer(...).fit_transform(texts)``, but each distinct text is tokenised
    once: syndicated copies and repeated page furniture make many sentences identical, and
    tokenising is the expensive part. Counts are expanded back to one row per sentence before
    the IDF is fitted, so document frequencies still count every copy.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    index: dict[str, int] = {}
    rows = [index.setdefault(t, len(index)) for t in texts]
    vec = CountVectorizer(stop_words="english", lowercase=True, token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    try:
        counts = vec.fit_transform(list(index))
    except ValueError:  # every sentence was stop words only
        from scipy import sparse

        return sparse.csr_matrix((len(texts), 1))
    if len(index) < len(texts):
        counts = counts[rows]
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
