"""From a trigger candidate to coded events: attach source and target actors and build the records.

Split from ``events`` (which finds the candidates in the parse) so the rules that pick whom an act
is done by and aimed at, in the order they are tried, read as one chain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import modality as md
from newsgraph.extract.event_actors import (
    asked_actor,
    authority,
    fallback_targets,
    instrument_doer,
    lead_doer,
    nominal_source,
    own_state,
    phrase_actors,
    source_actors,
    target_actors,
)
from newsgraph.extract.event_patterns import dobj
from newsgraph.extract.event_targets import (
    History,
    adversary,
    conditional_target,
    destination_state,
    joint,
    mutual,
    own_government,
    reciprocal,
)
from newsgraph.extract.place_targets import place_state, slot_place_state
from newsgraph.knowledge.cameo import code as cameo_code
from newsgraph.records import ActorRef, Event, stable_id

if TYPE_CHECKING:
    from newsgraph.extract.events import Cand

OWNER_PRONOUNS = frozenset({"his", "her", "its", "their"})
# a doer's own subordinates ("his officers", "its troops"), unlike partners ("its allies")
OWN_PEOPLE = frozenset({"officer", "troop", "soldier", "force", "supporter", "member", "staff", "official", "fighter",
                        "unit", "commander",
                        "employee", "follower", "man", "men", "agent", "police", "policeman", "army", "government"})
RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}
# categories defined by whom they are directed at: with no target actor nothing codable is left
DIRECTED_ROOTS = {"11", "16"}


def commands_own(clause: Token) -> bool:
    """ "ordered his fighters to halt", "told its troops to withdraw": an order to the doer's own
    subordinates is the doer's own act, not a demand made of someone else."""
    o = dobj(clause)
    return o is not None and o.lemma_.lower() in OWN_PEOPLE and any(
        c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS for c in o.children)


def owned_object(doc: Doc, clause: Token, own: set[str]) -> set[str]:
    """Actors of an object phrase the doer owns ("defended his officers", "praised its troops"):
    a leader acting on his own people is no event between two actors. Only unnamed groups count:
    "met his counterpart X" names someone else."""
    o = dobj(clause)
    if o is None or not own or o.lemma_.lower() not in OWN_PEOPLE or not any(
            c.dep_ == "poss" and c.lower_ in OWNER_PRONOUNS for c in o.children):
        return set()
    return {a.link_key for a in phrase_actors(doc, o)
            if a.type != "COUNTRY" and (a.type != "PERSON" or a.link_key.startswith("anon:"))}


