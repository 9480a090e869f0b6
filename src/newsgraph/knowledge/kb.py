"""The actor knowledge base: countries, metonyms, sectors, organisations, people with tenures, groups.

Everything is indexed once under a normalised surface form (see :mod:`newsgraph.knowledge.text`) so a
lookup is a dict access. Identity rules the rest of newsgraph relies on:

* a country and its government are one actor: "Iraq", "Baghdad" and "the Iraqi government" all resolve
  to key ``country:IRQ`` (the metonyms carry sector GOV, the bare name sector None);
* other state sectors are their own actors: "the Pentagon" -> ``country:USA:MIL``;
* people keep their identity across tenures; their role and sector are computed for a date, and
  outside every tenure they keep their country but have no role ("former").
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .loader import Row, Rows, merge, read_shipped, read_user_file, text_of
from .text import (
    case_variants,
    date_bounds,
    is_case_sensitive,
    key_slug,
    norm,
    singulars,
    split_list,
    strip_possessive,
    surface,
)

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
_SEPARATOR = re.compile(r" (?=(?:of|for|to|at|in) )")


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


class KnowledgeBase:
    """Read-only after construction; safe to share between threads and pipeline components."""

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
        # answers of the pure word look-ups below, which mention and event rules repeat per token;
        # they depend only on the frozen tables, never on the document being read
        self._memo: dict[tuple[str, str], object] = {}

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

    # ------------------------------------------------------------------ queries
    def entry(self, key: str) -> KBEntry | None:
        """The undated entry (for a person: their latest role)."""
        return self._entries.get(key)

    def candidates(self, phrase: str) -> list[tuple[str, str | None]]:
        """Every (key, sector) the phrase can name at its best priority; more than one means ambiguity."""
        targets = list(self._cs.get(surface(phrase), ())) + list(self._ci.get(norm(phrase), ()))
        if not targets:
            bare = strip_possessive(phrase)
            if bare != phrase.strip():
                return self.candidates(bare)
            return []
        best = min(t[0] for t in targets)
        return list(dict.fromkeys((k, s) for p, k, s in targets if p == best))

    def lookup(self, phrase: str, date: str | None = None) -> KBEntry | None:
        """Resolve a name, alias, acronym or metonym; people get their role as at ``date``."""
        cands = self.candidates(phrase)
        if not cands:
            return None
        if len({k for k, _ in cands}) > 1:
            chosen = self._disambiguate(phrase, [k for k, _ in cands], date)
            if chosen is None:
                return None
            cands = [c for c in cands if c[0] == chosen]
        key, sector = cands[0]
        found = self._entries[key]
        if found.type == "PERSON":
            return self._person_at(found, date)
        return replace(found, sector=sector) if sector and sector != found.sector else found

    def _disambiguate(self, phrase: str, keys: list[str], date: str | None) -> str | None:
        """People sharing an alias ("George Bush") are told apart by who held office at the date."""
        if all(self._entries[k].type == "PERSON" for k in keys):
            bounds = date_bounds(date)
            if bounds:
                active = [k for k in keys if self._active(k, bounds)]
                if len(active) == 1:
                    return active[0]
            preferred = self._ambiguous.get(norm(phrase))
            if preferred in keys:
                return preferred
            if bounds is None:  # undated: the most recent office holder is the usual referent
                return max(keys, key=lambda k: max((t.start for t in self._tenures[k]), default=""))
            return None
        preferred = self._ambiguous.get(norm(phrase))
        return preferred if preferred in keys else None

    def _active(self, key: str, bounds: tuple[str, str]) -> Tenure | None:
        hits = [
            t
            for t in self._tenures.get(key, ())
            if t.start <= bounds[1] and (bounds[0] < t.end if t.end_exclusive else bounds[0] <= t.end)
        ]
        return max(hits, key=lambda t: t.start) if hits else None

    def _person_at(self, found: KBEntry, date: str | None) -> KBEntry:
        bounds = date_bounds(date)
        if bounds is None:
            return found
        tenure = self._active(found.key, bounds)
        if tenure is None:
            return replace(found, role=None, sector=None)
        return replace(found, role=tenure.role, sector=tenure.sector)

    def tenures(self, key: str) -> list[Tenure]:
        """All offices a person held, oldest first (for timelines and 'former' labels)."""
        return list(self._tenures.get(key, ()))

    def _memoised(self, key: tuple[str, str], compute: Callable[[], object]) -> object:
        if key not in self._memo:
            if len(self._memo) >= 200_000:  # bounded: a long ingest keeps meeting new phrases
                self._memo.clear()
            self._memo[key] = compute()
        return self._memo[key]

    def country_of(self, word: str) -> str | None:
        """ISO3 for a country name, alias, adjective, demonym, possessive, capital or state metonym."""
        return self._memoised(("country", word), lambda: self._country_of(word))  # type: ignore[return-value]

    def _country_of(self, word: str) -> str | None:
        bare = strip_possessive(word)
        for w in dict.fromkeys((word.strip(), bare)):
            hits = set(self._cw_cs.get(surface(w), ())) | set(self._cw_ci.get(norm(w), ()))
            if len(hits) == 1:
                return hits.pop()
            if hits:
                preferred = self._ambiguous.get(norm(w), "")
                return preferred.split(":")[1] if preferred.startswith("country:") else None
        capital = self.is_capital(bare)
        if capital:
            return capital
        found = self.lookup(bare)
        return found.country if found is not None and found.type == "COUNTRY" else None

    def is_capital(self, word: str) -> str | None:
        """ISO3 of the country whose capital this is (states before dependent territories)."""
        hits = self._capitals.get(norm(strip_possessive(word)))
        return hits[0] if hits else None

    def _sector_match(self, phrase: str, titles_only: bool) -> tuple[str, str] | None:
        """Longest known word sequence at the end of the phrase, or before "of"/"for" in "X of Y"."""
        key = ("title" if titles_only else "sector", phrase)
        return self._memoised(key, lambda: self._sector_scan(phrase, titles_only))  # type: ignore[return-value]

    def _sector_scan(self, phrase: str, titles_only: bool) -> tuple[str, str] | None:
        text = norm(" ".join(strip_possessive(w) for w in phrase.split()))
        # "minister of foreign affairs of Iraq": try "minister of foreign affairs", then "minister"
        cuts = sorted({m.start() for m in _SEPARATOR.finditer(text)}, reverse=True)
        heads = [text[:i] for i in cuts]
        for cand, whole_only in [(text, True), *((h, False) for h in heads), (text, False)]:
            words = cand.split()
            starts = [0] if whole_only else range(len(words))
            for i in starts:
                tail = " ".join(words[i:])
                for form in (tail, *singulars(tail)):
                    hit = self._sectors.get(form)
                    if hit and (hit[1] or not titles_only):
                        return form, hit[0]
        return None

    def sector_of(self, phrase: str) -> str | None:
        """Sector code for a role or institution noun phrase ("senators" -> LEG)."""
        hit = self._sector_match(phrase, titles_only=False)
        return hit[1] if hit else None

    def role_of(self, phrase: str) -> tuple[str, str] | None:
        """(normalised title, sector) when the phrase ends in a personal title ("Prime Minister")."""
        return self._sector_match(phrase, titles_only=True)

    def phrases(self) -> Iterator[tuple[str, str]]:
        """Every (surface phrase, key), original casing, for building a PhraseMatcher."""
        yield from self._surfaces

    def people_with_surname(self, surname: str) -> list[KBEntry]:
        """People a bare surname may refer to; the caller chooses by date and context."""
        return [self._entries[k] for k in self._surnames.get(norm(strip_possessive(surname)), ())]

    def entries(self) -> Iterator[KBEntry]:
        yield from self._entries.values()

    def ambiguous_phrases(self) -> dict[str, str]:
        """Phrases knowingly shared by several actors, with the actor they mean by default."""
        return dict(self._ambiguous)

    def conflicts(self) -> dict[str, list[str]]:
        """Index keys naming more than one actor at equal priority (people excepted: dates decide)."""
        out: dict[str, list[str]] = {}
        for index in (self._ci, self._cs):
            for phrase, targets in index.items():
                best = min(t[0] for t in targets)
                keys = list(dict.fromkeys(k for p, k, _ in targets if p == best))
                if len(keys) > 1 and not all(self._entries[k].type == "PERSON" for k in keys):
                    out[phrase] = keys
        return out


@functools.lru_cache(maxsize=8)
def _load(sources: tuple[tuple[str, float], ...]) -> KnowledgeBase:
    user: Rows = {}
    for path, _mtime in sources:
        user = merge(user, read_user_file(Path(path)))
    return KnowledgeBase(read_shipped(), user or None)


def load_kb(user_files: Sequence[Path] = ()) -> KnowledgeBase:
    """The shipped knowledge base plus analyst files from ``user_files`` and ``$NEWSGRAPH_KB``.

    Cached per set of files (and their modification times), so components can call it freely.
    """
    env = [p for p in os.environ.get("NEWSGRAPH_KB", "").split(os.pathsep) if p.strip()]
    paths = [Path(p).expanduser() for p in (*env, *user_files)]
    sources = tuple((str(p), p.stat().st_mtime if p.exists() else -1.0) for p in paths)
    return _load(sources)
