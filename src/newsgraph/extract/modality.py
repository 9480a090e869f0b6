"""Did it happen? Clause-level checks for negation, modality, conditionals and embedding.

An event verb inside "if ...", "in order to ...", "denied that ..." or "asked X to ..." reports
something that has not happened; coding it as if it had is the commonest way event data lies.
These helpers look at a trigger's clause and its chain of governing verbs to decide.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Token

FUTURE_AUX = {"will", "would", "shall", "'ll", "wo"}
MAYBE_AUX = {"may", "might", "could", "can", "ca"}
# "announced that X would impose sanctions": a decision made public is the act, not an intention
DECISION_VERBS = {"announce", "decide", "declare", "order", "approve", "authorize", "authorise"}
IMMEDIATE = {"immediately", "now", "forthwith", "instantly"}
# "the 1980s", "the '90s": a whole decade
DECADE = re.compile(r"(?:1[89]|20)?\d0s|'\d0s")
COND_MARKS = {"if", "unless", "whether", "lest"}
READY_ADJ = {"ready", "willing", "prepared", "determined", "eager", "poised", "committed"}
LIKELY_ADJ = {"likely", "set", "going", "expected", "due", "about", "unlikely"}
HYPO_NOUNS = {"suggestion", "claim", "allegation", "rumor", "rumour", "speculation", "possibility", "fear",
              "plan", "proposal", "idea", "option", "prospect", "chance", "hope", "bid", "effort", "attempt",
              "request", "call", "demand", "appeal", "question", "condition", "readiness", "willingness",
              "threat", "ultimatum", "decision", "pressure", "need", "right", "way", "order", "offer",
              "promise", "pledge", "vow", "intention", "aim", "goal", "responsibility", "failure", "refusal"}
# verbal events whose object/complement is what they are about: events named inside it are the topic
# ("protested over the raid that killed X", "warned about the attack"), not separately reported happenings
TOPIC_ROOTS = {"01", "02", "10", "11", "12", "13"}
TOPIC_DEPS = {"dobj", "obj", "prep", "dative", "attr", "oprd"}
EVIDENTIAL = {"appear", "seem", "look", "sound", "speculate", "guess", "suspect", "wonder"}
SPEECH_VERBS = {"say", "tell", "claim", "announce", "state", "declare", "add", "insist", "stress", "note",
                "explain", "confirm", "report", "write", "tweet", "warn", "affirm", "argue", "allege",
                "reiterate", "acknowledge", "admit", "suggest", "believe", "think", "indicate", "learn"}


def negated(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or c.lower_ in {"never", "not", "n't"}:
            return True
        if c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children):
            return True
    return False


def aux_words(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in {"aux", "auxpass"}}


def modality(tok: Token) -> str | None:
    """future for will/would/going to, hypothetical for may/might/could; None when asserted."""
    aux = aux_words(tok)
    if aux & MAYBE_AUX:
        return "hypothetical"
    if aux & FUTURE_AUX:
        return "future"
    head = tok.head
    if tok.dep_ == "xcomp" and head is not tok:
        if head.lemma_ in LIKELY_ADJ or head.lower_ in LIKELY_ADJ:
            return "future"
        # "is going to strike", "is set to sign"
        if head.lower_ in {"going", "set", "expected", "due", "about"}:
            return "future"
    return None


def present_tense(tok: Token) -> bool:
    return tok.tag_ in {"VBP", "VBZ"} or bool(aux_words(tok) & {"do", "does"})


def infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)


def is_question(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)").endswith("?")


def speech_head(tok: Token) -> Token | None:
    """The speech verb whose reported clause contains ``tok`` ("X said [Y attacked Z]")."""
    cur = tok
    for _ in range(8):
        if cur.dep_ in {"ccomp", "parataxis", "advcl"} and cur.head.lemma_ in SPEECH_VERBS:
            return cur.head
        if cur.head is cur:
            return None
        cur = cur.head
    return None


def _makes_noun(clause: Token) -> bool:
    """ "the ultimatum that X issued": a relative clause whose object is the noun itself tells who
    made the threat/offer; unlike "the threat that X would attack" it is not the noun's content."""
    return clause.dep_ == "relcl" and not aux_words(clause) & (FUTURE_AUX | MAYBE_AUX) and any(
        c.dep_ in {"dobj", "obj"} and c.lower_ in {"that", "which"} for c in clause.children)


def be_to(tok: Token) -> bool:
    """ "Rice is to travel to Tokyo", "the leaders are to meet on Friday": a scheduled act, like
    "plans to" (the caller recodes it as an intention)."""
    head = tok.head
    # "X was to blame" is an idiom of fault, not a plan to blame someone
    return (tok.dep_ == "xcomp" and head.lemma_ == "be" and infinitive(tok) and tok.lemma_ != "blame"
            and head.tag_ in {"VBZ", "VBP", "VBD"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children))


