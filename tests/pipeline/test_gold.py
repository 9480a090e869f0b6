"""Pipeline tests: gold corpora in, tables out, scored by the shared scorer against floors.

Floors live in floors.json and only ever rise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipeline import quality

GOLD = quality.SHARED / "gold"


def _need(p: Path) -> None:
    if not p.exists():
        pytest.skip(f"{p} not found: the pipeline tests need ../shared beside the repository")


@pytest.fixture(scope="module")
def seeds_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    _need(quality.SHARED / "seeds" / "seeds.jsonl")
    work = tmp_path_factory.mktemp("seeds")
    quality.build(quality.SHARED / "seeds" / "seeds.jsonl", work)
    return quality.score(GOLD / "seeds", work)


@pytest.fixture(scope="module")
def dev_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    _need(GOLD / "dev" / "articles.jsonl")
    work = tmp_path_factory.mktemp("dev")
    quality.build(GOLD / "dev" / "articles.jsonl", work)
    return quality.score(GOLD / "dev", work)


def test_seeds_meet_floors(seeds_result: dict) -> None:
    assert quality.check(seeds_result, "seeds") == []


def test_dev_meets_floors(dev_result: dict) -> None:
    assert quality.check(dev_result, "dev") == []
