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
# participles and prepositions that aim a measure at someone: "measures targeting X", "steps against X"
# nouns that only count or bundle the event noun after "of": "a round of sanctions", "a wave of strikes"
QUANTITY_NOUNS = {"package", "set", "round", "raft", "series", "wave", "batch", "spate", "string", "slew", "host",
                  "number", "day", "week", "month", "volley", "barrage", "hundred", "dozen", "thousand", "score"}
AIMING = {"target", "aim", "punish", "penalize", "penalise", "hit", "pressure", "against"}
NEED_WORDS = {"vital", "necessary", "essential", "imperative", "crucial"}
LEAVE_VERBS = {"leave", "go", "depart", "quit"}
# time limits that make "gave X ... to do Y" an ultimatum: "gave them 48 hours / a week to comply"
DEADLINE_WORDS = {"hour", "day", "week", "month", "deadline"}
# nouns of headway whose "in" phrase names the process: "made progress in talks with X"
HEADWAY_NOUNS = {"progress", "headway", "breakthrough"}
FUTURE_AUX = {"will", "would", "'ll", "shall"}
# what a promised response answers: "would respond to any attack / the expulsions"
ANSWERABLE = {"attack", "aggression", "provocation", "expulsion", "move", "sanction", "measure", "decision", "step",
              "action", "strike", "incursion", "violation", "threat", "escalation"}
FORCE_VERBS = {"use", "fire", "shoot", "strike", "attack", "open"}
READY_WORDS = {"ready", "prepared", "poised", "determined"}
# "called the talks constructive / a historic step", "called the decision painful": no criticism
POSITIVE_WORDS = {"constructive", "positive", "productive", "historic", "important", "good", "great", "success",
                  "successful", "step", "breakthrough", "useful", "fruitful", "friendly", "welcome", "encouraging",
                  "ally", "partner", "friend", "victory", "hero", "milestone", "win", "triumph", "necessary",
                  # a feeling, not a fault: "called the decision painful for our people"
                  "painful", "difficult", "hard", "sad", "tragic", "heartbreaking", "bitter", "emotional", "tough"}
# a fault named by the noun itself outweighs a kind adjective: "called the deal a historic mistake"
NEGATIVE_WORDS = {"mistake", "error", "blunder", "failure", "disaster", "catastrophe", "crime", "violation",
                  "provocation", "sham", "farce", "travesty", "betrayal", "grab", "aggression", "insult", "disgrace",
                  "scandal", "lie", "usurpation", "folly", "surrender", "capitulation"}
# entity types that let a named thing fill an "@place" / "@norp" slot of a frame's object list
PLACE_ENTS = {"GPE", "LOC", "FAC"}
LABOR_SUBJECTS = {"worker", "teacher", "union", "employee", "doctor", "nurse", "miner", "driver", "staff",
                  "student", "pilot", "farmer", "trucker", "docker", "lawyer"}


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


def md_infinitive(tok: Token) -> bool:
    """Is ``tok`` a to-infinitive ("to quit")?"""
    return any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children)


def has_must(tok: Token) -> bool:
    """Is clause ``tok`` an obligation ("X must leave", "X has to leave", "it is vital that X leave")?"""
    if any(c.dep_ == "aux" and c.lower_ in MODALS_MUST for c in tok.children):
        return True
    if tok.lemma_ in {"have", "need"} and any(c.dep_ == "xcomp" for c in tok.children):
        # "the bill was still needed to close a loophole" says what a thing is for, it obliges no one
        return not any(c.dep_ == "auxpass" for c in tok.children)
    return tok.lemma_ == "be" and any(c.dep_ == "acomp" and c.lower_ in NEED_WORDS for c in tok.children)


def complement(tok: Token, kinds: tuple[str, ...] = ("ccomp", "xcomp")) -> Token | None:
    for c in tok.children:
        if c.dep_ in kinds:
            return c
    return None


