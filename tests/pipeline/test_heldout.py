"""Pipeline test on the held-out set: original articles annotated before newsgraph was run on them.

Dev and seeds have been tuned against; ``tests/data/heldout`` (see its README) has not, beyond
fixes of general causes, so its floors say how newsgraph does on unseen text. Floors only rise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipeline import quality

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "heldout"


@pytest.fixture(scope="module")
def heldout_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not quality.SCORER.exists():
        pytest.skip(f"{quality.SCORER} not found: the pipeline tests need ../shared beside the repository")
    work = tmp_path_factory.mktemp("heldout")
    quality.build(HELDOUT / "articles.jsonl", work)
    return quality.score(HELDOUT, work)


def test_heldout_meets_floors(heldout_result: dict) -> None:
    assert quality.check(heldout_result, "heldout") == []
