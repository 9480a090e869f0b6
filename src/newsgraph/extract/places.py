"""Where an event happened, decided on the dependency parse and resolved in the offline gazetteer.

A place name is ambiguous between a location and an actor: in "Baghdad rejected an ultimatum" the
capital stands for the Iraqi government, in "a bomb exploded in Baghdad" it is where something
happened. Only the syntax tells them apart, so a name counts as the event's place when it sits in a
locative prepositional phrase ("in/at/near/outside/across Mosul", "40 km north of Baghdad", "in the
northern city of Tikrit") attached to the trigger or its object, then to the clause the trigger
sits in, then elsewhere in the sentence. Subjects, objects, possessors and names used as modifiers
("the Baghdad government") are never places; names inside the source/target actor mentions are
skipped altogether. Ambiguous names ("Tripoli") are settled with the countries the sentence, then the
article, talks about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.doc_cache import doc_ents, span_ents
from newsgraph.knowledge.gazetteer import Place, gazetteer
from newsgraph.records import Event

PLACE_LABELS = {"GPE", "LOC", "FAC"}
WEAK_LABELS = {"ORG", "PERSON"}
LOCATIVE_PREPS = {"in", "at", "near", "outside", "across", "inside", "around", "throughout", "within",
                  "off", "along", "nearby", "beside", "amid", "among", "through"}
#: prepositions that introduce a participant or a topic, not a location: "called on the United States",
#: "get rid of America", "sanctions against Iran"
ARGUMENT_PREPS = {"from", "to", "for", "against", "with", "by", "of", "on", "about", "over", "into", "toward",
                  "towards", "upon", "onto", "between", "like", "as", "than", "after", "before", "via"}
REGION_NOUNS = {"province", "provinces", "governorate", "state", "region", "district", "county",
                "prefecture", "oblast", "territory", "department", "canton"}
PLACE_NOUNS = REGION_NOUNS | {
    "city", "town", "village", "capital", "area", "outskirts", "suburb", "suburbs", "neighbourhood",
    "neighborhood", "streets", "street", "center", "centre", "border", "enclave", "port", "island",
    "country", "heart", "part", "parts", "south", "north", "east", "west", "edge", "countryside",
    "camp", "base", "airport", "hub", "stronghold", "municipality",
}
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
              "north-east", "north-west", "south-east", "south-west", "outside", "near"}
NOT_PLACE_DEPS = {"nsubj", "nsubjpass", "csubj", "dobj", "dative", "iobj", "poss", "agent", "attr",
                  "compound", "amod", "nmod", "npadvmod", "oprd"}
CORE_OBJ_DEPS = {"dobj", "pobj", "attr", "oprd", "dative"}
#: tier of a candidate: lower is better; a name that is never a place gets no tier at all
T_TRIGGER, T_CLAUSE, T_SENTENCE, T_NAMED_PLACE, T_MENTION = range(5)
_KIND_ORDER = {"city": 0, "region": 1, "country": 2}
_LABEL_ORDER = {"GPE": 0, "LOC": 1, "FAC": 2}

Ranges = Sequence[tuple[int, int]]


def _overlaps(start: int, end: int, ranges: Ranges) -> bool:
    return any(start < e and s < end for s, e in ranges)


def _climb(ent: Span) -> tuple[str, Token | None, str | None]:
    """How the name is used: ("pp", token the locative PP attaches to, prefer), ("named", None, prefer)
    for "the city of X" outside a PP, ("actor", ...) for argument uses, ("other", ...) otherwise."""
    tok, prefer, named = ent.root, None, False
    for _ in range(6):
        dep, head = tok.dep_, tok.head
        hl = head.lower_
        if dep in {"compound", "amod", "nmod", "poss"} and hl in PLACE_NOUNS and head.i != tok.i:
            prefer = "region" if hl in REGION_NOUNS else prefer
            tok, named = head, True
            continue
        if dep in {"appos", "conj"} and head.i != tok.i:
            tok = head
            continue
        if dep == "pobj":
            prep = head.lower_
            if prep == "of" and head.head.lower_ in PLACE_NOUNS | DIRECTIONS:
                noun = head.head
                prefer = "region" if noun.lower_ in REGION_NOUNS else prefer
                if noun.lower_ in DIRECTIONS and noun.dep_ in {"advmod", "npadvmod", "prep", "pobj"}:
                    return "pp", noun.head, prefer
                tok, named = noun, True
                continue
            if prep in LOCATIVE_PREPS or (prep == "of" and named):
                return "pp", head.head, prefer
            return ("named" if named else "other"), None, prefer
        if dep == "dobj" and head.dep_ == "pcomp" and head.head.lower_ in LOCATIVE_PREPS:
            return "pp", head.head.head, prefer  # "in neighboring Iran" parsed as a gerund and its object
        if dep in NOT_PLACE_DEPS and not named:
            return "actor", None, prefer
        return ("named" if named else "other"), None, prefer
    return ("named" if named else "other"), None, prefer


def _place_spans(sent: Span) -> list[Span]:
    """Entities that may name a place: GPE/LOC/FAC, plus ORG/PERSON and untagged proper nouns, because
    the small pipeline tags many towns as organisations or people ("near Erbil" as ORG, "Kiev" as
    PERSON); the caller accepts those only in a locative PP and only if the gazetteer knows them."""
    out = [e for e in span_ents(sent) if e.label_ in PLACE_LABELS | WEAK_LABELS]
    for t in sent:
        if (t.pos_ == "PROPN" and not t.ent_type_ and t.dep_ == "pobj"
                and t.head.lower_ in LOCATIVE_PREPS):
            lo = min((c.i for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"), default=t.i)
            out.append(Span(t.doc, lo, t.i + 1, label="PLACE?"))
    return out


def _core(trigger: Token) -> set[int]:
    """Tokens a PP may attach to and still describe the event itself: the trigger, its objects, and for
    a nominal trigger ("launched air strikes") the light verb governing it."""
    core = {trigger.i}
    for c in trigger.children:
        if c.dep_ in CORE_OBJ_DEPS:
            core.add(c.i)
        if c.dep_ == "prep":
            core.update(g.i for g in c.children if g.dep_ == "pobj")
    if trigger.pos_ in {"NOUN", "PROPN"} or trigger.dep_ in {"xcomp", "ccomp"}:
        core.add(trigger.head.i)
    return core


def _tier(ent: Span, trigger: Token, core: set[int]) -> tuple[int | None, str | None]:
    use, attach, prefer = _climb(ent)
    if use == "pp" and attach is not None:
        if attach.i in core:
            return T_TRIGGER, prefer
        if attach.i == ent.sent.root.i or attach in trigger.ancestors:
            return T_CLAUSE, prefer
        return T_SENTENCE, prefer
    if use == "named":
        return T_NAMED_PLACE, prefer
    if use == "other" and not (ent.root.dep_ == "pobj" and ent.root.head.lower_ in ARGUMENT_PREPS):
        return T_MENTION, prefer
    return None, prefer


def _qualifier_countries(ent: Span) -> list[str]:
    """Countries of the names that qualify this one: "Paris, Texas", "Tripoli, Lebanon"."""
    gz = gazetteer()
    out = []
    for t in ent.root.children:
        if t.dep_ in {"appos", "conj", "npadvmod"} and t.ent_type_ in {"GPE", "LOC"}:
            p = gz.locate(t.doc[t.left_edge.i:t.i + 1].text)
            if p is not None and p.kind != "city" and p.country:
                out.append(p.country)
    return out


def _resolve(ent: Span, hints: list[str], prefer: str | None) -> Place | None:
    gz = gazetteer()
    hints = [*_qualifier_countries(ent), *hints]
    place = gz.locate(ent.text, hints, prefer)
    if place is None and ent.label_ == "FAC":  # "Baghdad International Airport": try the leading words
        words = ent.text.split()
        for n in range(len(words) - 1, 0, -1):
            place = gz.locate(" ".join(words[:n]), hints, prefer, alternates=False)
            if place is not None and place.kind != "country":
                break
            place = None
    if place is None:
        return None
    return replace(place, start=ent.start_char, end=ent.end_char)


def countries_named(ents: Iterable[Span]) -> list[str]:
    """ISO3 codes of the countries the text names ("Iraq", "Iraqi", "Texas"), most named first.

    Cities are left out on purpose: "Tripoli" would otherwise vote for Libya while resolving itself.
    """
    from newsgraph.knowledge.kb import load_kb

    kb = load_kb()
    gz = gazetteer()
    counts: Counter[str] = Counter()
    for e in ents:
        if e.label_ not in {"GPE", "NORP", "LOC"}:
            continue
        if e.label_ == "NORP":
            iso = kb.country_of(e.text)
        else:
            p = gz.locate(e.text)
            iso = p.country if p is not None and p.kind != "city" else None
        if iso:
            counts[iso] += 1
    return [iso for iso, _ in counts.most_common()]


def event_place(doc: Doc, sentence_span: Span, trigger_token: Token, exclude_char_ranges: Ranges = (),
                article_countries: Sequence[str] | None = None) -> Place | None:
    """The place the event at ``trigger_token`` happened, or None when the sentence names none.

    ``exclude_char_ranges`` are the source/target actor mentions: a name there is a participant.
    ``article_countries`` (from :func:`countries_named` over the document) breaks ties for ambiguous
    names; it is computed when not given, so pass it when coding many events of one document.
    """
    core = _core(trigger_token)
    ranked: list[tuple[tuple[int, int, int], Span, str | None]] = []
    for ent in _place_spans(sentence_span):
        if _overlaps(ent.start_char, ent.end_char, exclude_char_ranges):
            continue
        tier, prefer = _tier(ent, trigger_token, core)
        label = _LABEL_ORDER.get(ent.label_, len(_LABEL_ORDER))
        if tier is None or (label >= len(_LABEL_ORDER) and tier > T_SENTENCE):
            continue  # a name the tagger did not call a place counts only inside a locative PP
        ranked.append(((tier, label, abs(ent.root.i - trigger_token.i)), ent, prefer))
    if not ranked:
        return None
    sentence_hints = countries_named(span_ents(sentence_span))
    if article_countries is None:
        article_countries = countries_named(doc_ents(doc))
    hints = list(dict.fromkeys([*sentence_hints, *article_countries]))
    resolved: list[tuple[tuple[int, int, int, int], Place]] = []
    for key, ent, prefer in ranked:
        place = _resolve(ent, hints, prefer)
        if place is not None:
            resolved.append(((key[0], _KIND_ORDER.get(place.kind, 3), key[1], key[2]), place))
    if not resolved:
        return None
    return min(resolved, key=lambda r: r[0])[1]


def _actor_ranges(doc: Doc, ev: Event, sent: Span) -> list[tuple[int, int]]:
    """Source/target mentions in the sentence, except those in a locative PP: in "air strikes in Syria"
    with Syria as target, Syria is also where the strikes happened."""
    keys = {k for k in (ev.source_key, ev.target_key) if k}
    out = []
    for m in doc._.mentions or []:
        if m.link_key not in keys or not sent.start_char <= m.start < sent.end_char:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0 or _climb(span)[0] != "pp":
            out.append((m.start, m.end))
    return out


def apply_places(doc: Doc, events: list[Event]) -> list[Event]:
    """``events`` with ``location``/``lat``/``lon``/``location_country`` filled where a place is found.

    Call at the end of event coding: it only needs the parse, the entities and ``doc._.mentions``.
    """
    if not events:
        return events
    article_countries: list[str] | None = None
    out: list[Event] = []
    for ev in events:
        span = doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand")
        if span is None or len(span) == 0:
            out.append(ev)
            continue
        trigger = span.root
        sent = trigger.sent
        if article_countries is None:
            article_countries = countries_named(doc_ents(doc))
        place = event_place(doc, sent, trigger, _actor_ranges(doc, ev, sent), article_countries)
        if place is None:
            out.append(ev)
            continue
        out.append(replace(ev, location=place.name, lat=place.lat, lon=place.lon, location_country=place.country))
    return out


__all__ = ["Place", "apply_places", "countries_named", "event_place"]
