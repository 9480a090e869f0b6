"""The end-of-run summary of issue 9, printed and saved to ``artifacts/reliability.json``.

The figures are the ones the tests tallied while checking, not constants, so a deselected or failing
test shows up as a smaller number rather than as a silently optimistic report.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.reliability.support import REPO, TALLY

_STARTED = time.monotonic()
LABELS = (
    ("inputs_tried", "inputs tried"),
    ("rejected_with_reason", "rejected with a reason"),
    ("rejected_without_reason", "rejected without a reason (must be 0)"),
    ("crashes", "crashes (must be 0)"),
    ("rows_lost", "rows lost (must be 0)"),
    ("duplicate_rows", "duplicate rows (must be 0)"),
    ("kill9_trials", "kill -9 trials"),
    ("kill9_survived", "kill -9 trials survived"),
    ("injection_payloads_tried", "injection payloads tried"),
    ("injection_payloads_neutralised", "injection payloads neutralised"),
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    """Only when a reliability test ran, so other suites' output stays unchanged."""
    ran = [r for key in ("passed", "failed", "error") for r in terminalreporter.stats.get(key, [])
           if "tests/reliability/" in getattr(r, "nodeid", "")]
    if not ran:
        return
    figures = {key: int(TALLY[key]) for key, _ in LABELS}
    terminalreporter.write_sep("=", "newsgraph reliability summary (issue 9)")
    for key, label in LABELS:
        terminalreporter.write_line(f"  {label:<42}{figures[key]:>8}")
    failed = sum(1 for r in ran if r.outcome != "passed")
    terminalreporter.write_line(f"  {'reliability tests failed':<42}{failed:>8}")
    out = REPO / "artifacts" / "reliability.json"
    try:
        out.parent.mkdir(exist_ok=True)
        payload = {**figures, "tests_run": len(ran), "tests_failed": failed,
                   "seconds": round(time.monotonic() - _STARTED, 1), "pytest_exit_status": int(exitstatus)}
        out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        terminalreporter.write_line(f"  written to {out.relative_to(REPO)}")
    except OSError as exc:  # a read-only checkout must not turn a green run red
        terminalreporter.write_line(f"  could not write {out}: {exc}")

