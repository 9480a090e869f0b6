"""Reported speech: "X said (that) CLAUSE", "CLAUSE, X said", "according to X, CLAUSE" and the like.

Indirect speech carries no quotation marks, so the parse is all there is to go on, and a reader
only wants the clauses that really report what somebody said. Hence the shapes accepted are narrow:
a speech verb whose clausal complement has a subject of its own (which rules out "said on
Tuesday" and "a plan that X said would ..."), the same with a noun object carrying a relative
clause for verbs that assert a claim ("they claim (it is) X's agenda that is stoking ..."; the
parser reads a dropped or misspelt copula that way), and "according to X" heading or closing a
clause. Questions ("Did he say that ...?"), negated speech ("he did not say that ...") and passive
reports ("he was told that ...", where the subject is the listener) are skipped, as are clauses a
speaker cannot be found for. A clause overlapping a direct quote is left to the direct quote;
a short mixed quote inside a reported clause ('said the emergency was needed to root out "the
organisation"') is kept inside it, because the clause is still what the speaker was reported to say.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.doc_cache import doc_text
from newsgraph.extract.quote_channels import cue_speaker
from newsgraph.extract.quote_spans import DOUBLE_MARKS
from newsgraph.extract.quote_speakers import (
    RELATIVE_PRONOUNS,
    Speaker,
    speaker_for_span,
    subject_of,
)
from newsgraph.knowledge.speech import speech_verbs
from newsgraph.records import Quote, stable_id

# Verbs whose clausal complement is reported speech; "believe", "think" report thoughts, not words.
INDIRECT_LEMMAS = speech_verbs().reported
# Verbs of assertion whose noun object, when it carries its own relative clause, is the claim itself.
CLAIM_OBJECT_LEMMAS = speech_verbs().claim_object
_CLAUSE_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_MIN_TOKENS = 3


def _clean(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int] | None:
    """Character span of the clause without its 'that', leading/trailing punctuation and spaces."""
    toks = list(doc[start_tok:end_tok])
    while toks and (toks[0].dep_ == "mark" or toks[0].is_punct or toks[0].is_space):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].is_space or toks[-1].lower_ in {"and", "but"}):
        last = toks.pop()
        if last.text in DOUBLE_MARKS and sum(t.text in DOUBLE_MARKS for t in toks) % 2:
            toks.append(last)  # the closing mark of a quoted fragment the clause ends with
            break
    if len(toks) < _MIN_TOKENS:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _reported_clause(verb: Token) -> Token | None:
    """The head of what ``verb`` reports: a ccomp with its own subject, or a claimed noun + relative clause."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if comp is None:  # 'CLAUSE, officials said.': the clause comes first, set off by a comma
        comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.right_edge.i < verb.i
                     and any(t.text == "," for t in verb.doc[c.right_edge.i + 1 : verb.i])), None)
    if comp is not None:
        csubj = next((c for c in comp.children if c.dep_ in _CLAUSE_SUBJECTS), None)
        if csubj is None or (csubj.lower_ in RELATIVE_PRONOUNS and csubj.i < verb.i):
            return None  # no clause of its own, or 'a war that X said would ...'
        if any(c.dep_ == "mark" and c.lower_ in {"whether", "if"} for c in comp.children):
            return None  # 'said whether ...': an open question, not a claim
        return comp
    if verb.lemma_.lower() not in CLAIM_OBJECT_LEMMAS:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    if obj is None or obj.pos_ not in {"NOUN", "PROPN"}:
        return None
    for rel in obj.children:
        rel_subj = next((c for c in rel.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if rel.dep_ == "relcl" and rel.pos_ in {"VERB", "AUX"} and rel_subj is not None \
                and rel_subj.lower_ in RELATIVE_PRONOUNS:
            return obj
    return None


def _nested_report(verb: Token) -> bool:
    return verb.pos_ == "VERB" and verb.lemma_.lower() in INDIRECT_LEMMAS and _reported_clause(verb) is not None


def _clause_end(comp: Token) -> int:
    """End (token index) of the reported clause, stopping before a tacked-on second report or aside.

    In 'he said he may strike while claiming Iraqis had to ...' the 'while claiming' part is the
    writer's, reporting a second claim; it becomes its own record instead of padding this one.
    A non-restrictive ', which ...' clause is usually the writer's comment on the claim.
    """
    end = comp.right_edge.i + 1
    doc = comp.doc
    for d in comp.subtree:
        if d.dep_ in {"relcl", "advcl"} and d.left_edge.lower_ == "which" and d.left_edge.i > comp.i \
                and doc[d.left_edge.i - 1].is_punct and comp.pos_ not in {"NOUN", "PROPN"}:
            end = min(end, d.left_edge.i)  # '..., which is going to be hard to believe': the writer's aside
            continue
        if d.i == comp.i or not _nested_report(d):
            continue
        top = d
        while top.head.i not in {comp.i, top.i}:
            top = top.head
        if top.dep_ in {"advcl", "conj"} and top.left_edge.i > comp.i:
            end = min(end, top.left_edge.i)
    return end


def _continued(verb: Token, comp: Token, end: int) -> int:
    """Extend over a second complement right after the first: the parser's split of one clause.

    'He said the emergency was needed to root out "the group" he says is run by X' comes out as two
    complements of 'said'; the second finishes the first, so both are one report.
    """
    for c in verb.children:
        if c.dep_ == "ccomp" and c.i != comp.i and c.left_edge.i == end:
            return c.right_edge.i + 1
    return end


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ == "neg" for c in verb.head.children if verb.dep_ == "xcomp")


def _speaker_subject(verb: Token, quoted: Callable[[int], bool]) -> Token | None:
    """The speaker's head word; a subject inside quotation marks is a quoted phrase, so its conjunct speaks."""
    subj = subject_of(verb)
    if subj is None or subj.dep_ == "nsubjpass" or subj.lower_ == "it" or subj.pos_ == "DET":
        return None
    if subj.i > verb.i and verb.dep_ != "ROOT":
        return None
    if quoted(subj.idx):
        subj = next((c for c in subj.children if c.dep_ == "conj" and not quoted(c.idx)), None)
    return subj


def _according(doc: Doc, sent: Span, tok: Token) -> tuple[tuple[int, int] | None, Speaker | None]:
    to = doc[tok.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None, None
    ph_end = pobj.right_edge.i + 1
    span = _clean(doc, ph_end, sent.end) if tok.i <= sent.start + 1 else _clean(doc, sent.start, tok.i)
    speaker = speaker_for_span(doc, pobj.left_edge.idx, doc[ph_end - 1].idx + len(doc[ph_end - 1]))
    return span, speaker


def _fits(s: int, e: int, text: str, direct: list[Quote]) -> bool:
    """A clause may hold whole mixed quotes, but must not overlap a direct quote or a stray mark."""
    inside = [q for q in direct if q.start < e and s < q.end]
    if any(q.kind != "mixed" or not (s < q.start and q.end < e) for q in inside):
        return False
    marks = sum(ch in DOUBLE_MARKS for ch in text[s:e])
    return marks == 2 * len(inside)


def indirect_quotes(doc: Doc, ranges: list[tuple[int, int]], direct: list[Quote]) -> list[Quote]:
    """Reported-speech records (kind ``indirect``) of a parsed article; ``ranges`` are the quoted stretches."""
    text = doc_text(doc)
    article_id = doc._.article_id or ""
    boiler = doc._.boilerplate or []

    def quoted(pos: int) -> bool:
        return any(s <= pos < e for s, e in ranges)

    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for sent in doc.sents:
        if any(s <= sent.start_char and sent.end_char <= e for s, e in boiler):
            continue
        if sent.text.rstrip().rstrip("\"'”’").endswith("?"):
            continue  # a question reports no claim
        for tok in sent:
            if quoted(tok.idx):
                continue
            span: tuple[int, int] | None = None
            speaker: Speaker | None = None
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                span, speaker = _according(doc, sent, tok)
                cue = "according to"
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in INDIRECT_LEMMAS and not _negated(tok):
                comp = _reported_clause(tok)
                subj = _speaker_subject(tok, quoted) if comp is not None else None
                if comp is None or subj is None:
                    continue
                span = _clean(doc, comp.left_edge.i, _continued(tok, comp, _clause_end(comp)))
                prior = [q for q in direct if q.start < tok.idx and q.speaker_key]
                previous = Speaker(prior[-1].speaker_key, prior[-1].speaker_text) if prior else None
                speaker = cue_speaker(tok, subj, ranges, previous)
                cue = tok.lemma_.lower()
            if span is None or speaker is None or (speaker.key is None and not speaker.anonymous):
                continue
            s, e = span
            if span in seen or not _fits(s, e, text, direct):
                continue
            seen.add(span)
            out.append(Quote(stable_id(article_id, s, e), article_id, s, e, text[s:e], "indirect",
                             speaker.key, speaker.text, cue, speaker.anonymous))
    return out
