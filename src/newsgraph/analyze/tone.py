"""Tone of the sentences an outlet writes about an actor, scored offline with VADER.

VADER (``vaderSentiment`` on PyPI, Hutto & Gilbert 2014) is a rule-and-lexicon scorer whose
lexicon ships inside the package, so it runs with no download and no model, fast enough for every
sentence of a corpus. Its ``compound`` score runs from -1 (negative) to +1 (positive).

What it measures, honestly: the tone of the *sentence* mentioning the actor, not the writer's
attitude to that actor. "Militants killed 40 people, Maliki said" is negative because of the
killing. Differences between outlets on the same story are the signal, not the absolute level.

A sentence is counted once per actor even if it names the actor twice; sentences inside the
article's boilerplate (bylines, "read more") are skipped.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from newsgraph.analyze.sentences import split_sentences

__all__ = ["TONE_MODEL", "SentenceTone", "ToneUnavailable", "actor_sentence_tones", "sentence_tone"]

TONE_MODEL = "VADER (vaderSentiment, offline lexicon) compound score of sentences mentioning the actor, -1..+1"


class ToneUnavailable(RuntimeError):
    """The sentiment package is not installed; tone is optional, the rest of a report still works."""


@dataclass(frozen=True, slots=True)
class SentenceTone:
    """One (article, actor, sentence) with its tone; offsets let the UI highlight the sentence."""

    article_id: str
    actor_id: str
    start: int
    end: int
    compound: float


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ToneUnavailable("tone needs the vaderSentiment package: pip install vaderSentiment") from e
    return SentimentIntensityAnalyzer()


def available() -> bool:
    """Whether tone can be scored here; reports then leave tone out rather than fail."""
    try:
        _analyzer()
    except ToneUnavailable:
        return False
    return True


def sentence_tone(text: str) -> float:
    """VADER compound score of one sentence, -1..+1."""
    return float(_analyzer().polarity_scores(text)["compound"])


def _inside(start: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start < e for s, e in ranges)


def actor_sentence_tones(texts: Mapping[str, str], mentions: Iterable[tuple[str, int, int, str, str]],
                         boilerplate: Mapping[str, Sequence[tuple[int, int]]] | None = None,
                         actors: set[str] | None = None) -> list[SentenceTone]:
    """Tone of each sentence that mentions an actor (``mentions`` as ``Store.mention_spans`` gives them).

    ``actors`` limits the work to the key actors of a report.
    """
    by_article: dict[str, list[tuple[int, str]]] = {}
    for aid, start, _end, actor_id, _name in mentions:
        if actors is None or actor_id in actors:
            by_article.setdefault(aid, []).append((start, actor_id))
    out: list[SentenceTone] = []
    cache: dict[tuple[str, int], float] = {}
    for aid, ms in sorted(by_article.items()):
        text = texts.get(aid)
        if not text:
            continue
        sents = split_sentences(text)
        starts = [s for s, _ in sents]
        boiler = (boilerplate or {}).get(aid, ())
        seen: set[tuple[str, int]] = set()
        for start, actor_id in sorted(ms):
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or start >= sents[i][1] or (actor_id, i) in seen or _inside(start, boiler):
                continue
            seen.add((actor_id, i))
            s, e = sents[i]
            if (aid, i) not in cache:
                cache[(aid, i)] = sentence_tone(text[s:e])
            out.append(SentenceTone(aid, actor_id, s, e, cache[(aid, i)]))
    return out
