"""The local engine without the spaCy model: what it skips, what it records, and how it survives a kill.

NLP is replaced by a fake ``process_batch`` that counts its calls, so "no NLP work" is measurable
and the tests run in well under a second each. The real pipeline in a process pool is the slow
test at the end.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newsgraph.engines import local
from newsgraph.records import Article, DocRecords
from newsgraph.store import Store

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from make_corpus import articles as synthetic  # noqa: E402


class FakeNLP:
    """Stands in for the pipeline: records which articles would have been parsed."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, arts: list[Article], model: str | None = None) -> list[DocRecords]:
        self.seen += [a.article_id for a in arts]
        return [DocRecords(article=a) for a in arts]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeNLP:
    nlp = FakeNLP()
    monkeypatch.setattr(local, "process_batch", nlp)
    return nlp


def corpus(path: Path, n: int = 40, dup_rate: float = 0.0, foreign_rate: float = 0.0, seed: int = 5) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in synthetic(n, seed, dup_rate, foreign_rate)))
    return path


def test_reingest_does_no_nlp(tmp_path: Path, fake: FakeNLP) -> None:
    src = corpus(tmp_path / "c.jsonl", 30)
    first = local.ingest([str(src)], tmp_path / "db.duckdb", workers=1, batch_size=8)
    assert first.new == 30 and len(fake.seen) == 30
    again = local.ingest([str(src)], tmp_path / "db.duckdb", workers=1, batch_size=8)
    assert (again.new, again.already_present, again.processed) == (0, 30, 0)
    assert len(fake.seen) == 30


def test_same_text_under_another_id_is_a_copy_not_reprocessed(tmp_path: Path, fake: FakeNLP) -> None:
    rec = next(iter(synthetic(1, 9)))
    a = tmp_path / "a.jsonl"
    a.write_text(json.dumps(rec) + "\n")
    b = tmp_path / "b.jsonl"
    b.write_text(json.dumps({**rec, "id": "other-id", "outlet": "Other Outlet", "url": "https://o.example/x"}) + "\n")
    db = tmp_path / "db.duckdb"
    local.ingest([str(a)], db, workers=1)
    r = local.ingest([str(b)], db, workers=1, dedup=False)  # the content hash alone catches it
    assert (r.new, r.duplicates, len(fake.seen)) == (0, 1, 1)
    with Store(db, read_only=True) as s:
        outlets = [o["outlet"] for o in s.outlets_of(rec["id"])]
    assert outlets == [rec["outlet"], "Other Outlet"]


def test_near_duplicates_stored_once_with_every_outlet(tmp_path: Path, fake: FakeNLP) -> None:
    src = corpus(tmp_path / "c.jsonl", 120, dup_rate=0.15)
    copies = sum("contributed reporting" in json.loads(line)["text"] for line in src.read_text().splitlines())
    tables = []
    for name in ("one", "two"):
        db = tmp_path / f"{name}.duckdb"
        r = local.ingest([str(src)], db, workers=1, batch_size=16)
        assert r.duplicates == copies > 5 and r.new == 120 - copies
        with Store(db, read_only=True) as s:
            tables.append(s._con.execute("SELECT * FROM duplicates ORDER BY article_id").fetchall())
            carried = s._con.execute("SELECT count(*) FROM article_outlets").fetchone()[0]
            assert carried == 120
    assert tables[0] == tables[1]  # deterministic: same canonical copies, same similarities


def test_non_english_skipped_with_a_count(tmp_path: Path, fake: FakeNLP) -> None:
    src = corpus(tmp_path / "c.jsonl", 60, foreign_rate=0.2, seed=11)
    foreign = sum(json.loads(line)["title"].startswith("Actualités") for line in src.read_text().splitlines())
    r = local.ingest([str(src)], tmp_path / "db.duckdb", workers=1)
    assert r.skipped_language == foreign > 3
    assert r.new == 60 - foreign
    every = local.ingest([str(src)], tmp_path / "all.duckdb", workers=1, languages=None)
    assert every.new + every.duplicates == 60 and every.skipped_language == 0  # the foreign templates repeat


_KILLER = textwrap.dedent("""
    import os, signal, sys
    from newsgraph.engines import local
    from newsgraph.records import DocRecords
    from newsgraph.store import Store
    local.process_batch = lambda arts, model=None: [DocRecords(article=a) for a in arts]
    real = Store.write_docs
    calls = [0]
    def write_then_die(self, batch):
        if calls[0] == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        calls[0] += 1
        return real(self, batch)
    Store.write_docs = write_then_die
    local.ingest([sys.argv[1]], sys.argv[2], workers=1, batch_size=10)
""")


def test_resumes_after_kill_minus_nine(tmp_path: Path, fake: FakeNLP) -> None:
    src = corpus(tmp_path / "c.jsonl", 50)
    db = tmp_path / "db.duckdb"
    proc = subprocess.run([sys.executable, "-c", _KILLER, str(src), str(db)], capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] == 20  # two whole batches, nothing half-written
    r = local.ingest([str(src)], db, workers=1, batch_size=10)
    assert (r.new, r.already_present) == (30, 20)
    assert len(fake.seen) == 30  # the finished batches were not parsed again
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] == 50 and s.check_integrity() == []


def test_inputs_stream_one_batch_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bounded memory: when a batch is parsed, the reader has produced only that batch."""
    import newsgraph.ingest as ingest_pkg

    real = ingest_pkg.iter_inputs
    pulled = [0]
    at_parse: list[int] = []

    def counting(sources, options=ingest_pkg.DEFAULT_OPTIONS):
        for item in real(sources, options):
            pulled[0] += 1
            yield item

    def nlp(arts: list[Article], model: str | None = None) -> list[DocRecords]:
        at_parse.append(pulled[0])
        return [DocRecords(article=a) for a in arts]

    monkeypatch.setattr(ingest_pkg, "iter_inputs", counting)
    monkeypatch.setattr(local, "process_batch", nlp)
    progress: list[int] = []
    src = corpus(tmp_path / "c.jsonl", 200)
    local.ingest([str(src)], tmp_path / "db.duckdb", workers=1, batch_size=25, on_progress=progress.append)
    assert at_parse == [25 * k for k in range(1, 9)] and sum(progress) == 200


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores for a pool")
def test_pool_gives_the_same_rows_as_one_process(tmp_path: Path) -> None:
    src = corpus(tmp_path / "c.jsonl", 24, seed=2)
    rows = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        r = local.ingest([str(src)], db, workers=workers, batch_size=4)
        assert r.new == 24
        with Store(db, read_only=True) as s:
            rows.append(s._con.execute("SELECT * EXCLUDE (ingested_at) FROM articles ORDER BY article_id")
                        .fetchall() + s._con.execute("SELECT * FROM events ORDER BY event_id").fetchall())
    assert rows[0] == rows[1]
