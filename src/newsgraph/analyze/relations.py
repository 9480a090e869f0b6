"""Stances: where each actor stands toward each other actor, period by period, with the evidence.

A relation is an ordered pair (source acts on target) in one period. Its score runs from -1
(conflict) to +1 (cooperation) and mixes two views of the same events, because neither alone is
enough: Goldstein means how intense the acts were (a statement scores 0, an attack -10), while the
quad class balance says which side of the line they fell on (a "make statement" is verbal
cooperation at Goldstein 0)::

    score = 0.5 * goldstein_mean / 10 + 0.5 * (coop - conflict) / events

both weighted by the event weights below. What counts, and how much:

* negated events ("did not meet") weigh 0: they report that something did *not* happen, and its
  opposite is not an event either. They are reported as ``excluded`` with their ids.
* ``hypothetical`` and ``future`` modality weigh 0.5: said, not done, yet still a position taken.
* ``threat`` weighs 1: the coder already recodes "threatened to strike" as THREATEN (13x), which is
  an act in its own right; asserted and ``reported`` events weigh 1.
* events of one event cluster count once per pair and period (one happening, many reports).

An event's day is its own date, else the article's resolved date, else its publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MODALITY_WEIGHTS",
    "NEGATED_WEIGHT",
    "ORDERS",
    "PERIODS",
    "Network",
    "Relation",
    "RelationPage",
    "network",
    "relations",
    "relations_page",
    "relations_text",
    "score_of",
    "stance_summary",
]

PERIODS = ("day", "week", "month", "year")
#: orders of a page of relations: by period then pair, by events (most first), by |score| (strongest first)
ORDERS = ("period", "events", "score")
#: event ids kept per relation in a page (the first ones; ``events`` still counts all)
PAGE_IDS = 50
NEGATED_WEIGHT = 0.0
MODALITY_WEIGHTS: dict[str, float] = {"hypothetical": 0.5, "future": 0.5, "threat": 1.0, "reported": 1.0}
QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
_PERIOD_VALUE = (
    ("day", re.compile(r"^\d{4}-\d{2}-\d{2}$")),
    ("week", re.compile(r"^\d{4}-W\d{2}$")),
    ("month", re.compile(r"^\d{4}-\d{2}$")),
    ("year", re.compile(r"^\d{4}$")),
)


@dataclass(frozen=True, slots=True)
class Relation:
    """Source's acts toward target in one period. Sums and means are weighted; counts are not.

    ``events`` counts happenings (a cluster once), ``excluded`` those weighed 0 (negated).
    """

    source_id: str
    source_name: str
    target_id: str
    target_name: str
    period: str
    events: int
    goldstein_sum: float
    goldstein_mean: float
    quad_counts: tuple[int, int, int, int]
    score: float
    event_ids: tuple[str, ...]
    source_code: str | None = None
    target_code: str | None = None
    excluded: int = 0
    excluded_ids: tuple[str, ...] = field(default=())

    @property
    def stance(self) -> str:
        return "cooperation" if self.score > 0 else "conflict" if self.score < 0 else "neutral"


@dataclass(frozen=True, slots=True)
class RelationPage:
    """One page of relations and the number of relations on all pages (``total``)."""

    relations: tuple[Relation, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class Network:
    """Actors as nodes (id, name, code, events) and relations as edges over a whole window."""

    nodes: tuple[dict[str, Any], ...]
    edges: tuple[dict[str, Any], ...]


def score_of(goldstein_mean: float, balance: float) -> float:
    """The -1..+1 stance score: half intensity (Goldstein / 10), half quad-class balance."""
    return round(0.5 * max(-1.0, min(1.0, goldstein_mean / 10.0)) + 0.5 * balance, 4)


def _relation(row: dict[str, Any]) -> Relation:
    weight = float(row["weight"] or 0.0)
    mean = float(row["goldstein_sum"]) / weight if weight > 0 else 0.0
    balance = float(row["balance_sum"]) / weight if weight > 0 else 0.0
    return Relation(
        source_id=row["sid"], source_name=row["source_name"], target_id=row["tid"], target_name=row["target_name"],
        period=row["period"], events=int(row["events"]), goldstein_sum=round(float(row["goldstein_sum"]), 4),
        goldstein_mean=round(mean, 4), quad_counts=(int(row["q1"]), int(row["q2"]), int(row["q3"]), int(row["q4"])),
        score=score_of(mean, balance) if weight > 0 else 0.0, event_ids=tuple(row["event_ids"]),
        source_code=row["source_code"], target_code=row["target_code"], excluded=int(row["excluded"]),
        excluded_ids=tuple(row["excluded_ids"]))


def relations(store: Any, actor_id: str | None = None, period: str = "month",
              date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
              article_ids: list[str] | None = None, *, order: str = "period",
              max_ids: int | None = None) -> list[Relation]:
    """Every ordered actor pair per period (``actor_id`` on either side, if given), by period then pair.

    ``period`` is day|week|month|year (periods named 2013-11-01, 2013-W44, 2013-11, 2013), or
    ``all`` for one bucket over the window; events without any date fall in ``undated``.

    Pairs whose every event was excluded (all negated) are kept with ``events == 0`` so a reader
    can see the denial; ``article_ids`` restricts to one story. ``max_ids`` caps each relation's
    id lists (None: all ids). A busy actor has ~10^5 rows: use :func:`relations_page` to read them.
    """
    rows, _ = _aggregate(store, actor_id, period, date_from, date_to, article_ids, order, None, 0, max_ids)
    return [_relation(r) for r in rows]


def relations_page(store: Any, actor_id: str | None = None, period: str = "month",
                   date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                   article_ids: list[str] | None = None, *, order: str = "events", limit: int = 100,
                   offset: int = 0, max_ids: int | None = PAGE_IDS) -> RelationPage:
    """One page of :func:`relations` (``order``: events, score or period) and how many there are.

    Sums and scores cover every event; each relation keeps its first ``max_ids`` event ids.
    """
    rows, total = _aggregate(store, actor_id, period, date_from, date_to, article_ids, order, limit, offset,
                             max_ids)
    return RelationPage(tuple(_relation(r) for r in rows), total, offset, limit)


def _aggregate(store: Any, actor_id: str | None, period: str, date_from: str | dt.date | None,
               date_to: str | dt.date | None, article_ids: list[str] | None, order: str, limit: int | None,
               offset: int, max_ids: int | None) -> tuple[list[dict[str, Any]], int]:
    if period not in PERIODS and period != "all":
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {period!r}")
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    rows, total = store.relation_aggregates(
        period, actor_id=actor_id, date_from=date_from, date_to=date_to, negated_weight=NEGATED_WEIGHT,
        modality_weights=MODALITY_WEIGHTS, article_ids=article_ids, order=order, limit=limit, offset=offset,
        max_ids=max_ids)
    return rows, int(total)


def period_bounds(value: str) -> tuple[str, str, str]:
    """(granularity, first day, last day) of a period value such as 2013, 2013-11, 2013-W44."""
    kind = next((k for k, rx in _PERIOD_VALUE if rx.match(value)), None)
    if kind is None:
        raise ValueError(f"not a period: {value!r} (use 2013, 2013-11, 2013-W44 or 2013-11-01)")
    if kind == "day":
        return kind, value, value
    if kind == "year":
        return kind, f"{value}-01-01", f"{value}-12-31"
    if kind == "week":
        y, w = int(value[:4]), int(value[6:])
        first = dt.date.fromisocalendar(y, w, 1)
        return kind, first.isoformat(), (first + dt.timedelta(days=6)).isoformat()
    y, m = int(value[:4]), int(value[5:])
    nxt = dt.date(y + m // 12, m % 12 + 1, 1)
    return kind, f"{value}-01", (nxt - dt.timedelta(days=1)).isoformat()


def _evidence(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("event_id", "article_id", "outlet", "url", "day", "sentence", "cameo",
                                "quad_class", "goldstein", "negated", "modality")}


def stance_summary(store: Any, target_id: str, period: str | None = None, *,
                   date_from: str | dt.date | None = None, date_to: str | dt.date | None = None,
                   evidence: int = 5) -> dict[str, Any]:
    """Who criticised ``target_id`` and who backed it in ``period`` ("2013", "2013-11", None = all time).

    ``critics`` are sources whose score toward the target is below 0, ``backers`` above 0, each
    with up to ``evidence`` supporting events (sentence, article, outlet) and the ids of the rest.
    ``acts`` is the other direction: whom the target itself cooperated or clashed with.
    """
    if period:
        _, date_from, date_to = period_bounds(period)
    rels = relations(store, target_id, "all", date_from, date_to)
    ids = [e for r in rels for e in r.event_ids[:evidence]]
    rows = {r["event_id"]: r for r in store.event_rows(event_ids=ids)} if ids else {}
    resolved = store.resolve_actor(target_id)
    out: dict[str, Any] = {"target": {"id": target_id, "name": resolved[1] if resolved else target_id},
                           "period": period or "all", "date_from": _day(date_from), "date_to": _day(date_to),
                           "critics": [], "backers": [], "neutral": [], "acts": []}

    def entry(r: Relation, other_id: str, other_name: str, other_code: str | None) -> dict[str, Any]:
        return {"actor_id": other_id, "name": other_name, "code": other_code, "events": r.events,
                "score": r.score, "goldstein_mean": r.goldstein_mean, "quad_counts": list(r.quad_counts),
                "excluded": r.excluded, "event_ids": list(r.event_ids),
                "evidence": [_evidence(rows[e]) for e in r.event_ids[:evidence] if e in rows]}

    for r in sorted(rels, key=lambda r: (r.score, -r.events, r.source_name)):
        if r.target_id == target_id and r.events:
            side = "critics" if r.score < 0 else "backers" if r.score > 0 else "neutral"
            out[side].append(entry(r, r.source_id, r.source_name, r.source_code))
        elif r.source_id == target_id and r.events:
            out["acts"].append({**entry(r, r.target_id, r.target_name, r.target_code), "stance": r.stance})
    out["backers"].reverse()  # strongest support first
    return out


def _day(value: str | dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def network(store: Any, actor_id: str | None = None, date_from: str | dt.date | None = None,
            date_to: str | dt.date | None = None, min_events: int = 1) -> Network:
    """The actor graph of a window: one edge per ordered pair with at least ``min_events`` events."""
    rels = [r for r in relations(store, actor_id, "all", date_from, date_to, max_ids=0) if r.events >= min_events]
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for r in sorted(rels, key=lambda r: (-r.events, r.source_id, r.target_id)):
        ends = ((r.source_id, r.source_name, r.source_code), (r.target_id, r.target_name, r.target_code))
        for aid, name, code in ends:
            node = nodes.setdefault(aid, {"id": aid, "name": name, "code": code, "events": 0})
            node["events"] += r.events
        edges.append({"source": r.source_id, "target": r.target_id, "events": r.events,
                      "goldstein_mean": r.goldstein_mean, "score": r.score})
    ordered = sorted(nodes.values(), key=lambda n: (-n["events"], n["name"] or "", n["id"]))
    return Network(nodes=tuple(ordered), edges=tuple(edges))


def _fmt_rel(r: Relation, actor_id: str) -> str:
    arrow = f"→ {r.target_name}" if r.source_id == actor_id else f"← {r.source_name}"
    quads = " ".join(f"{n}" for n in r.quad_counts)
    extra = f", {r.excluded} negated left out" if r.excluded else ""
    return (f"  {arrow:<40} {r.stance:<11} score {r.score:+.2f}  goldstein {r.goldstein_mean:+.1f}  "
            f"events {r.events} (quads {quads}{extra})")


def relations_text(store: Any, actor: str, period: str = "month", *, limit: int | None = None,
                   offset: int = 0, order: str = "period") -> str:
    """The ``newsgraph relations ACTOR`` report: per period, whom the actor acted on and who acted on it.

    With ``limit`` it prints one page (:func:`relations_page`, paged in SQL, so a busy actor's
    ~10^5 relations are never all read) and ends on "showing X–Y of TOTAL"; without, every relation.
    """
    found = store.resolve_actor(actor)
    if found is None:
        return f"no actor matches {actor!r} (try `newsgraph actors {actor}`)"
    actor_id, name = found
    total = None
    if limit is None:
        rels = [r for r in relations(store, actor_id, period, max_ids=0) if r.events]
    else:
        page = relations_page(store, actor_id, period, order=order, limit=limit, offset=offset, max_ids=0)
        rels, total = list(page.relations), page.total
    if not rels and not total:
        return f"{name} ({actor_id}): no events with another actor"
    lines = [f"{name} ({actor_id}) — relations by {period}; score -1 conflict … +1 cooperation; "
             "quads = verbal coop, material coop, verbal conflict, material conflict"]
    if order == "period" or limit is None:
        current = None
        for r in sorted(rels, key=lambda r: (r.period, r.source_id != actor_id, r.score)):
            if r.period != current:
                current = r.period
                lines.append(f"{current}:")
            lines.append(_fmt_rel(r, actor_id))
    else:  # a page ordered by events or score keeps its order: the period goes on each line
        lines += [f"{r.period}:{_fmt_rel(r, actor_id)[1:]}" for r in rels]
    if total is not None:
        if rels:
            more = f"; --offset {offset + len(rels)} for more" if offset + len(rels) < total else ""
            lines.append(f"showing {offset + 1}–{offset + len(rels)} of {total} relations{more}")
        else:
            lines.append(f"showing none: --offset {offset} is past the last of {total} relations")
    return "\n".join(lines)
