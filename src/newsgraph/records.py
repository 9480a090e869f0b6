"""Typed records: the only things that cross module boundaries.

Every record that comes out of an article carries character offsets into the
stored article text, so any output can be traced back to its sentence.
IDs are content hashes (see :func:`stable_id`) so a re-run produces the same IDs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def stable_id(*parts: object, length: int = 16) -> str:
    """A short hex id from content, so reprocessing the same input yields the same id."""
    h = hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested. ``published`` is ISO ``YYYY-MM-DD`` (or a datetime) or None."""

    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    language: str | None = None
    source_path: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not become an article, with a reason a user can act on."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date expression in the text, resolved against the article's date.

    ``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` depending on ``precision``
    ("day", "month", "year"); ``inferred`` means the anchor date itself was guessed.
    """

    start: int
    end: int
    text: str
    value: str
    precision: str
    relative: bool = False


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as resolved inside one article (before cross-article linking).

    ``link_key`` is a normalised identity key ("kb:USA", "person:nouri maliki",
    "org:national alliance") that the corpus linking step maps to a global actor id.
    """

    link_key: str
    name: str
    type: str  # PERSON | ORG | COUNTRY | GROUP | IGO | OTHER
    country: str | None = None
    sector: str | None = None
    role: str | None = None  # e.g. "Prime Minister", as seen at this article's date
    aliases: tuple[str, ...] = ()

    @property
    def code(self) -> str | None:
        if self.country and self.sector:
            return f"{self.country}{self.sector}"
        return self.country or (self.sector if self.sector in {"IGO", "INS", "REB", "NGO"} else None)


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that refers to an actor."""

    start: int
    end: int
    text: str
    kind: str  # name | title | pronoun | nominal | metonym | acronym
    link_key: str


@dataclass(frozen=True, slots=True)
class Quote:
    quote_id: str
    article_id: str
    start: int
    end: int
    text: str
    kind: str  # direct | mixed | indirect
    speaker_key: str | None  # link_key of the speaker, None if unresolved
    speaker_text: str | None  # the words naming the speaker ("a spokesman for ...")
    cue: str | None  # cue verb lemma ("say", "tell", "according to")
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event mention: who did what to whom, with its evidence."""

    event_id: str
    article_id: str
    sentence: str
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    trigger: str
    source_key: str | None
    target_key: str | None
    cameo: str  # full CAMEO code as a string, leading zeros kept
    root: str
    plover: str | None
    plover_mode: str | None
    quad_class: int
    goldstein: float
    date: str | None
    date_precision: str | None
    negated: bool = False
    modality: str | None = None  # None (asserted) | hypothetical | future | threat | reported
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_country: str | None = None
    confidence: float = 0.5


@dataclass(slots=True)
class DocRecords:
    """Everything extracted from one article, written to the store in one transaction."""

    article: Article
    actors: list[ActorRef] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    article_date: str | None = None
    article_date_precision: str | None = None
    #: every date expression the pipeline resolved (the ones events are dated from), stored so
    #: timelines tag sentences without re-resolving; None when the article was not date-tagged
    dates: list[DateRef] | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A corpus-level actor after linking: one real-world identity."""

    actor_id: str
    name: str
    aliases: tuple[str, ...]
    type: str
    country: str | None
    sector: str | None
    mentions: int = 0
    articles: int = 0

    @property
    def code(self) -> str | None:
        if self.country and self.sector:
            return f"{self.country}{self.sector}"
        return self.country or self.sector
