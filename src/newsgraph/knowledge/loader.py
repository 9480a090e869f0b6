"""Reading the shipped data files and analysts' override files into plain rows.

Shipped files and user files share one format, so an analyst can copy a shipped CSV, cut it down and add
rows. A user CSV's kind is recognised from its header; a user YAML file holds one list per kind
(``countries:``, ``people:``, ``organisations:``, ``groups:``, ``metonyms:``, ``sectors:``, ``aliases:``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"

KINDS: dict[str, str] = {
    "countries": "countries.csv",
    "people": "people.csv",
    "organisations": "organisations.csv",
    "groups": "groups.csv",
    "metonyms": "metonyms.csv",
    "sectors": "sectors.csv",
    "ambiguous": "ambiguous.csv",
}

# The header columns that identify each kind in a user file (checked in this order).
_SIGNATURES: list[tuple[str, frozenset[str]]] = [
    ("countries", frozenset({"iso3", "name"})),
    ("people", frozenset({"name", "role"})),
    ("metonyms", frozenset({"phrase", "country", "sector"})),
    ("sectors", frozenset({"phrase", "sector"})),
    ("ambiguous", frozenset({"phrase", "preferred_key"})),
    ("aliases", frozenset({"phrase", "key"})),
    ("organisations", frozenset({"name", "type"})),
    ("groups", frozenset({"name", "sector"})),
]
_YAML_SECTIONS: dict[str, str] = {
    "countries": "countries",
    "people": "people",
    "persons": "people",
    "organisations": "organisations",
    "organizations": "organisations",
    "orgs": "organisations",
    "groups": "groups",
    "metonyms": "metonyms",
    "sectors": "sectors",
    "aliases": "aliases",
    "ambiguous": "ambiguous",
}

Row = dict[str, object]
Rows = dict[str, list[Row]]


class KBFileError(ValueError):
    """A user knowledge file that cannot be read; the message names the file and the problem."""


def _csv_rows(text: str) -> list[Row]:
    """CSV with '#' comment lines (file documentation) skipped."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    out: list[Row] = []
    for rec in reader:
        out.append({(k or "").strip(): (v or "").strip() for k, v in rec.items() if k is not None})
    return out


def _kind_of(columns: Iterable[str]) -> str | None:
    cols = {c.strip().lower() for c in columns}
    for kind, needed in _SIGNATURES:
        if needed <= cols:
            return kind
    return None


def read_shipped() -> Rows:
    """The package's own data files, by kind."""
    rows: Rows = {}
    for kind, fname in KINDS.items():
        path = DATA_DIR / fname
        rows[kind] = _csv_rows(path.read_text(encoding="utf-8")) if path.exists() else []
    return rows


def read_user_file(path: Path) -> Rows:
    """One analyst file (CSV or YAML) by kind; raises KBFileError with an actionable message."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KBFileError(f"cannot read knowledge file {path}: {exc}") from exc
    if path.suffix.lower() in {".yaml", ".yml"}:
        return _yaml_rows(path, text)
    rows = _csv_rows(text)
    if not rows:
        return {}
    kind = _kind_of(rows[0].keys())
    if kind is None:
        raise KBFileError(
            f"{path}: unrecognised columns {sorted(rows[0].keys())}; use the header of one of the shipped "
            f"files ({', '.join(KINDS.values())}) or phrase,key for extra aliases"
        )
    return {kind: [{k.lower(): v for k, v in r.items()} for r in rows]}


def _yaml_rows(path: Path, text: str) -> Rows:
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise KBFileError(f"{path}: invalid YAML: {exc}") from exc
    if isinstance(doc, list):  # a bare list: kind from the first item's keys
        kind = _kind_of(doc[0].keys()) if doc and isinstance(doc[0], dict) else None
        if kind is None:
            raise KBFileError(f"{path}: cannot tell what kind of entries this list holds")
        doc = {kind: doc}
    if not isinstance(doc, dict):
        raise KBFileError(f"{path}: expected a mapping of sections ({', '.join(sorted(_YAML_SECTIONS))})")
    out: Rows = {}
    for section, items in doc.items():
        kind = _YAML_SECTIONS.get(str(section).lower())
        if kind is None:
            raise KBFileError(
                f"{path}: unknown section {section!r}; known: {', '.join(sorted(_YAML_SECTIONS))}"
            )
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise KBFileError(f"{path}: section {section!r} must be a list of mappings")
        out.setdefault(kind, []).extend({str(k).lower(): v for k, v in i.items()} for i in items)
    return out


def merge(base: Rows, extra: Rows) -> Rows:
    """Later files add rows after earlier ones; the KB builder lets later rows extend or override."""
    out = {k: list(v) for k, v in base.items()}
    for kind, rows in extra.items():
        out.setdefault(kind, []).extend(rows)
    return out


def text_of(row: Row, key: str) -> str:
    """A cell as stripped text; YAML may give numbers or None."""
    value = row.get(key)
    return "" if value is None else str(value).strip()
