"""Store-backed pages: overview, events, actors, quotes, outlets, articles and search.

No ``from __future__ import annotations`` here: FastAPI reads these signatures at runtime through
the wrappers in ``app.twin``, so annotations must be real objects.
"""

import datetime as dt
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request

from newsgraph.web import render
from newsgraph.web.app import MAX_PAGE, NotFound, StoreDep, twin

Text = Annotated[str | None, Query(max_length=200)]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]
Size = Annotated[int, Query(alias="_size", ge=1, le=MAX_PAGE, description=f"rows per page (max {MAX_PAGE})")]
Cursor = Annotated[str | None, Query(alias="_next", max_length=12, pattern=r"^\d+$",
                                     description="the `next` value of the previous page")]
Id = Annotated[str, Path(max_length=200)]
QuoteKind = Annotated[str | None, Query(pattern=r"^(direct|mixed|indirect)?$",
                                        description="direct, mixed, or indirect (reported speech)")]


def offset_of(cursor: str | None) -> int:
    return int(cursor) if cursor else 0


def paged(rows: list[dict[str, Any]], size: int, offset: int) -> dict[str, Any]:
    """Trim the one extra row fetched to learn whether a next page exists."""
    more = len(rows) > size
    return {"rows": rows[:size], "next": str(offset + size) if more else None, "offset": offset}


def overview(request: Request, store: StoreDep) -> dict[str, Any]:
    """Counts, date ranges, outlets, top actors and events per day."""
    info = store.info(top=15)
    days = store.events_per_day()
    return {"rows": days, "next": None, "counts": info.counts, "published": [info.published_min,
            info.published_max], "event_dates": [info.event_date_min, info.event_date_max],
            "outlets": [{"outlet": o, "articles": n} for o, n in info.outlets[:20]],
            "top_actors": [{"actor_id": a, "name": n, "mentions": m} for a, n, m in info.top_actors],
            "roots": store.root_counts(), "search_index": info.search_index,
            "chart": render.bar_chart(days, "date", [("cooperation", "#1a9850"), ("conflict", "#d73027")],
                                      "events")}


