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
    English copy ("Lee Myung-bak" -> "lee", "Xi Jinping" -> "xi", "Kim Jong Un" -> "kim"), so that
    "Lee" alone later refers back to it; "" when the name does not look like one (a hyphenated
    given name last, a one- or two-letter family name first, or three short words ending in a
    one- or two-letter syllable)."""
    words = [w for w in fold(name).split() if w.rstrip(".") not in HONORIFICS]
    toks = name_tokens(name)
    if len(words) == 3 and toks == words and all(w.isalpha() and len(w) <= 4 for w in words) \
            and len(words[-1]) <= 2:
        return _translit(toks[0])  # "Kim Jong Un": a two-syllable given name written as two words
    if len(words) != 2 or not toks or not ("-" in words[-1] or len(toks[0]) <= 2 or (
            words[0] in EAST_ASIAN_FAMILY_NAMES and words[1] not in EAST_ASIAN_FAMILY_NAMES)):
        return ""
    return _translit(toks[0])


# Common Chinese, Korean and Vietnamese family names, which English copy writes first ("Geng Shuang",
# "Zhao Lijian" ... "Zhao said"). Only a two-word name whose second word is not one of them counts.
_FAMILY_NAMES = """
wang li zhang liu chen yang zhao huang zhou wu xu sun zhu gao lin guo luo liang zheng xie tang feng dong
xiao cao yuan deng fu shen zeng peng su jiang cai jia ding wei xue pan du dai xia zhong tian ren fang shi
yao tan liao zou xiong hao kong cui qiu qin gu hou shao meng duan qian geng hua lu yu
kim lee park choi jung kang cho yoon jang lim shin moon yoo kwon hwang ahn jeon ko ban roh chung
nguyen tran pham hoang phan vu dang bui ngo duong
"""
EAST_ASIAN_FAMILY_NAMES = frozenset(_FAMILY_NAMES.split())


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


# Words that mark an armed group, not the state's forces, even when its name ends in "Armed Forces".
_NON_STATE_FORCE_WORDS = frozenset({
    "revolutionary", "liberation", "rebel", "popular", "democratic", "rapid", "support", "patriotic",
    "islamic", "resistance", "free", "united", "auxiliary", "militia", "volunteer",
})


def national_force(name: str) -> bool:
    """Whether an unknown organisation's name is a state's own armed forces under their formal name.

    "Zimbabwe Defence Forces", "Lebanese Armed Forces", "Supreme Council of the Armed Forces",
    "Afghan National Army": with a country, these are the country's military, one actor with "the
    army" and "Zimbabwe's military" (CAMEO codes them all XXXMIL). "Syrian Democratic Forces" or
    "Revolutionary Armed Forces of Colombia" name armed groups and are not.
    """
    t = fold(strip_det(name))
    words = set(re.sub(r"[^a-z ]+", " ", t).split())
    if words & _NON_STATE_FORCE_WORDS:
        return False
    return bool(re.search(r"(^|\s)(armed|defen[cs]e|self-defen[cs]e) forces$|(^|\s)national army$", t)
                or re.match(r"^armed forces of ", t)
                or re.match(r"^(supreme |general |high )?(council|command) of the armed forces$", t))

