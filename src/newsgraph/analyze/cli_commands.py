"""Bodies of the ``timeline`` and ``brief`` commands: run on an open store, format.

Plain functions returning the text to print, so cli.py stays a thin argument parser and the same
output is testable without click.
"""

from __future__ import annotations

import json
from typing import Any


def timeline_cmd(store: Any, query: str | None = None, actor: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, dates: int = 10,
                 sentences: int = 2, fmt: str = "markdown") -> str:
    """``newsgraph timeline``: Markdown (default) or ``fmt="json"``."""
    from newsgraph.analyze.stored import timeline_for
    from newsgraph.analyze.timeline import timeline_json, timeline_markdown

    # the timeline stored at ingest when it matches (same result as computing it), else computed
    entries = timeline_for(store, query=query, actor=actor, date_from=date_from, date_to=date_to,
                           n_dates=dates, k_sentences=sentences)
    if fmt == "json":
        return json.dumps(timeline_json(entries), ensure_ascii=False, indent=2)
    return timeline_markdown(entries)


def brief_cmd(store: Any, query: str | None = None, actor: str | None = None,
              date_from: str | None = None, date_to: str | None = None, words: int = 250,
              fmt: str = "markdown") -> str:
    """``newsgraph brief``: one cited paragraph (Markdown) or ``fmt="json"``."""
    from newsgraph.analyze.brief import brief_json, brief_markdown, build_brief

    sents = build_brief(store, query=query, actor=actor, date_from=date_from, date_to=date_to, words=words)
    if fmt == "json":
        return json.dumps(brief_json(sents), ensure_ascii=False, indent=2)
    return brief_markdown(sents)
