"""Surface-form normalisation and date intervals shared by the knowledge-base loader.

News spells the same actor many ways ("Al-Qaeda", "al Qaeda", "the Élysée", "Iraq’s"), so every name is
reduced to one comparison key before indexing and before lookup; both sides must use the same function.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]+")
_SPACES = re.compile(r"\s+")
# Arabic article: "al-Maliki" == "al Maliki" == "Maliki"; "el-" only when hyphenated ("El Salvador" stays).
_ARTICLE = re.compile(r"(?:(?<=\s)|^)(?:(?:al|el)[\u2010-\u2015\u2212-]|al\s+)(?=\w)", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|s')$", re.IGNORECASE)

# Single words that are also ordinary English words: as names they only match when capitalised, so
# "turkey dinner" or "the fed cattle" do not become actors.
COMMON_WORDS: frozenset[str] = frozenset(
    {
        "turkey",
        "chad",
        "jordan",
        "china",
        "guinea",
        "jersey",
        "fed",
        "congress",
        "commonwealth",
        "quartet",
        "reform",
        "labour",
        "democrats",
        "republicans",
        "liberals",
        "conservatives",
        "male",
        "may",
        "wagner",
        "morena",
        "independent",
        "union",
        "mann",
        "saints",
        "monitor",
        "basij",
        "ria",
        "dawa",
        "fars",
        "diet",
        "rada",
        "kiwi",
        "kiwis",
        "brit",
        "brits",
        "aussie",
        "aussies",
        "pole",
        "poles",
        "dane",
        "danes",
        "finn",
        "finns",
        "swede",
        "swedes",
        "turk",
        "turks",
        "nice",
        "bush",
        "trump",
        "roma",
    }
)


def fold(text: str) -> str:
    """Strip accents so "Élysée" and "Elysee" meet; keeps case (acronym matching needs it)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def surface(text: str) -> str:
    """Case-preserving canonical form: quotes, dashes, commas, "the ", Arabic "al-" and accents unified."""
    s = _SPACES.sub(" ", fold(text.translate(_QUOTES))).strip()
    s = _LEADING_THE.sub("", s)
    s = _ARTICLE.sub("", s)
    s = _DASHES.sub(" ", s).replace(",", " ")
    return _SPACES.sub(" ", s).strip()


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Case-insensitive comparison key."""
    return surface(text).casefold()


def strip_possessive(text: str) -> str:
    """ "Iraq's" -> "Iraq": possessives carry the same country/actor as the bare name."""
    return _POSSESSIVE.sub("", text.translate(_QUOTES).strip())


@lru_cache(maxsize=16384)
def is_case_sensitive(alias: str) -> bool:
    """Acronyms, camel-case abbreviations and common-word names keep their casing.

    "US" must not match the pronoun "us", "WHO" not "who", "LeT" not "let", "Turkey" not "turkey".
    """
    s = surface(alias)
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return False
    if all(c.isupper() for c in letters):
        return True
    words = s.split()
    if any(any(c.isupper() for c in w[1:]) and not w[1:].isupper() for w in words if len(w) > 1):
        # internal capitals ("LeT", "AfD", "PiS") but not "McDonald"-style long words
        return len(s) <= 5
    return len(words) == 1 and s.casefold() in COMMON_WORDS


@lru_cache(maxsize=16384)
def case_variants(alias: str) -> tuple[str, ...]:
    """The exact spellings a case-sensitive alias accepts (original, plus Title/UPPER where safe)."""
    s = surface(alias)
    out = [s]
    letters = [c for c in s if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        if len(letters) >= 4 and "." not in s:
            out.append(s.title())  # "Nato", "Isis", "Opec" (Guardian style)
    else:
        out.append(s.upper())  # "TURKEY" in an all-caps headline
        if s[:1].islower():
            out.append(s[:1].upper() + s[1:])
    return tuple(dict.fromkeys(out))


_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MONTH_END = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}


def date_bounds(value: str | None) -> tuple[str, str] | None:
    """A partial ISO date as a closed interval: "2006" -> ("2006-01-01", "2006-12-31").

    Tenures and article dates come at year, month or day precision; overlap of intervals is the only
    comparison that is right for all three.
    """
    if not value:
        return None
    m = _DATE.match(str(value).strip())
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        return (f"{year}-{month}-{day}",) * 2
    if month:
        last = _MONTH_END.get(int(month), 31)
        if int(month) == 2 and int(year) % 4 == 0 and (int(year) % 100 != 0 or int(year) % 400 == 0):
            last = 29
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def split_list(value: object) -> list[str]:
    """Alias cells are ';'-separated in CSV and may be real lists in YAML."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in str(value).split(";") if p.strip()]


def key_slug(name: str) -> str:
    """Readable identity key part: "Nouri al-Maliki" -> "nouri al-maliki" (accents and case folded)."""
    return " ".join(fold(name.replace("\u2019", "'")).casefold().split())


def singulars(phrase: str) -> list[str]:
    """Plural -> singular guesses for the last word; the sector table decides which is real."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    forms: list[str] = []
    if last.endswith("men"):
        forms.append(last[:-3] + "man")
    if last.endswith("ies"):
        forms.append(last[:-3] + "y")
    if last.endswith("es"):
        forms.append(last[:-2])
    if last.endswith("s") and not last.endswith("ss"):
        forms.append(last[:-1])
    return [prefix + f for f in forms]