def events(request: Request, store: StoreDep, actor: Text = None, source: Text = None, target: Text = None,
           root: Text = None, cameo: Text = None, date_from: Day = None, date_to: Day = None,
           outlet: Text = None, article: Text = None, size: Size = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Events filtered by actor (either side), source, target, root code, CAMEO prefix, dates, outlet."""
    off = offset_of(cursor)
    rows = store.events_page(actor_id=actor, source_id=source, target_id=target, root=root, cameo=cameo,
                            date_from=date_from, date_to=date_to, outlet=outlet, article_id=article,
                            limit=size + 1, offset=off)
    out = paged(rows, size, off)
    out["names"] = store.actor_names([x for x in (actor, source, target) if x])
    out["roots"] = store.root_counts()
    return out


def event(request: Request, store: StoreDep, event_id: Id) -> dict[str, Any]:
    """One event with its evidence sentence; source, target and trigger offsets for highlighting."""
    ev = store.get_event(event_id)
    if ev is None:
        raise NotFound("event")
    spans = [{"start": ev["trigger_start"], "end": ev["trigger_end"], "cls": "trigger", "title": "trigger"}]
    for side in ("source", "target"):
        key, who = ev.get(f"{side}_key"), ev.get(side)
        found = [m for m in ev["mentions"] if key and m["link_key"] == key]
        href = f"/actors/{render.pid(who['actor_id'])}" if who and who.get("actor_id") else None
        for m in found:
            spans.append({"start": m["start"], "end": m["end"], "cls": side, "title": side, "href": href})
        if not found and who:  # no stored mention span: fall back to the first literal name match
            hit = render.find_name(ev["sentence"] or "", [who["name"], *(who.get("aliases") or [])])
            if hit is not None:
                s0 = ev["sentence_start"] + hit[0]
                spans.append({"start": s0, "end": s0 + hit[1], "cls": side, "title": f"{side} (name match)",
                              "href": href})
    mentions = ev.pop("mentions")
    ev["highlights"] = spans
    return {"rows": [ev], "next": None, "mentions": mentions,
            "segments": render.segments(ev["sentence"] or "", spans, offset=ev["sentence_start"])}


def actors(request: Request, store: StoreDep, q: Text = None, size: Size = 50,
           cursor: Cursor = None) -> dict[str, Any]:
    """Linked actors, most mentioned first; ``q`` matches names and aliases."""
    off = offset_of(cursor)
    return paged(store.list_actors(q, limit=size + 1, offset=off), size, off)


def actor(request: Request, store: StoreDep, actor_id: Id, size: Size = 50,
          cursor: Cursor = None) -> dict[str, Any]:
    """An actor: aliases, code, mentions per article, its events (paged) and quotes."""
    a = store.get_actor(actor_id)
    if a is None:
        raise NotFound("actor")
    off = offset_of(cursor)
    evs = paged(store.events_page(actor_id=actor_id, limit=size + 1, offset=off), size, off)
    days = store.events_per_day(actor_id=actor_id)
    return {**evs, "actor": {"actor_id": a.actor_id, "name": a.name, "aliases": list(a.aliases),
                             "type": a.type, "country": a.country, "sector": a.sector, "code": a.code,
                             "mentions": a.mentions, "articles": a.articles},
            "articles": store.actor_articles(actor_id, limit=50),
            "quotes": store.list_quotes(speaker_id=actor_id, limit=20),
            "partners": store.dyads(actor_id=actor_id, limit=20),
            "chart": render.bar_chart(days, "date", [("cooperation", "#1a9850"), ("conflict", "#d73027")],
                                      "events")}


def quotes(request: Request, store: StoreDep, speaker: Text = None, q: Text = None, outlet: Text = None,
           kind: QuoteKind = None, size: Size = 50, cursor: Cursor = None) -> dict[str, Any]:
    """Quotes, filtered by speaker (actor id), text, outlet or kind (direct, mixed, indirect = reported)."""
    off = offset_of(cursor)
    out = paged(store.list_quotes(speaker_id=speaker, query=q, outlet=outlet, kind=kind or None,
                                  limit=size + 1, offset=off), size, off)
    out["names"] = store.actor_names([speaker] if speaker else [])
    return out


def outlets(request: Request, store: StoreDep) -> dict[str, Any]:
    """Per-outlet articles, events, verbatim quotes, reported statements, mean Goldstein, conflict share."""
    rows = store.outlet_summary()
    extra: Any = None
    try:
        from newsgraph.analyze import outlets as outlet_analysis  # lands later, from another engineer
    except ImportError:
        outlet_analysis = None
    if outlet_analysis is not None and hasattr(outlet_analysis, "compare_outlets"):
        try:
            extra = outlet_analysis.compare_outlets(store)
        except Exception:  # an analysis bug must not take the page down
            extra = None
    return {"rows": rows, "next": None, "comparison": extra}


def articles(request: Request, store: StoreDep, outlet: Text = None, size: Size = 50,
             cursor: Cursor = None) -> dict[str, Any]:
    """Articles, newest first, optionally from one outlet."""
    off = offset_of(cursor)
    return paged(store.list_articles(outlet=outlet, limit=size + 1, offset=off), size, off)


def article(request: Request, store: StoreDep, article_id: Id) -> dict[str, Any]:
    """An article's text with mentions, quotes and event triggers highlighted by their offsets."""
    art = store.get_article(article_id)
    if art is None:
        raise NotFound("article")
    spans: list[dict[str, Any]] = []
    for s, e in art["boilerplate"]:
        spans.append({"start": s, "end": e, "cls": "boiler", "title": "boilerplate"})
    for q in art["quotes"]:
        spans.append({"start": q["start"], "end": q["end"], "cls": "quote",
                      "title": "reported speech" if q["kind"] == "indirect" else "quote"})
    for m in art["mentions"]:
        spans.append({"start": m["start"], "end": m["end"], "cls": "mention", "title": m["link_key"],
                      "href": f"/actors/{render.pid(m['actor_id'])}" if m["actor_id"] else None})
    for ev in art["events"]:
        spans.append({"start": ev["trigger_start"], "end": ev["trigger_end"], "cls": "trigger",
                      "title": f"CAMEO {ev['cameo']}", "href": f"/events/{render.pid(ev['event_id'])}"})
    art["boilerplate"] = [list(b) for b in art["boilerplate"]]
    return {"rows": [art], "next": None, "segments": render.segments(art["text"], spans)}


def search(request: Request, store: StoreDep, q: Text = None, size: Size = 20) -> dict[str, Any]:
    """Full-text search (BM25 when the index is built) over article titles and text."""
    rows = store.search(q or "", limit=size) if q else []
    return {"rows": rows, "next": None, "q": q}


def register(app: FastAPI) -> None:
    twin(app, "/", "overview.html", overview)
    twin(app, "/events", "events.html", events, csv_name="events")
    twin(app, "/events/{event_id}", "event.html", event)
    twin(app, "/actors", "actors.html", actors, csv_name="actors")
    twin(app, "/actors/{actor_id}", "actor.html", actor)
    twin(app, "/quotes", "quotes.html", quotes, csv_name="quotes")
    twin(app, "/outlets", "outlets.html", outlets, csv_name="outlets")
    twin(app, "/articles", "articles.html", articles, csv_name="articles")
    twin(app, "/articles/{article_id}", "article.html", article)
    twin(app, "/search", "search.html", search, csv_name="search")
