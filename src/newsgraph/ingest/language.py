"""Language identification, so web-scale inputs (WARC crawls, feeds) can skip non-English pages.

Two stages, because the NLP pipeline is English-only and a crawl is mostly English: a cheap
function-word test settles clear English prose in microseconds, and only the rest goes to
``langdetect`` (a port of Google's language-detection library; its profiles ship inside the wheel,
so nothing downloads at run time). langdetect is randomised: the seed is fixed so a rerun decides
every article the same way.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from types import ModuleType

log = logging.getLogger(__name__)

#: the most frequent English function words; running English prose has 30-45% of its words here
_FUNCTION_WORDS = (
    "the of and to a in is was that for on it with as by at he his said from be are have has had "
    "not but they their an which were this its or who been will would after also more than one "
    "we i you she her them there when about into up over"
)
_ENGLISH_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split(" "))
_WORD = re.compile(r"[^\W\d_]+")
#: above this share of function words the text is English without asking langdetect
_ENGLISH_SURE = 0.25
#: text shorter than this (in letters-only words) is too short to judge; it is kept
_MIN_WORDS = 8
_SAMPLE_CHARS = 2000
_LOCK = threading.Lock()


@cache
def _langdetect() -> ModuleType | None:
    """Loaded lazily: its profiles take ~2 s to load, and only ambiguous texts need them."""
    try:
        import langdetect
        from langdetect import DetectorFactory
    except ImportError:
        log.warning("langdetect not installed: only the English function-word test is used")
        return None
    DetectorFactory.seed = 0
    return langdetect


def english_share(text: str) -> tuple[float, int]:
    """Share of English function words among the words of ``text``, and the word count."""
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    if not words:
        return 0.0, 0
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words), len(words)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it is too short or has no letters."""
    share, n = english_share(text)
    if n < _MIN_WORDS:
        return None
    if share >= _ENGLISH_SURE:
        return "en"
    module = _langdetect()
    if module is None:
        return "en" if share >= 0.12 else None
    try:
        with _LOCK:  # the seeded detector factory is shared module state
            return str(module.detect(text[:_SAMPLE_CHARS]))
    except module.lang_detect_exception.LangDetectException:
        return None


def keep_language(text: str, declared: str | None, allowed: frozenset[str]) -> tuple[bool, str | None]:
    """Whether an article passes the language filter, and the language it was judged to be.

    A declared language (from the page's markup or the JSONL record) is trusted when it is one of
    ``allowed``; otherwise the text decides, since CMS templates often declare a wrong default.
    Texts too short to judge are kept: dropping them would lose real English briefs.
    """
    if not allowed:
        return True, declared
    tag = (declared or "").lower().split("-")[0].split("_")[0] or None
    if tag in allowed:
        return True, tag
    found = detect_language(text)
    if found is None:
        return True, tag
    return found in allowed, found
