"""Synthetic DocRecords for tests and the write benchmark (``python -m newsgraph.store.synthetic``).

Lives in the package, not in tests, so the crash test's subprocess and the benchmark can import it.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from newsgraph.records import ActorRef, Article, DocRecords, Event, Mention, Quote, stable_id

log = logging.getLogger(__name__)

_ACTORS = (
    ActorRef("kb:USA", "United States", "COUNTRY", "USA", None, None, ("US", "Washington")),
    ActorRef("kb:IRQ", "Iraq", "COUNTRY", "IRQ", None, None, ("Baghdad",)),
    ActorRef("person:nouri maliki", "Nouri al-Maliki", "PERSON", "IRQ", "GOV", "Prime Minister", ("Maliki",)),
    ActorRef("org:united nations", "United Nations", "IGO", None, "IGO", None, ("UN",)),
)


def make_doc(i: int, events: int = 20, prefix: str = "a") -> DocRecords:
    """One article with ``events`` events, a quote, four actors and their mentions."""
    aid = stable_id(prefix, i)
    sent = "Iraqi Prime Minister Nouri al-Maliki met United Nations envoys in Baghdad on Monday."
    text = " ".join([sent] * max(events, 1)) + ' "We will talk," Maliki said.'
    step = len(sent) + 1
    evs = []
    trig = sent.index(" met ") + 1
    for k in range(events):
        s = k * step
        evs.append(Event(
            event_id=stable_id(aid, "e", k), article_id=aid, sentence=sent, sentence_start=s,
            sentence_end=s + len(sent), trigger_start=s + trig, trigger_end=s + trig + 3, trigger="met",
            source_key="person:nouri maliki", target_key="org:united nations" if k % 3 else None,
            cameo="040" if k % 2 else "0431", root="04", plover="CONSULT", plover_mode=None, quad_class=1,
            goldstein=1.0, date=f"2014-07-{1 + k % 28:02d}", date_precision="day", negated=k % 7 == 0,
            modality=None, location="Baghdad", lat=33.3, lon=44.4, location_country="IRQ", confidence=0.8))
    mentions = [Mention(k * step + 21, k * step + 36, "Nouri al-Maliki", "name", "person:nouri maliki")
                for k in range(events)]
    mentions.append(Mention(0, 5, "Iraqi", "name", "kb:IRQ"))
    qs = len(text) - 28
    quote = Quote(stable_id(aid, "q"), aid, qs, qs + 17, '"We will talk,"', "direct", "person:nouri maliki",
                  "Maliki", "say")
    art = Article(aid, text, title=f"Maliki meets UN envoys {i}", url=f"https://example.com/{prefix}/{i}",
                  outlet="example.com" if i % 2 else "news.example.org",
                  published=f"2014-07-{1 + i % 28:02d}",
                  authors=("A. Writer",), language="en", source_path=f"/data/{i}.html")
    return DocRecords(article=art, actors=list(_ACTORS), mentions=mentions, quotes=[quote], events=evs,
                      boilerplate=[(len(text) - 5, len(text))], article_date=art.published,
                      article_date_precision="day")


def make_docs(n: int, events: int = 20, start: int = 0, prefix: str = "a") -> list[DocRecords]:
    return [make_doc(i, events, prefix) for i in range(start, start + n)]


def bench(n: int = 2000, events: int = 20, batch: int = 500, path: Path | None = None) -> float:
    """Seconds to write ``n`` synthetic articles in batches of ``batch``."""
    from newsgraph.store.db import Store

    docs = make_docs(n, events)
    with tempfile.TemporaryDirectory() as tmp:
        db = path or Path(tmp) / "bench.duckdb"
        with Store(db) as store:
            t0 = time.perf_counter()
            for k in range(0, n, batch):
                store.write_docs(docs[k:k + batch])
            return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description="benchmark Store.write_docs on synthetic articles")
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--events", type=int, default=20)
    ap.add_argument("--batch", type=int, default=500)
    a = ap.parse_args()
    logging.basicConfig(level=logging.INFO)
    secs = bench(a.n, a.events, a.batch)
    log.info("%d articles x %d events in batches of %d: %.2f s (%.0f articles/s)",
             a.n, a.events, a.batch, secs, a.n / secs)


if __name__ == "__main__":
    main()
