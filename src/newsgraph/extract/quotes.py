"""Who said what: direct, mixed and indirect quotes with speakers resolved to actors.

Quotation marks are found first (``quote_spans``), because they are reliable where the parser is not:
spaCy often cuts sentences inside quotes. Attribution is then looked for, in order of how reliable it
is, in the words right after the closing mark (""...," X said"), right before the opening mark
("X said: "...""), in the parse (a fragment governed by a speech verb, i.e. a mixed quote), in a
previous sentence ending with a colon, and finally in the previous quote (a follow-on paragraph).

A quote interrupted by its attribution ("A," he said, "B.") is returned as two ``Quote`` records
with the same speaker, and a quote running over paragraphs as one record per paragraph, so every
record's offsets cover only quoted words. Quoted names and slogans that no speech verb governs
(scare quotes) are not quotes.

Indirect speech ("X said (that) CLAUSE", "according to X, CLAUSE") carries no quotation marks; it is
found by ``indirect_quotes`` and returned with kind ``indirect`` when asked for (the pipeline asks), so
consumers that count verbatim words (exports, the gold scorer) can leave it out by kind.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from newsgraph.extract.doc_cache import doc_text
from newsgraph.extract.indirect_quotes import indirect_quotes
from newsgraph.extract.quote_channels import cue_speaker
from newsgraph.extract.quote_followups import author_named_after, reporter_before, speaker_of_next_sentence
from newsgraph.extract.quote_spans import Segment, find_segments, paragraphs
from newsgraph.extract.quote_speakers import (
    DOCUMENT_HEADS,
    Speaker,
    resolve_speaker,
    speaker_for_span,
    subject_of,
)
from newsgraph.knowledge.speech import speech_verbs
from newsgraph.records import Quote, stable_id

# Verbs that introduce a quotation or govern a quoted fragment (knowledge/data/speech_verbs.yaml).
CUE_LEMMAS = speech_verbs().cue
_CLAUSE_PUNCT = set(".!?")


def _cue(tok: Token) -> bool:
    return tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in CUE_LEMMAS


class _Context:
    """Per-document look-up tables shared by all quotes of one article."""

    def __init__(self, doc: Doc, segments: list[Segment]) -> None:
        self.doc = doc
        self.segments = segments
        self.ranges = [(s.open_mark, (s.close_mark if s.close_mark is not None else s.para_end) + 1)
                       for s in segments]
        self.tok_starts = [t.idx for t in doc]
        self.para_starts = [s for s, _ in paragraphs(doc_text(doc))]
        self.terminators = [t.idx for t in doc if t.text in _CLAUSE_PUNCT and not self.quoted(t.idx)]

    def para_index(self, pos: int) -> int:
        return bisect_right(self.para_starts, pos) - 1

    def quoted(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.ranges)

    def tokens(self, start: int, end: int) -> list[Token]:
        lo = bisect_left(self.tok_starts, start)
        hi = bisect_left(self.tok_starts, end)
        return [t for t in self.doc[lo:hi] if not self.quoted(t.idx)]

    def seg_tokens(self, seg: Segment) -> list[Token]:
        lo = bisect_left(self.tok_starts, seg.start)
        hi = bisect_left(self.tok_starts, seg.end)
        return list(self.doc[lo:hi])

    def next_terminator(self, pos: int) -> int | None:
        i = bisect_left(self.terminators, pos)
        return self.terminators[i] if i < len(self.terminators) else None

    def prev_terminator(self, pos: int) -> int | None:
        i = bisect_right(self.terminators, pos - 1)
        return self.terminators[i - 1] if i else None


def _prev_char(text: str, pos: int, floor: int = 0) -> str:
    i = pos - 1
    while i >= floor and text[i].isspace():
        i -= 1
    return text[i] if i >= floor else ""


def _after_region(ctx: _Context, k: int) -> tuple[int, int] | None:
    seg = ctx.segments[k]
    if seg.close_mark is None:
        return None
    start = seg.close_mark + 1
    end = seg.para_end
    nxt = ctx.segments[k + 1] if k + 1 < len(ctx.segments) else None
    if nxt is not None and nxt.para_start == seg.para_start:
        end = min(end, nxt.open_mark)
    term = ctx.next_terminator(start)
    if term is not None:
        end = min(end, term + 1)
    return (start, end) if end > start else None


def _before_region(ctx: _Context, k: int) -> tuple[int, int]:
    seg = ctx.segments[k]
    start = seg.para_start
    prev = ctx.segments[k - 1] if k else None
    if prev is not None and prev.para_start == seg.para_start and prev.close_mark is not None:
        start = max(start, prev.close_mark + 1)
    term = ctx.prev_terminator(seg.open_mark)
    if term is not None:
        start = max(start, term + 1)
    return start, seg.open_mark


_LEAD_OK = {"advmod", "aux", "auxpass", "neg", "punct", "cc", "npadvmod"}


def _after_attribution(ctx: _Context, k: int) -> Token | None:
    """'"...," X said' / '"...," said X': the region must open with the attribution itself."""
    region = _after_region(ctx, k)
    if region is None:
        return None
    toks = [t for t in ctx.tokens(*region) if not t.is_punct and not t.is_space]
    for verb in toks:
        if not _cue(verb):
            continue
        subj = subject_of(verb)
        if subj is None or _introduces_more(verb):
            return None
        subtree = {t.i for t in subj.subtree}
        lead = [t for t in toks if t.i < verb.i]
        if all(t.i in subtree or t.dep_ in _LEAD_OK for t in lead):
            return verb
        return None
    return None


def _according_after(ctx: _Context, k: int) -> Speaker | None:
    """'"...," according to X.': the source is named in a prepositional phrase, not by a verb."""
    region = _after_region(ctx, k)
    if region is None:
        return None
    toks = [t for t in ctx.tokens(*region) if not t.is_punct and not t.is_space]
    if len(toks) < 3 or toks[0].lower_ != "according" or toks[1].lower_ != "to":
        return None
    pobj = next((c for c in toks[1].children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    return speaker_for_span(ctx.doc, pobj.left_edge.idx, pobj.right_edge.idx + len(pobj.right_edge))


def _according_before(ctx: _Context, k: int) -> Speaker | None:
    """'According to X, "..."': the source named in a prepositional phrase right before the quote."""
    seg = ctx.segments[k]
    if _prev_char(doc_text(ctx.doc), seg.open_mark, seg.para_start) != ",":
        return None
    toks = [t for t in ctx.tokens(*_before_region(ctx, k)) if not t.is_space]
    for i, tok in enumerate(toks[:-2]):
        if tok.lower_ != "according" or toks[i + 1].lower_ != "to":
            continue
        pobj = next((c for c in toks[i + 1].children if c.dep_ == "pobj"), None)
        if pobj is None or any(not t.is_punct for t in toks if t.i > pobj.right_edge.i):
            return None  # more words between the source and the quote: not this quote's attribution
        return speaker_for_span(ctx.doc, pobj.left_edge.idx, pobj.right_edge.idx + len(pobj.right_edge))
    return None


def _author_after(ctx: _Context, k: int, verb: Token | None) -> Speaker | None:
    """'"...," the letter said. It was signed by X.' / a bare quote, then 'The remarks came from X.'

    Only for a quote with no attribution or one attributed to a document: a named author in the
    next sentence beats the document's guessed issuer and the previous quote's speaker.
    """
    seg = ctx.segments[k]
    region = _after_region(ctx, k)
    if region is None:
        return None
    start, end = region
    if verb is not None:
        subj = subject_of(verb)
        if subj is None or subj.lemma_.lower() not in DOCUMENT_HEADS or not start <= verb.idx < end:
            return None
        term = ctx.next_terminator(end)
        start, end = end, min(term + 1 if term is not None else seg.para_end, seg.para_end)
    head = author_named_after(ctx.doc, start, end)
    if head is None:
        return None
    found = resolve_speaker(head, ctx.ranges, None)
    return found if found.key is not None else Speaker(None, found.text)  # named, just not resolved


def _around_bare(ctx: _Context, k: int) -> Speaker | None:
    """A quoted paragraph with no attribution and no earlier quote to continue: the speaker the
    next sentence reports ('She said ...'), else the one the sentence before it reported."""
    seg = ctx.segments[k]
    if seg.close_mark is None:
        return None
    term = ctx.next_terminator(seg.close_mark + 1)
    head = speaker_of_next_sentence(ctx.doc, seg.close_mark + 1, term + 1) if term is not None else None
    if head is None and seg.open_mark == seg.para_start:
        head = reporter_before(ctx.doc, seg.open_mark, max(0, seg.open_mark - 800), ctx.ranges)
    found = resolve_speaker(head, ctx.ranges, None) if head is not None else None
    return found if found is not None and found.key is not None and not found.anonymous else None


def _introduces_more(verb: Token) -> bool:
    """'He accused X of ...' / 'he said that ...' after a quote starts a new report, not an attribution."""
    return any(c.dep_ in {"ccomp", "xcomp"} or (c.dep_ == "prep" and c.lower_ == "of") for c in verb.children
               if c.i > verb.i)


def _last_cue(toks: list[Token]) -> Token | None:
    """The speech verb nearest the quote, skipping ones buried in relative clauses ('which he called for')."""
    cues = [t for t in toks if _cue(t) and t.dep_ not in {"relcl", "acl"} and subject_of(t) is not None]
    return cues[-1] if cues else None


def _before_attribution(ctx: _Context, k: int) -> Token | None:
    """'X said: "..."' / 'X said, "..."': a speech verb right before a colon or comma and the mark."""
    seg = ctx.segments[k]
    text = doc_text(ctx.doc)
    if _prev_char(text, seg.open_mark, seg.para_start) not in {":", ","}:
        return None
    return _last_cue(ctx.tokens(*_before_region(ctx, k)))


def _colon_before(ctx: _Context, k: int) -> Token | None:
    """A quote opening a paragraph after one that ended 'He said during a news conference:'."""
    seg = ctx.segments[k]
    text = doc_text(ctx.doc)
    if seg.open_mark != seg.para_start or _prev_char(text, seg.open_mark) != ":":
        return None
    colon = text.rstrip()[: seg.open_mark].rstrip()
    end = len(colon)
    term = ctx.prev_terminator(end - 1)
    start = term + 1 if term is not None else 0
    return _last_cue(ctx.tokens(start, end))


def _governing_cue(ctx: _Context, seg: Segment) -> Token | None:
    """The speech verb the quoted fragment depends on in the parse (mixed quotes)."""
    toks = ctx.seg_tokens(seg)
    inside = {t.i for t in toks}
    for root in toks:
        if root.head.i in inside and root.head is not root:
            continue
        cur = root
        for _ in range(8):
            if cur.head is cur:
                break
            if cur.dep_ in {"nsubj", "nsubjpass", "csubj"}:
                # a quote inside the subject is not what its verb reports, unless the whole clause is
                # reported speech: 'X told a channel that the Saudi "aggression" would drag ...'
                clause = cur.head
                if clause.dep_ == "ccomp" and not ctx.quoted(clause.head.idx) and _cue(clause.head) \
                        and subject_of(clause.head) is not None and clause.head.i < cur.i:
                    return clause.head
                break
            cur = cur.head
            if cur.i in inside or ctx.quoted(cur.idx):
                continue
            if _cue(cur) and subject_of(cur) is not None:
                if _future_in_report(cur):
                    outer = _governing_report(cur)
                    return outer if outer is not None else cur
                return cur
    return None


_MODALS = {"would", "will", "'ll", "could", "might", "may", "shall"}


def _future_in_report(verb: Token) -> bool:
    """'X said Moscow would respond "in kind"': a speech act still to come cannot be quoted yet."""
    return verb.dep_ == "ccomp" and any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children)


def _governing_report(verb: Token) -> Token | None:
    """The speech verb whose reported clause ``verb`` heads, if it has a subject."""
    head = verb.head
    if head is verb or not _cue(head) or subject_of(head) is None:
        return None
    return head


def _is_title(text: str) -> bool:
    words = text.split()
    return len(words) <= 4 and all(w[:1].isupper() or not w[:1].isalpha() for w in words)


def _words(text: str) -> int:
    return len(text.split())


def _direct_quotes(doc: Doc, ctx: _Context) -> list[Quote]:
    text = doc_text(doc)
    article_id = doc._.article_id or ""
    boiler = doc._.boilerplate or []
    quotes: list[Quote] = []
    previous: Speaker | None = None
    prev_para: int | None = None
    group_speaker: dict[int, tuple[Speaker, str | None]] = {}
    pending: list[tuple[int, Segment, str]] = []  # group members still waiting for a speaker

    def emit(seg: Segment, kind: str, speaker: Speaker | None, cue: str | None) -> None:
        quotes.append(Quote(
            quote_id=stable_id(article_id, seg.start, seg.end), article_id=article_id,
            start=seg.start, end=seg.end, text=text[seg.start:seg.end], kind=kind,
            speaker_key=speaker.key if speaker else None, speaker_text=speaker.text if speaker else None,
            cue=cue, anonymous=speaker.anonymous if speaker else False))

    for k, seg in enumerate(ctx.segments):
        if any(s < seg.end and seg.start < e for s, e in boiler):
            continue
        before = _prev_char(text, seg.open_mark, seg.para_start)
        embedded = before not in {"", ":", ",", ".", "!", "?"}
        qtext = text[seg.start:seg.end]
        kind = "mixed" if embedded or qtext[:1].islower() else "direct"
        verb: Token | None = None
        if embedded:
            verb = _governing_cue(ctx, seg) or _after_attribution(ctx, k)
            heads = {t.head.i for t in ctx.seg_tokens(seg)}
            if verb is not None and _is_title(qtext) and verb.i not in heads:
                verb = None
            if verb is not None and verb.i in heads and qtext[:1].isupper() and _words(qtext) >= 6:
                kind = "direct"  # 'He told the BBC "We will ..."': a whole sentence, just no comma
        elif qtext[-1:] in _CLAUSE_PUNCT:  # a finished sentence: an intro before it is the safer bet
            verb = (_before_attribution(ctx, k) or _after_attribution(ctx, k)
                    or _governing_cue(ctx, seg) or _colon_before(ctx, k))
        else:
            verb = (_after_attribution(ctx, k) or _before_attribution(ctx, k)
                    or _governing_cue(ctx, seg) or _colon_before(ctx, k))
        speaker: Speaker | None = None
        cue: str | None = None
        if verb is not None:
            subj = subject_of(verb)
            if subj is not None:
                speaker = cue_speaker(verb, subj, ctx.ranges, previous)
                cue = verb.lemma_.lower()
        author = _author_after(ctx, k, verb) if not embedded else None
        if author is not None:
            speaker = author if author.key is not None else None
        if speaker is None and not embedded:
            speaker = _according_after(ctx, k) or _according_before(ctx, k)
            cue = "according to" if speaker is not None else None
        if speaker is None and seg.group in group_speaker:
            speaker, cue = group_speaker[seg.group]
        near = prev_para is not None and (prev_para == seg.para_start or (
            seg.open_mark == seg.para_start
            and ctx.para_index(seg.para_start) - ctx.para_index(prev_para) <= 1))
        if speaker is None and not embedded and previous is not None and near and author is None:
            speaker, cue = previous, None  # the same speaker goes on, in a new sentence or paragraph
        if speaker is None and verb is None and author is None and not embedded and _words(qtext) >= 6 \
                and qtext[-1:] in _CLAUSE_PUNCT:
            speaker = _around_bare(ctx, k)
        if speaker is None:
            if embedded or _words(qtext) < 6:
                continue  # a scare quote, title or slogan
            pending.append((len(quotes), seg, kind))
            emit(seg, kind, None, None)
            continue
        group_speaker.setdefault(seg.group, (speaker, cue))
        for idx, pseg, pkind in pending:
            if pseg.group == seg.group:
                q = quotes[idx]
                quotes[idx] = Quote(q.quote_id, q.article_id, q.start, q.end, q.text, pkind,
                                    speaker.key, speaker.text, cue, speaker.anonymous)
        pending = [p for p in pending if p[1].group != seg.group]
        emit(seg, kind, speaker, cue)
        previous = speaker
        prev_para = seg.para_start
    return quotes


def extract_quotes(doc: Doc, indirect: bool = False) -> list[Quote]:
    """Quotes of one parsed article, in text order.

    ``indirect`` adds reported speech without quotation marks (kind ``indirect``); it is off by
    default so callers that only want quoted words need not filter. Requires
    ``doc._.mentions``/``doc._.actors`` for speakers.
    """
    ctx = _Context(doc, find_segments(doc_text(doc)))
    quotes = _direct_quotes(doc, ctx)
    if indirect:
        quotes += indirect_quotes(doc, ctx.ranges, quotes)
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes
