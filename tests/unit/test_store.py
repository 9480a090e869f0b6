"""Store: schema, migrations, batch writes, rollback, reads and the integrity checker."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from newsgraph.records import Actor, Event
from newsgraph.store import EventCluster, Store, StoreError, schema
from newsgraph.store.synthetic import make_doc, make_docs


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ng.duckdb"


def linked(store: Store) -> None:
    store.replace_actors(
        [Actor("A1", "Nouri al-Maliki", ("Maliki",), "PERSON", "IRQ", "GOV", 40, 2),
         Actor("A2", "United Nations", ("UN",), "IGO", None, "IGO", 10, 2),
         Actor("A3", "Iraq", ("Baghdad",), "COUNTRY", "IRQ", None, 5, 2)],
        {"person:nouri maliki": "A1", "org:united nations": "A2", "kb:IRQ": "A3"})


def test_schema_created_and_migration_idempotent(db: Path) -> None:
    with Store(db) as s:
        assert s.schema_version == len(schema.MIGRATIONS)
        assert set(schema.ALL_TABLES) <= set(s.counts())
    with Store(db) as s:  # reopening applies nothing twice
        assert s._con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(schema.MIGRATIONS)


def test_later_migration_adds_a_column(db: Path) -> None:
    with Store(db) as s:
        s.write_docs(make_docs(2, events=1))
    con = duckdb.connect(str(db))
    extra = [*schema.MIGRATIONS, "ALTER TABLE events ADD COLUMN tone DOUBLE"]
    assert schema.migrate(con, extra) == len(extra)
    assert schema.migrate(con, extra) == len(extra)  # idempotent
    cols = {r[0] for r in con.execute("DESCRIBE events").fetchall()}
    con.close()
    assert "tone" in cols


def test_write_counts_and_skips_duplicates(db: Path) -> None:
    docs = make_docs(5, events=3)
    with Store(db) as s:
        st = s.write_docs(docs)
        assert (st.articles, st.events, st.quotes, st.already_present) == (5, 15, 5, 0)
        assert st.actors == 20 and st.mentions == 5 * 4 and st.boilerplate == 5
        st2 = s.write_docs([*docs[:2], make_doc(99, events=2), make_doc(99, events=2)])
        assert (st2.articles, st2.already_present, st2.events) == (1, 3, 2)
        c = s.counts()
        assert c["articles"] == 6 and c["events"] == 17 and c["local_actors"] == 24
        assert s.known_article_ids([docs[0].article.article_id, "nope"]) == {docs[0].article.article_id}
        assert s.check_integrity() == []


def test_syndicated_copy_with_same_event_ids_is_rekeyed(db: Path) -> None:
    d = make_doc(1, events=2)
    copy = dataclasses.replace(d, article=dataclasses.replace(d.article, article_id="other"))
    with Store(db) as s:
        s.write_docs([d])
        st = s.write_docs([copy])
        assert st.articles == 1 and st.rekeyed_ids == 3  # two events and one quote
        assert s.counts()["events"] == 4
        assert s.has_content_hash([s.get_article("other")["content_hash"]])
        assert s.check_integrity() == []


def test_failed_batch_leaves_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db) as s:
        s.write_docs(make_docs(2, events=1))
        before = s.counts()
        bad = make_docs(3, events=2, start=10)
        # an event whose goldstein is not a number fails after articles were inserted
        bad[1].events[1] = dataclasses.replace(bad[1].events[1], goldstein="very bad")  # type: ignore[arg-type]
        with pytest.raises(Exception, match=r"(?i)float|double|convert|could not"):
            s.write_docs(bad)
        assert s.counts() == before
        # a failure inside the database, after some tables were written
        original = Store._insert

        def failing(self: Store, con: duckdb.DuckDBPyConnection, name: str, tbl: object) -> None:
            if name == "events":
                raise RuntimeError("disk on fire")
            original(self, con, name, tbl)  # type: ignore[arg-type]

        monkeypatch.setattr(Store, "_insert", failing)
        with pytest.raises(RuntimeError, match="disk on fire"):
            s.write_docs(make_docs(3, events=2, start=20))
        assert s.counts() == before
        monkeypatch.undo()
        assert s.write_docs(make_docs(3, events=2, start=20)).articles == 3
        assert s.check_integrity() == []


def test_dates_of_lower_precision_are_stored(db: Path) -> None:
    d = make_doc(1, events=3)
    d.events[0] = dataclasses.replace(d.events[0], date="2014-07", date_precision="month")
    d.events[1] = dataclasses.replace(d.events[1], date="not a date", date_precision=None)
    d.events[2] = dataclasses.replace(d.events[2], date="2014-07-05T10:00:00Z")
    with Store(db) as s:
        s.write_docs([d])
        ev = s.events_for(article_id=d.article.article_id)
    assert [e["date"] for e in ev] == ["2014-07-01", None, "2014-07-05"]


def test_replace_actors_and_event_objects(db: Path) -> None:
    with Store(db) as s:
        s.write_docs(make_docs(2, events=3))
        # before linking: actor objects come from the article's own actors, without ids
        e = s.events_for(limit=1)[0]
        assert e["source"]["actor_id"] is None and e["source"]["name"] == "Nouri al-Maliki"
        assert e["source"]["code"] == "IRQGOV"
        linked(s)
        linked(s)  # replacing twice is fine
        assert s.counts()["actors"] == 3 and s.counts()["actor_links"] == 3
        e = s.events_for(limit=10)
        assert e[0]["source"] == {"actor_id": "A1", "name": "Nouri al-Maliki", "aliases": ["Maliki"],
                                  "code": "IRQGOV", "country": "IRQ", "sector": "GOV", "type": "PERSON"}
        assert e[0]["target"] is None and e[1]["target"]["code"] == "IGO"
        assert len(s.events_for(actor_id="A2", limit=100)) == 4
        assert len(s.events_for(source_id="A1", root="4", limit=100)) == 6
        assert s.events_for(target_id="A1") == []
        assert len(s.events_for(date_from="2014-07-02", date_to="2014-07-02")) == 2
        assert s.quotes_for(speaker_id="A1")[0]["speaker"]["name"] == "Nouri al-Maliki"
        assert s.get_actor("A1").aliases == ("Maliki",)
        assert s.check_integrity() == []


def test_replace_actors_is_atomic(db: Path) -> None:
    with Store(db) as s:
        linked(s)
        with pytest.raises(Exception):  # noqa: B017 - duplicate link keys are rejected by DuckDB
            s.replace_actors([Actor("B", "b", (), "ORG", None, None), Actor("B", "b", (), "ORG", None, None)],
                             {"x": "B"})
        assert s.counts()["actors"] == 3 and s.get_actor("A1") is not None


def test_find_actors_treats_input_as_data(db: Path) -> None:
    with Store(db) as s:
        linked(s)
        assert [a.actor_id for a in s.find_actors("malik")] == ["A1"]
        assert [a.actor_id for a in s.find_actors("un")] == ["A2"]  # alias match, case-insensitive
        assert [a.actor_id for a in s.find_actors(None, limit=2)] == ["A1", "A2"]
        for evil in ("'; DROP TABLE actors; --", "%", "_", "\\", "' OR 1=1 --", "\"", "A1' OR '1'='1"):
            assert s.find_actors(evil) == []
        assert s.counts()["actors"] == 3


def test_local_actors_and_counts_for_linker(db: Path) -> None:
    with Store(db) as s:
        s.write_docs(make_docs(3, events=2))
        refs = list(s.iter_local_actors(batch_size=2))
        assert len(refs) == 12
        aid, ref = refs[0]
        assert isinstance(aid, str) and ref.link_key and isinstance(ref.aliases, tuple)
        counts = s.actor_mention_counts()
        assert counts["person:nouri maliki"] == (6, 3)
        assert len(s.article_dates()) == 3


def test_info_and_article_view(db: Path) -> None:
    docs = make_docs(4, events=2)
    with Store(db) as s:
        s.write_docs(docs)
        linked(s)
        info = s.info()
        assert info.counts["articles"] == 4 and info.published_min == "2014-07-01"
        assert info.event_date_max == "2014-07-02"
        assert dict(info.outlets) == {"example.com": 2, "news.example.org": 2}
        assert info.top_actors[0][0] == "A1"
        art = s.get_article(docs[0].article.article_id)
        assert art["boilerplate"] and len(art["events"]) == 2 and art["quotes"] and art["mentions"]
        assert art["mentions"][0]["actor_id"] in {"A1", "A3"}
        assert s.get_article("missing") is None


def test_clusters_replace_and_integrity(db: Path) -> None:
    with Store(db) as s:
        s.write_docs(make_docs(2, events=2))
        ids = [e["event_id"] for e in s.events_for()]
        s.replace_clusters([EventCluster("C1", tuple(ids[:2]), "04", "040", "A1", "A2", "2014-07-01",
                                         "2014-07-02", 2, 1, 1, ids[0])])
        assert s.counts()["event_clusters"] == 1 and s.counts()["event_cluster_members"] == 2
        assert s.check_integrity() == []
        s.replace_clusters([EventCluster("C2", ("ghost",))])
        assert s.check_integrity() == ["1 cluster members pointing to missing events or clusters"]


def test_integrity_checker_finds_damage(db: Path) -> None:
    with Store(db) as s:
        docs = make_docs(3, events=2)
        s.write_docs(docs)
        aid = docs[0].article.article_id
        s._con.execute("DELETE FROM events WHERE event_id = (SELECT min(event_id) FROM events "
                       "WHERE article_id = ?)", [aid])
        s._con.execute("INSERT INTO mentions VALUES ('ghost', 0, 1, 'x', 'name', 'k')")
        s._con.execute("INSERT INTO local_actors SELECT * FROM local_actors LIMIT 1")
        problems = s.check_integrity()
    assert "1 mentions rows whose article is missing" in problems
    assert "1 articles whose events rows are incomplete" in problems
    assert "1 duplicate local_actors (article_id, link_key)" in problems


def test_read_only_store_refuses_writes(db: Path) -> None:
    with Store(db) as s:
        s.write_docs(make_docs(1, events=1))
    with Store(db, read_only=True) as r:
        assert r.counts()["articles"] == 1
        with pytest.raises(StoreError, match="read-only"):
            r.write_docs(make_docs(1, events=1, start=5))


def test_events_must_be_events(db: Path) -> None:
    # the article an event is filed under is the doc's, even if the record says otherwise
    d = make_doc(1, events=1)
    d.events[0] = dataclasses.replace(d.events[0], article_id="wrong")
    assert isinstance(d.events[0], Event)
    with Store(db) as s:
        s.write_docs([d])
        assert s.events_for()[0]["article_id"] == d.article.article_id
        assert s.check_integrity() == []


def test_empty_and_all_duplicate_batches(db: Path) -> None:
    docs = make_docs(2, events=1)
    with Store(db) as s:
        assert s.write_docs([]).articles == 0
        s.write_docs(docs)
        st = s.write_docs(docs)
        assert (st.articles, st.already_present, st.events) == (0, 2, 0)
        assert s.counts()["articles"] == 2


def test_cursor_views_serve_threads(db: Path) -> None:
    import threading

    with Store(db) as s:
        s.write_docs(make_docs(4, events=2))
        linked(s)
        results: list[int] = []

        def work() -> None:
            view = s.cursor()
            results.append(len(view.events_for(actor_id="A1")))
            view.close()

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results == [8, 8, 8, 8]
        assert s.counts()["articles"] == 4  # closing views leaves the store open


def test_write_arrow_from_parquet_parts(db: Path, tmp_path: Path) -> None:
    import datetime as dt

    import pyarrow.parquet as pq

    from newsgraph.store import write

    tables = write.build_tables(make_docs(3, events=2), dt.datetime(2024, 1, 1))
    parts = tmp_path / "parts"
    parts.mkdir()
    for name, tbl in tables.items():
        shipped = tbl.drop_columns(["confidence"]) if name == "events" else tbl
        pq.write_table(shipped, parts / f"{name}.parquet")
    loaded = {p.stem: pq.read_table(p) for p in parts.glob("*.parquet") if p.stem != "boilerplate"}
    with Store(db) as s:
        s.write_docs(make_docs(1, events=2))  # article 0 is already there
        st = s.write_arrow(loaded)
        assert (st.articles, st.already_present, st.events, st.boilerplate) == (2, 1, 4, 0)
        assert s.counts()["events"] == 6
        assert {e["confidence"] for e in s.events_for(limit=100)} == {0.8, None}
        # boilerplate was not shipped, so those articles' counts disagree: the checker says so
        assert s.check_integrity() == ["2 articles whose boilerplate rows are incomplete"]