def background(tok: Token) -> bool:
    """Is the clause history told as background ("Iran, which fought a war against Iraq in the
    1980s, ...")? A decade names no day of the news; the act it dates is not this report's event."""
    return any(c.dep_ == "prep" and c.lower_ in {"in", "during", "throughout"} and any(
        g.dep_ == "pobj" and DECADE.fullmatch(g.text) for g in c.children) for c in tok.children)


def blocked(tok: Token, control: dict[str, str], request_verbs: set[str]) -> str | None:
    """Why the clause of ``tok`` reports no real event (a reason string), or None if it may.

    ``tok``'s own control relation (``refused to X``) is not checked here: the caller recodes it.
    """
    if aux_words(tok) & {"must", "should", "ought"}:
        return "obligation"  # "X must withdraw" is somebody's demand, coded on the speech verb
    if background(tok):
        return "background"
    cur = tok
    first = True
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in COND_MARKS for c in cur.children):
            return "conditional"
        head = cur.head
        if head is cur:
            return None
        # "voted on Sunday to demand": an infinitive of a pass-through verb hung as a purpose clause
        if (cur.dep_ == "xcomp" or (cur.dep_ == "advcl" and infinitive(cur) and not any(
                c.dep_ in {"dobj", "obj"} for c in head.children))) and control.get(head.lemma_) == "pass":
            cur = head
            first = False
            continue
        if cur.dep_ == "xcomp" and (head.lemma_ in control or head.lower_ in READY_ADJ or be_to(cur)):
            if not first:
                return "embedded"
        elif infinitive(cur) and cur.dep_ in {"xcomp", "advcl", "acl", "ccomp", "relcl", "pcomp", "csubj"}:
            return "infinitive"
        # "X accused Y of Z, a charge Y denies": a governor with an object of its own did not deny X
        if cur.dep_ in {"ccomp", "xcomp", "pcomp", "dobj"} and control.get(head.lemma_) == "negate" and not (
                cur.dep_ == "ccomp" and cur.i < head.i and any(c.dep_ == "dobj" for c in head.children)):
            return "negated-by-governor"
        if cur.dep_ in {"acl", "relcl", "ccomp"} and head.pos_ == "NOUN" and head.lemma_ in HYPO_NOUNS \
                and not _makes_noun(cur):
            return "hypothetical-noun"
        if cur.dep_ in {"ccomp", "xcomp"} and head.lemma_ in request_verbs:
            return "requested"
        first = False
        cur = head
    return None


def _topic_span(c: Any) -> set[int]:
    """Token indices of what a verbal event is about: its object and prepositional phrases."""
    out: set[int] = set()
    for h in {c.trigger, c.light_head or c.trigger}:
        for ch in h.children:
            if ch.dep_ in TOPIC_DEPS and ch.i != c.trigger.i:
                out |= {t.i for t in ch.subtree}
    return out


def drop_topics(cands: list[Any]) -> list[Any]:
    """One main event per clause: an event noun or a relative/participial clause inside the object
    of a statement, appeal, demand, criticism, rejection or threat is what that event is about
    ("denounced the attacks", "protested over the raid that killed X"), so it is not coded again."""
    spans = [(c, _topic_span(c)) for c in cands if not c.statement and c.code[:2] in TOPIC_ROOTS]
    out = []
    for c in cands:
        light = getattr(c, "light_head", None)  # "accused X of ordering a strike": the strike is the topic
        embedded = c.nominal or c.trigger.dep_ in {"relcl", "acl", "pcomp"} or (
            light is not None and light.dep_ == "pcomp")
        if embedded and any(c is not o and c.trigger.i in span and c.code[:2] not in TOPIC_ROOTS
                            for o, span in spans):
            continue
        out.append(c)
    return out


def announced_now(tok: Token) -> bool:
    """ "X announced that Y would immediately impose sanctions": a decision made public and put into
    effect is the act itself. Without "immediately/now", or with "unless/if", it stays a threat."""
    sp = speech_head(tok)
    if sp is None or sp.lemma_ not in DECISION_VERBS or negated(sp):
        return False
    if any(c.dep_ == "advcl" and any(m.lower_ in COND_MARKS for m in c.children) for c in tok.children):
        return False
    return any(c.dep_ == "advmod" and c.lower_ in IMMEDIATE for c in tok.children)


def speculation(tok: Token) -> bool:
    """ "It appears the army might be fighting ...": a "may/might" under an evidential predicate is the
    writer's guess about someone, neither a threat nor an intention they voiced."""
    cur = tok
    for _ in range(6):
        if cur.head is cur:
            return False
        if cur.dep_ in {"ccomp", "xcomp"} and cur.head.lemma_ in EVIDENTIAL:
            return True
        cur = cur.head
    return False
