"""Frame constraints that look beyond the trigger's own slots, and the frame matcher that applies them.

Split from ``event_patterns`` (lexicon loading and parse helpers) so each stays small: a frame's
``needs`` names a check here ("ccomp_modal", "deadline", "oprd_negative", ...), and ``match_frame``
returns the first frame of a trigger whose checks all hold on the parse.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.event_patterns import MODALS_MUST, Frame, dobj, lemma, obj_words, preps, theme

# participles and prepositions that aim a measure at someone: "measures targeting X", "steps against X"
AIMING = {"target", "aim", "punish", "penalize", "penalise", "hit", "pressure", "against"}
NEED_WORDS = {"vital", "necessary", "essential", "imperative", "crucial"}
LEAVE_VERBS = {"leave", "go", "depart", "quit"}
# time limits that make "gave X ... to do Y" an ultimatum: "gave them 48 hours / a week to comply"
DEADLINE_WORDS = {"hour", "day", "week", "month", "deadline"}
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
# what a reported clause pins on its subject: "X bore (the) responsibility", "X was responsible / to blame"
BLAME_NOUNS = {"responsibility", "blame", "guilt"}
BLAME_VERBS = {"bear", "carry", "hold"}
BLAME_ADJ = {"responsible", "culpable", "guilty"}
# a call made by telephone ("by phone", "in a telephone call")
PHONE_WORDS = {"telephone", "phone", "videoconference", "video"}
LABOR_SUBJECTS = {"worker", "teacher", "union", "employee", "doctor", "nurse", "miner", "driver", "staff",
                  "student", "pilot", "farmer", "trucker", "docker", "lawyer"}


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


def blames(clause: Token | None) -> bool:
    """Does a reported clause lay the blame on its subject ("Ukraine bore responsibility for the
    tragedy", "the rebels were to blame")? Then the speaker accuses that subject."""
    if clause is None or any(c.dep_ == "neg" for c in clause.children):
        return False
    if clause.lemma_.lower() in BLAME_VERBS:
        o = dobj(clause)
        return o is not None and lemma(o) in BLAME_NOUNS
    if clause.lemma_.lower() == "be":
        return any((c.dep_ == "acomp" and c.lower_ in BLAME_ADJ)
                   or (c.dep_ in {"xcomp", "acomp"} and c.lower_ == "blame") for c in clause.children)
    return False


def needs_ok(tok: Token, frame: Frame) -> bool:
    n = frame.needs
    if n is None or n == "target":
        return True
    if n == "ccomp_blame":  # "said Kiev bore responsibility for the crash / was to blame for it"
        return blames(complement(tok, ("ccomp",)))
    if n == "ccomp_price":  # "vowed that Hamas would pay an unprecedented price"
        c = complement(tok, ("ccomp",))
        o = dobj(c) if c is not None and c.lemma_.lower() == "pay" else None
        return o is not None and lemma(o) == "price" and not any(a.dep_ == "neg" for a in c.children)
    if n == "phone":  # "spoke with X by telephone", "told X in a phone call that ...": a consultation
        return any(t.lemma_.lower() in PHONE_WORDS for _, g in preps(tok) for t in g.subtree)
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
