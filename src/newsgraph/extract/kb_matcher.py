"""Knowledge-base phrases found in a Doc, for actors the statistical NER misses or mislabels."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from newsgraph.knowledge import KnowledgeBase


@lru_cache(maxsize=1)
def _tokenizer() -> spacy.language.Language:
    return spacy.blank("en")


def _variants(phrase: str) -> set[str]:
    out = {phrase}
    if " " in phrase:
        out.add(phrase.lower())
        out.add(phrase[:1].upper() + phrase[1:])
    return out


_MATCHERS: dict[int, PhraseMatcher] = {}


def clear_matchers() -> None:
    """Forget every matcher: each holds its pipeline's vocabulary, which ``engines.recycle`` frees."""
    _MATCHERS.clear()


def _matcher(vocab: Vocab, kb: KnowledgeBase) -> PhraseMatcher:
    key = id(vocab) ^ id(kb)
    m = _MATCHERS.get(key)
    if m is None:
        m = PhraseMatcher(vocab, attr="ORTH")
        blank = _tokenizer()
        seen: set[str] = set()
        patterns = []
        for phrase, _key in kb.phrases():
            for v in _variants(phrase):
                if v not in seen and len(v) > 1:
                    seen.add(v)
                    patterns.append(Doc(vocab, words=[t.text for t in blank.make_doc(v)]))
        m.add("KB", patterns)
        _MATCHERS[key] = m
    return m


def kb_spans(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """Longest non-overlapping knowledge-base matches, labelled KB."""
    matches = _matcher(doc.vocab, kb)(doc)
    spans = [Span(doc, s, e, label="KB") for _, s, e in matches]
    return spacy.util.filter_spans(spans)
