"""Who did it and to whom: from trigger to source and target actors through the parse.

Sources follow the subject, a passive's agent, the controller of an infinitive or the head of a
relative clause; targets follow the frame's slots. Every look-up ends in ``resolve`` so events
and quotes read the mention layer the same way.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import modality as md
from newsgraph.extract import resolve
from newsgraph.extract.event_patterns import STATIVE_PASSIVES, Frame, dobj, preps
from newsgraph.extract.event_subjects import REL_PRONOUNS, subject_tokens
from newsgraph.extract.places import event_place
from newsgraph.records import ActorRef, Event, stable_id

# entity types of a preposition object that is a time, not a participant ("on Sunday")
TIME_ENTS = {"DATE", "TIME"}
CLAUSE_DEPS = {"acl", "relcl", "advcl", "ccomp", "xcomp"}
# prepositions that attach a participant; others ("in", "for", "over", "after") give place or cause
# verbal conflict acts that a sentence's other act by the same side lends its target to
SHARED_TARGET_ROOTS = {"10", "11", "12", "13", "14", "16"}
# acts only a state does, so that an agentless passive one has the state as its doer (arrest, deport,
# convict/sentence, ban, censor)
STATE_ACTS = ("173", "174", "116", "1721", "1722")
# an offer, appeal, demand or threat named by its maker in a relative clause is aimed at whoever
# answers it: "Baghdad rejected an ultimatum that Washington issued"
ANSWERED_ROOTS = {"02", "03", "10", "13"}
# event nouns done together, whose participants follow "between" ("talks between X and Y")
JOINT_NOUNS = {"talk", "talks", "negotiation", "negotiations", "meeting", "consultation", "consultations",
               "ceasefire", "truce"}
TOOK_PLACE = {"resume", "begin", "start", "open", "continue", "conclude", "end", "take", "get"}
# nouns naming an attack in which someone was killed or hurt: "killed in an Israeli air strike"
ATTACK_NOUNS = {"attack", "strike", "strikes", "airstrike", "airstrikes", "raid", "bombing", "assault", "offensive",
                "incursion", "shelling", "bombardment", "ambush", "operation"}
PATIENT_NOUNS = {"killing", "murder", "abduction", "kidnapping", "arrest", "detention", "deportation",
                 "expulsion", "assassination", "execution"}
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


def object_actor(doc: Doc, head: Token | None) -> list[ActorRef]:
    """Actors an object phrase itself refers to ("welcomed the Iranian delegation"), not one named
    only as the owner of a thing ("welcomed Reagan's statement" welcomes a statement)."""
    if head is None:
        return []
    if resolve.mention_for_token(head) is None and any(
            c.dep_ == "poss" and resolve.mention_for_token(c) is not None for c in head.children):
        return []
    return phrase_actors(doc, head)


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


def source_actors(doc: Doc, v: Token) -> list[ActorRef]:
    subs = subject_tokens(v)
    actors = [a for s in subs for a in phrase_actors(doc, s, strict=True)]
    if subs and subs[0].tag_ == "PRP":  # not "that"/"which": a war said to do X is no speaker
        sp = md.speech_head(v)  # "X said he would ..." when the pronoun was not resolved
        if sp is not None and (not actors or (subs[0].lower_ in {"it", "they"} and _outside(v.sent, actors))):
            # "France and Britain said they would not ...": "it"/"they" in a reported clause is the
            # speaker, unless it was resolved to someone named in the same sentence
            actors = [a for s in subject_tokens(sp) for a in phrase_actors(doc, s)] or actors
        elif sp is not None and subs[0].lower_ in {"they", "we"}:
            # "Germany and France said they would ...": a plural pronoun resolved to one of the
            # conjoined speakers stands for all of them
            speakers = [a for s in subject_tokens(sp) for a in phrase_actors(doc, s)]
            if len(speakers) > 1 and {a.link_key for a in actors} <= {a.link_key for a in speakers}:
                actors = speakers
    return actors


def _indefinite_person(head: Token, a: ActorRef) -> bool:
    """ "would not accept a president imposed by others": an indefinite common noun names no one
    in particular, so it cannot be the known person the mention layer linked the title to."""
    return a.type == "PERSON" and head.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in {"a", "an", "any"} for c in head.children)


def _outside(sent: Span, actors: list[ActorRef]) -> bool:
    """None of ``actors`` is named in ``sent`` other than by a pronoun."""
    keys = {a.link_key for a in actors}
    return not any(sent.start_char <= m.start < sent.end_char and m.link_key in keys and m.kind != "pronoun"
                   for m in sent.doc._.mentions or [])


def target_actors(doc: Doc, tok: Token, frame: Frame, core: bool = False) -> list[ActorRef]:
    """Target actors from the frame's slots; ``core``: skip actors named only in place/cause adjuncts."""
    find = core_actors if core else phrase_actors
    passive = next((c for c in tok.children if c.dep_ == "nsubjpass" and tok.lemma_ not in STATIVE_PASSIVES), None)
    for spec in frame.target:
        if spec == "none":
            return []
        heads: list[Token] = []
        if spec == "dobj":
            o = dobj(tok) if tok.pos_ != "NOUN" else None
            if passive is not None and passive.lower_ in REL_PRONOUNS and tok.dep_ == "relcl":
                passive = tok.head  # "Soleimani, who was killed in a US strike": the antecedent
            heads = [o] if o is not None else ([passive] if passive is not None else [])
        elif spec == "dative":
            heads = [c for c in tok.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        elif spec == "ccomp_subj":
            comp = next((c for c in tok.children if c.dep_ == "ccomp"), None)
            if comp is not None:
                heads = [c for c in comp.children if c.dep_ in {"nsubj", "nsubjpass"}][:1]
        elif spec == "acl":  # "measures targeting X", "sanctions aimed at X"
            for c in tok.children:
                if c.dep_ in {"acl", "relcl"}:
                    o = dobj(c)
                    heads += [o] if o is not None else [g for _, g in preps(c)][:1]
        elif spec.startswith("conj_prep:"):
            # "fired tear gas, rubber bullets and rounds at X" with "rounds" misread as a verb
            # conjoined to "fired": a subjectless, objectless conjunct's preposition is the verb's
            p = spec[10:]
            heads = [g for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB" and not any(
                         d.dep_ in {"nsubj", "nsubjpass", "dobj", "obj"} for d in c.children)
                     for q, g in preps(c) if q == p][:1]
        elif spec.startswith("prep:"):
            p = spec[5:]
            # "declared war on Hamas on Sunday": a date in the same preposition names no one
            heads = [g for q, g in preps(tok) if q == p and g.ent_type_ not in TIME_ENTS][:1]
            if not heads and tok.pos_ != "NOUN" and dobj(tok) is None:
                # "the Iraqi government called for US assistance": the actor inside the theme
                heads = []
        acts = [a for h in heads for a in find(doc, h) if not _indefinite_person(h, a)]
        if acts:
            return acts
    return []


