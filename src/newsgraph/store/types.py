"""Errors and small value types of the store, kept apart so callers can import them cheaply."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

_F = TypeVar("_F", bound=Callable[..., Any])


class StoreError(RuntimeError):
    """Base class, so the CLI can turn every store problem into one clean message."""


class StoreBusy(StoreError):
    """Another process (or another Store in this process) holds the database."""


class NotADatabase(StoreError):
    """The path exists but is not a DuckDB file; named so the user can fix the path."""


def memory_fallback(method: _F) -> _F:
    """Run a store method through ``Store.with_memory_fallback``: the ingest's batch loop lowers
    DuckDB's memory limit, and any of its reads or single-transaction writes (screening ids,
    near-duplicate look-ups, recording copies) can outgrow it on an unlucky batch; they are safe
    to run again, and failing the ingest there would be worse than a brief peak."""
    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        return self.with_memory_fallback(lambda: method(self, *args, **kwargs))
    return run  # type: ignore[return-value]


@dataclass(slots=True)
class WriteStats:
    """What one ``write_docs`` call did, so engines can report progress honestly."""

    articles: int = 0
    already_present: int = 0
    actors: int = 0
    mentions: int = 0
    quotes: int = 0
    events: int = 0
    boilerplate: int = 0
    rekeyed_ids: int = 0
    seconds: float = 0.0

    def __iadd__(self, other: WriteStats) -> WriteStats:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


@dataclass(frozen=True, slots=True)
class EventCluster:
    """One real-world happening reported by several event mentions (computed by link/).

    ``event_ids`` are the member mentions; counts follow GDELT's NumMentions/NumArticles/NumSources.
    """

    cluster_id: str
    event_ids: tuple[str, ...]
    root: str | None = None
    cameo: str | None = None
    source_id: str | None = None
    target_id: str | None = None
    date_start: str | None = None
    date_end: str | None = None
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0
    representative_event_id: str | None = None


@dataclass(slots=True)
class StoreInfo:
    """A summary for ``newsgraph info`` and the web front page."""

    path: str
    schema_version: int
    counts: dict[str, int]
    published_min: str | None
    published_max: str | None
    event_date_min: str | None
    event_date_max: str | None
    outlets: list[tuple[str, int]] = field(default_factory=list)
    top_actors: list[tuple[str, str, int]] = field(default_factory=list)  # (actor_id, name, mentions)
    search_index: bool = False
