"""Random bytes and random article records through the whole ingest (readers, engine, store).

``tests/unit/test_ingest_bad.py`` already checks the readers alone; here the same kind of input goes
all the way into a database, because the failures that matter to a user are the ones past the reader:
an article id that cannot be hashed, a string Arrow cannot encode, a batch written halfway. Most
examples use the spaCy-free stand-in (milliseconds each); a few go through the real pipeline.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.engines import local
from newsgraph.ingest import IngestOptions, iter_inputs
from newsgraph.records import Article, Rejected
from newsgraph.store import Store
from tests.reliability.support import TALLY, audit, fake_process_batch

SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".html", ".xml", ".rss", ".warc", ".csv"]
HEADS = [b"<rss><channel><item><description>", b"<feed", b"[{\"text\": ", b"---\ntitle: x\n---\n",
         b"\xff\xfe", b"\xef\xbb\xbf", b"\x89PNG\r\n\x1a\n", b"WARC/1.0\r\n", b"<html><body><p>"]
LONE = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)  # only reachable through JSON escapes
TEXT = st.one_of(
    st.text(max_size=200),
    st.text(st.one_of(st.characters(), LONE), max_size=60),
    st.sampled_from(["Maliki met the UN envoy in Baghdad on Monday.", "<script>alert(1)</script>", "\u200b",
                     "\r\n\r\n", "\u201cQuote,\u201d he said.", "x" * 3000]),
)
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), TEXT)
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=5)
FIELDS = ["id", "text", "maintext", "title", "url", "outlet", "published", "date_publish", "authors", "language",
          "description"]
RECORD = st.one_of(JSON_VALUE, st.fixed_dictionaries({"text": TEXT},
                                                    optional={f: JSON_VALUE for f in FIELDS if f != "text"}))
FILES = st.lists(st.tuples(st.sampled_from(SUFFIXES), st.one_of(
    st.binary(max_size=300),
    st.tuples(st.sampled_from(HEADS), st.binary(max_size=200)).map(lambda t: t[0] + t[1]),
    TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")),
)), min_size=1, max_size=4)
PROPERTY = settings(max_examples=36, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
OPTIONS = IngestOptions(max_bytes=2000)


@pytest.fixture(scope="module")
def shared_db() -> Iterator[Path]:
    """One database for all examples: later examples also exercise re-ingest and dedupe on a full store."""
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp) / "prop.duckdb"


def write_inputs(root: Path, files: list[tuple[str, bytes]], records: list[object]) -> list[str]:
    for i, (suffix, data) in enumerate(files):
        (root / f"f{i}{suffix}").write_bytes(data)
    # ensure_ascii keeps lone surrogates as \ud800 escapes, exactly as a careless exporter writes them
    (root / "records.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (root / "records.json").write_text(json.dumps(records), encoding="utf-8")
    return [str(root)]


def ingest_and_check(sources: list[str], db: Path, batch_size: int) -> None:
    """No exception escapes, every article the readers produced is stored whole, nothing twice."""
    outputs = list(iter_inputs(sources, OPTIONS))
    wanted = {o.article_id for o in outputs if isinstance(o, Article)}
    n_rejected = sum(isinstance(o, Rejected) for o in outputs)
    TALLY["inputs_tried"] += len(outputs)
    try:
        report = local.ingest(sources, db, workers=1, batch_size=batch_size, options=OPTIONS)
    except Exception:
        TALLY["crashes"] += 1
        raise
    TALLY["rejected_with_reason"] += sum(1 for r in report.rejected if r.reason.strip())
    TALLY["rejected_without_reason"] += sum(1 for r in report.rejected if not r.reason.strip())
    assert len(report.rejected) == n_rejected
    assert all("internal error" not in r.reason for r in report.rejected), report.rejected
    missing: set[str] = set()

    def find_missing(store: Store) -> None:
        missing.update(wanted - store.known_article_ids(wanted))
        known_copies = getattr(store, "known_duplicate_ids", lambda ids: set())
        missing.difference_update(known_copies(missing))  # recorded as a copy of a stored article: not lost

    audit(db, also=find_missing)
    # the engine also skips non-English text on purpose (counted in the report, not stored)
    lost = len(missing) - getattr(report, "skipped_language", 0)
    TALLY["rows_lost"] += max(0, lost)
    assert lost <= 0, f"{lost} articles read but neither stored, recorded as copies nor skipped by language"


@PROPERTY
@given(files=FILES, records=st.lists(RECORD, max_size=6), batch_size=st.integers(1, 5))
def test_random_inputs_fake_pipeline(shared_db: Path, files: list[tuple[str, bytes]], records: list[object],
                                     batch_size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "process_batch", fake_process_batch)
    with tempfile.TemporaryDirectory() as tmp:
        ingest_and_check(write_inputs(Path(tmp), files, records), shared_db, batch_size)


@pytest.mark.slow
@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.fixed_dictionaries({"text": st.one_of(TEXT, st.sampled_from([
    "Prime Minister Nouri al-Maliki said on Monday that Iraq would \"never\" negotiate with ISIL.",
    "The United Nations condemned the attack. <b>Washington</b> threatened sanctions against Iran.",
    "\u201cWe will not retreat,\u201d Maliki said. \u201cNever.\u201d Then he left for Tehran.",
]))}, optional={"title": TEXT, "published": JSON_VALUE}), min_size=1, max_size=3))
def test_random_records_real_pipeline(tmp_path: Path, records: list[object]) -> None:
    """A handful of examples through spaCy: odd text (control and zero-width characters, markup, lone
    surrogates) must not break the extractors' offsets or the write."""
    with tempfile.TemporaryDirectory() as tmp:
        ingest_and_check(write_inputs(Path(tmp), [], records), tmp_path / "real.duckdb", 2)
