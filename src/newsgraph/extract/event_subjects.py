"""The doers of a verb in the parse: subject, passive agent, controller of an infinitive, ...

Split from ``event_actors`` (which turns these phrase heads into actors) so the rules for finding
the subject, including repairs of the small model's attachment slips, live in one place.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract import modality as md
from newsgraph.extract.dateline import after_dateline, is_dateline_token
from newsgraph.extract.event_patterns import STATIVE_PASSIVES, preps

SUBORDINATORS = {"since", "after", "before", "until", "as", "when", "while", "because", "once"}
REL_PRONOUNS = {"that", "which", "who", "whom", "whose"}
EXPLETIVES = {"there"}
OBJECT_CONTROL = {"ask", "urge", "tell", "order", "persuade", "force", "call", "press", "pressure",
                  "encourage", "invite", "allow", "help", "require", "compel", "instruct", "advise", "push",
                  "convince", "implore", "beg", "demand"}


def subject_tokens(v: Token, depth: int = 0) -> list[Token]:
    """The phrase heads that did ``v``: subject, passive agent, controller of an infinitive, ..."""
    if depth > 6:
        return []
    for c in v.children:
        if c.dep_ == "agent":
            return [g for g in c.children if g.dep_ == "pobj"][:1]
    for c in v.children:
        if c.dep_ in {"nsubj", "csubj"}:
            if is_dateline_token(c):  # "DOHA — Saudi Arabia ... cut ties": the filing place is no doer
                real = [a for a in c.children if a.dep_ == "appos" and a.i > c.i and not is_dateline_token(a)]
                hung = after_dateline(c)
                if real or hung is not None:
                    return real[:1] or [hung]
                continue
            if c.lower_ in REL_PRONOUNS and v.dep_ == "relcl":
                return [v.head]
            if c.lower_ in EXPLETIVES:
                return []
            return [c]
    if any(c.dep_ == "nsubjpass" for c in v.children):
        if v.lemma_ in STATIVE_PASSIVES:  # "Israel is opposed to the plan": a stance, not a passive act
            return [c for c in v.children if c.dep_ == "nsubjpass"][:1]
        return []
    if v.dep_ == "dep" and v.left_edge.i > 0:
        # "... since a faction of the army tried to seize power" misparsed as a PP plus a stray verb:
        # the object of the would-be preposition just before the verb is its subject
        t = v.doc[v.left_edge.i - 1]
        for _ in range(6):
            if t.dep_ == "pobj" and t.head.lower_ in SUBORDINATORS and t.right_edge.i == v.left_edge.i - 1:
                return [t]
            if t.head.i == t.i or t.head.i > v.i:
                break
            t = t.head
    head = v.head
    if head is v:
        return []
    if v.dep_ == "xcomp" or (v.dep_ == "advcl" and md.infinitive(v)):
        if head.lemma_ in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in {"dobj", "dative"}]
            if objs:
                return objs[:1]
            for p, g in preps(head):
                if p in {"on", "upon"}:
                    return [g]
        return subject_tokens(head, depth + 1)
    if v.dep_ == "conj" and reported_tense_break(v, head):
        return subject_tokens(head.head, depth + 1)
    if v.dep_ in {"conj", "acomp", "advcl", "pcomp"} or (v.dep_ == "prep"):
        return subject_tokens(head, depth + 1)
    if v.dep_ == "acl" and v.tag_ == "VBN" and not any(c.dep_ in {"dobj", "obj"} for c in v.children):
        return []  # "citizens abducted decades ago": the noun a passive participle describes suffered it
    if v.dep_ in {"acl", "relcl"}:
        return [head]
    return []


def reported_tense_break(v: Token, head: Token) -> bool:
    """ "Trump said Iran \"appears to be standing down\" and announced sanctions": a past-tense verb
    hung by the parser on a present-tense reported clause belongs to the speaker's main clause (a
    reported clause keeps one tense, "would run ... and announced" too), so its doer is the speaker,
    not the reported subject."""
    return (head.dep_ == "ccomp" and md.speech_head(head) == head.head and v.tag_ == "VBD"
            and (head.tag_ in {"VBZ", "VBP"} or (head.tag_ == "VB" and any(c.tag_ == "MD" for c in head.children)))
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in v.children))
