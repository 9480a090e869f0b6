"""Building the actor knowledge base: merging the data files' rows into frozen lookup tables.

Split from :mod:`newsgraph.knowledge.kb` so the file that answers look-ups stays readable: this
module owns how rows become index entries (priorities, case-sensitive surfaces, capitals, tenures);
``kb.KnowledgeBase`` adds the queries on top and never mutates the tables after construction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .loader import Row, Rows, text_of
from .text import case_variants, date_bounds, is_case_sensitive, key_slug, norm, split_list, surface

SECTOR_LABELS: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "COP": "police",
    "SPY": "intelligence services",
    "MED": "media",
    "BUS": "business",
    "EDU": "education",
    "HLH": "health sector",
    "CVL": "civilians",
    "OPP": "opposition",
    "PTY": "parties",
    "REB": "rebels",
    "INS": "insurgents",
    "REL": "religious leaders",
    "LAB": "labour",
    "REF": "refugees",
}
_OPEN_END = "9999-12-31"


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One known actor. ``role``/``sector`` of a PERSON are as at the date asked about."""

    key: str
    name: str
    type: str  # COUNTRY | ORG | IGO | PERSON | GROUP
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Tenure:
    role: str
    sector: str | None
    start: str  # first day in office
    end: str  # last day in office, or the handover day when ``end_exclusive``
    end_exclusive: bool


@dataclass(slots=True)
class _Draft:
    """Mutable entry while files are merged; frozen into a KBEntry at the end."""

    key: str
    name: str
    type: str
    country: str | None
    sector: str | None
    aliases: list[str]


