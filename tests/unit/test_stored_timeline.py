"""Materialised timelines (issue 7): stored at relink, served only while the data is unchanged,
always exactly what ``build_timeline`` computes; read-only readers never write."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from newsgraph.analyze import corpus, stored
from newsgraph.analyze.stored import materialise_timelines, stored_timeline_for, timeline_for
from newsgraph.analyze.timeline import build_timeline
from newsgraph.records import Actor, ActorRef, Article, DateRef, DocRecords, Event, Mention, stable_id
from newsgraph.store import Store, schema
from newsgraph.store.synthetic import make_docs

MONTHS = {"March": 3, "April": 4}
DATE = re.compile(r"\b(March|April) (\d{1,2}), 2014\b")
PEOPLE = {"Jane Doe": "person:jane doe", "John Roe": "person:john roe", "Ministry": "org:ministry"}
SUBJECTS = ("Floods", "Governor Jane Doe", "John Roe", "Rescue teams", "Aid agencies", "The Ministry",
            "Farmers", "Engineers", "Students", "Local doctors", "Police officers", "Fishermen")
VERBS = ("visited", "inspected", "blocked", "repaired", "praised", "criticised", "mapped", "cleared")
OBJECTS = ("the river dam", "flooded schools", "the northern bridge", "rural clinics", "the old harbour",
           "grain stores", "the railway line", "power stations", "coastal villages", "the airport road")
PLACES = ("Ashford", "Brampton", "Caldwell", "Dunmore", "Eastleigh", "Fairview", "Glenrock", "Hollins")


def _line(i: int, k: int, day: str | None) -> str:
    subject, verb = SUBJECTS[(i * 7 + k) % len(SUBJECTS)], VERBS[(i + k * 3) % len(VERBS)]
    obj, place = OBJECTS[(i * 3 + k) % len(OBJECTS)], PLACES[(i + k) % len(PLACES)]
    when = f" on {day}" if day else ""
    return f"{subject} {verb} {obj} near {place}{when}, officials in the region said afterwards."


def _doc(i: int) -> DocRecords:
    day = 1 + (i * 5) % 27
    pub = f"2014-03-{min(day + i % 4, 28):02d}"
    text = "\n".join(_line(i, k, f"March {1 + (day + k * 3) % 28}, 2014" if k % 3 != 2 else None)
                     for k in range(5))
    text += f"\nReporting by desk {i} for the example service."
    aid = stable_id("stored", i)
    mentions = [Mention(m.start(), m.end(), name, "name", key)
                for name, key in PEOPLE.items() for m in re.finditer(re.escape(name), text)]
    refs = [DateRef(m.start(), m.end(), m.group(), f"2014-{MONTHS[m[1]]:02d}-{int(m[2]):02d}", "day", False)
            for m in DATE.finditer(text)]
    events = []
    for k, sent in enumerate(text.split("\n")[:2]):
        s0 = text.index(sent)
        events.append(Event(event_id=stable_id(aid, k), article_id=aid, sentence=sent, sentence_start=s0,
                            sentence_end=s0 + len(sent), trigger_start=s0, trigger_end=s0 + 4, trigger="swep",
                            source_key="person:jane doe" if "Jane" in sent else None, target_key=None,
                            cameo="040", root="04", plover="CONSULT", plover_mode=None, quad_class=1,
                            goldstein=1.0, date=f"2014-03-{day:02d}", date_precision="day"))
    actors = [ActorRef(key, name, "PERSON" if "person" in key else "ORG", None, None)
              for name, key in PEOPLE.items() if name in text]
    foot = text.rindex("\nReporting") + 1
    return DocRecords(article=Article(aid, text, url=f"https://example.org/{i}",
                                      outlet=("alpha.example", "beta.example", "gamma.example")[i % 3],
                                      published=pub),
                      actors=actors, mentions=mentions, events=events, boilerplate=[(foot, len(text))],
                      article_date=pub, article_date_precision="day", dates=refs)


GLOBAL = [Actor("A_DOE", "Jane Doe", ("Governor Doe",), "PERSON", None, "GOV", 30, 20),
          Actor("A_ROE", "John Roe", (), "PERSON", None, None, 20, 10),
          Actor("A_MIN", "Ministry", (), "ORG", None, "GOV", 10, 8)]
LINKS = {"person:jane doe": "A_DOE", "person:john roe": "A_ROE", "org:ministry": "A_MIN"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "stored.duckdb"
    with Store(path) as s:
        s.write_docs([_doc(i) for i in range(30)])
        s.replace_actors(GLOBAL, LINKS)
        materialise_timelines(s, top_actors=2)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("actor", [None, "A_DOE", "Jane Doe", "governor doe", "A_ROE"])
@pytest.mark.parametrize("n_dates", [1, 4, 10, 20])
def test_stored_equals_computed_read_only(db: Path, actor: str | None, n_dates: int) -> None:
    before = digest(db)
    with Store(db, read_only=True) as s:
        got = stored_timeline_for(s, actor=actor, n_dates=n_dates)
        want = build_timeline(s, actor=actor, n_dates=n_dates)
        assert got is not None and got == want
        assert want and len(want) <= n_dates  # a real timeline, not an empty match
        assert len(build_timeline(s, actor=actor, n_dates=20)) > (4 if actor is None else 1)
        assert timeline_for(s, actor=actor, n_dates=n_dates) == want
    assert digest(db) == before  # reading wrote nothing


def test_what_is_not_stored_is_computed(db: Path) -> None:
    with Store(db, read_only=True) as s:
        assert stored_timeline_for(s, actor="A_MIN") is None  # third busiest: not stored
        assert stored_timeline_for(s, k_sentences=3) is None
        assert stored_timeline_for(s, query="flood walls") is None
        assert stored_timeline_for(s, date_from="2014-03-05") is None
        assert stored_timeline_for(s, n_dates=stored.STORED_DATES + 1) is None or \
            len(build_timeline(s, n_dates=stored.STORED_DATES + 1)) <= stored.STORED_DATES
        for kw in ({"actor": "A_MIN"}, {"k_sentences": 3}, {"query": "flood walls"},
                   {"date_from": "2014-03-05", "date_to": "2014-03-20"}):
            assert timeline_for(s, **kw) == build_timeline(s, **kw)


def test_stale_data_is_never_served(db: Path) -> None:
    with Store(db) as s:
        version = s.timeline_data_version()
        s.write_docs([_doc(100)])  # an ingest without relink
        assert s.timeline_data_version() != version
        assert stored_timeline_for(s) is None
        assert timeline_for(s) == build_timeline(s)
        materialise_timelines(s, top_actors=0)
        assert stored_timeline_for(s) == build_timeline(s)
        assert stored_timeline_for(s, actor="A_DOE") is None  # replaced: only what this run stored
        renamed = [Actor("A_DOE", "Jane Q. Doe", (), "PERSON", None, "GOV", 30, 20), *GLOBAL[1:]]
        s.replace_actors(renamed, LINKS)  # a relink that changes names changes quoted actors
        assert stored_timeline_for(s) is None


def test_changed_algorithm_is_never_served(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db, read_only=True) as s:
        assert stored_timeline_for(s) is not None
        monkeypatch.setattr(stored, "algorithm_version", lambda: "another")
        assert stored_timeline_for(s) is None


def test_relink_materialises(tmp_path: Path) -> None:
    from newsgraph.engines.common import relink

    path = tmp_path / "relink.duckdb"
    with Store(path) as s:
        s.write_docs([_doc(i) for i in range(12)])
        relink(s)
        assert s.stored_timeline_params()
    with Store(path, read_only=True) as s:
        top = s.list_actors(limit=1)[0]["actor_id"]
        for actor in (None, top):
            assert stored_timeline_for(s, actor=actor) == build_timeline(s, actor=actor)


def test_synthetic_bench_store(tmp_path: Path) -> None:
    """The benchmark's shape (identical sentences, every article on every actor), smaller."""
    path = tmp_path / "synthetic.duckdb"
    with Store(path) as s:
        s.write_docs(make_docs(16, events=6, prefix="syn"))
        s.replace_actors([Actor("A1", "Nouri al-Maliki", ("Maliki",), "PERSON", "IRQ", "GOV", 40, 40)],
                         {"person:nouri maliki": "A1"})
        report = materialise_timelines(s)
        assert set(report.timelines) == {"", "A1"}
    with Store(path, read_only=True) as s:
        for actor in (None, "A1", "Maliki"):
            got = stored_timeline_for(s, actor=actor, n_dates=12)
            assert got is not None and got == build_timeline(s, actor=actor, n_dates=12)


