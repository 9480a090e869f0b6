"""Timelines: the N dates that mattered in a story and K cited sentences for each.

The recipe is date-wise timeline summarisation (Ghalandari & Ifrim 2020): rank dates by how much
the coverage *refers* to them, then summarise each chosen date from the sentences that name it and
the leads published right after it. A day is important when many articles name it, above all
when later articles keep recalling it, and when coverage bursts on it. newsgraph adds what
text-only systems lack — dates the event coder resolved, the number of outlets whose events
cluster on a date, and the story's salient actors.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from newsgraph.analyze.corpus import Sent, Story, day_diff, load_story, shift
from newsgraph.analyze.select import centroid, greedy_centroid

__all__ = [
    "TimelineEntry",
    "TimelineSentence",
    "build_timeline",
    "entries_by_rank",
    "rank_dates",
    "timeline_from_story",
    "timeline_json",
    "timeline_markdown",
]

#: lead sentences (by position in the article) that report the news of the publication day
LEAD_SENTENCES = 5
#: date ranking: weight of the articles that recall a date at least ``RECALL_DAYS`` later, and of
#: those published on it or the day after (chosen on the tuning half of Timeline17)
RETRO_WEIGHT, PUBLISHED_WEIGHT = 2.0, 1.0
RECALL_DAYS = 7
#: summary sentences shorter or longer than this (in words) read badly in a timeline
MIN_WORDS, MAX_WORDS = 6, 40
#: weight of a sentence's similarity to the whole story: keeps page furniture and asides out
RELEVANCE_WEIGHT = 1.0
#: preference for a sentence that itself names the date (or holds an event dated to it) over a lead
DATED_BONUS = 0.05
#: ... less this when its article was published within ``FRESH_DAYS`` of the date: a later article
#: recalling the day states the settled happening in one sentence, as a reference timeline does,
#: where the first reports carry tentative detail (chosen on the tuning half of Timeline17)
FRESH_PENALTY, FRESH_DAYS = 0.03, 2


@dataclass(frozen=True, slots=True)
class TimelineSentence:
    """A quoted sentence with the evidence to find it again (article, offsets, events)."""

    text: str
    article_id: str
    outlet: str | None
    published: str | None
    url: str | None
    start: int
    end: int
    event_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One date of the timeline; ``num_sources`` counts outlets that reported on that date."""

    date: str
    sentences: tuple[TimelineSentence, ...]
    score: float
    actors: tuple[str, ...] = ()
    num_sources: int = 0


def build_timeline(store: Any, query: str | None = None, actor: str | None = None,
                   date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                   n_dates: int = 10, k_sentences: int = 2) -> list[TimelineEntry]:
    """The ``n_dates`` most important dates (in date order), each with up to ``k_sentences`` sentences.

    ``query``: comma-separated phrases, any of which an article (and a quoted sentence) must contain;
    ``actor``: an actor id or name, which quoted sentences must mention.
    """
    story = load_story(store, query, actor, date_from, date_to)
    return timeline_from_story(story, n_dates, k_sentences)


def _sent_dates(s: Sent) -> tuple[str, ...]:
    """The sentence's named dates, then its events' dates, each once (both are already unique)."""
    if not s.event_dates:
        return s.dates
    return tuple(dict.fromkeys((*s.dates, *s.event_dates))) if s.dates else s.event_dates


def rank_dates(story: Story) -> list[tuple[str, float]]:
    """Dates in the story's window, most important first, with their scores.

    An unsupervised stand-in for DATEWISE's date classifier (Ghalandari & Ifrim 2020), a sum of
    log-counts of its strongest features: the articles that name the date, those among them
    published at least ``RECALL_DAYS`` later (a day still recalled a week on mattered; weight
    ``RETRO_WEIGHT``), and the articles published on the day or the next (the burst of coverage;
    weight ``PUBLISHED_WEIGHT``). Counting every later article instead rewards the next day's
    follow-ups, which name the day because it was yesterday, not because it mattered.
    Event clusters reported by several outlets add their support. Counting articles rather than
    sentences keeps one article that dwells on a day from outvoting the rest of the coverage.
    """
    naming: dict[str, set[str]] = defaultdict(set)
    later: dict[str, set[str]] = defaultdict(set)
    published: dict[str, set[str]] = defaultdict(set)
    support: dict[str, int] = defaultdict(int)
    for s in story.sents:
        if s.published:
            published[s.published].add(s.article_id)
        for d in _sent_dates(s):
            naming[d].add(s.article_id)
            if s.published and day_diff(s.published, d) >= RECALL_DAYS:
                later[d].add(s.article_id)
            if s.num_sources > 1 and d in s.event_dates:
                support[d] = max(support[d], s.num_sources)
    ranked = []
    for d in naming:  # a day no sentence names has nothing to quote about it
        if not _in_window(d, story):
            continue
        burst = len(published.get(d, ())) + len(published.get(shift(d, 1), ()))
        v = (math.log1p(len(naming.get(d, ()))) + RETRO_WEIGHT * math.log1p(len(later.get(d, ())))
             + PUBLISHED_WEIGHT * math.log1p(burst) + math.log(max(support.get(d, 1), 1)))
        ranked.append((d, v))
    ranked.sort(key=lambda x: (-x[1], x[0]))
    return ranked


def _in_window(d: str, story: Story) -> bool:
    return (story.date_from is None or d >= story.date_from) and (story.date_to is None or d <= story.date_to)


