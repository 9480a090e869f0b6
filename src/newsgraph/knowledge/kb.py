"""The actor knowledge base: countries, metonyms, sectors, organisations, people with tenures, groups.

Everything is indexed once under a normalised surface form (see :mod:`newsgraph.knowledge.text`) so a
lookup is a dict access. Identity rules the rest of newsgraph relies on:

* a country and its government are one actor: "Iraq", "Baghdad" and "the Iraqi government" all resolve
  to key ``country:IRQ`` (the metonyms carry sector GOV, the bare name sector None);
* other state sectors are their own actors: "the Pentagon" -> ``country:USA:MIL``;
* people keep their identity across tenures; their role and sector are computed for a date, and
  outside every tenure they keep their country but have no role ("former").

The tables are built in :mod:`newsgraph.knowledge.kbbuild`; this module answers look-ups on them.
"""

from __future__ import annotations

import csv
import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .kbbuild import SECTOR_LABELS, KBEntry, KBTables, Tenure
from .loader import DATA_DIR, Rows, merge, read_shipped, read_user_file
from .text import date_bounds, norm, singulars, strip_possessive, surface

__all__ = ["SECTOR_LABELS", "KBEntry", "KnowledgeBase", "Region", "Tenure", "load_kb"]

_SEPARATOR = re.compile(r" (?=(?:of|for|to|at|in) )")


class KnowledgeBase(KBTables):
    """Read-only after construction; safe to share between threads and pipeline components."""

    def __init__(self, shipped: Rows, user: Rows | None = None) -> None:
        super().__init__(shipped, user)
        # answers of the pure word look-ups below, which mention and event rules repeat per token;
        # they depend only on the frozen tables, never on the document being read
        self._memo: dict[tuple[str, str], object] = {}

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

    def region_of(self, word: str) -> Region | None:
        """The region a one-word adjective names ("Catalan" -> Catalonia, ESP), matched in its own casing.

        Kept apart from ``country_of``: "the Catalan government" is not the government of Spain.
        """
        return _regions().get(word.strip())

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


@dataclass(frozen=True, slots=True)
class Region:
    """A region inside a country that its own institutions and forces are named after."""

    name: str
    country: str | None


@functools.lru_cache(maxsize=1)
def _regions() -> dict[str, Region]:
    """regions.csv, indexed by each adjective (case-sensitive: "Basque", not "basque")."""
    text = (DATA_DIR / "regions.csv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out: dict[str, Region] = {}
    for row in csv.DictReader(lines):
        region = Region(row["region"], row["country"] or None)
        for adj in filter(None, (a.strip() for a in row["adjectives"].split(";"))):
            out[adj] = region
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
