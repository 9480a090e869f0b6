"""The event lexicon (``knowledge/data/event_lexicon.yaml``) and how a frame is checked on a parse.

Keeping triggers and their CAMEO codes in a data file lets the codebook grow without code changes;
this module only knows how to test a frame's constraints (particle, preposition, theme lemma,
required complement) against a spaCy token and its children.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml
from spacy.tokens import Token

MODALS_MUST = {"must", "should", "ought"}
PREP_PARTICLES = {"on", "upon", "for", "to", "with", "against"}
# participles that state the subject's own stance: "is opposed to", "is committed to"
STATIVE_PASSIVES = {"oppose", "commit"}
REL_OBJECTS = {"that", "which", "whom"}
# nouns that only count or bundle the event noun after "of": "a round of sanctions", "a wave of strikes"
QUANTITY_NOUNS = {"package", "set", "round", "raft", "series", "wave", "batch", "spate", "string", "slew", "host",
                  "number", "day", "week", "month", "volley", "barrage", "hundred", "dozen", "thousand", "score"}
# nouns of headway whose "in" phrase names the process: "made progress in talks with X"
HEADWAY_NOUNS = {"progress", "headway", "breakthrough"}
# entity types that let a named thing fill an "@place" / "@norp" slot of a frame's object list
PLACE_ENTS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True, slots=True)
class Frame:
    """One way a trigger word expresses one CAMEO code."""

    code: str
    prep: tuple[str, ...] = ()
    obj: tuple[str, ...] | None = None
    themes: tuple[tuple[frozenset[str], str], ...] = ()
    needs: str | None = None
    target: tuple[str, ...] = ("dative", "dobj", "prep:against", "prep:on", "prep:with", "prep:to", "prep:at")
    statement: bool = False
    conf: float = 0.7
    obj_actor: bool = False
    mods: tuple[str, ...] = ()
    light: bool = False


@dataclass(slots=True)
class Lexicon:
    verbs: dict[str, list[Frame]]
    nouns: dict[str, list[Frame]]
    light_verbs: frozenset[str]
    control: dict[str, str]  # verb lemma -> class (reject, threat, intent, plan, pass, negate)
    maps: dict[str, dict[str, str]] = field(default_factory=dict)  # intent/threat/reject/appeal/demand

    def transform(self, kind: str, code: str) -> str:
        """Code of an intention/threat/rejection/appeal/demand about an act coded ``code``."""
        table = self.maps[kind]
        for key in (code, code[:3], code[:2]):
            if key in table:
                return table[key]
        return table["default"]


def _word(x: object) -> str:
    """YAML 1.1 reads a bare ``on``/``off`` in a word list as a boolean: give the word back."""
    if isinstance(x, bool):
        return "on" if x else "off"
    return str(x)


def _frame(d: dict) -> Frame:
    themes = tuple((frozenset(k.split()), str(v)) for k, v in (d.get("themes") or {}).items())
    kw: dict = {"code": str(d["code"]), "themes": themes}
    for key in ("prep", "mods", "target"):
        if key in d:
            kw[key] = tuple(_word(x) for x in d[key])
    if "obj" in d:
        kw["obj"] = tuple(_word(x) for x in d["obj"])
    for key in ("needs", "statement", "conf", "obj_actor", "light"):
        if key in d:
            kw[key] = d[key]
    return Frame(**kw)


@cache
def lexicon() -> Lexicon:
    """Parsed once per process: every sentence of every article consults it."""
    path = resources.files("newsgraph.knowledge") / "data" / "event_lexicon.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    control = {verb: cls for cls, verbs in raw["control"].items() for verb in verbs}
    maps = {k: {str(a): str(b) for a, b in raw[k].items()} for k in ("intent", "threat", "reject", "appeal", "demand")}
    return Lexicon(
        verbs={k: [_frame(f) for f in v or []] for k, v in raw["verbs"].items()},
        nouns={k: [_frame(f) for f in v or []] for k, v in raw["nouns"].items()},
        light_verbs=frozenset(raw["light_verbs"]),
        control=control,
        maps=maps,
    )


# ---------------------------------------------------------------- parse helpers

def verb_lemma(tok: Token, vocab: dict | frozenset) -> str:
    """The verb's lemma, repairing the small model's "staged" -> "stag" kind of slips."""
    lem = tok.lemma_.lower()
    if lem not in vocab and lem + "e" in vocab and tok.lower_.startswith(lem + "e"):
        return lem + "e"
    if lem not in vocab and lem.endswith(("ise", "yse")) and lem[:-2] + "ze" in vocab:
        return lem[:-2] + "ze"  # British spelling: "recognised" is the lexicon's "recognize"
    return lem


def lemma(tok: Token) -> str:
    lem = tok.lemma_.lower()
    # the small model leaves some plurals unlemmatised ("talks", "sanctions")
    if tok.tag_ in {"NNS", "NNPS"} and lem == tok.lower_ and lem.endswith("s") and len(lem) > 4:
        lem = lem[:-1]
    return lem


def particle(tok: Token) -> str | None:
    for c in tok.children:
        if c.dep_ == "prt":
            return c.lower_
    return None


def dobj(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in {"dobj", "obj"}:
            return c
    return None


def rel_object(tok: Token) -> Token | None:
    """The noun a relative clause's object pronoun stands for ("an ultimatum that X issued", "the
    town which rebels seized"); only a common noun, since "..., which he refused" is often hung on
    a nearby name when it refers to the whole clause before it."""
    o = dobj(tok)
    if o is not None and o.lower_ in REL_OBJECTS and tok.dep_ == "relcl" and tok.head.pos_ == "NOUN":
        return tok.head
    return None


def preps(tok: Token) -> list[tuple[str, Token]]:
    """(preposition, object) pairs under ``tok``, including "made a call *for* help" on the object."""
    out = []
    heads = [tok] + [c for c in tok.children if c.dep_ in {"dobj", "obj", "attr"}]
    for h in heads:
        for c in h.children:
            if c.dep_ in {"prep", "agent", "dative"} and c.pos_ == "ADP":
                for g in c.children:
                    if g.dep_ in {"pobj", "pcomp"}:
                        out.append((c.lower_, g))
    # "a call for the US to act": a for-infinitive is the theme (the parser hangs it on the verb of
    # "made a call ... for X to act", so the light verb's clauses are checked for a noun object too)
    for h in [tok, *([tok.head] if tok.dep_ in {"dobj", "obj"} and tok.pos_ == "NOUN" else [])]:
        for c in h.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
                out.append(("for", c))
    o = dobj(tok)
    prt = next((c for c in tok.children if c.dep_ == "prt" and c.lower_ in PREP_PARTICLES), None)
    if prt is not None and o is not None:
        out.append((prt.lower_, o))  # "called on X to act" parsed with "on" as a particle
    return out


def theme(tok: Token, frame: Frame) -> Token | None:
    """The thing acted on: the object, else the object of the frame's preposition."""
    if frame.prep:
        for p, g in preps(tok):
            if p in frame.prep:
                return g
        return None
    o = (rel_object(tok) if frame.obj is not None else None) or dobj(tok)
    if o is not None:
        return o
    if frame.statement and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in {"NOUN", "PROPN"}:
        # a reduced passive: "video released by the army" published the video, it freed no one.
        # Only a statement frame looks here: the acts themselves ("an accord, signed by A, B and C")
        # stay with the existing coding of the sentence
        return tok.head
    if frame.needs == "leave":  # "gave the diplomats 48 hours to leave": the recipient is the theme
        o = next((c for c in tok.children if c.dep_ == "dative" and c.pos_ in {"NOUN", "PROPN"}), None)
        if o is not None:
            return o
    for c in tok.children:
        if c.dep_ == "nsubjpass" and tok.lemma_ not in STATIVE_PASSIVES:
            return c
    for p, g in preps(tok):
        if p in {"for", "on", "of", "to", "against", "with"}:
            return g
    return None


