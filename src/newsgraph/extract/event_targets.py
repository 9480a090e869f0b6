"""Targets the sentence leaves implicit, and who may stand as a pair of source and target.

Wire copy often names the other side only once, in the lead: "Russia would respond", "the
ministry called the expulsions provocative", "Pakistan would answer at a time of its choosing".
A retaliation threat or a criticism of a definite act, with no target in its own slots, answers
the latest act in the article aimed at the speaker's side, so its doer is the target; a threat
with a condition ("if Moscow kept interfering") is aimed at whoever the condition names. The rule
only looks back at acts already coded, never invents an actor, and never targets the speaker's
own side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from newsgraph.extract import resolve
from newsgraph.extract.event_actors import source_actors
from newsgraph.extract.event_patterns import preps
from newsgraph.records import ActorRef

# verbs of answering an act: "would respond", "will retaliate", "vowed to hit back"
ANSWER_VERBS = frozenset({"respond", "answer", "retaliate", "hit", "react", "reciprocate", "avenge"})
# acts someone answers: demands, criticism, threats, sanctions and expulsions, force
ANSWERED_ACT_ROOTS = frozenset({"10", "11", "13", "15", "16", "17", "18", "19", "20"})
DEFINITE = frozenset({"the", "this", "these", "that", "those"})
# nouns naming an act already reported, with the roots such an act is coded as: "condemned the
# detentions" criticises whoever detained, even when the critic was not the one hit
ACT_NOUN_ROOTS: dict[str, frozenset[str]] = {
    "detention": frozenset({"17"}), "arrest": frozenset({"17"}), "crackdown": frozenset({"17", "18"}),
    "coup": frozenset({"17", "18", "19"}), "takeover": frozenset({"17", "19"}),
    "killing": frozenset({"18", "19", "20"}), "assassination": frozenset({"18"}), "attack": frozenset({"18", "19"}),
    "strike": frozenset({"18", "19"}), "airstrike": frozenset({"18", "19"}), "bombing": frozenset({"18", "19"}),
    "shelling": frozenset({"19"}), "invasion": frozenset({"19"}), "annexation": frozenset({"17", "19"}),
    "expulsion": frozenset({"16"}), "sanction": frozenset({"16"}), "execution": frozenset({"18", "17"}),
    "raid": frozenset({"17", "18", "19"})}

# a step someone announced, which a rejection answers: "rejected the announcement / the decision"
DECISION_NOUNS = frozenset({"announcement", "decision", "move", "decree", "measure", "step", "ruling"})


@dataclass(slots=True)
class History:
    """The article's directed acts so far, as (doer, target) pairs in text order."""

    acts: list[tuple[ActorRef, ActorRef]] = field(default_factory=list)
    roots: list[str] = field(default_factory=list)  # the CAMEO root of each act, in step with ``acts``

    def add(self, root: str, pairs: list[tuple[ActorRef | None, ActorRef | None]]) -> None:
        if root in ANSWERED_ACT_ROOTS:
            done = [(s, t) for s, t in pairs if s is not None and t is not None]
            self.acts += done
            self.roots += [root] * len(done)


def _side(a: ActorRef) -> str:
    return a.country or a.link_key


def _answers(code: str, trigger: Token, theme: Token | None) -> bool:
    """Is this an answer to someone's act: a threat, a counter-attack ("returned fire"), or
    criticism/rejection of a definite act ("called the expulsions a provocation")?"""
    root = code[:2]
    if root == "13":  # a threat is aimed at the other side: "warned it would launch strikes"
        return True
    if root == "19":  # "returned fire", "retaliated": fighting back at whoever struck first
        return trigger.lemma_.lower() in ANSWER_VERBS | {"return"}
    if root in {"11", "12"} and theme is not None and theme.pos_ == "NOUN":
        return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in theme.children)
    return False


def adversary(doc: Doc, code: str, trigger: Token, theme: Token | None, srcs: list[ActorRef | None],
              history: History) -> list[ActorRef]:
    """The doer of the latest earlier act aimed at the source's side, when this event answers it;
    one the sentence itself names first ("would answer, accusing Washington of ...")."""
    own = {_side(a) for a in srcs if a is not None}
    if not own:
        return []
    keys = frozenset(a.link_key for a in srcs if a is not None)
    if not _answers(code, trigger, theme):
        return criticised_doer(code, theme, own, history, keys)
    doers = [d for d, t in reversed(history.acts) if _side(t) in own and _side(d) not in own]
    sent = trigger.sent
    named = {m.link_key for m in doc._.mentions or [] if sent.start_char <= m.start < sent.end_char}
    named_sides = {_side(a) for k in named if (a := (doc._.actors or {}).get(k)) is not None}
    return ([d for d in doers if _side(d) in named_sides] or doers)[:1] or criticised_doer(code, theme, own, history,
                                                                                         keys)


