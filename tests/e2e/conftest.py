"""A small hand-made database for the web, API and report tests, with hostile content in every field.

Built from ``records.DocRecords`` through ``Store.write_docs`` so the tests exercise the real schema,
without spaCy: offsets are computed with ``str.find`` on the article text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.records import Actor, ActorRef, Article, DocRecords, Event, Mention, Quote, stable_id
from newsgraph.store import Store

XSS = "<script>alert('x')</script>"
ATTR = "\"' onmouseover=\"alert(1)\" x='"
IMG = "<img src=x onerror=alert(2)>"
PAYLOADS = (XSS, ATTR, IMG)

ACTORS = {
    "person:nouri maliki": ActorRef("person:nouri maliki", "Nouri al-Maliki", "PERSON", "IRQ", "GOV",
                                    "Prime Minister", ("Maliki",)),
    "org:united nations": ActorRef("org:united nations", "United Nations", "IGO", None, "IGO", None, ("UN",)),
    "kb:USA": ActorRef("kb:USA", "United States", "COUNTRY", "USA", None, None, ("Washington",)),
    "group:isil": ActorRef("group:isil", "ISIL", "GROUP", None, "REB", None, ("Islamic State",)),
    "org:evil": ActorRef("org:evil", f"Evil {XSS} Corp", "ORG", None, None, None, (IMG,)),
}
GLOBAL = [
    Actor("A_MALIKI", "Nouri al-Maliki", ("Maliki",), "PERSON", "IRQ", "GOV", 6, 3),
    Actor("A_UN", "United Nations", ("UN",), "IGO", None, "IGO", 3, 2),
    Actor("A_USA", "United States", ("Washington",), "COUNTRY", "USA", None, 3, 2),
    Actor("A_ISIL", "ISIL", ("Islamic State",), "GROUP", None, "REB", 2, 2),
    Actor("A_EVIL", f"Evil {XSS} Corp", (IMG, ATTR), "ORG", None, None, 2, 1),
]
LINKS = {"person:nouri maliki": "A_MALIKI", "org:united nations": "A_UN", "kb:USA": "A_USA",
         "group:isil": "A_ISIL", "org:evil": "A_EVIL"}

# (source, trigger, target, cameo, quad, goldstein) per sentence; text snippets must occur in the sentence
STORIES = [
    ("Reuters", "2014-07-01", "Maliki meets UN envoy",
     [("Prime Minister Nouri al-Maliki met the United Nations envoy in Baghdad.",
       "Nouri al-Maliki", "met", "United Nations", "040", 1, 1.0),
      ("Islamic State fighters attacked Maliki's forces near Mosul.",
       "Islamic State", "attacked", "Maliki", "190", 4, -10.0)],
     ('"We will not retreat," Maliki said.', '"We will not retreat,"', "person:nouri maliki", "Maliki")),
    ("AP", "2014-07-02", "Washington backs Maliki",
     [("The United States pledged support to Nouri al-Maliki on Tuesday.",
       "United States", "pledged", "Nouri al-Maliki", "051", 1, 3.5),
      ("Nouri al-Maliki criticised the United Nations for its silence.",
       "Nouri al-Maliki", "criticised", "United Nations", "111", 3, -2.0)],
     ('"Help is coming," a Washington official said.', '"Help is coming,"', "kb:USA", "a Washington official")),
    (f"Evil{XSS}Outlet", "2014-07-03", f"Title {XSS} {ATTR}",
     [(f"Evil {XSS} Corp threatened the United States {IMG} today.",
       f"Evil {XSS} Corp", "threatened", "United States", "130", 3, -4.4),
      ("Maliki met ISIL negotiators, then Maliki attacked them.",
       "Maliki", "met", "ISIL", "040", 1, 1.0)],
     (f'"{ATTR} {XSS}," said Evil {XSS} Corp.', f'"{ATTR} {XSS},"', "org:evil", f"Evil {XSS} Corp")),
]
KEYS = {"Nouri al-Maliki": "person:nouri maliki", "Maliki": "person:nouri maliki",
        "United Nations": "org:united nations", "United States": "kb:USA", "Islamic State": "group:isil",
        "ISIL": "group:isil", f"Evil {XSS} Corp": "org:evil"}


def _doc(i: int, outlet: str, day: str, title: str, sentences: list[tuple], quote: tuple) -> DocRecords:
    text = " ".join([s[0] for s in sentences] + [quote[0], f"Filler {ATTR} and {IMG} text."])
    aid = stable_id("e2e", i)
    events, mentions = [], []
    for k, (sent, src, trig, tgt, cameo, quad, gold) in enumerate(sentences):
        s0 = text.index(sent)
        for name in (src, tgt):
            m0 = s0 + sent.index(name)
            mentions.append(Mention(m0, m0 + len(name), name, "name", KEYS[name]))
        t0 = s0 + sent.index(trig)
        events.append(Event(
            event_id=stable_id(aid, k), article_id=aid, sentence=sent, sentence_start=s0,
            sentence_end=s0 + len(sent), trigger_start=t0, trigger_end=t0 + len(trig), trigger=trig,
            source_key=KEYS[src], target_key=KEYS[tgt], cameo=cameo, root=cameo[:2], plover=None,
            plover_mode=None, quad_class=quad, goldstein=gold, date=day, date_precision="day"))
    q0 = text.index(quote[1])
    quotes = [Quote(stable_id(aid, "q"), aid, q0, q0 + len(quote[1]), quote[1], "direct", quote[2], quote[3],
                    "say")]
    keys = {m.link_key for m in mentions} | {quote[2]}
    art = Article(aid, text, title=title, url=f"https://example.com/{i}" if i else "javascript:alert(3)",
                  outlet=outlet, published=day, language="en")
    return DocRecords(article=art, actors=[ACTORS[k] for k in sorted(keys)], mentions=mentions,
                      quotes=quotes, events=events, article_date=day, article_date_precision="day")


def build_db(path: Path) -> Path:
    """Write the three hostile-but-valid articles and link their actors."""
    docs = [_doc(i, *story) for i, story in enumerate(STORIES)]
    with Store(path) as store:
        store.write_docs(docs)
        store.replace_actors(GLOBAL, LINKS)
        store.build_search_index()
    return path


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("web") / "web.duckdb")


@pytest.fixture(scope="session")
def event_ids(web_db: Path) -> list[str]:
    with Store(web_db, read_only=True) as s:
        return [e["event_id"] for e in s.events_for(limit=100)]