def test_same_timelines_as_scikit_learn(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before/after: the timeline with the old scikit-learn vectoriser equals today's."""
    text = pytest.importorskip("sklearn.feature_extraction.text")
    pre = pytest.importorskip("sklearn.preprocessing")
    with Store(db, read_only=True) as s:
        now = [build_timeline(s, actor=a, n_dates=20, k_sentences=k) for a in (None, "A_DOE") for k in (1, 2)]

        def sk_vectorise(texts: list[str]):
            index: dict[str, int] = {}
            rows = [index.setdefault(t, len(index)) for t in texts]
            vec = text.CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
            counts = vec.fit_transform(list(index))
            counts = counts[rows] if len(index) < len(texts) else counts
            return text.TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()

        monkeypatch.setattr(corpus, "_vectorise", sk_vectorise)
        monkeypatch.setattr("newsgraph.analyze.tfidf.l2_normalise_dense", pre.normalize)
        before = [build_timeline(s, actor=a, n_dates=20, k_sentences=k) for a in (None, "A_DOE") for k in (1, 2)]
    assert before == now


def test_old_database_without_the_table(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    schema.migrate(con, schema.MIGRATIONS[:-1])
    con.close()
    with Store(path) as s:  # upgraded: the table exists, empty
        assert stored_timeline_for(s) is None and timeline_for(s) == []
        assert s.schema_version == len(schema.MIGRATIONS)


def test_tagging_in_chunks_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(db, read_only=True) as s:
        whole = corpus.load_story(s).sents
        monkeypatch.setattr(corpus, "TAG_CHUNK", 7)
        assert corpus.load_story(s).sents == whole and len({x.article_id for x in whole}) > 7
        arts = s.story_articles((), sorted(s.actor_link_keys("A_DOE")))
        ids = [a["article_id"] for a in arts]
        assert corpus.restrict(whole, ids) == corpus.tag_articles(s, arts)


def test_over_the_size_limit_nothing_is_stored(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounded memory (issue 8) beats the fast first load: past the limit readers compute."""
    with Store(db) as s:
        assert s.stored_timeline_params()  # the fixture stored some
        report = materialise_timelines(s, top_actors=2, max_chars_limit=10)
        assert "limit 10" in report.skipped
        assert s.stored_timeline_params() == []  # the older ones are not left behind
        assert stored_timeline_for(s) is None
        assert timeline_for(s) == build_timeline(s)
        monkeypatch.setenv("NEWSGRAPH_TIMELINE_MAX_CHARS", "0")
        assert materialise_timelines(s, top_actors=2).skipped
        monkeypatch.setenv("NEWSGRAPH_TIMELINE_MAX_CHARS", str(s.corpus_chars()))
        assert not materialise_timelines(s, top_actors=2).skipped and s.stored_timeline_params()