def phrase_lemmas(head: Token | None) -> set[str]:
    if head is None:
        return set()
    out = {lemma(head)}
    for c in head.children:
        if c.dep_ in {"amod", "compound", "nmod", "prep", "npadvmod"}:
            out.add(lemma(c))
            for g in c.children:
                if g.dep_ in {"pobj", "compound", "amod"}:
                    out.add(lemma(g))
    for c in head.conjuncts:
        out.add(lemma(c))
    return out


def obj_words(th: Token) -> set[str]:
    """What an object phrase is, for a frame's ``obj`` list: its lemmas, an apposition's head
    ("captured Shusha, the second-largest city"), and "@place" / "@norp" for named places and
    nationalities."""
    out = phrase_lemmas(th) | {lemma(th)}
    out |= {lemma(c) for c in th.children if c.dep_ == "appos"}
    if th.ent_type_ in PLACE_ENTS:
        out.add("@place")
    if th.ent_type_ == "NORP":
        out.add("@norp")
    return out


def refine(code: str, frame: Frame, head: Token | None) -> str:
    if not frame.themes or head is None:
        return code
    words = phrase_lemmas(head)
    # the most specific (longest) theme wins: "military aid" before "aid"
    for keys, c in sorted(frame.themes, key=lambda kv: -len(kv[0])):
        if keys <= words:
            return c
    return code


def phrase_top(tok: Token) -> Token:
    """The noun a light verb governs for event noun ``tok``: "announced export controls and
    sanctions", "imposed a new round of sanctions", "agreed a package of measures"."""
    first = tok
    for _ in range(4):
        if first.dep_ == "conj" and first.head.pos_ in {"NOUN", "PROPN"}:
            first = first.head
        elif first.dep_ == "pobj" and first.head.lower_ == "of" and lemma(first.head.head) in QUANTITY_NOUNS:
            first = first.head.head
        elif (made := _headway(first)) is not None:
            first = made
        else:
            break
    return first


def _headway(tok: Token) -> Token | None:
    """ "made significant progress in talks with X": the talks were held, by whoever made the
    progress; the "in" phrase hangs on the noun or, as often, on the verb beside it."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    holder = tok.head.head
    if lemma(holder) in HEADWAY_NOUNS:
        return holder
    o = dobj(holder)
    return o if o is not None and lemma(o) in HEADWAY_NOUNS else None


def relcl_light_verb(noun: Token, lex: Lexicon) -> Token | None:
    """A light verb in a relative clause whose object is ``noun`` itself ("the offer which X made")."""
    for c in noun.children:
        made = rel_object(c) if c.dep_ == "relcl" else None
        if made is not None and made.i == noun.i and verb_lemma(c, lex.light_verbs) in lex.light_verbs:
            return c
    return None
