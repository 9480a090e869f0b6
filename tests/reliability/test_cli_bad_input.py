"""Bad input through the real ``newsgraph ingest`` command, as a user meets it.

One run with the real spaCy pipeline takes every kind of bad input at once (files, a 50 MB article,
JSON Lines on stdin, URLs on a local site): each rejected input must give exactly one stderr line
naming it and the reason, the exit status must be 1, and everything else must be stored whole.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.reliability.corpus import GOOD_TEXT, STDIN_EXPECT, STDIN_LINES, Expect, build_files, build_urls
from tests.reliability.site import serve_site
from tests.reliability.support import TALLY, Run, audit, run_cli

SUMMARY = re.compile(r"articles: (\d+) new, (\d+) already present, (\d+) rejected")
# Copies of stored articles and non-English ones are counted, not processed (engines/common.Prefilter).
SKIPPED = re.compile(r"skipped: (\d+) duplicates, (\d+) not in language")


def check_run(run: Run, expected: list[Expect], db: Path) -> dict[str, int]:
    """The stderr contract: one ``rejected: SOURCE: REASON`` line per rejected input, nothing unexplained."""
    TALLY["inputs_tried"] += len(expected)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == 1, (run.code, run.stderr)
    rejected_lines = [line for line in run.lines() if line.startswith("rejected: ")]
    other = [line for line in run.lines() if not line.startswith("rejected: ")]
    assert other == [], f"stderr lines that are not rejections: {other}"
    by_source: dict[str, list[str]] = {}
    for line in rejected_lines:
        # sources may contain ": " (URLs, Windows paths never here), so match against the expectations
        match = next((e.source for e in expected if line.startswith(f"rejected: {e.source}: ")), None)
        assert match is not None, f"unexpected rejection: {line}"
        by_source.setdefault(match, []).append(line)
    for e in expected:
        lines = by_source.get(e.source, [])
        if e.reason is None:
            continue
        assert len(lines) == 1, f"{e.source}: expected one line, got {lines}"
        reason = lines[0][len(f"rejected: {e.source}: "):]
        if reason.strip():
            TALLY["rejected_with_reason"] += 1
        else:
            TALLY["rejected_without_reason"] += 1
        assert e.reason.lower() in reason.lower(), f"{e.source}: {reason!r} does not say {e.reason!r}"
        assert "internal error" not in reason
    summary = SUMMARY.search(run.stdout)
    assert summary, run.stdout
    new, present, rejected = map(int, summary.groups())
    assert rejected == sum(1 for e in expected if e.reason is not None) == len(rejected_lines)
    skipped = SKIPPED.search(run.stdout)
    duplicates, other_language = map(int, skipped.groups()) if skipped else (0, 0)
    read = sum(e.articles for e in expected if e.reason is None)
    assert new + present + duplicates + other_language == read, run.stdout
    TALLY["rows_lost"] += max(0, read - (new + present + duplicates + other_language))
    counts = audit(db, expected_articles=new)
    assert counts["articles"] == new
    return counts


@pytest.mark.slow
def test_every_bad_input_through_the_real_cli(tmp_path: Path) -> None:
    """The real pipeline, once: bad inputs must be refused before NLP and good ones still processed."""
    files = build_files(tmp_path / "in")
    db = tmp_path / "bad.duckdb"
    with serve_site() as base:
        urls = build_urls(base)
        run = run_cli("ingest", str(tmp_path / "in"), *[u.source for u in urls], "-", "--db", str(db),
                      "--workers", "1", fake=False, stdin=STDIN_LINES, timeout=240)
    counts = check_run(run, files + urls + STDIN_EXPECT, db)
    assert counts["events"] > 0 and counts["mentions"] > 0  # the real pipeline ran on what was kept
    again = run_cli("ingest", str(tmp_path / "in" / "good.txt"), "--db", str(db), fake=False)
    assert again.code == 0 and "0 new, 1 already present" in again.stdout, again.stdout + again.stderr
    assert audit(db)["articles"] == counts["articles"]


def test_max_bytes_is_configurable(tmp_path: Path) -> None:
    """``--max-bytes`` caps whole files, but only single lines of JSON Lines (a corpus may be huge)."""
    root = tmp_path / "in"
    root.mkdir()
    (root / "short.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (root / "long.txt").write_text(GOOD_TEXT * 40, encoding="utf-8")
    (root / "long.html").write_text("<p>" + GOOD_TEXT * 40 + "</p>", encoding="utf-8")
    lines = [{"id": f"l{i}", "text": GOOD_TEXT * (40 if i == 1 else 1)} for i in range(3)]
    (root / "c.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    db = tmp_path / "cap.duckdb"
    expected = [
        Expect(str(root / "short.txt"), None, 1),
        Expect(str(root / "long.txt"), "max_bytes=2000"),
        Expect(str(root / "long.html"), "max_bytes=2000"),
        Expect(str(root / "c.jsonl"), None, 2),
        Expect(f"{root / 'c.jsonl'}:2", "line longer than max_bytes=2000"),
    ]
    run = run_cli("ingest", str(root), "--db", str(db), "--max-bytes", "2000", "-q")
    check_run(run, expected, db)
    env_run = run_cli("ingest", str(root / "long.txt"), "--db", str(db), NEWSGRAPH_MAX_BYTES="2000")
    assert env_run.code == 1 and "max_bytes=2000" in env_run.stderr


def test_fifty_megabyte_article_with_default_limit(tmp_path: Path) -> None:
    """Refused from its size alone (stat, not a read), so the run stays fast and small in memory."""
    from tests.reliability.corpus import write_big_article

    big = write_big_article(tmp_path / "huge.txt")
    (tmp_path / "ok.txt").write_text(GOOD_TEXT, encoding="utf-8")
    db = tmp_path / "big.duckdb"
    run = run_cli("ingest", str(big), str(tmp_path / "ok.txt"), "--db", str(db))
    check_run(run, [Expect(str(big), "file too large"), Expect(str(tmp_path / "ok.txt"), None, 1)], db)
    assert "max_bytes=20000000" in run.stderr


def test_usage_errors_are_one_line(tmp_path: Path) -> None:
    """Exit 2 with a message, never a traceback: a directory as --db, a missing database, a non-database."""
    (tmp_path / "ok.txt").write_text(GOOD_TEXT, encoding="utf-8")
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes, not a database\n" * 100, encoding="utf-8")
    runs = [
        run_cli("ingest", str(tmp_path / "ok.txt"), "--db", str(notes)),
        run_cli("info", "--db", str(notes)),
        run_cli("info", "--db", str(tmp_path / "missing.duckdb")),
        run_cli("export", "events", "--db", str(tmp_path / "missing.duckdb")),
    ]
    TALLY["inputs_tried"] += len(runs)
    for run in runs:
        assert run.code == 2, (run.code, run.stderr)
        assert len(run.lines()) == 1 and run.lines()[0].startswith("newsgraph: "), run.stderr
        TALLY["rejected_with_reason"] += 1
    assert "not a newsgraph (DuckDB) database" in runs[0].stderr
    assert notes.read_text(encoding="utf-8").startswith("my notes")  # the user's file was not touched
