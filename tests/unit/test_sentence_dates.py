"""Date references stored at ingest (schema 4) and read back by the analysis instead of re-resolving.

Issue 6: sentence date tags are the pipeline's own DateRefs (the ones events are dated from), so
the timeline and the events can never disagree; articles stored without them still get dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
import spacy

from newsgraph.analyze import corpus
from newsgraph.extract.boilerplate import find_boilerplate
from newsgraph.extract.dates import dates_component_logic, find_dates
from newsgraph.nlp.extensions import register
from newsgraph.nlp.pipeline import collect
from newsgraph.records import Article, DocRecords
from newsgraph.store import Store, schema, write

pytest.importorskip("sklearn")

TEXTS = [
    ("d1", "2014-06-13", "The army withdrew from Mosul on Tuesday, officials said.\n"
     "Talks resumed on June 11, 2014 in Baghdad. The ceasefire has held since 2011.\n"
     "Observers expect a vote in 2015."),
    ("d2", "2014-06-20", "Two days later the parliament met again.\n"
     "Yesterday the prime minister spoke to reporters about the offensive in the north."),
    ("d3", "2014-06-21", "No date is named in this short report about the talks."),
]


def _docs(dated: bool) -> list[DocRecords]:
    out = []
    for aid, day, text in TEXTS:
        boiler = find_boilerplate(text)
        refs = find_dates(text, day, skip=boiler) if dated else None
        out.append(DocRecords(article=Article(aid, text, outlet="x.example", published=day), boilerplate=boiler,
                              article_date=day, article_date_precision="day", dates=refs))
    return out


def _store(path: Path, dated: bool) -> Path:
    with Store(path) as s:
        s.write_docs(_docs(dated))
    return path


def test_pipeline_collect_carries_the_components_dates() -> None:
    register()
    nlp = spacy.blank("en")
    aid, day, text = TEXTS[0]
    doc = nlp(text)
    doc._.published = day
    doc._.boilerplate = find_boilerplate(text)
    dates_component_logic(doc)
    recs = collect(doc, Article(aid, text, published=day))
    assert recs.dates == find_dates(text, day, skip=doc._.boilerplate) and len(recs.dates) >= 3
    bare = nlp("No dates component ran.")
    assert collect(bare, Article("x", bare.text)).dates is None  # not tagged, not "no dates"


def test_refs_stored_with_the_article_and_read_back(tmp_path: Path) -> None:
    docs = _docs(dated=True)
    docs.append(DocRecords(article=Article("old", "Light ingest on Monday.", published="2014-06-22")))
    with Store(tmp_path / "s.duckdb") as s:
        st = s.write_docs(docs)
        assert st.articles == 4
        assert s.counts()["date_refs"] == sum(len(d.dates or ()) for d in docs)
        assert s.check_integrity() == []
        got = s.stored_date_refs(["d1", "d2", "d3", "old", "missing"])
        everything = s.stored_date_refs(["d1"], precision=None)
    assert set(got) == {"d1", "d2", "d3"}  # "old" was never date-tagged: the caller resolves it
    assert got["d3"] == []
    assert got["d1"] == [r for r in docs[0].dates if r.precision == "day"]
    assert everything["d1"] == docs[0].dates and any(r.precision == "year" for r in everything["d1"])


def test_integrity_check_sees_missing_date_rows(tmp_path: Path) -> None:
    with Store(_store(tmp_path / "s.duckdb", dated=True)) as s:
        s._con.execute("DELETE FROM date_refs WHERE article_id = 'd1'")
        assert s.check_integrity() == ["1 articles whose date_refs rows are incomplete"]


def test_parquet_parts_carry_the_refs(tmp_path: Path) -> None:
    docs = _docs(dated=True)
    tables = write.build_tables(docs, dt.datetime(2024, 1, 1))
    assert tables["articles"].column("n_dates").to_pylist() == [len(d.dates or ()) for d in docs]
    assert tables["date_refs"].num_rows == sum(len(d.dates or ()) for d in docs) > 0
    with Store(tmp_path / "s.duckdb") as s:
        s.write_arrow(tables)
        assert s.stored_date_refs(["d1"]) and s.check_integrity() == []


def test_story_uses_stored_refs_and_matches_resolving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(_store(tmp_path / "old.duckdb", dated=False), read_only=True) as s:
        resolved = corpus.load_story(s)
    calls: list[str] = []
    real = corpus.find_dates
    monkeypatch.setattr(corpus, "find_dates", lambda *a, **k: calls.append("x") or real(*a, **k))
    with Store(_store(tmp_path / "new.duckdb", dated=True), read_only=True) as s:
        stored = corpus.load_story(s)
    assert calls == []  # no date resolution at query time
    assert [(x.start, x.dates) for x in stored.sents] == [(x.start, x.dates) for x in resolved.sents]
    by_start = {x.start: x.dates for x in stored.sents if x.article_id == "d1"}
    assert by_start[0] == ("2014-06-10",)  # "on Tuesday" before a Friday anchor
    assert ("2014-06-11",) in by_start.values()
    assert any(x.dates == ("2014-06-19",) for x in stored.sents if x.article_id == "d2")


def test_older_database_upgrades_and_falls_back(tmp_path: Path) -> None:
    db = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(db))
    schema.migrate(con, schema.MIGRATIONS[:3])
    aid, day, text = TEXTS[0]
    con.execute("INSERT INTO articles (article_id, text, published) VALUES (?, ?, ?)", [aid, text, day])
    con.close()
    with Store(db) as s:
        assert s.schema_version == len(schema.MIGRATIONS) >= 4
        assert s.stored_date_refs([aid]) == {}
        story = corpus.load_story(s)
    assert any(x.dates == ("2014-06-10",) for x in story.sents)


def test_vectorise_is_tfidf_with_copies_counted() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["The envoy met Maliki on Monday.", "Talks failed.", "The envoy met Maliki on Monday.",
             "the of and", "Talks failed.", "Aid convoys reached the north."]
    want = TfidfVectorizer(stop_words="english", sublinear_tf=True,
                           token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b").fit_transform(texts)
    got = corpus._vectorise(texts)
    assert got.shape == want.shape and abs(got - want).max() < 1e-12
    assert corpus._vectorise(["the of", "and the"]).shape == (2, 1)
