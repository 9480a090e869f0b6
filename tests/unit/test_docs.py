"""Every setting is documented in the README, and the README's test command is what CI runs."""

from __future__ import annotations

from pathlib import Path

from newsgraph.settings import SETTINGS

REPO = Path(__file__).resolve().parents[2]


def test_every_setting_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"NEWSGRAPH_{s.name}" not in readme]
    assert missing == []


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme.split("---")[0]
    assert "scripts/test.sh" in ci
