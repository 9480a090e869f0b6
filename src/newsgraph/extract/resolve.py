"""Look-ups from a place in the parse to the actor mentioned there.

Quotes and events both need "which actor does this subject/object phrase refer to?".
They ask here, so both read the mention layer the same way.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from newsgraph.records import ActorRef, Mention

_NER_KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "COUNTRY", "NORP": "COUNTRY"}
_INDEX = "newsgraph:mention_index"


def _mentions(doc: Doc) -> list[Mention]:
    return doc._.mentions or []


def mentions_in(doc: Doc, start: int, end: int) -> list[Mention]:
    """Mentions lying wholly inside the character range [start, end)."""
    return [m for m in _mentions(doc) if m.start >= start and m.end <= end]


def _index(doc: Doc, ms: list[Mention]) -> tuple[list[int], int]:
    """Start offsets and longest length of the mention list, memoised on the Doc for this very list.

    Events and quotes ask once per token or phrase; rebuilding the offsets each time was quadratic.
    """
    memo = doc.user_data.get(_INDEX)
    if memo is None or memo[0] is not ms or memo[1] != len(ms):
        memo = (ms, len(ms), [m.start for m in ms], max((m.end - m.start for m in ms), default=0))
        doc.user_data[_INDEX] = memo
    return memo[2], memo[3]


def mention_covering(doc: Doc, start: int, end: int) -> Mention | None:
    """The mention that overlaps [start, end) most, preferring the longest overlap then the earliest."""
    best: Mention | None = None
    best_overlap = 0
    ms = _mentions(doc)
    starts, longest = _index(doc, ms)
    # only mentions starting within ``longest`` chars before ``start`` can reach into the range
    for m in ms[bisect_left(starts, start - longest) : bisect_right(starts, end)]:
        overlap = min(end, m.end) - max(start, m.start)
        if overlap > best_overlap:
            best, best_overlap = m, overlap
    return best


def mention_for_token(tok: Token) -> Mention | None:
    """The mention containing this token (e.g. the head noun of a subject phrase)."""
    return mention_covering(tok.doc, tok.idx, tok.idx + len(tok))


def mention_for_phrase(head: Token) -> Mention | None:
    """The actor a noun phrase refers to, found from its syntactic head.

    Tries the head itself, then its compound/appositive/flat children and the whole subtree,
    because "a spokesman for the Iraqi prime minister" should first resolve to the spokesman
    (if the mention layer made one) and only then to the prime minister.
    """
    m = mention_for_token(head)
    if m is not None:
        return m
    for child in head.children:
        if child.dep_ in {"compound", "appos", "flat", "nmod", "poss", "amod"}:
            m = mention_for_token(child)
            if m is not None:
                return m
    left, right = head.left_edge.idx, head.right_edge.idx + len(head.right_edge)
    inner = mentions_in(head.doc, left, right)
    return inner[0] if inner else None


def actor(doc: Doc, mention: Mention | None) -> ActorRef | None:
    if mention is None:
        return None
    return (doc._.actors or {}).get(mention.link_key)


def ner_mentions(doc: Doc) -> tuple[list[Mention], dict[str, ActorRef]]:
    """A minimal mention layer: named entities as actors, keyed by their lower-cased text.

    Lets the event and quote coders be tested and benchmarked apart from newsgraph's own actor
    resolution (``extract.mentions``), whose output they otherwise depend on.
    """
    mentions: list[Mention] = []
    actors: dict[str, ActorRef] = {}
    for ent in doc.ents:
        if ent.label_ in _NER_KINDS:
            key = ent.text.lower()
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, "name", key))
            actors.setdefault(key, ActorRef(key, ent.text, _NER_KINDS[ent.label_]))
    return mentions, actors
