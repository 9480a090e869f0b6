"""The state attacked when an attack names only a place ("jets struck a base near Gori").

Wire copy often reports strikes, shelling and incursions against towns, bases and regions rather
than against a named state. When the frame's slots yield no target, the place the attack landed
in stands for the state it belongs to - but only when that state is not the attacker's own
(shelling a town at home is internal conflict, not an attack on the government) and the article
itself names the state, so no actor is invented. Likewise a protest or assault on a seat of
government (palace, parliament, ministry) by a country's own people is aimed at its state.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.event_actors import country_actor
from newsgraph.extract.event_patterns import preps
from newsgraph.extract.places import event_place
from newsgraph.knowledge.gazetteer import gazetteer
from newsgraph.records import ActorRef

PLACE_TARGET_ROOTS = frozenset({"18", "19", "20"})
# buildings that stand for the state that sits in them: "marched on the presidential palace"
SEAT_NOUNS = frozenset({"palace", "parliament", "ministry", "headquarters", "legislature", "congress", "capitol"})
SEAT_ROOTS = frozenset({"14", "17", "18", "19"})
STATE_SECTORS = frozenset({None, "GOV", "MIL", "COP", "LEG", "JUD"})


def seat_state(doc: Doc, trigger: Token, code: str, srcs: list[ActorRef | None]) -> list[ActorRef]:
    """ "Protesters marched on the presidential palace", "crowds stormed parliament": people of a
    country acting against a seat of government act against their own state."""
    if code[:2] not in SEAT_ROOTS:
        return []
    people = {a.country for a in srcs if a is not None and a.country and a.type != "COUNTRY"
              and a.sector not in STATE_SECTORS}
    if len(people) != 1:
        return []
    for t in trigger.subtree:
        if t.dep_ in {"dobj", "pobj"} and t.lemma_.lower() in SEAT_NOUNS and t.i > trigger.i:
            return country_actor(doc, next(iter(people)))
    return []


def place_state(doc: Doc, sent: Span, trigger: Token, code: str, srcs: list[ActorRef | None]) -> list[ActorRef]:
    """The article's actor for the country where a doer-known material attack took place."""
    seat = seat_state(doc, trigger, code, srcs)
    if seat:
        return seat
    if code[:2] not in PLACE_TARGET_ROOTS or trigger.dep_ == "acl":
        return []  # "a coalition fighting in Yemen" describes the coalition, it reports no attack
    own = {a.country for a in srcs if a is not None and a.country}
    if not own:
        return []  # an unknown side: the place says nothing about whom it fought
    place = event_place(doc, sent, trigger)
    if place is None or not place.country or place.country in own:
        return []
    return country_actor(doc, place.country)


def slot_place_state(doc: Doc, tok: Token, slots: tuple[str, ...], code: str,
                     srcs: list[ActorRef | None]) -> list[ActorRef]:
    """ "responded with hundreds of air strikes on Gaza": a named place in the attack's own target
    slot ("on", "against") that no actor mention covers is struck as the territory of its state,
    when the article names that state and it is not the attacker's own."""
    if code[:2] not in PLACE_TARGET_ROOTS:
        return []
    own = {a.country for a in srcs if a is not None and a.country}
    if not own:
        return []
    wanted = {s[5:] for s in slots if s.startswith("prep:")}
    for p, g in preps(tok):
        if p not in wanted or g.ent_type_ not in {"GPE", "LOC"}:
            continue
        ent = next((e for e in doc.ents if e.start <= g.i < e.end), None)
        place = gazetteer().locate(ent.text if ent is not None else g.text)
        if place is not None and place.country and place.country not in own:
            return country_actor(doc, place.country)
    return []


__all__ = ["PLACE_TARGET_ROOTS", "SEAT_NOUNS", "place_state", "seat_state", "slot_place_state"]
