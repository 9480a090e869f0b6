"""Who did it and to whom: from trigger to source and target actors through the parse.

Sources follow the subject, a passive's agent, the controller of an infinitive or the head of a
relative clause; targets follow the frame's slots. Every look-up ends in ``resolve`` so events
and quotes read the mention layer the same way.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from newsgraph.extract import modality as md
from newsgraph.extract import resolve
from newsgraph.extract.event_patterns import Frame, dobj, preps
from newsgraph.records import ActorRef, Event, stable_id

REL_PRONOUNS = {"that", "which", "who", "whom", "whose"}
EXPLETIVES = {"there"}
OBJECT_CONTROL = {"ask", "urge", "tell", "order", "persuade", "force", "call", "press", "pressure",
                  "encourage", "invite", "allow", "help", "require", "compel", "instruct", "advise", "push",
                  "convince", "implore", "beg", "demand"}
CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "xcomp"}
# prepositions that attach a participant; others ("in", "for", "over", "after") give place or cause
TARGET_PREPS = {"against", "on", "to", "with", "from", "of", "toward", "towards", "by", "at"}

def phrase_actors(doc: Doc, head: Token | None, strict: bool = False) -> list[ActorRef]:
    """Actors a noun phrase refers to, one per conjunct ("Jordan and Britain", "Hungarian and Romanian")."""
    if head is None:
        return []
    out: dict[str, ActorRef] = {}
    heads = [head, *head.conjuncts]
    for h in heads:
        m = resolve.mention_for_phrase(h)
        if strict and m is not None and any(c.dep_ in CLAUSE_DEPS and c.left_edge.idx <= m.start < c.right_edge.idx + 1
                                 for c in h.children):
            m = None  # the actor of a clause inside the phrase is not the phrase's referent
        a = resolve.actor(doc, m)
        if a is not None:
            out.setdefault(a.link_key, a)
        for c in h.children:
            if c.dep_ in {"amod", "compound", "nmod"} and c.conjuncts:
                for cc in (c, *c.conjuncts):
                    a2 = resolve.actor(doc, resolve.mention_for_token(cc))
                    if a2 is not None:
                        out.setdefault(a2.link_key, a2)
    return list(out.values())


def core_actors(doc: Doc, head: Token) -> list[ActorRef]:
    """Actors of a phrase without those named only in its place or cause adjuncts ("the coup in X",
    "revenge for the death of X")."""
    acts = phrase_actors(doc, head)
    if not acts or resolve.mention_for_token(head) is not None:
        return acts
    keep: set[str] = set()
    for h in (head, *head.conjuncts):
        a = resolve.actor(doc, resolve.mention_for_token(h))
        if a is not None:
            keep.add(a.link_key)
        for c in h.children:
            if c.dep_ == "conj" or (c.dep_ == "prep" and c.lower_ not in TARGET_PREPS):
                continue
            for t in c.subtree:
                a = resolve.actor(doc, resolve.mention_for_token(t))
                if a is not None:
                    keep.add(a.link_key)
    return [a for a in acts if a.link_key in keep]


CONFLICT_NOUNS = {"attack", "war", "invasion", "strike", "airstrike", "raid", "operation", "bombing", "killing",
                  "death", "assault", "offensive", "incursion", "shelling", "bombardment", "massacre",
                  "assassination", "occupation", "coup", "fighting"}


def definite_conflict_noun(doc: Doc, theme: Token | None) -> bool:
    """Does the phrase refer back, with no doer named, to a violent happening ("the attack", "the
    decision to go to war", "revenge for the death of X")? Such a definite description points at
    the story's main conflict event, told in the lead."""
    if theme is None or theme.pos_ not in {"NOUN", "PROPN"}:
        return False
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in theme.children)
    for t in theme.subtree:
        if t.lemma_.lower() not in CONFLICT_NOUNS or t.pos_ != "NOUN":
            continue
        if nominal_source(doc, t):
            return False  # "the ISIS attacks" names its doer
        if definite or any(c.dep_ == "det" and c.lower_ == "the" for c in t.children):
            return True
    return False