def nominal_source(doc: Doc, tok: Token) -> list[ActorRef]:
    """The doer named inside an event noun phrase: "US air strikes", "Russia's invasion"."""
    out: list[ActorRef] = []
    # "Navalny's arrest", "the Khashoggi killing": before these nouns a name is who suffered it
    before = {"amod"} if tok.lemma_.lower() in PATIENT_NOUNS else {"poss", "compound", "amod", "nmod"}
    for c in tok.children:
        if c.dep_ in before and c.i < tok.i:
            out += phrase_actors(doc, c)
        if c.dep_ == "prep" and (c.lower_ == "by" or (c.lower_ == "between" and tok.lemma_ in JOINT_NOUNS)):
            out += [a for g in c.children if g.dep_ == "pobj" for a in phrase_actors(doc, g)]
    return out


def held_between(tok: Token, top: Token) -> bool:
    """ "Talks between X and Y resumed on Tuesday": a joint event noun whose participants follow
    "between", as the subject of a verb saying it took place (not one that will or did not)."""
    head = top.head
    if tok.lemma_ not in JOINT_NOUNS or top.dep_ != "nsubj" or head.lemma_ not in TOOK_PLACE:
        return False
    if md.negated(head) or md.modality(head) is not None:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "between" for c in tok.children)


def instrument_doer(doc: Doc, v: Token, code: str) -> list[ActorRef]:
    """ "Two teenagers were killed in an Israeli air strike": the doer of an agentless violent
    passive is the one named in the attack it happened in."""
    if code[:2] not in {"18", "19", "20"} or not _passive_without_agent(v):
        return []
    for c in v.children:
        if c.dep_ == "prep" and c.lower_ in {"in", "by", "during"}:
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in ATTACK_NOUNS:
                    acts = nominal_source(doc, g)
                    if acts:
                        return acts[:1]
    return []


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
    if code[:2] not in {"02", "10", "11", "12", "13"} or not definite_conflict_noun(doc, theme):
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


def answerer(doc: Doc, clause: Token) -> list[ActorRef]:
    """ "Baghdad rejected an ultimatum that Bush had issued": the one who answers the offer, demand
    or threat a relative clause attributes to its maker is the one it was made to."""
    if clause.dep_ != "relcl" or clause.head.dep_ not in {"dobj", "obj", "nsubjpass"}:
        return []
    return source_actors(doc, clause.head.head)


