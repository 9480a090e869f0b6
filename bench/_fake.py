"""A stand-in for the NLP step, for benchmarks of the engine itself (reading, screening, writing).

Each article gets a few mentions and one event at fixed offsets, so every store table receives
rows; the cost and memory of the spaCy pipeline itself are measured separately (throughput.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from newsgraph.records import ActorRef, Article, DocRecords, Event, Mention, stable_id

_ACTOR = ActorRef("kb:IRQ", "Iraq", "COUNTRY", "IRQ")


def fake_process_batch(articles: Sequence[Article], model: str | None = None) -> list[DocRecords]:
    out = []
    for a in articles:
        end = min(len(a.text), 40)
        ev = Event(stable_id(a.article_id, "e"), a.article_id, a.text[:end], 0, end, 0, min(end, 5), a.text[:5],
                   "kb:IRQ", None, "040", "04", "CONSULT", None, 1, 1.0, a.published, "day")
        out.append(DocRecords(article=a, actors=[_ACTOR], mentions=[Mention(0, 4, a.text[:4], "name", "kb:IRQ")] * 5,
                              events=[ev], article_date=a.published, article_date_precision="day"))
    return out
