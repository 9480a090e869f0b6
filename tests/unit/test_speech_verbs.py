"""The speech-verb data file: loaded once, lower-case, and consistent between its lists."""

from __future__ import annotations

from newsgraph.knowledge.speech import speech_verbs


def test_speech_verbs_load_with_the_core_verbs() -> None:
    v = speech_verbs()
    assert {"say", "tell", "warn"} <= v.cue
    assert {"say", "claim", "allege"} <= v.reported
    assert "think" not in v.reported  # thoughts are not reported speech


def test_claim_object_verbs_are_reported_speech_verbs() -> None:
    v = speech_verbs()
    assert v.claim_object <= v.reported
    assert all(w == w.lower() for w in v.cue | v.reported)
