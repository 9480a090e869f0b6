"""Exports: the JSONL contract read by shared/eval/score.py, CSV flattening, Parquet, GDELT rows."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pytest

from newsgraph.records import Actor
from newsgraph.store import FORMATS, GDELT_COLUMNS, TABLES, EventCluster, Store, StoreError
from newsgraph.store.synthetic import make_docs


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "ng.duckdb")
    s.write_docs(make_docs(3, events=3))
    s.replace_actors([Actor("A1", "Nouri al-Maliki", ("Maliki",), "PERSON", "IRQ", "GOV", 9, 3)],
                     {"person:nouri maliki": "A1"})
    ids = [e["event_id"] for e in s.events_for(limit=2)]
    s.replace_clusters([EventCluster("C1", tuple(ids), "04", "040", "A1", None, "2014-07-01", "2014-07-02",
                                     2, 1, 1, ids[0])])
    yield s
    s.close()


def jsonl(store: Store, table: str) -> list[dict]:
    buf = io.StringIO()
    n = store.export(table, "jsonl", buf)
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(rows) == n
    return rows


def test_jsonl_shapes(store: Store) -> None:
    arts = jsonl(store, "articles")
    assert len(arts) == 3
    assert {"article_id", "url", "outlet", "published", "title", "text", "language",
            "source_path"} <= set(arts[0])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", arts[0]["published"])
    assert [a["article_id"] for a in arts] == sorted(a["article_id"] for a in arts)

    ments = jsonl(store, "mentions")
    assert {"article_id", "start", "end", "text", "actor_id"} <= set(ments[0])
    assert {m["actor_id"] for m in ments} == {"A1", None}

    actors = jsonl(store, "actors")
    assert actors == [{"actor_id": "A1", "name": "Nouri al-Maliki", "aliases": ["Maliki"], "type": "PERSON",
                       "country": "IRQ", "sector": "GOV", "code": "IRQGOV", "mentions": 9, "articles": 3}]

    events = jsonl(store, "events")
    assert len(events) == 9
    e = events[0]
    need = {"event_id", "article_id", "sentence", "sentence_start", "sentence_end", "source", "target",
            "cameo", "root", "plover", "plover_mode", "quad_class", "goldstein", "date", "date_precision",
            "negated", "modality", "confidence", "trigger", "location", "outlet", "url", "published"}
    assert need <= set(e)
    assert e["cameo"] == "0431" and e["root"] == "04" and e["date"] == "2014-07-01"
    assert e["source"]["actor_id"] == "A1" and e["source"]["code"] == "IRQGOV"
    # an unlinked key falls back to the article's own actor, with no id
    tgt = next(x["target"] for x in events if x["target"])
    assert tgt["actor_id"] is None and tgt["name"] == "United Nations" and tgt["code"] == "IGO"

    quotes = jsonl(store, "quotes")
    assert {"quote_id", "article_id", "text", "start", "end", "speaker", "speaker_text", "cue", "kind",
            "anonymous"} <= set(quotes[0])
    assert quotes[0]["speaker"]["name"] == "Nouri al-Maliki"

    clusters = jsonl(store, "clusters")
    assert clusters[0]["cluster_id"] == "C1" and len(clusters[0]["event_ids"]) == 2


def test_events_jsonl_is_read_by_the_scorer(store: Store, tmp_path: Path) -> None:
    import importlib.util

    score_py = Path("/work/shared/eval/score.py")
    if not score_py.exists():
        pytest.skip("shared eval script not present")
    spec = importlib.util.spec_from_file_location("score", score_py)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)  # type: ignore[union-attr]
    out = tmp_path / "events.jsonl"
    store.export("events", "jsonl", out)
    events = score.load(out)
    doc = events[0]["article_id"]
    gold = [{"doc": doc, "sentence": "Nouri al-Maliki met United Nations envoys", "root": "04",
             "source": ["Maliki"], "target": ["UN", "United Nations"], "date": "2014-07-02"}]
    m = score.score_events(gold, events)
    assert m["matched_required"] == 1 and m["date_accuracy"] == 1.0


def test_export_is_deterministic(store: Store, tmp_path: Path) -> None:
    for table in TABLES:
        a, b = tmp_path / f"{table}1.jsonl", tmp_path / f"{table}2.jsonl"
        store.export(table, "jsonl", a)
        store.export(table, "jsonl", b)
        assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("table", TABLES)
def test_csv_and_parquet_round_trip(store: Store, tmp_path: Path, table: str) -> None:
    n = len(jsonl(store, table))
    p = tmp_path / f"{table}.parquet"
    assert store.export(table, "parquet", p) == n
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{p}')").fetchone()[0] == n
    buf = io.BytesIO()
    assert store.export(table, "csv", buf) == n
    rows = list(csv.DictReader(io.StringIO(buf.getvalue().decode("utf-8"))))
    assert len(rows) == n
    if table == "events":
        assert {"source_name", "source_code", "source_actor_id", "target_name"} <= set(rows[0])
        assert rows[0]["cameo"] == "0431" and rows[0]["source_aliases"] == "Maliki"


def test_parquet_keeps_actor_objects(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "events.parquet"
    store.export("events", "parquet", p)
    row = duckdb.sql(f"SELECT source.name, source.code, cameo FROM read_parquet('{p}') "
                     "ORDER BY article_id, sentence_start LIMIT 1").fetchone()
    assert row == ("Nouri al-Maliki", "IRQGOV", "0431")


def test_gdelt_rows(store: Store) -> None:
    buf = io.StringIO()
    n = store.export("events", "gdelt", buf)
    lines = buf.getvalue().splitlines()
    assert n == len(lines) == 9
    assert len(GDELT_COLUMNS) == 61
    col = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    for line in lines:
        f = line.split("\t")
        assert len(f) == 61
        assert re.fullmatch(r"\d{8}", f[col["SQLDATE"]])
        assert f[col["GLOBALEVENTID"]].isdigit()
        assert f[col["MonthYear"]] == f[col["SQLDATE"]][:6] and f[col["Year"]] == f[col["SQLDATE"]][:4]
        assert re.fullmatch(r"\d{14}", f[col["DATEADDED"]])
        assert f[col["SOURCEURL"]].startswith("https://example.com/")
    first = lines[0].split("\t")
    assert first[col["SQLDATE"]] == "20140701" and first[col["FractionDate"]] == "2014.4959"
    assert first[col["Actor1Code"]] == "IRQGOV" and first[col["Actor1Name"]] == "NOURI AL-MALIKI"
    assert first[col["Actor1CountryCode"]] == "IRQ" and first[col["Actor1Type1Code"]] == "GOV"
    assert first[col["Actor2Code"]] == ""  # no target
    assert (first[col["EventCode"]], first[col["EventBaseCode"]], first[col["EventRootCode"]]) == (
        "0431", "043", "04")
    assert first[col["NumMentions"]] == "2" and first[col["ActionGeo_FullName"]] == "Baghdad"
    assert first[col["ActionGeo_Lat"]] == "33.3" and first[col["IsRootEvent"]] == "1"
    second = lines[1].split("\t")
    assert second[col["Actor2Code"]] == "IGO" and second[col["Actor2KnownGroupCode"]] == "IGO"


def test_export_to_binary_stream_and_bad_arguments(store: Store) -> None:
    buf = io.BytesIO()
    store.export("events", "jsonl", buf)
    assert not buf.closed and buf.getvalue().count(b"\n") == 9
    with pytest.raises(StoreError, match="unknown export table"):
        store.export("secrets; DROP TABLE x", "jsonl", io.StringIO())
    with pytest.raises(StoreError, match="unknown export format"):
        store.export("events", "xml", io.StringIO())
    with pytest.raises(StoreError, match="only for the events"):
        store.export("articles", "gdelt", io.StringIO())
    assert set(FORMATS) == {"jsonl", "csv", "parquet", "gdelt"}


def test_empty_store_exports(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as s:
        for table in TABLES:
            assert s.export(table, "jsonl", io.StringIO()) == 0
            assert s.export(table, "parquet", tmp_path / f"{table}.parquet") == 0
            assert s.export(table, "csv", io.StringIO()) == 0
        assert s.export("events", "gdelt", io.StringIO()) == 0
