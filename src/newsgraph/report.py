"""``newsgraph report``: one self-contained HTML file an analyst can mail or open offline.

It renders the same templates, charts and analysis calls as the web UI (with ``report=True`` so
links point inside the file or to the articles' own http(s) URLs), and inlines the stylesheet and
script: the file references nothing external. The database is read through the web layer's
snapshot reader, so a report can be written while ``ingest`` holds the file.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from newsgraph.store import Store
from newsgraph.web import render
from newsgraph.web.analysis import auto_period, brief_rows, relations_rows, timeline_rows
from newsgraph.web.snapshot import SnapshotReader

log = logging.getLogger(__name__)

SECTIONS = (("briefing", "Briefing"), ("timeline", "Timeline"), ("events-per-day", "Events per day"),
            ("network", "Network"), ("relations", "Relations"), ("actors", "Actors"), ("quotes", "Quotes"),
            ("outlets", "Outlets"))


def report_context(store: Store, query: str | None = None, actor: str | None = None,
                   period: str = "auto") -> dict[str, Any]:
    """Everything the report shows, as plain data (also handy for tests and other renderers)."""
    info = store.info()
    timeline, source = timeline_rows(store, q=query, actor=actor, n_dates=12)
    try:
        brief = brief_rows(store, q=query, actor=actor)
    except Exception:  # an analysis bug leaves the section empty rather than losing the report
        log.exception("briefing failed; the report's briefing section is left out")
        brief = None
    dyads = store.dyads(actor_id=actor, limit=40)
    if period == "auto":
        period = auto_period(store)
    series = relations_rows(store, period=period)
    return {
        "title": query or (store.get_actor(actor).name if actor and store.get_actor(actor) else None),
        "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "counts": info.counts, "published": [info.published_min, info.published_max],
        "brief": brief, "timeline": timeline, "timeline_source": source,
        "per_day": render.bar_chart(store.events_per_day(actor_id=actor), "date",
                                    [("cooperation", "#1a9850"), ("conflict", "#d73027")], "events"),
        "dyads": dyads, "graph": render.network(dyads),
        "relations": render.dyad_series_chart(series), "period": period,
        "actors": store.list_actors(limit=25), "quotes": store.list_quotes(limit=30),
        "outlets": store.outlet_summary()[:50],
    }


def render_report(store: Store, **kwargs: Any) -> str:
    env = render.environment()
    env.globals["report"] = True
    static = Path(render.__file__).parent / "static"
    ctx = report_context(store, **kwargs)
    return env.get_template("report.html").render(
        **ctx, sections=SECTIONS, params={}, css=(static / "app.css").read_text(encoding="utf-8"),
        js=(static / "app.js").read_text(encoding="utf-8").replace("</", "<\\/"))


def write_report(db: str | Path, out_path: str | Path, query: str | None = None,
                 actor: str | None = None) -> Path:
    """Write the report for ``db`` (optionally one story or one actor) and return its path."""
    out = Path(out_path)
    reader = SnapshotReader(db)
    try:
        with reader.store() as store:
            html = render_report(store, query=query, actor=actor)
    finally:
        reader.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(out)
    return out
