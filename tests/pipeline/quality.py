"""Run the whole pipeline on a gold corpus and score its exports with ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newsgraph.engines.local import ingest
from newsgraph.store import Store

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SCORER = SHARED / "eval" / "score.py"
FLOORS = Path(__file__).with_name("floors.json")


def build(articles: Path, workdir: Path) -> Path:
    """Ingest ``articles`` into a fresh database in ``workdir`` and export the scored tables."""
    db = workdir / "gold.duckdb"
    report = ingest([str(articles)], db, workers=1)
    assert not report.rejected, report.rejected
    with Store(db, read_only=True) as store:
        for table in ("events", "quotes", "actors"):
            store.export(table, "jsonl", workdir / f"{table}.jsonl")
    return db


def score(gold: Path, workdir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--events", str(workdir / "events.jsonl"),
         "--quotes", str(workdir / "quotes.jsonl"), "--actors", str(workdir / "actors.jsonl"), "--json"],
        capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def floors(corpus: str) -> dict[str, dict[str, float]]:
    return json.loads(FLOORS.read_text())[corpus]


def check(result: dict, corpus: str) -> list[str]:
    """Every metric below its floor, as readable lines (empty when all pass)."""
    bad = []
    for part, metrics in floors(corpus).items():
        for name, floor in metrics.items():
            got = result[part][name]
            ok = got <= floor if name == "over_merged_pairs" else got >= floor
            if not ok:
                bad.append(f"{corpus} {part}.{name} = {got:.3f}, floor {floor}")
    return bad