class KBTables:
    """The knowledge base's tables, filled from shipped and analyst rows once, then frozen."""

    def __init__(self, shipped: Rows, user: Rows | None = None) -> None:
        self._drafts: dict[str, _Draft] = {}
        self._entries: dict[str, KBEntry] = {}
        self._tenures: dict[str, list[Tenure]] = defaultdict(list)
        self._ci: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
        self._cs: dict[str, list[tuple[int, str, str | None]]] = defaultdict(list)
        self._surfaces: dict[tuple[str, str], None] = {}
        self._cw_ci: dict[str, list[str]] = defaultdict(list)
        self._cw_cs: dict[str, list[str]] = defaultdict(list)
        self._capitals: dict[str, list[str]] = defaultdict(list)
        self._sectors: dict[str, tuple[str, bool]] = {}
        self._surnames: dict[str, list[str]] = defaultdict(list)
        self._ambiguous: dict[str, str] = {}
        self._bonus = 0
        self._ingest(shipped)
        if user:
            self._bonus = -2  # an analyst's alias beats a shipped one for the same phrase
            self._ingest(user)
        self._freeze()

    # ------------------------------------------------------------------ building
    def _ingest(self, rows: Rows) -> None:
        for r in rows.get("countries", []):
            self._add_country(r)
        for r in rows.get("metonyms", []):
            self._add_metonym(
                text_of(r, "phrase"), text_of(r, "country").upper(), text_of(r, "sector").upper()
            )
        for r in rows.get("organisations", []):
            typ = text_of(r, "type").upper() or "ORG"
            key = text_of(r, "key") or f"org:{key_slug(text_of(r, 'name'))}"
            self._add_named(key, r, "IGO" if typ == "IGO" else "ORG")
        for r in rows.get("groups", []):
            self._add_named(text_of(r, "key") or f"group:{key_slug(text_of(r, 'name'))}", r, "GROUP")
        for r in rows.get("people", []):
            self._add_person(r)
        for r in rows.get("sectors", []):
            title = text_of(r, "title").lower() in {"y", "yes", "true", "1"}
            self._sectors[norm(text_of(r, "phrase"))] = (text_of(r, "sector").upper(), title)
        for r in rows.get("aliases", []):
            key = text_of(r, "key")
            if key not in self._drafts:
                raise ValueError(f"alias {text_of(r, 'phrase')!r} points to unknown key {key!r}")
            self._alias(text_of(r, "phrase"), key)
        for r in rows.get("ambiguous", []):
            self._ambiguous[norm(text_of(r, "phrase"))] = text_of(r, "preferred_key")

    def _index(self, phrase: str, key: str, sector: str | None = None, priority: int = 0) -> None:
        if not surface(phrase):
            return
        target = (priority + self._bonus, key, sector)
        if is_case_sensitive(phrase):
            for variant in case_variants(phrase):
                if target not in self._cs[variant]:
                    self._cs[variant].append(target)
        elif target not in self._ci[norm(phrase)]:
            self._ci[norm(phrase)].append(target)
        self._surfaces[(phrase, key)] = None

    def _alias(self, phrase: str, key: str) -> None:
        draft = self._drafts[key]
        if phrase and phrase != draft.name and phrase not in draft.aliases:
            draft.aliases.append(phrase)
        self._index(phrase, key)

    def _country_word(self, word: str, iso: str) -> None:
        if is_case_sensitive(word):
            for variant in case_variants(word):
                self._cw_cs[variant].append(iso)
        else:
            self._cw_ci[norm(word)].append(iso)

    def _draft(self, key: str, name: str, typ: str, country: str | None, sector: str | None) -> _Draft:
        draft = self._drafts.get(key)
        if draft is None:
            draft = self._drafts[key] = _Draft(key, name, typ, country, sector, [])
            self._index(name, key)
        else:  # a later file overrides fields it fills in
            draft.country = country or draft.country
            draft.sector = sector or draft.sector
        return draft

    def _add_country(self, r: Row) -> None:
        iso = text_of(r, "iso3").upper()
        key = f"country:{iso}"
        name = text_of(r, "name") or (self._drafts[key].name if key in self._drafts else iso)
        self._draft(key, name, "COUNTRY", iso, None)
        for alias in split_list(r.get("aliases")):
            self._alias(alias, key)
        words = [name, *split_list(r.get("aliases")), *split_list(r.get("adjectives"))]
        for word in words + split_list(r.get("demonyms")):
            self._country_word(word, iso)
        capitals = [text_of(r, "capital"), *split_list(r.get("capital_aliases"))]
        state_first = text_of(r, "status").lower() != "territory"
        for cap in filter(None, capitals):
            bucket = self._capitals[norm(cap)]
            bucket.insert(0, iso) if state_first else bucket.append(iso)
            if text_of(r, "capital_metonym").lower() in {"yes", "y", "true", "1"}:
                self._index(cap, key, "GOV", priority=1)

    def _add_metonym(self, phrase: str, iso: str, sector: str) -> None:
        base = self._drafts.get(f"country:{iso}")
        if base is None:
            raise ValueError(f"metonym {phrase!r} names unknown country {iso!r}")
        if sector == "GOV":
            self._index(phrase, base.key, "GOV", priority=1)
            return
        key = f"country:{iso}:{sector}"
        label = SECTOR_LABELS.get(sector, sector)
        self._draft(key, f"{base.name} {label}", "COUNTRY", iso, sector).aliases.append(phrase)
        self._index(phrase, key, sector, priority=1)

    def _add_named(self, key: str, r: Row, typ: str) -> None:
        country = text_of(r, "country").upper() or None
        self._draft(key, text_of(r, "name"), typ, country, text_of(r, "sector").upper() or None)
        for alias in split_list(r.get("aliases")):
            self._alias(alias, key)

    def _add_person(self, r: Row) -> None:
        name = text_of(r, "name")
        key = f"person:{key_slug(name)}"
        country = text_of(r, "country").upper() or None
        sector = text_of(r, "sector").upper() or "GOV"
        self._draft(key, name, "PERSON", country, sector)
        for alias in split_list(r.get("aliases")):
            self._alias(alias, key)
        surname = text_of(r, "surname") or name.split()[-1]
        if key not in self._surnames[norm(surname)]:
            self._surnames[norm(surname)].append(key)
        start, end = date_bounds(text_of(r, "start")), date_bounds(text_of(r, "end"))
        role = text_of(r, "role")
        if role and start:
            exclusive = end is not None and len(text_of(r, "end")) >= 10
            self._tenures[key].append(Tenure(role, sector, start[0], end[1] if end else _OPEN_END, exclusive))

    def _freeze(self) -> None:
        for key, d in self._drafts.items():
            role = None
            if d.type == "PERSON" and self._tenures.get(key):
                self._tenures[key].sort(key=lambda t: t.start)
                role = self._tenures[key][-1].role
            aliases = tuple(dict.fromkeys(a for a in d.aliases if a != d.name))
            self._entries[key] = KBEntry(key, d.name, d.type, d.country, d.sector, aliases, role)
        del self._drafts