def events_for(doc: Doc, sent: Span, c: Cand, article_id: str, date: str | None,
                precision: str | None, require: str, doers: list[ActorRef], history: History) -> list[Event]:
    """Events for candidate ``c``: its doers, then its target from the first rule of the chain that
    finds one (the frame's slots first, inferences from the article's earlier acts last, so a
    named participant always wins over a guess), one event per source/target pair."""
    srcs: list[ActorRef | None] = list(
        nominal_source(doc, c.trigger) if c.nominal or c.doer_in_noun else source_actors(doc, c.clause))
    inferred = not srcs and not c.nominal
    if inferred:
        srcs = list(authority(doc, sent, c.clause, c.code) or instrument_doer(doc, c.clause, c.code))
    tgts: list[ActorRef | None] = list(asked_actor(doc, c.code, c.theme, {a.link_key for a in srcs if a}))
    if not tgts:
        verbal = c.code[:2] <= "14"  # "struck targets in X" targets X; "condemned the coup in X" does not
        tgts = list(target_actors(doc, c.target_from, c.frame, core=verbal))
    if not tgts and c.light_head is not None:  # "launched air strikes against X"
        tgts = list(target_actors(doc, c.light_head, c.frame, core=c.code[:2] <= "14"))
    if not tgts and not c.statement:
        tgts = list(fallback_targets(doc, c.code, c.clause, c.theme, c.target_from, c.light_head,
                                     {a.link_key for a in srcs if a}))
    if not tgts and not c.statement:
        tgts = list(lead_doer(doc, c.code, c.theme, srcs, doers))
    if not tgts and not c.statement:  # "if Moscow interferes"; "Moscow would respond": answers an act
        tgts = (conditional_target(doc, c.code, c.clause, srcs)
                or adversary(doc, c.code, c.trigger, c.theme, srcs, history))
    if not tgts and not c.statement and not c.nominal:  # "struck a base near Gori": Gori's state
        tgts = list(place_state(doc, sent, c.clause, c.code, srcs))
    if not tgts and not c.statement:  # "launched strikes on Gaza": the place struck stands for its state
        tgts = list(slot_place_state(doc, c.target_from, c.frame.target, c.code, srcs))
    if not tgts and not c.statement:  # "send warplanes to bases within range of Libya"
        tgts = list(destination_state(doc, c.code, c.clause, srcs))
    if not tgts and ("own_state" in c.frame.target or c.code == "170"):  # a coup is aimed at its own state
        tgts = list(own_state(doc, srcs))
    own = {a.link_key for a in srcs if a is not None}  # "urged his supporters": no one else is addressed
    # "freezing their assets" hits the target's own property: only praise and support are checked
    owned = owned_object(doc, c.clause, own) if c.code[:2] <= "05" or commands_own(c.clause) else set()
    tgts = [t for t in tgts if t is None or (t.link_key not in own and t.link_key not in owned)]
    if c.statement or (inferred and srcs):
        tgts = tgts[:1]  # one statement, or one act of an inferred doer, however many it concerns
    if not srcs and require in {"source", "both"}:
        return []
    if not tgts and require == "both":
        return []
    if c.nominal and not srcs:
        return []
    if not srcs and not tgts:
        return []
    # drills held alone, with no partner, show force rather than cooperate ("China held drills")
    alone = c.code.startswith("062") and len(srcs) < 2 and not tgts and not joint(c.trigger, c.clause)
    cc = cameo_code("150" if alone else c.code)
    # an attack named as the subject of what it did ("air strikes flattened towers") happened,
    # target or not; one announced or launched as a noun needs its target
    directed = DIRECTED_ROOTS | ({"18", "19", "20"} if (c.light_head is not None or c.nominal)
                                 and not c.doer_in_noun else set())
    if c.frame.needs == "oprd_negative" and srcs and c.theme is not None and c.theme.pos_ == "NOUN":
        # "called the deal a historic mistake": faulting a named thing is criticism even when its
        # authors go unnamed
        directed = directed - {"11"}
    recip = not tgts and len(srcs) > 1 and reciprocal(c.clause)
    if not tgts and not recip and (cc.root in directed or (cc.root == "04" and len(srcs) < 2)):
        # criticism, sanctions, consultations are done *to* someone; so is an attack reported as a
        # noun ("announced an operation"), where without a target only the announcement is left
        return []
    if not tgts and len(srcs) > 1 and cc.code.startswith("0871"):
        pairs = [(srcs[0], srcs[1])]  # "a ceasefire between X and Y": one truce binding both sides
    elif recip or (not tgts and len(srcs) > 1 and cc.root in RECIPROCAL_ROOTS and mutual(cc.root, c.trigger)):
        pairs = [(a, b) for a in srcs for b in srcs if a is not b]
    else:
        pairs = [(a, b) for a in (srcs or [None]) for b in (tgts or [None])]
        if not srcs:
            pairs = pairs[:1]  # an unnamed doer against many targets is one uncertain event
    if cc.root >= "18" and c.modality is None:
        doers += [a for a in srcs if a is not None and a not in doers]
    if c.modality is None and not c.negated:
        history.add(cc.root, pairs)
    conf = c.conf * (0.85 if md.speech_head(c.clause) is not None else 1.0)
    out = []
    for s, t in pairs[:9]:
        sk = s.link_key if s else None
        tk = t.link_key if t else None
        if sk is not None and sk == tk:
            continue
        if own_government(s, t):
            if cc.root != "01" or len(pairs) > 1:
                continue  # "the president urged Iraqis to fight": a leader addressing his own country
            tk = None  # "announced X from the White House": a statement stands without an addressee
        trig = c.trigger
        out.append(Event(
            event_id=stable_id(article_id, sent.start_char, trig.idx, cc.code, sk, tk),
            article_id=article_id, sentence=sent.text, sentence_start=sent.start_char,
            sentence_end=sent.end_char, trigger_start=trig.idx, trigger_end=trig.idx + len(trig),
            trigger=trig.text, source_key=sk, target_key=tk, cameo=cc.code, root=cc.root,
            plover=cc.plover, plover_mode=cc.plover_mode, quad_class=cc.quad_class,
            goldstein=cc.goldstein, date=date, date_precision=precision, negated=c.negated,
            modality=c.modality, confidence=round(min(conf, 1.0), 3)))
    return out