def needs_ok(tok: Token, frame: Frame) -> bool:
    n = frame.needs
    if n is None or n == "target":
        return True
    if n in {"xcomp", "ccomp", "oprd"}:
        return complement(tok, (n,)) is not None
    if n == "comp":
        return complement(tok) is not None
    if n == "dobj":
        return dobj(tok) is not None
    if n == "no_dobj":  # intransitive motion ("tanks poured into X"), not "poured money into X"
        return dobj(tok) is None
    if n in {"ccomp_must", "ccomp_modal"}:
        c = complement(tok, ("ccomp",))
        if c is None:
            return False
        if n == "ccomp_must":
            return has_must(c)
        # "warned that troops were coming and would show no mercy": any conjoined verb may carry it
        for v in (c, *c.conjuncts):
            auxes = {a.lower_ for a in v.children if a.dep_ == "aux"}
            if auxes & {"will", "would", "could", "'ll"} and not any(a.dep_ == "neg" for a in v.children):
                return True
            # "warned that Washington was ready to impose further costs"
            if any(a.dep_ == "acomp" and a.lower_ in READY_WORDS and complement(a, ("xcomp",)) is not None
                   for a in v.children):
                return True
        return False
    if n == "leave":  # "ordered the diplomats to leave", "gave them 48 hours to leave the country"
        return any(t.lemma_.lower() in LEAVE_VERBS and t.i > tok.i and t.i - tok.i <= 12
                   and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children) for t in tok.subtree)
    if n == "oprd_negative":  # "called the treaty a land grab", "called the decision \"unjustified\""
        o = dobj(tok)
        pred = complement(tok, ("oprd",)) or next(
            (c for c in (o.children if o is not None else ()) if c.dep_ == "amod" and c.i > o.i), None)
        return pred is not None and (lemma(pred) in NEGATIVE_WORDS or not (
            {lemma(pred)} | {lemma(c) for c in pred.children}) & POSITIVE_WORDS)
    if n == "no_means":
        return not any(c.dep_ == "prep" and c.lower_ == "by" and any(g.dep_ == "pcomp" for g in c.children)
                       for c in tok.children)
    if n == "into_state":
        return dobj(tok) is not None and any(p == "into" and g.ent_type_ == "GPE" for p, g in preps(tok))
    if n == "future_alone":  # "Moscow would respond (to the expulsions)", not "would respond to questions"
        auxes = {a.lower_ for a in tok.children if a.dep_ == "aux"}
        return bool(auxes & FUTURE_AUX) and dobj(tok) is None and all(
            lemma(g) in ANSWERABLE for p, g in preps(tok) if p == "to")
    if n == "deadline":  # "gave X until noon / 48 hours to quit": a time limit on a demanded act
        if tok.tag_ == "VBG":
            return False  # "an ultimatum ..., giving X 48 hours to leave" spells out an act told already
        limit = any(p in {"until", "by"} for p, _ in preps(tok)) or any(
            c.dep_ in {"dobj", "npadvmod"} and lemma(c) in DEADLINE_WORDS for c in tok.children)
        return limit and any(c.dep_ in {"advcl", "xcomp"} and md_infinitive(c) for c in tok.subtree
                             if c.head.i == tok.i or c.head.dep_ in {"dobj", "npadvmod"})
    if n == "xcomp_force":
        return any(c.lemma_.lower() in FORCE_VERBS and (c.dep_ in {"xcomp", "ccomp"} or (
            c.dep_ == "advcl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))) for c in tok.children)
    if n == "passive_with":
        return any(c.dep_ == "nsubjpass" for c in tok.children) and any(p == "with" for p, _ in preps(tok))
    if n == "oprd_guilty":
        return any(c.lower_ in {"guilty", "liable"} for c in tok.children)
    if n == "sexually":
        return any(c.lower_ == "sexually" for c in tok.children)
    if n == "labor":
        subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        return dobj(tok) is None and subj is not None and lemma(subj) in LABOR_SUBJECTS
    if n == "aimed":
        return any((c.dep_ in {"acl", "relcl"} and c.lemma_ in AIMING) or (c.dep_ == "prep" and c.lower_ == "against")
                   for c in tok.children)
    if n == "acl":
        return any(c.dep_ in {"acl", "relcl"} or (c.dep_ == "prep" and c.lower_ == "to") for c in tok.children)
    return True


def match_frame(tok: Token, frames: list[Frame]) -> tuple[Frame, Token | None] | None:
    """The first frame whose constraints hold, with the theme head it was checked against."""
    for fr in frames:
        if not needs_ok(tok, fr):
            continue
        th = theme(tok, fr)
        if fr.prep and th is None:
            continue
        if fr.obj is not None and (th is None or not (obj_words(th) & set(fr.obj))):
            continue
        if fr.mods and not ({lemma(c) for c in tok.children if c.dep_ in {"amod", "compound", "nmod"}} & set(fr.mods)):
            continue
        return fr, th
    return None


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