def _pools(story: Story) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Sentences naming each date (published on or after it) and undated leads of the next days."""
    mention: dict[str, list[int]] = defaultdict(list)
    lead: dict[str, list[int]] = defaultdict(list)
    for s in story.sents:
        ds = _sent_dates(s)
        for d in ds:
            if s.published is None or day_diff(s.published, d) >= 0:
                mention[d].append(s.idx)
        if not ds and s.published and s.position < LEAD_SENTENCES:
            lead[s.published].append(s.idx)
            lead[shift(s.published, -1)].append(s.idx)
    return mention, lead


def timeline_from_story(story: Story, n_dates: int = 10, k_sentences: int = 2,
                        max_sim: float = 0.6) -> list[TimelineEntry]:
    """The timeline of an already loaded story (the benchmark reuses one load for several settings)."""
    if n_dates <= 0:
        return []
    entries = list(islice(entries_by_rank(story, k_sentences, max_sim), n_dates))
    entries.sort(key=lambda e: e.date)
    return entries


def entries_by_rank(story: Story, k_sentences: int = 2, max_sim: float = 0.6) -> Iterator[TimelineEntry]:
    """Timeline entries in the order they are chosen (most important date first), without end.

    A timeline of ``n`` dates is the first ``n`` of these sorted by date, because each entry depends
    only on the ones chosen before it; so one stored run serves every ``n`` up to its length
    (:mod:`newsgraph.analyze.stored`).
    """
    if not story.sents or k_sentences <= 0:
        return
    mention, lead = _pools(story)
    sents = story.sents

    def fits(i: int) -> bool:
        return MIN_WORDS <= sents[i].n_words <= MAX_WORDS and story.allowed(sents[i])

    priors: dict[int, float] = {}  # a sentence's prior does not depend on the date: once each

    def prior(i: int) -> float:
        p = priors.get(i)
        if p is None:
            p = priors[i] = _prior(sents[i], story)
        return p

    used: list[int] = []
    for d, score in rank_dates(story):
        m_pool, l_pool = mention.get(d, []), lead.get(d, [])
        pool = list(dict.fromkeys([*m_pool, *l_pool]))
        center = centroid(story.matrix, [m_pool, l_pool])
        named = set(m_pool)
        bonus = [prior(i) + (_dated_bonus(sents[i], d) if i in named else 0.0) for i in pool]
        picked = greedy_centroid(story.matrix, pool, center, k_sentences, accept=fits, avoid=used,
                                 max_sim=max_sim, bonus=bonus)
        if not picked:
            continue
        used.extend(picked)
        chosen = [sents[i] for i in picked]
        outlets = {sents[i].outlet for i in m_pool if sents[i].outlet}
        yield TimelineEntry(
            date=d, sentences=tuple(_cite(s) for s in chosen), score=round(score, 4),
            actors=_entry_actors(chosen, story),
            num_sources=max([len(outlets), *(s.num_sources for s in chosen)]))


def _dated_bonus(s: Sent, d: str) -> float:
    """The preference for a sentence naming ``d``, smaller when its article reported ``d`` fresh.

    A sentence holding an event the pipeline dated to ``d`` is the happening itself, fresh or not.
    """
    fresh = s.published is not None and d not in s.event_dates and day_diff(s.published, d) <= FRESH_DAYS
    return DATED_BONUS - (FRESH_PENALTY if fresh else 0.0)


def _prior(s: Sent, story: Story) -> float:
    """Prefer what the story is about, then multi-outlet events and the story's main actors."""
    p = 0.02 * math.log1p(max(s.num_sources - 1, 0)) + RELEVANCE_WEIGHT * float(story.relevance[s.idx])
    if s.actors:
        p += 0.02 * max(story.actor_weight.get(a, 0.0) for a in s.actors)
    return p


def _entry_actors(chosen: Sequence[Sent], story: Story, top: int = 5) -> tuple[str, ...]:
    names = dict.fromkeys(a for s in chosen for a in s.actors)
    ranked = sorted(names, key=lambda a: -story.actor_weight.get(a, 0.0))
    return tuple(ranked[:top])


def _cite(s: Sent) -> TimelineSentence:
    return TimelineSentence(text=s.text, article_id=s.article_id, outlet=s.outlet, published=s.published,
                            url=s.url, start=s.start, end=s.end, event_ids=s.event_ids)


def timeline_json(entries: Sequence[TimelineEntry]) -> list[dict[str, Any]]:
    """The ``--format json`` shape: a list of dated entries, each sentence with its evidence."""
    return [{
        "date": e.date,
        "sentences": [{"text": s.text, "article_id": s.article_id, "outlet": s.outlet,
                       "published": s.published, "url": s.url, "start": s.start, "end": s.end,
                       "event_ids": list(s.event_ids)} for s in e.sentences],
        "score": e.score,
        "actors": list(e.actors),
        "num_sources": e.num_sources,
    } for e in entries]


def timeline_markdown(entries: Sequence[TimelineEntry]) -> str:
    """A readable timeline: one heading per date, each sentence cited [outlet, date](url)."""
    if not entries:
        return "_No dated sentences matched._\n"
    lines: list[str] = []
    for e in entries:
        extra = []
        if e.num_sources > 1:
            extra.append(f"{e.num_sources} sources")
        if e.actors:
            extra.append(", ".join(e.actors))
        lines.append(f"## {e.date}" + (f" ({'; '.join(extra)})" if extra else ""))
        lines.append("")
        for s in e.sentences:
            lines.append(f"- {' '.join(s.text.split())} {cite(s.outlet, s.published, s.url, s.article_id)}")
        lines.append("")
    return "\n".join(lines)


def cite(outlet: str | None, date: str | None, url: str | None, article_id: str) -> str:
    """``[outlet, date]``, linked to the article when its URL is known; the id when no outlet is."""
    label = f"[{outlet or article_id}, {date or 'undated'}]"
    return f"{label}({url})" if url else label
