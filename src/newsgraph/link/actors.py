"""Corpus-level actor linking: one actor per real-world identity across articles.

Each article resolves its own actors to link keys. Here keys that name the same identity are
merged: knowledge-base keys as they are; people by normalised first + last name (so "Nouri
Al-Maliki" and "Nuri al-Maliki" meet, "George W. Bush" and "George Bush" meet, but two people
sharing only a surname do not); a surname seen alone joins a full name only when exactly one
person in the corpus carries it. The result is deterministic: ids hash the group's canonical key.

Two entry points give the same result: :func:`link_actors` over article-level actors in memory
(small inputs, tests), and :func:`link_store`, which the engines use: it reads only distinct
(key, person name) pairs to union keys and lets the store aggregate each group, so a relink's
memory grows with the number of distinct keys, not with the corpus.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from newsgraph.extract import names
from newsgraph.records import Actor, ActorRef, stable_id


@dataclass(slots=True)
class _Group:
    keys: set[str] = field(default_factory=set)
    names: Counter[str] = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    types: Counter[str] = field(default_factory=Counter)
    countries: Counter[str] = field(default_factory=Counter)
    sectors: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller key wins so the canonical key (and the id) does not depend on input order
            lo, hi = sorted((ra, rb), key=_canon_rank)
            self.parent[hi] = lo


#: keys of descriptions that name no country ("protesters", "people"): their articles' own countries
#: differ, so the corpus actor has a country only when every article agrees on it
GENERIC_PREFIX = "sector::"


def _canon_rank(key: str) -> tuple[int, str]:
    # Knowledge-base and full-name keys make better canonical ids than surname-only ones.
    return (1 if key.startswith("person:~") else 0, key)


def _person_signature(ref: ActorRef) -> tuple[str, str] | None:
    return _signature(ref.name)


def _signature(name: str) -> tuple[str, str] | None:
    toks = names.name_tokens(name)
    if len(toks) < 2:
        return None
    first = names.person_key(toks[0]).removeprefix("person:")
    last = names.surname(name)
    return first, last


def _union_keys(person_names: Iterable[tuple[str, str]], surname_keys: Iterable[str]) -> _UnionFind:
    """Union person keys sharing first + last name, and a surname key with its only full name."""
    uf = _UnionFind()
    by_signature: dict[tuple[str, str], str] = {}
    surnames: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for key, name in person_names:
        sig = _signature(name)
        if sig is not None:
            surnames[sig[1]].add(sig)
            if sig in by_signature:
                uf.union(by_signature[sig], key)
            else:
                by_signature[sig] = key
    for key in surname_keys:
        candidates = surnames.get(key.removeprefix("person:~"), set())
        if len(candidates) == 1:
            uf.union(by_signature[next(iter(candidates))], key)
    return uf


def link_store(store: Any) -> tuple[list[Actor], dict[str, str]]:
    """:func:`link_actors` over everything stored, from compact store aggregates (same result).

    Python holds the union-find over person keys and one chunk of groups at a time; the result
    (one ``Actor`` per group, one link per key) is what ``Store.replace_actors`` writes.
    """
    uf = _union_keys(store.person_key_names(), store.surname_keys())
    pairs = [(k, uf.find(k)) for k in list(uf.parent)]
    canon = pa.table({"link_key": pa.array([k for k, c in pairs if k != c], pa.string()),
                      "canon": pa.array([c for k, c in pairs if k != c], pa.string())})
    actors: list[Actor] = []
    links: dict[str, str] = {}
    for g in store.actor_groups(canon):
        actor_id = stable_id("actor", g.canon)
        counts = Counter(dict(g.names))
        name = _name_of(counts, g.type)
        actors.append(Actor(
            actor_id=actor_id, name=name, aliases=tuple(sorted(a for a in g.aliases if a and a != name)),
            type=g.type or "OTHER", country=g.country, sector=g.sector, mentions=g.mentions,
            articles=g.articles))
        for k in g.keys:
            links[k] = actor_id
    return actors, links


def link_actors(
    local: Iterable[tuple[str, ActorRef]], counts: Mapping[str, tuple[int, int]] | None = None
) -> tuple[list[Actor], dict[str, str]]:
    """Merge per-article actors into corpus actors; returns the actors and link_key -> actor_id."""
    uf = _UnionFind()
    refs: dict[str, list[tuple[str, ActorRef]]] = defaultdict(list)
    by_signature: dict[tuple[str, str], str] = {}
    surnames: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for article_id, ref in local:
        refs[ref.link_key].append((article_id, ref))
        uf.find(ref.link_key)
        if ref.type == "PERSON" and not ref.link_key.startswith(("person:~", "anon:", "role:")):
            sig = _person_signature(ref)
            if sig is not None:
                surnames[sig[1]].add(sig)
                if sig in by_signature:
                    uf.union(by_signature[sig], ref.link_key)
                else:
                    by_signature[sig] = ref.link_key
    for key in list(refs):
        if key.startswith("person:~"):
            sur = key.removeprefix("person:~")
            candidates = surnames.get(sur, set())
            if len(candidates) == 1:
                uf.union(by_signature[next(iter(candidates))], key)

    groups: dict[str, _Group] = defaultdict(_Group)
    for key, items in refs.items():
        g = groups[uf.find(key)]
        g.keys.add(key)
        for article_id, ref in items:
            g.articles.add(article_id)
            g.names[ref.name] += 1
            g.aliases.add(ref.name)
            g.aliases.update(ref.aliases)
            g.types[ref.type] += 1
            if ref.country:
                g.countries[ref.country] += 1
            if ref.sector:
                g.sectors[ref.sector] += 1
    for canon, g in groups.items():
        if canon.startswith(GENERIC_PREFIX) and len(g.countries) > 1:
            g.countries.clear()  # "protesters" in Sudan and in Hong Kong: no one country's group

    actors: list[Actor] = []
    links: dict[str, str] = {}
    counts = counts or {}
    for canon in sorted(groups):
        g = groups[canon]
        actor_id = stable_id("actor", canon)
        name = _best_name(canon, g)
        n_mentions = sum(counts.get(k, (0, 0))[0] for k in g.keys)
        aliases = tuple(sorted(a for a in g.aliases if a and a != name))
        actors.append(Actor(
            actor_id=actor_id, name=name, aliases=aliases, type=_top(g.types) or "OTHER",
            country=_top(g.countries), sector=_top(g.sectors), mentions=n_mentions, articles=len(g.articles),
        ))
        for k in g.keys:
            links[k] = actor_id
    return actors, links


def _top(c: Counter[str]) -> str | None:
    if not c:
        return None
    return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _best_name(canon: str, g: _Group) -> str:
    return _name_of(g.names, _top(g.types))


def _name_of(counts: Counter[str], top_type: str | None) -> str:
    """The most frequent full form; for people, the longest-tokened frequent name without titles."""
    if top_type == "PERSON":
        full = [n for n in counts if len(names.name_tokens(n)) >= 2]
        if full:
            return sorted(full, key=lambda n: (-counts[n], len(n), n))[0]
    return sorted(counts, key=lambda n: (-counts[n], n))[0]
