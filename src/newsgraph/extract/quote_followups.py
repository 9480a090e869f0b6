"""Speakers a quote's neighbouring sentences name, when its own attribution does not.

Wire copy often attributes a quote to a document or to nobody and names the author only in the
next sentence: '"...," the letter said. It was signed by X.' or a bare quoted paragraph followed
by 'The remarks came from X, ...'. Likewise '"...," the statement added.' continues whatever the
previous sentence reported ('..., the office of X said.'). Without these, the quote falls back to
the last quoted speaker, who in such copy is usually somebody else: a wrong speaker, worse than none.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newsgraph.extract.doc_cache import doc_text
from newsgraph.knowledge.speech import speech_verbs

# Subjects that stand for the quoted words themselves ("It was signed by", "The remarks came from").
_WORDS_NOUNS = frozenset({
    "statement", "letter", "message", "report", "communique", "communiqué", "release", "post", "tweet",
    "video", "recording", "announcement", "memo", "document", "note", "text", "remark", "comment", "word",
    "quote", "speech", "address", "words", "remarks", "comments", "appeal", "warning", "declaration",
})
_WORDS_PRONOUNS = frozenset({"it", "this", "they", "these"})
# Verbs whose agent wrote or issued the words; "read (out) by" is not one: a speaker of parliament
# reading a resignation letter is not its author.
_AUTHOR_VERBS = frozenset({"sign", "issue", "release", "write", "send", "post", "publish", "make", "deliver",
                           "attribute", "pen", "author", "circulate", "give", "utter", "broadcast"})
_CUES = speech_verbs().cue | speech_verbs().reported


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _words_subject(verb: Token) -> bool:
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is None:
        return False
    lemma = subj.lemma_.lower()
    return subj.lower_ in _WORDS_PRONOUNS or lemma in _WORDS_NOUNS or subj.lower_ in _WORDS_NOUNS


def author_named_after(doc: Doc, start: int, end: int) -> Token | None:
    """Head of X in 'It was signed by X' / 'The remarks came from X' within ``[start, end)``.

    Only a sentence whose subject is the words themselves (a pronoun or 'the statement', 'the
    remarks') counts, so 'The attack came from the north' or 'He was sent by X' are not read as
    authorship.
    """
    toks = _tokens(doc, start, end)
    inside = {t.i for t in toks}
    for verb in toks:
        if verb.pos_ not in {"VERB", "AUX"} or verb.dep_ not in {"ROOT", "conj"} or not _words_subject(verb):
            continue
        lemma = verb.lemma_.lower()
        if lemma == "come":
            prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"), None)
        elif lemma in _AUTHOR_VERBS and any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
            prep = next((c for c in verb.children if c.dep_ == "agent"), None)
        else:
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if pobj is not None and pobj.i in inside:
            return pobj
    return None


def reporter_before(doc: Doc, pos: int, floor: int, quotes: list[tuple[int, int]]) -> Token | None:
    """Subject of the last speech verb in the sentence ending before ``pos`` (not inside a quote).

    For '"...," the statement added' after '..., the office of X said.': the statement is the one
    the last reporting clause cited. ``floor`` bounds the search (the start of the previous paragraph).
    """
    text = doc_text(doc)
    end = pos
    while end > floor and text[end - 1] in ' \n"\u201c\u201d':
        end -= 1
    if end <= floor or text[end - 1] not in ".!?:":
        return None  # the quote does not follow a finished sentence
    for tok in reversed(_tokens(doc, floor, end)):
        if any(s <= tok.idx < e for s, e in quotes):
            continue
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in _CUES and tok.dep_ not in {"relcl", "acl", "amod"}:
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is not None:
                return subj
        if tok.text in {".", "!", "?"} and tok.idx < end - 1:
            return None  # only the sentence right before the quote
    return None


_PERSON_PRONOUNS = frozenset({"he", "she"})


def speaker_of_next_sentence(doc: Doc, start: int, end: int) -> Token | None:
    """For a quoted paragraph with no attribution followed by 'She said ...' / 'Novak added ...'.

    The subject of a speech verb opening the next sentence (within ``[start, end)``), if it is a
    personal pronoun or a proper name: the writer goes on reporting the person just quoted.
    """
    toks = [t for t in _tokens(doc, start, end) if not t.is_space and not t.is_punct]
    verb = next((t for t in toks[:6] if t.pos_ in {"VERB", "AUX"}), None)
    if verb is None or verb.lemma_.lower() not in _CUES:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.i > verb.i or not (subj.lower_ in _PERSON_PRONOUNS or subj.pos_ == "PROPN"):
        return None
    return subj
