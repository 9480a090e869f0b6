"""Shared fixtures: the seeds and gold folders beside the repository, and one spaCy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold"


def need(path: Path) -> Path:
    """Skip (with the reason) when the shared folder beside the repo is absent."""
    if not path.exists():
        pytest.skip(f"{path} not found: tests on shared data need ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seeds_jsonl() -> Path:
    return need(SEEDS / "seeds.jsonl")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
