"""Name normalisation shared by within-article resolution and corpus linking.

Identity keys must be equal for spelling variants of one name ("Nouri Al-Maliki",
"Nuri al-Maliki", "Maliki's") and different for different people, so both steps use
exactly these functions.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_PARTICLES = {"al", "el", " al-", "el-", "bin", "ibn", "abu", "abd", "abdul", "abdel", "abdol", "de", "da", "van",
              "von", "der"}
HONORIFICS = {
    "mr", "mrs", "ms", "dr", "sir", "gen", "general", "lt", "col", "sgt", "sen", "rep", "gov", "pres",
    "president", "ayatollah", "sheikh", "sheik", "king", "queen", "prince", "emir", "prof", "rev",
    "judge", "justice", "maj", "adm", "capt", "cmdr",
}


# Words that title a person rather than name them ("CIA Director Leon Panetta"), beyond the
# knowledge base's role list, which leaves out words too generic to code a sector from.
TITLE_WORDS = frozenset({
    "director", "chief", "chairman", "chairwoman", "secretary", "spokesman", "spokeswoman", "deputy", "head",
    "envoy", "ambassador", "mayor", "governor", "senator", "minister", "president", "commander", "general",
    "leader", "judge", "prosecutor", "officer", "editor", "correspondent", "reporter", "analyst", "professor",
    "founder", "chancellor", "premier", "speaker", "representative", "congressman", "congresswoman", "lawmaker",
    "adviser", "advisor", "aide", "official", "counsel", "attorney", "admiral", "colonel", "captain", "sergeant",
}) | HONORIFICS


def fold(text: str) -> str:
    """Lowercase ASCII-ish form: accents stripped, curly quotes straightened, spaces collapsed."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    t = t.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", t).strip().lower()


def _translit(word: str) -> str:
    # Arabic/Persian names reach English in several spellings: Nouri/Nuri, Qaddafi/Gaddafi.
    w = word.replace("ou", "u").replace("ee", "i").replace("dh", "d").replace("q", "k").replace("gh", "g")
    w = re.sub(r"(.)\1+", r"\1", w)
    # Mohammed/Muhammad/Mohamed/Mohammad; Hussein/Hussain/Husayn, Zeid/Zaid/Zayd
    w = re.sub(r"^m[ou]ham[aeu]d$", "muhamad", w)
    return re.sub(r"(?<=[^aeiou])(ei|ey|ay)(?=[^aeiou]|$)", "ai", w)


def name_tokens(name: str) -> list[str]:
    """Tokens of a personal name without honorifics, particles and possessive endings."""
    t = fold(name)
    t = re.sub(r"'s\b|'$", "", t)
    t = re.sub(r"\b(al|el)[- ]", " ", t)
    t = re.sub(r"[^a-z0-9' ]+", " ", t)
    toks = [w for w in t.split() if w not in _PARTICLES]
    while toks and toks[0].rstrip(".") in HONORIFICS:
        toks = toks[1:]
    return toks


@lru_cache(maxsize=65536)  # pure, and asked again for every mention of a name
def person_key(name: str) -> str:
    toks = name_tokens(name)
    return "person:" + " ".join(_translit(w) for w in toks)


@lru_cache(maxsize=65536)  # pure, and asked again for every mention of a name
def surname(name: str) -> str:
    toks = name_tokens(name)
    return _translit(toks[-1]) if toks else ""


@lru_cache(maxsize=65536)  # pure, and asked again for every mention of a name
def family_first(name: str) -> str:
    """The family name of a name written family name first, as Korean and Chinese names are in
    English copy ("Lee Myung-bak" -> "lee", "Xi Jinping" -> "xi"), so that "Lee" alone later
    refers back to it; "" when the name does not look like one (a hyphenated given name last,
    or a one- or two-letter family name first)."""
    words = [w for w in fold(name).split() if w.rstrip(".") not in HONORIFICS]
    toks = name_tokens(name)
    if len(words) != 2 or not toks or not ("-" in words[-1] or len(toks[0]) <= 2):
        return ""
    return _translit(toks[0])


def org_key(name: str) -> str:
    t = fold(name)
    t = re.sub(r"^the ", "", t)
    t = re.sub(r"'s$", "", t)
    t = re.sub(r"[^a-z0-9 ]+", " ", t)
    return "org:" + " ".join(t.split())


def strip_det(text: str) -> str:
    """Drop a leading article and a trailing possessive: 'the Pentagon's' -> 'Pentagon'."""
    t = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"(['\u2019]s|['\u2019])$", "", t).strip()
