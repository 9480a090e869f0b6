"""Repairs of one parser mistake that costs whole events: "Myanmar's military seized power".

The small English model reads "military" after a possessive as an adjective and the verb after it as
a participle modifying the object ("[Myanmar's military seized] power"), so the sentence has no verb
with a subject and no event. When a possessive is followed by a state-force noun and a finite verb, and
both hang as modifiers on the noun after the verb, the tree is re-hung the way the sentence reads:
the force noun is the verb's subject and the noun after the verb its object.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

# institution nouns a country's possessive names its force or government by ("Mali's army")
FORCE_NOUNS = frozenset({"military", "army", "junta", "police", "government", "navy", "authorities"})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_MODIFIER = frozenset({"amod", "compound", "nmod"})
# the object's dependants that belong to the clause, not to the noun ("power on Monday and detained ...")
_CLAUSE_DEPS = frozenset({"prep", "cc", "conj", "punct", "advmod", "npadvmod", "advcl", "ccomp"})


def repair_possessive_subjects(doc: Doc) -> int:
    """Re-hang "<owner>'s <force> <verb> <object>" where the parser made the verb a modifier; count repairs."""
    repaired = 0
    for pos in doc:
        if pos.tag_ != "POS" or pos.i + 3 > len(doc) - 1:
            continue
        noun, verb = doc[pos.i + 1], doc[pos.i + 2]
        obj = verb.head
        if noun.lower_ not in FORCE_NOUNS or verb.tag_ not in _FINITE or verb.dep_ not in _MODIFIER \
                or noun.dep_ not in _MODIFIER or noun.head != obj or obj.i <= verb.i \
                or obj.pos_ not in {"NOUN", "PROPN"}:
            continue
        owner = pos.head
        if owner.i >= pos.i or owner.head != obj:
            continue
        clause = [c for c in obj.children if c.i > obj.i and c.dep_ in _CLAUSE_DEPS]
        governor = obj.head
        if obj.dep_ in {"nsubj", "nsubjpass"} and governor.pos_ in {"VERB", "AUX"} and governor.i > obj.i:
            # "[Mali's army seized power] and dissolved parliament": the later verb is the first one's conjunct
            _take_place(verb, governor)
            governor.head, governor.dep_ = verb, "conj"
        else:
            _take_place(verb, obj)
        obj.head, obj.dep_ = verb, "dobj"
        noun.head, noun.dep_, noun.pos_, noun.tag_ = verb, "nsubj", "NOUN", "NN"
        owner.head = noun
        for c in clause:
            c.head = verb
        repaired += 1
    return repaired


def _take_place(tok: Token, old: Token) -> None:
    """Hang ``tok`` where ``old`` hung (the sentence root stays a root)."""
    if old.dep_ == "ROOT":
        tok.head, tok.dep_ = tok, "ROOT"
    else:
        tok.head, tok.dep_ = old.head, old.dep_
