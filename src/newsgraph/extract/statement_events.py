"""Criticism voiced in quotes or reported speech, coded from what was said rather than a verb.

CAMEO codes a public statement that faults another actor as 111 (criticize or denounce) even when
no verb like "criticize" appears: the criticism is in what was said ("X's 'mismanagement is fuelling
the violence,' the senators wrote"; "lawmakers claim it is X's agenda that is stoking the conflict").
The verb lexicon cannot see that, so this step reads each attributed quote, direct, mixed or
indirect: when its words are clearly negative (VADER compound score, an offline lexicon) and name
another actor, the speaker is coded as criticising that actor. Reported speech that only admits or
denies something asserts nothing of the speaker's own, so it is skipped. (Warnings and threats in
reported speech are the verb lexicon's: "its army warned that ..." is coded there.) Neutral or
positive quotes produce nothing here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from newsgraph.extract.dates import dates_in_range, sentence_date
from newsgraph.knowledge.cameo import code as cameo_code
from newsgraph.records import ActorRef, Event, Quote, stable_id

#: compound score at or below which a quote counts as faulting someone
NEGATIVE = -0.45
CRITICIZE = "111"
#: reported-speech cues that do not assert the clause as the speaker's own view
_NOT_ASSERTING = {"deny", "admit", "acknowledge", "concede", "confirm"}
_SKIP_KINDS = {"pronoun", "place", "proxy"}
_LEAD = 30  # characters before the opening mark that still belong to what is quoted
#: nouns a place name may label without being an actor: "the Singapore talks", "the Paris accord"
VENUE_NOUNS = {"talk", "talks", "summit", "meeting", "agreement", "accord", "deal", "process", "conference",
               "declaration", "format", "protocol", "treaty", "pact", "negotiation", "negotiations"}


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _attribution_sentence(doc: Doc, q: Quote) -> Span | None:
    """The sentence holding the quote's cue verb; the quote's own last sentence when none is found."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    sents = list(doc[span.start : min(span.end + 1, len(doc))].sents) or [span.sent]
    if q.cue:
        for s in [*sents, doc[min(span.end, len(doc) - 1)].sent]:
            if any(t.lemma_ == q.cue for t in s if not (q.start <= t.idx < q.end)):
                return s
    return sents[-1]


def _rival(speaker: ActorRef | None, target: ActorRef) -> bool:
    """A compatriot who is fair game: a named person of another sector (a government faulting a cleric).

    Compatriots are otherwise skipped, because 'Norway has failed its citizens', said by a Norwegian
    minister, is self-criticism and not an event between two actors.
    """
    return (speaker is not None and target.type == "PERSON" and speaker.sector is not None
            and target.sector is not None and target.sector != speaker.sector)


def _acting(doc: Doc, start: int, end: int) -> bool:
    """Is the mention at ``start:end`` a doer or owner in its clause ("the South had fired", "X's
    agenda"), rather than the one a reported act was done to ("had killed scores of militants")?"""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(4):  # "a large number of militants": the count stands where the militants do
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ in {"NOUN", "NUM"}:
            tok = tok.head.head
        else:
            break
    if any(c.dep_ == "relcl" and any(g.dep_ == "nsubj" and g.lower_ in {"that", "which", "who"} for g in c.children)
           for c in tok.children):
        return True  # "X's government that is fuelling the violence" does the fuelling
    if tok.dep_ in {"dobj", "dative", "nsubjpass"}:
        return False
    return not (tok.dep_ == "pobj" and tok.head.lower_ != "by" and tok.head.head.pos_ == "VERB")


def _venue_name(doc: Doc, start: int, end: int) -> bool:
    """Is the mention at ``start:end`` a place naming a meeting or accord ("the Singapore talks",
    "the Minsk agreement")? Such a name says where something happened, not whom the words fault."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    return tok.dep_ == "compound" and tok.head.i >= span.end and tok.head.lemma_.lower() in VENUE_NOUNS


def statement_events(doc: Doc, existing: list[Event]) -> list[Event]:
    """111 events for clearly negative attributed quotes about another named actor."""
    quotes: list[Quote] = doc._.quotes or []
    actors = doc._.actors or {}
    mentions = doc._.mentions or []
    taken = {(e.sentence_start, e.source_key) for e in existing}
    article_id = doc._.article_id or ""
    out: list[Event] = []
    for q in quotes:
        if q.speaker_key is None or q.anonymous or q.speaker_key.startswith("anon:"):
            continue  # an unnamed official's words are reported, not a stance of a known actor
        indirect = q.kind == "indirect"
        if indirect and q.cue in _NOT_ASSERTING:
            continue
        if _analyzer().polarity_scores(q.text)["compound"] > NEGATIVE:
            continue
        sent = _attribution_sentence(doc, q)
        if sent is None:
            continue
        speaker = actors.get(q.speaker_key)
        own = speaker.country if speaker is not None else None
        # whom the words are about: actors named inside the quote, or right before it
        # ("Al-Maliki's 'mismanagement ...'"), not in the attribution ("the (Shiite) MP said");
        # the lead-in is bounded by the sentence the quote starts in, not the attribution's
        opening = doc.char_span(q.start, q.end, alignment_mode="expand")
        first = opening.sent.start_char if opening is not None else sent.start_char
        lo = q.start if indirect else max(first, q.start - _LEAD)
        targets = [m for m in mentions if lo <= m.start and m.end <= q.end + 1 and m.kind not in _SKIP_KINDS
                   and m.link_key != q.speaker_key and (a := actors.get(m.link_key)) is not None
                   and a.type in {"PERSON", "ORG", "COUNTRY", "IGO", "GROUP"}
                   and a.sector not in {"CVL"} and (not (own and a.country == own) or _rival(speaker, a))]
        targets = [m for m in targets if not _venue_name(doc, m.start, m.end)]
        if indirect:  # reported speech faults whom it has acting ("X is stoking"), not those acted on
            targets = [m for m in targets if _acting(doc, m.start, m.end)]
        if not targets or (sent.start_char, q.speaker_key) in taken:
            continue
        target = targets[0].link_key
        taken.add((sent.start_char, q.speaker_key))
        date, precision = sentence_date(dates_in_range(doc._.dates or [], sent.start_char, sent.end_char),
                                        doc._.article_date, doc._.article_date_precision)
        cc = cameo_code(CRITICIZE)
        cue = next((t for t in sent if t.lemma_ == q.cue), sent.root)
        out.append(Event(
            event_id=stable_id(article_id, sent.start_char, cue.idx, cc.code, q.speaker_key, target),
            article_id=article_id, sentence=sent.text, sentence_start=sent.start_char,
            sentence_end=sent.end_char, trigger_start=cue.idx, trigger_end=cue.idx + len(cue), trigger=cue.text,
            source_key=q.speaker_key, target_key=target, cameo=cc.code, root=cc.root, plover=cc.plover,
            plover_mode=cc.plover_mode, quad_class=cc.quad_class, goldstein=cc.goldstein, date=date,
            date_precision=precision, confidence=0.5))
    return out
