"""The CAMEO codebook as data: names, PLOVER type/mode, Goldstein value and quad class per code.

The table lives in ``data/cameo_codes.csv`` so analysts can read and override it without touching
code; events look their derived fields up here so every event with the same code carries the
same Goldstein value and PLOVER mapping.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

ROOT_NAMES: dict[str, str] = {
    "01": "Make public statement",
    "02": "Appeal",
    "03": "Express intent to cooperate",
    "04": "Consult",
    "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation",
    "07": "Provide aid",
    "08": "Yield",
    "09": "Investigate",
    "10": "Demand",
    "11": "Disapprove",
    "12": "Reject",
    "13": "Threaten",
    "14": "Protest",
    "15": "Exhibit military posture",
    "16": "Reduce relations",
    "17": "Coerce",
    "18": "Assault",
    "19": "Fight",
    "20": "Use unconventional mass violence",
}


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code. ``code`` keeps its leading zero ("0233"): an int would merge 010 and 10."""

    code: str
    name: str
    root: str
    plover: str | None
    plover_mode: str | None
    goldstein: float
    quad_class: int


def quad_class_of(root: str) -> int:
    """GDELT-style quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    r = int(root)
    if r <= 5:
        return 1
    if r <= 8:
        return 2
    if r <= 13:
        return 3
    return 4


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """All codes keyed by code string; read once per process because events look up every code."""
    path = resources.files("newsgraph.knowledge") / "data" / "cameo_codes.csv"
    out: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            c = row["code"].strip()
            out[c] = CameoCode(
                code=c,
                name=row["name"].strip(),
                root=row["root"].strip(),
                plover=row["plover"].strip() or None,
                plover_mode=row["plover_mode"].strip() or None,
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
            )
    return out


def code(code_str: str | int) -> CameoCode:
    """Look a code up, tolerating a lost leading zero ("23" -> "023") from CSV/int round trips.

    Unknown sub-codes fall back to their nearest known parent so that a lexicon entry with an
    over-specific code still yields a valid event rather than an exception mid-pipeline.
    """
    table = cameo_codes()
    s = str(code_str).strip()
    if s in table:
        return table[s]
    for cand in (s.zfill(3), s.zfill(2), s.zfill(4)):
        if cand in table:
            return table[cand]
    while len(s) > 2:
        s = s[:-1]
        if s in table:
            return table[s]
    raise KeyError(f"unknown CAMEO code: {code_str!r}")
