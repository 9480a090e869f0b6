"""Speech verbs as data (``data/speech_verbs.yaml``), shared by direct and reported-speech extraction.

One file instead of two overlapping lists in code: a verb added for quotes and forgotten for
reported speech (or the reverse) was the failure this prevents, and analysts can extend it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    cue: frozenset[str]  # introduce a quotation or govern a quoted fragment
    reported: frozenset[str]  # take a clausal complement that is reported speech
    claim_object: frozenset[str]  # whose noun object with a relative clause is the claim


@cache
def speech_verbs() -> SpeechVerbs:
    path = resources.files("newsgraph.knowledge") / "data" / "speech_verbs.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return SpeechVerbs(*(frozenset(str(v).lower() for v in data[k]) for k in ("cue", "reported", "claim_object")))