def share_targets(doc: Doc, events: list[Event]) -> list[Event]:
    """ "X lodged a protest with Y, and its army warned that any repeat would ...": a verbal
    conflict act with no named target, in a sentence where the same side acts against someone,
    is aimed at that someone too."""
    actors = doc._.actors or {}

    def side(key: str) -> str:
        a = actors.get(key)
        return a.country if a is not None and a.country else key

    out = []
    for e in events:
        if e.target_key is None and e.source_key is not None and e.root in SHARED_TARGET_ROOTS:
            own = side(e.source_key)
            tk = next((o.target_key for o in events if o is not e and o.target_key and o.source_key
                       and side(o.source_key) == own and side(o.target_key) != own), None)
            if tk is not None:
                e = replace(e, target_key=tk, event_id=stable_id(e.event_id, tk))
        out.append(e)
    return out


def _passive_without_agent(v: Token) -> bool:
    deps = {c.dep_ for c in v.children}
    return "auxpass" in deps and "agent" not in deps and not ({"nsubj", "csubj"} & deps)


def main_country(doc: Doc) -> str | None:
    """The country the article talks about most (by actor mentions), first mentioned on a tie."""
    actors = doc._.actors or {}
    counts: dict[str, int] = {}
    for m in doc._.mentions or []:
        a = actors.get(m.link_key)
        if a is not None and a.type == "COUNTRY" and a.country:
            counts[a.country] = counts.get(a.country, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None  # dicts keep first-seen order


def authority(doc: Doc, sent: Span, trigger: Token, code: str) -> list[ActorRef]:
    """ "Dozens of activists were detained in Istanbul": arrests, deportations and trials reported in
    the agentless passive are acts of the state where they happen (the named place's country, else
    the country the article is about), coded as that country's government."""
    if not code.startswith(STATE_ACTS) or not _passive_without_agent(trigger):
        return []
    place = event_place(doc, sent, trigger)
    country = place.country if place is not None and place.country else main_country(doc)
    if country is None:
        return []
    return country_actor(doc, country)


def country_actor(doc: Doc, country: str) -> list[ActorRef]:
    """The article's actor for a country (as a state), if the article names it."""
    found = [a for a in (doc._.actors or {}).values() if a.type == "COUNTRY" and a.country == country]
    found.sort(key=lambda a: (a.sector not in (None, "GOV"), a.link_key))
    return found[:1]


def own_state(doc: Doc, srcs: list[ActorRef | None]) -> list[ActorRef]:
    """ "the army seized power": a coup is aimed at the state of the plotters' own country."""
    for a in srcs:
        if a is not None and a.country and not (a.type == "COUNTRY" and a.sector in (None, "GOV")):
            return country_actor(doc, a.country)
    return []


def fallback_targets(doc: Doc, code: str, clause: Token, th: Token | None, target_from: Token,
                     light_head: Token | None, source_keys: set[str]) -> list[ActorRef]:
    """No target in the frame's slots: the actor inside the theme ("called for US assistance"), and
    for a refusal the actor inside the refused clause ("will not resign as the US requested")."""
    root = code[:2]
    if light_head is not None and root in ANSWERED_ROOTS:
        acts = [a for a in answerer(doc, light_head) if a.link_key not in source_keys]
        if acts:
            return acts[:1]
    if root in {"02", "10"} and clause.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ == "as" for m in clause.children):
        # "he will not resign as X requested": the request was made to the main clause's subject
        acts = [a for a in source_actors(doc, clause.head) if a.link_key not in source_keys]
        if acts:
            return acts[:1]
    if th is not None and th.pos_ == "NOUN" and root in {"10", "11", "12", "13", "16"}:
        # "denounced the ISIS attacks": the doer named in a criticised/rejected event noun
        for t in (th, *th.conjuncts):
            acts = [a for a in nominal_source(doc, t) if a.link_key not in source_keys]
            if acts:
                return acts[:1]
    # what is given/shared/deployed/pledged is the doer's ("pledged battalions"), not whom it goes to
    heads: list[Token] = [th] if th is not None and th.pos_ != "VERB" and root not in {"06", "07", "15"} else []
    if code.startswith("12"):
        heads += [t for t in target_from.subtree if t.dep_ in {"advcl", "prep", "xcomp"}]
    for h in heads:
        acts = [a for a in core_actors(doc, h) if a.link_key not in source_keys
                and (root != "03" or not a.link_key.startswith("sector:"))]
        if acts:
            return acts[:1]
    return []