def criticised_doer(code: str, theme: Token | None, own: set[str], history: History,
                    keys: frozenset[str] = frozenset()) -> list[ActorRef]:
    """ "Guterres condemned the detentions": criticism of a definite reported act names no target
    but is aimed at whoever did the act, the latest one of that kind in the article; a rejection
    of "the announcement / the decision" answers the other side's latest act."""
    if code[:2] not in {"11", "12"} or theme is None or theme.pos_ != "NOUN":
        return []
    lem = theme.lemma_.lower()
    kinds = ACT_NOUN_ROOTS.get(lem) or ACT_NOUN_ROOTS.get(lem[:-1] if lem.endswith("s") else lem)
    if code[:2] == "12":  # "rejected the announcement": whoever acted last on the other side made it
        kinds = ANSWERED_ACT_ROOTS if lem in DECISION_NOUNS else None
    if not kinds or not any(c.dep_ in {"det", "poss"} and c.lower_ in DEFINITE for c in theme.children):
        return []
    for (doer, _), root in zip(reversed(history.acts), reversed(history.roots), strict=True):
        # a decision may be rejected at home ("the protesters rejected the army's announcement")
        other = doer.link_key not in keys if code[:2] == "12" else _side(doer) not in own
        if root in kinds and other:
            return [doer]
    return []


def conditional_target(doc: Doc, code: str, clause: Token, srcs: list[ActorRef | None]) -> list[ActorRef]:
    """ "warned that it was ready to impose costs if Moscow kept interfering": a threat is aimed at
    the one whose conduct its condition names."""
    if code[:2] != "13":
        return []
    own = {_side(a) for a in srcs if a is not None}
    for t in clause.subtree:
        if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in t.children):
            found = [a for a in source_actors(doc, t) if _side(a) not in own]
            if found:
                return found[:1]
    return []


DESTINATION_ROOTS = frozenset({"03", "07", "15"})


def destination_state(doc: Doc, code: str, clause: Token, srcs: list[ActorRef | None]) -> list[ActorRef]:
    """ "would send warplanes to bases within range of Libya", "moved troops to the border with X":
    forces sent toward a place named by a foreign state are aimed at (or sent to) that state."""
    if code[:2] not in DESTINATION_ROOTS:
        return []
    own = {_side(a) for a in srcs if a is not None}
    for p, g in preps(clause):
        if p not in {"to", "toward", "towards", "into", "near", "within"}:
            continue
        for t in g.subtree:
            a = resolve.actor(doc, resolve.mention_for_token(t))
            if a is not None and a.type == "COUNTRY" and _side(a) not in own:
                return [a]
    return []


# intentions that bind several parties to each other ("X and Y agreed to end the fighting"), unlike
# pledges each makes on its own ("X, Y and Z pledged battalions")
MUTUAL_INTENT = frozenset({"agree", "consent", "commit", "resolve", "decide"})


def mutual(root: str, trigger: Token) -> bool:
    """May conjoined doers of this act be each other's targets?"""
    return root != "03" or trigger.lemma_.lower() in MUTUAL_INTENT


def reciprocal(clause: Token) -> bool:
    """ "Kiev and the rebels accused each other", "met one another": the conjoined doers are
    each other's targets, whatever the act (the object names no third party)."""
    doc = clause.doc
    objs = [c for c in clause.children if c.dep_ in {"dobj", "obj", "dative"}] + [g for _, g in preps(clause)]
    # parsed either way: "each other" with "other" as the object, "one another" with "one"
    return any((o.lower_ in {"other", "another"} and o.i > 0 and doc[o.i - 1].lower_ in {"each", "one"})
               or (o.lower_ in {"each", "one"} and o.i + 1 < len(doc) and doc[o.i + 1].lower_ in {"other", "another"})
               for o in objs)


def own_government(source: ActorRef | None, target: ActorRef | None) -> bool:
    """A government official acting on the country actor they themselves stand for."""
    return (source is not None and target is not None and source.type == "PERSON" and source.sector == "GOV"
            and target.type == "COUNTRY" and target.sector in (None, "GOV") and source.country == target.country)


def joint(trigger: Token, clause: Token) -> bool:
    """Does the phrase say several parties act together ("joint drills", "French and Egyptian ships")?"""
    if any(m.lower_ in {"joint", "combined", "bilateral", "multinational"} for m in trigger.children):
        return True
    subj = [t for t in clause.children if t.dep_ in {"nsubj", "nsubjpass"}]
    return any(t.conjuncts or any(m.conjuncts for m in t.children if m.dep_ in {"amod", "compound"}) for t in subj)


__all__ = ["ANSWER_VERBS", "History", "adversary", "conditional_target", "destination_state", "joint",
           "mutual", "own_government", "reciprocal"]
