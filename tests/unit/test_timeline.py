"""Timelines from a small hand-built store: date ranking, sentence choice, filters, output shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsgraph.analyze.timeline import (
    TimelineEntry,
    build_timeline,
    timeline_json,
    timeline_markdown,
)
from newsgraph.records import Actor, ActorRef, Article, DocRecords, Event, Mention, stable_id
from newsgraph.store import Store

pytest.importorskip("sklearn")

# (article id, outlet, published, text)
ARTICLES = [
    ("a1", "alpha.example", "2014-03-04",
     "Floods swept through the river valley on March 3, 2014, forcing thousands from their homes.\n"
     "Rescue teams pulled dozens of residents from rooftops as the water rose.\n"
     "Officials said the dam upstream had overflowed after days of rain."),
    ("a2", "beta.example", "2014-03-05",
     "The floods of March 3, 2014 destroyed more than two hundred houses in the valley.\n"
     "Aid agencies appealed for tents, blankets and clean water for the displaced families."),
    ("a3", "gamma.example", "2014-03-10",
     "A week after the March 3, 2014 floods, many families were still sleeping in school halls.\n"
     "Governor Jane Doe visited the valley on March 9, 2014 and promised money to rebuild.\n"
     "Jane Doe said the state would pay for new flood walls along the river."),
    ("a4", "alpha.example", "2014-03-10",
     "Governor Jane Doe toured the flooded towns on March 9, 2014 with army engineers.\n"
     "The waters from the March 3, 2014 disaster had receded by then, leaving thick mud in the streets."),
    ("a5", "delta.example", "2014-03-21",
     "Parliament approved a relief package for the flood victims on March 20, 2014.\n"
     "The election campaign began on March 20, 2014 with rallies in the capital and the north.\n"
     "Opposition leaders promised lower taxes at the election rallies."),
    ("a6", "beta.example", "2014-03-21",
     "Lawmakers voted for the flood relief package on March 20, 2014 after a long debate.\n"
     "The relief package pays for housing, roads and new flood walls in the valley."),
    # a syndicated copy of a1's lead under another outlet: must not appear twice in one entry
    ("a7", "epsilon.example", "2014-03-04",
     "Floods swept through the river valley on March 3, 2014, forcing thousands from their homes.\n"
     "Television pictures showed cars floating down the main street of the town."),
]


def _mentions(text: str, name: str, key: str) -> list[Mention]:
    return [Mention(m.start(), m.end(), name, "name", key) for m in re.finditer(re.escape(name), text)]


def _doc(aid: str, outlet: str, published: str, text: str) -> DocRecords:
    mentions = _mentions(text, "Jane Doe", "person:jane doe")
    actors = [ActorRef("person:jane doe", "Jane Doe", "PERSON", None, "GOV")] if mentions else []
    return DocRecords(article=Article(aid, text, title=None, url=f"https://{outlet}/{aid}", outlet=outlet,
                                      published=published),
                      actors=actors, mentions=mentions, article_date=published, article_date_precision="day")


def _event(doc: DocRecords, sentence: str, date: str) -> Event:
    text = doc.article.text
    s = text.index(sentence)
    return Event(event_id=stable_id(doc.article.article_id, s), article_id=doc.article.article_id,
                 sentence=sentence, sentence_start=s, sentence_end=s + len(sentence), trigger_start=s,
                 trigger_end=s + 4, trigger="hold", source_key=None, target_key=None, cameo="040", root="04",
                 plover="CONSULT", plover_mode=None, quad_class=1, goldstein=1.0, date=date,
                 date_precision="day")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    docs = [_doc(*a) for a in ARTICLES]
    # a date only the event coder knows (the sentence names no date): the timeline must still see it
    extra = _doc("a8", "zeta.example", "2014-03-16",
                 "Engineers began repairing the broken dam upstream of the valley.\n"
                 "Engineers began repairing the broken dam upstream of the valley towns, officials said.")
    extra.events.append(_event(extra, "Engineers began repairing the broken dam upstream of the valley.",
                               "2014-03-15"))
    docs.append(extra)
    db = Store(tmp_path / "t.duckdb")
    db.write_docs(docs)
    db.replace_actors([Actor("A1", "Jane Doe", ("Governor Doe",), "PERSON", None, "GOV", 4, 2)],
                      {"person:jane doe": "A1"})
    yield db
    db.close()


def _all_sentences(entries: list[TimelineEntry]) -> list[str]:
    return [s.text for e in entries for s in e.sentences]


def test_dates_ranked_by_references_and_returned_in_date_order(store: Store) -> None:
    entries = build_timeline(store, n_dates=3, k_sentences=2)
    dates = [e.date for e in entries]
    assert dates == sorted(dates)
    # March 3 is recalled by five articles, March 9 and March 20 by two each; March 15 only by one event
    assert dates == ["2014-03-03", "2014-03-09", "2014-03-20"]
    top = build_timeline(store, n_dates=1, k_sentences=1)
    assert [e.date for e in top] == ["2014-03-03"]


def test_k_sentences_per_date_and_each_cites_its_article(store: Store) -> None:
    stored = {a[0]: a for a in ARTICLES} | {"a8": ("a8", "zeta.example", "2014-03-16", "")}
    for k in (1, 2):
        entries = build_timeline(store, n_dates=3, k_sentences=k)
        assert entries and all(len(e.sentences) == k for e in entries)
        for e in entries:
            for s in e.sentences:
                _aid, outlet, published, _text = stored[s.article_id]
                assert (s.outlet, s.published) == (outlet, published)
                article = store.get_article(s.article_id)
                assert article["text"][s.start:s.end] == s.text


def test_sentences_about_the_date(store: Store) -> None:
    entries = {e.date: e for e in build_timeline(store, n_dates=3, k_sentences=2)}
    assert all("March 9" in s.text or "Doe" in s.text for s in entries["2014-03-09"].sentences)
    assert any("March 20" in s.text for s in entries["2014-03-20"].sentences)
    assert {s.article_id for s in entries["2014-03-20"].sentences} <= {"a5", "a6"}  # reports of that day
    assert all("March 3" in s.text or "Floods" in s.text for s in entries["2014-03-03"].sentences)


def test_near_identical_sentences_from_two_outlets_are_not_both_chosen(store: Store) -> None:
    entries = build_timeline(store, n_dates=1, k_sentences=3)
    texts = [" ".join(t.split()) for t in _all_sentences(entries)]
    assert len(texts) == 3
    assert len(set(texts)) == len(texts)
    assert sum(t.startswith("Floods swept through the river valley") for t in texts) == 1


def test_query_filters_articles_and_sentences(store: Store) -> None:
    entries = build_timeline(store, query="election", n_dates=5, k_sentences=2)
    assert [e.date for e in entries] == ["2014-03-20"]
    assert all("election" in t.lower() for t in _all_sentences(entries))
    either = build_timeline(store, query="election, relief package", n_dates=5, k_sentences=3)
    assert {e.date for e in either} == {"2014-03-20"}
    assert any("relief package" in t for t in _all_sentences(either))
    assert build_timeline(store, query="volcano") == []


def test_actor_filter_keeps_sentences_that_mention_the_actor(store: Store) -> None:
    for who in ("Jane Doe", "A1", "Governor Doe"):
        entries = build_timeline(store, actor=who, n_dates=5, k_sentences=2)
        assert entries, who
        assert all("Jane Doe" in t for t in _all_sentences(entries))
        assert "2014-03-09" in {e.date for e in entries}
        assert all("Jane Doe" in e.actors for e in entries)
    assert build_timeline(store, actor="Nobody At All") == []


def test_date_window(store: Store) -> None:
    entries = build_timeline(store, date_from="2014-03-08", date_to="2014-03-16", n_dates=5)
    assert entries and all("2014-03-08" <= e.date <= "2014-03-16" for e in entries)
    assert "2014-03-03" not in {e.date for e in entries}


def test_event_dates_count_and_events_are_cited(store: Store) -> None:
    entries = build_timeline(store, n_dates=10, k_sentences=1)
    by_date = {e.date: e for e in entries}
    assert "2014-03-15" in by_date  # known only from the stored event, not from the text
    assert by_date["2014-03-15"].sentences[0].event_ids
    assert by_date["2014-03-03"].num_sources >= 3  # alpha, beta, gamma, epsilon all recalled March 3


def test_json_shape(store: Store) -> None:
    data = timeline_json(build_timeline(store, n_dates=3, k_sentences=2))
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["date"])
        assert item["sentences"]
        for s in item["sentences"]:
            assert {"text", "article_id", "outlet"} <= set(s)
            assert s["text"] and s["article_id"] and s["outlet"]
    assert [d["date"] for d in data] == sorted(d["date"] for d in data)


def test_markdown_cites_outlet_and_date(store: Store) -> None:
    md = timeline_markdown(build_timeline(store, n_dates=2, k_sentences=1))
    assert md.count("## 2014-") == 2
    assert re.search(r"\[[a-z]+\.example, 2014-03-\d\d\]\(https://", md)
    assert timeline_markdown([]).startswith("_No")


def test_empty_store(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as s:
        assert build_timeline(s) == []


def test_seed_timeline_tells_malikis_story_in_order(tmp_path: Path) -> None:
    """The issue's acceptance check, on the seeds stored without the parser (text + date tagging)."""
    import json

    from tests.conftest import SEEDS, need

    from newsgraph.extract.boilerplate import find_boilerplate
    from newsgraph.ingest.jsonl import record_to_article
    from newsgraph.ingest.options import IngestOptions

    docs = []
    for n, line in enumerate(need(SEEDS / "seeds.jsonl").read_text(encoding="utf-8").splitlines()):
        art = record_to_article(json.loads(line), f"seeds:{n}", IngestOptions(), None)
        assert isinstance(art, Article)
        docs.append(DocRecords(article=art, boilerplate=find_boilerplate(art.text),
                               article_date=(art.published or "")[:10] or None, article_date_precision="day"))
    with Store(tmp_path / "seeds.duckdb") as s:
        s.write_docs(docs)
        entries = build_timeline(s, query="Maliki", n_dates=8, k_sentences=1)
    found: dict[str, str] = {}
    for e in entries:
        text = " ".join(x.text for x in e.sentences)
        assert all(x.article_id and x.outlet for x in e.sentences)
        for label, pattern in (("tehran", r"\bIran\b"), ("washington", r"\bObama\b"),
                               ("appeal", r"call(?:ed|s|ing) on the (?:United States|US)|appeal"),
                               ("refusal", r"not resign|step down")):
            if label not in found and re.search(pattern, text):
                found[label] = e.date
    assert list(found) == ["tehran", "washington", "appeal", "refusal"], found
    assert found["tehran"].startswith("2010") and found["washington"].startswith("2013-11")
    assert found["appeal"].startswith("2014-06") and found["refusal"].startswith("2014-06")
    assert found["appeal"] <= found["refusal"]
