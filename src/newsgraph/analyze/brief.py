"""Briefings: a short multi-document summary of a story, every sentence cited [outlet, date].

Sentences are chosen for coverage (the summary's direction stays near the story's centroid) and
non-redundancy (a near-copy of a chosen sentence, e.g. the same wire lead in two outlets, is never
added), with small priors for what several outlets reported and for days the coverage keeps
recalling. The result is read in date order, as a briefing is.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.analyze.corpus import Sent, Story, load_story
from newsgraph.analyze.select import centroid, greedy_centroid
from newsgraph.analyze.timeline import MAX_WORDS, MIN_WORDS, cite, rank_dates

__all__ = ["BriefSentence", "brief_from_story", "brief_json", "brief_markdown", "build_brief"]

#: sentences more similar than this (TF-IDF cosine) to a chosen one are redundant
MAX_SIM = 0.5
#: ... and so are sentences about the same day that share this much: a paraphrase of one happening
SAME_DAY_SIM = 0.25


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of a briefing; ``date`` is the article's date, what the citation shows."""

    text: str
    article_id: str
    outlet: str | None
    date: str | None
    url: str | None


def build_brief(store: Any, query: str | None = None, actor: str | None = None,
                date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                words: int = 250) -> list[BriefSentence]:
    """Sentences totalling at most ``words`` words, in date order; filters as in ``build_timeline``."""
    story = load_story(store, query, actor, date_from, date_to, published_slack=0)
    return brief_from_story(story, words)


def n_words(text: str) -> int:
    return len(text.split())


def brief_from_story(story: Story, words: int = 250) -> list[BriefSentence]:
    """The briefing of an already loaded story."""
    sents = story.sents
    if not sents or words <= 0:
        return []
    pool = [s.idx for s in sents if MIN_WORDS <= s.n_words <= MAX_WORDS and story.allowed(s)]
    if not pool:
        return []
    top_dates = {d: rank for rank, (d, _) in enumerate(rank_dates(story)[:10])}
    center = centroid(story.matrix, [pool])
    bonus = [_prior(sents[i], story, top_dates) for i in pool]
    wc = {i: n_words(sents[i].text) for i in pool}

    def fits(chosen: list[int], i: int) -> bool:
        if sum(wc[c] for c in chosen) + wc[i] > words:
            return False
        days = _days(sents[i])
        same_day = [c for c in chosen if days & _days(sents[c])]
        if not same_day:
            return True
        sims = story.matrix[same_day] @ story.matrix[i].T
        return float(sims.max()) <= SAME_DAY_SIM

    picked = greedy_centroid(story.matrix, pool, center, k=len(pool), max_sim=MAX_SIM, bonus=bonus,
                             compatible=fits)
    chosen = sorted((sents[i] for i in picked), key=lambda s: (_when(s), s.article_id, s.start))
    return [BriefSentence(text=" ".join(s.text.split()), article_id=s.article_id, outlet=s.outlet,
                          date=s.published, url=s.url) for s in chosen]


def _days(s: Sent) -> set[str]:
    return {*s.dates, *s.event_dates}


def _when(s: Sent) -> str:
    """The day a sentence is about: a date it names, else its article's date."""
    return (s.event_dates or s.dates or (s.published or "9999-99-99",))[0]


def _prior(s: Sent, story: Story, top_dates: dict[str, int]) -> float:
    """Leads, multi-outlet events, important days and salient actors rank a little higher."""
    p = 0.03 if s.position < 3 else 0.0
    p += 0.03 * math.log1p(max(s.num_sources - 1, 0))
    ranks = [top_dates[d] for d in (*s.dates, *s.event_dates) if d in top_dates]
    if ranks:
        p += 0.03 * (1 - min(ranks) / 10)
    if s.actors:
        p += 0.02 * max(story.actor_weight.get(a, 0.0) for a in s.actors)
    return p


def brief_markdown(sents: Sequence[BriefSentence]) -> str:
    """One paragraph, each sentence followed by its citation [outlet, date](url)."""
    if not sents:
        return "_No sentences matched._\n"
    return " ".join(f"{s.text} {cite(s.outlet, s.date, s.url, s.article_id)}" for s in sents) + "\n"


def brief_json(sents: Sequence[BriefSentence]) -> list[dict[str, Any]]:
    return [{"text": s.text, "article_id": s.article_id, "outlet": s.outlet, "date": s.date, "url": s.url}
            for s in sents]