def subject_tokens(v: Token, depth: int = 0) -> list[Token]:
    """The phrase heads that did ``v``: subject, passive agent, controller of an infinitive, ..."""
    if depth > 6:
        return []
    for c in v.children:
        if c.dep_ == "agent":
            return [g for g in c.children if g.dep_ == "pobj"][:1]
    for c in v.children:
        if c.dep_ in {"nsubj", "csubj"}:
            if c.lower_ in REL_PRONOUNS and v.dep_ == "relcl":
                return [v.head]
            if c.lower_ in EXPLETIVES:
                return []
            return [c]
    if any(c.dep_ == "nsubjpass" for c in v.children):
        return []
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
    if v.dep_ in {"conj", "acomp", "advcl", "pcomp"} or (v.dep_ == "prep"):
        return subject_tokens(head, depth + 1)
    if v.dep_ in {"acl", "relcl"}:
        return [head]
    return []


def source_actors(doc: Doc, v: Token) -> list[ActorRef]:
    subs = subject_tokens(v)
    actors = [a for s in subs for a in phrase_actors(doc, s, strict=True)]
    if not actors and subs and subs[0].tag_ == "PRP":  # not "that"/"which": a war said to do X is no speaker
        sp = md.speech_head(v)  # "X said he would ..." when the pronoun was not resolved
        if sp is not None:
            actors = [a for s in subject_tokens(sp) for a in phrase_actors(doc, s)]
    return actors


def target_actors(doc: Doc, tok: Token, frame: Frame, core: bool = False) -> list[ActorRef]:
    """Target actors from the frame's slots; ``core``: skip actors named only in place/cause adjuncts."""
    find = core_actors if core else phrase_actors
    passive = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    for spec in frame.target:
        if spec == "none":
            return []
        heads: list[Token] = []
        if spec == "dobj":
            o = dobj(tok) if tok.pos_ != "NOUN" else None
            heads = [o] if o is not None else ([passive] if passive is not None else [])
        elif spec == "dative":
            heads = [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        elif spec == "ccomp_subj":
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is not None:
                heads = [c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}][:1]
        elif spec.startswith("prep:"):
            p = spec[5:]
            heads = [g for q, g in preps(tok) if q == p][:1]
            if not heads and tok.pos_ != "NOUN" and dobj(tok) is None:
                # "the Iraqi government called for US assistance": the actor inside the theme
                heads = []
        acts = [a for h in heads for a in find(doc, h)]
        if acts:
            return acts
    return []


def nominal_source(doc: Doc, tok: Token) -> list[ActorRef]:
    """The doer named inside an event noun phrase: "US air strikes", "Russia's invasion"."""
    out: list[ActorRef] = []
    for c in tok.children:
        if c.dep_ in {"poss", "compound", "amod", "nmod"} and c.i < tok.i:
            out += phrase_actors(doc, c)
        if c.dep_ == "prep" and c.lower_ == "by":
            out += [a for g in c.children if g.dep_ == "pobj" for a in phrase_actors(doc, g)]
    return out


def asked_actor(doc: Doc, code: str, th: Token | None, source_keys: set[str]) -> list[ActorRef]:
    """ "called for the US to launch strikes": in an appeal or demand the actor asked to act."""
    if th is None or th.pos_ != "VERB" or code[:2] not in {"02", "10"}:
        return []
    subj = [t for t in th.children if t.dep_ in {"nsubj", "nsubjpass"}]
    return [a for t in subj for a in phrase_actors(doc, t) if a.link_key not in source_keys][:1]


def lead_doer(doc: Doc, code: str, theme: Token | None, srcs: list[ActorRef | None],
              doers: list[ActorRef]) -> list[ActorRef]:
    """ "Putin called the war a mistake", "vowed revenge for the death of X": a criticism or threat
    about a definite, doer-less violent happening targets the doer of the article's first violent
    event (the story's main happening), other than the critic's own side."""
    if code[:2] not in {"11", "12", "13"} or not definite_conflict_noun(doc, theme):
        return []
    own = {a.link_key for a in srcs if a} | {a.country for a in srcs if a and a.country}
    for d in doers:
        if d.link_key not in own and (d.country is None or d.country not in own):
            return [d]
    return []


def answer_targets(events: list[Event]) -> list[Event]:
    """ "X offered Y help, which Y refused": a rejection with no named target answers the offer,
    appeal or demand made to its source in the same sentence, so it targets whoever made it."""
    out = []
    for e in events:
        if e.root == "12" and e.target_key is None and e.source_key is not None:
            asker = next((o.source_key for o in events if o.root in {"02", "03", "10"}
                          and o.target_key == e.source_key and o.source_key), None)
            if asker is not None:
                e = replace(e, target_key=asker, event_id=stable_id(e.event_id, asker))
        out.append(e)
    return out
