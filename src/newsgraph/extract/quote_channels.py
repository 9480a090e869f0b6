"""'X quoted Y as saying': the words are Y's, X (a news agency, state television) only carried them.

State media and agencies are the usual channel for officials of closed governments ("the official
IRNA news agency quoted the foreign minister as saying ..."). Crediting the agency loses the
speaker the quote is about; crediting Y is what the text says. When Y cannot be resolved (an
unnamed "diplomatic source"), the channel is still better than nothing.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.quote_speakers import Speaker, resolve_speaker

_CHANNEL_VERBS = frozenset({"quote", "cite"})
_SAY = frozenset({"say", "tell", "add", "state", "write"})


def quoted_person(verb: Token) -> Token | None:
    """Y in 'X quoted Y as saying', for the cue ``quote`` itself or the ``saying`` under it."""
    host = verb
    if verb.lemma_.lower() in _SAY and verb.dep_ in {"pcomp", "advcl"} and verb.head.lower_ == "as":
        host = verb.head.head
    if host.lemma_.lower() not in _CHANNEL_VERBS:
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "as" for c in host.children):
        return None
    return next((c for c in host.children if c.dep_ == "dobj"), None)


def cue_speaker(verb: Token, subj: Token, quotes: list[tuple[int, int]], previous: Speaker | None,
                limit_end: int | None = None) -> Speaker:
    """The speaker of a cue verb whose subject is ``subj``, seeing through a quoting channel."""
    quoted = quoted_person(verb)
    if quoted is not None:
        found = resolve_speaker(quoted, quotes, previous, limit_end)
        if found.key is not None:
            return found
    return resolve_speaker(subj, quotes, previous, limit_end)
