"""Bodies of the ``timeline`` and ``brief`` commands: open the store read-only, run, format.

Plain functions returning the text to print, so cli.py stays a thin argument parser and the same
output is testable without click.
"""

from __future__ import annotations

import json
from pathlib import Path


def timeline_cmd(db: str | Path, query: str | None = None, actor: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, dates: int = 10,
                 sentences: int = 2, fmt: str = "markdown") -> str:
    """``newsgraph timeline``: Markdown (default) or ``fmt="json"``."""
    from newsgraph.analyze.timeline import build_timeline, timeline_json, timeline_markdown
    from newsgraph.store import Store

    with Store(db, read_only=True) as store:
        entries = build_timeline(store, query=query, actor=actor, date_from=date_from, date_to=date_to,
                                 n_dates=dates, k_sentences=sentences)
    if fmt == "json":
        return json.dumps(timeline_json(entries), ensure_ascii=False, indent=2)
    return timeline_markdown(entries)


def brief_cmd(db: str | Path, query: str | None = None, actor: str | None = None,
              date_from: str | None = None, date_to: str | None = None, words: int = 250,
              fmt: str = "markdown") -> str:
    """``newsgraph brief``: one cited paragraph (Markdown) or ``fmt="json"``."""
    from newsgraph.analyze.brief import brief_json, brief_markdown, build_brief
    from newsgraph.store import Store

    with Store(db, read_only=True) as store:
        sents = build_brief(store, query=query, actor=actor, date_from=date_from, date_to=date_to,
                            words=words)
    if fmt == "json":
        return json.dumps(brief_json(sents), ensure_ascii=False, indent=2)
    return brief_markdown(sents)
