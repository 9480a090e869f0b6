"""Event coding: who did what to whom, as CAMEO/PLOVER events, from the dependency parse.

Triggers come from the event lexicon (verbs with particle/preposition/object frames and event
nouns such as "air strikes" or "a call for"); actors come from the mention layer through
``resolve``. Clauses that report something that did not happen (negated, conditional, wanted,
refused, threatened) are recoded (REJECT, THREATEN, intent) or dropped, see ``modality``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import modality as md
from newsgraph.extract import resolve
from newsgraph.extract.dates import sentence_date
from newsgraph.extract.event_actors import (
    answer_targets,
    held_between,
    object_actor,
    share_targets,
    target_actors,
)
from newsgraph.extract.event_dates import event_dates
from newsgraph.extract.event_emit import commands_own, events_for
from newsgraph.extract.event_needs import match_frame
from newsgraph.extract.event_patterns import (
    Frame,
    Lexicon,
    dobj,
    lemma,
    lexicon,
    obj_words,
    particle,
    phrase_top,
    refine,
    relcl_light_verb,
    verb_lemma,
)
from newsgraph.extract.event_targets import History
from newsgraph.records import ActorRef, DateRef, Event


@dataclass(slots=True)
class Cand:
    """A trigger that survived the checks, before actors are attached."""

    trigger: Token
    clause: Token  # the verb whose subject is the source
    code: str
    conf: float
    frame: Frame
    target_from: Token  # token whose frame target spec finds the target
    theme: Token | None = None
    modality: str | None = None
    negated: bool = False
    statement: bool = False
    nominal: bool = False
    light_head: Token | None = None  # the light verb lending its subject ("launched strikes against X")
    consumed: set[int] = field(default_factory=set)
    doer_in_noun: bool = False  # the source is named inside the trigger noun ("Israeli air strikes hit X")


# what an attack named as a subject did to its object: "air strikes flattened / hit / destroyed X"
IMPACT_VERBS = frozenset({"hit", "flatten", "destroy", "level", "pound", "damage", "demolish", "wreck", "strike",
                          "target", "raze", "devastate", "rock", "batter"})
# verbs whose "with" phrase names the act they answer by: "retaliated with air strikes"
ANSWER_WITH = frozenset({"respond", "retaliate", "react", "reply", "answer", "hit"})


# ---------------------------------------------------------------- triggers

def _verb_key(tok: Token, lex: Lexicon) -> str | None:
    lem = verb_lemma(tok, lex.verbs)
    prt = particle(tok)
    if prt and f"{lem} {prt}" in lex.verbs:
        return f"{lem} {prt}"
    o = dobj(tok)
    if o is not None and f"{lem} {o.lower_}" in lex.verbs:  # "open fire"
        return f"{lem} {o.lower_}"
    return lem if lem in lex.verbs else None


def _transform(lex: Lexicon, kind: str, code: str) -> tuple[str, str | None]:
    root = int(code[:2])
    if kind == "reject":
        return lex.transform("reject", code), None
    if kind == "threat" or (kind in {"intent", "plan"} and root >= 13):
        return lex.transform("threat", code), "threat"
    if kind in {"intent", "plan"} and 3 <= root <= 8:
        return lex.transform("intent", code), "future"
    return code, "future"


def _complement_code(tok: Token, lex: Lexicon) -> str | None:
    for c in tok.subtree:
        if c is tok or c.pos_ not in {"VERB", "NOUN"}:
            continue
        if c.pos_ == "VERB" and (key := _verb_key(c, lex)):
            m = match_frame(c, lex.verbs[key])
            if m and not m[0].statement:
                return refine(m[0].code, m[0], m[1])
    return None


def verb_candidate(tok: Token, lex: Lexicon, request_verbs: set[str]) -> Cand | None:
    key = _verb_key(tok, lex)
    if key is None:
        return None
    frames = lex.verbs[key]
    m = match_frame(tok, frames)
    while m is not None and ((m[0].obj_actor and not object_actor(tok.doc, m[1]))
                             or (m[0].needs == "target" and not target_actors(tok.doc, tok, m[0]))):
        frames = frames[frames.index(m[0]) + 1:]  # "welcomed X's statement": not a visit, try on
        m = match_frame(tok, frames)
    if m is None:
        return None
    frame, th = m
    code = refine(frame.code, frame, th)
    cand = Cand(tok, tok, code, frame.conf, frame, tok, theme=th, statement=frame.statement)
    root = code[:2]
    if root in {"02", "10"} and any(c.dep_ == "xcomp" for c in tok.children):
        sub = _complement_code(tok, lex)
        measure = _ordered_measure(tok, lex) if root == "10" else None
        if measure is not None:  # "ordered the fuel supply to Gaza to be cut off": the doer's own measure
            cand.frame, cand.theme = measure
            cand.code = refine(measure[0].code, measure[0], measure[1])
        elif sub and root == "10" and commands_own(tok):  # "ordered his troops to halt their advance"
            cand.code, cand.frame = sub, replace(frame, target=("none",))
        elif sub:  # "asked the US to provide aid" -> appeal for aid
            cand.code = lex.transform("appeal" if root == "02" else "demand", sub)
    return _apply_context(cand, lex, request_verbs)


def _ordered_measure(tok: Token, lex: Lexicon) -> tuple[Frame, Token] | None:
    """ "ordered the electricity supply to Gaza to be cut off", "ordered all flights to X suspended":
    an order whose object is a thing, not an actor, and whose complement is passive is the doer's
    own act on that thing, coded by the complement's frame for it."""
    o = dobj(tok)
    comp = next((c for c in tok.children if c.dep_ == "xcomp" and any(a.dep_ == "auxpass" for a in c.children)), None)
    if o is None or comp is None or o.pos_ != "NOUN" or resolve.actor(tok.doc, resolve.mention_for_token(o)):
        return None
    words = obj_words(o)
    for key in dict.fromkeys((_verb_key(comp, lex), verb_lemma(comp, lex.verbs))):  # "cut off", then "cut"
        for fr in lex.verbs.get(key or "", []):
            if fr.obj is not None and not fr.statement and words & set(fr.obj):
                return fr, o
    return None


def _apply_context(cand: Cand, lex: Lexicon, request_verbs: set[str]) -> Cand | None:
    tok = cand.trigger
    why = md.blocked(tok, lex.control, request_verbs)
    if why is not None:
        return None
    head = tok.head
    cls = lex.control.get(head.lemma_) if tok.dep_ == "xcomp" else None
    if cls is None and tok.dep_ == "xcomp" and head.lower_ in md.READY_ADJ:
        cls = "intent"
    if cls is None and md.be_to(tok):
        cls = "plan"
    if cls in {"reject", "threat", "intent", "plan"}:
        code, mod = _transform(lex, cls, cand.code)
        cand.code, cand.modality = code, mod
        cand.clause, cand.trigger = head, head
        cand.consumed.add(head.i)
        if md.negated(head):
            return None  # "did not threaten/refuse to X": nothing happened
        return cand
    if cls == "negate":
        return None
    neg = md.negated(tok)
    mod = md.modality(tok)
    root = int(cand.code[:2])
    if cand.statement:
        return None if neg else cand
    if neg and (mod or md.present_tense(tok)) and 3 <= root <= 8:
        cand.code, cand.modality = lex.transform("reject", cand.code), None
        return cand
    if neg:
        return None  # what did not happen is not an event (a refusal was recoded above as a REJECT)
    if mod == "future" and md.announced_now(tok):
        return cand
    if mod == "hypothetical" and md.speculation(tok):
        return None  # "X might be doing Y" as the writer's or a third party's guess: nobody threatened
    if mod:
        cand.code, cand.modality = _transform(lex, "plan", cand.code)
        if mod == "hypothetical" and cand.modality == "future":
            cand.modality = "hypothetical"
    return cand


def noun_candidate(tok: Token, lex: Lexicon, request_verbs: set[str]) -> Cand | None:
    frames = lex.nouns.get(lemma(tok))
    if not frames:
        return None
    m = match_frame(tok, frames)
    if m is None:
        return None
    frame, th = m
    code = refine(frame.code, frame, tok)
    first = phrase_top(tok)
    head = first.head
    light = first.dep_ in {"dobj", "obj", "attr", "nsubjpass"} and head.pos_ in {"VERB", "AUX"} \
        and verb_lemma(head, lex.light_verbs) in lex.light_verbs
    if not light and first.dep_ == "pobj" and first.head.lower_ == "with" and first.head.head.pos_ == "VERB" \
            and first.head.head.lemma_.lower() in ANSWER_WITH:  # "Israel retaliated with air strikes on X"
        head, light = first.head.head, True
    impact = not light and first.dep_ == "nsubj" and first.head.lemma_.lower() in IMPACT_VERBS \
        and code[:2] in {"18", "19", "20"}
    if impact:  # "Israeli air strikes flattened towers": the strikes are the act, the verb its effect
        head, light = first.head, True
    maker = None if light else relcl_light_verb(first, lex)
    if maker is not None:  # "rejected an ultimatum that X had issued": X issued an ultimatum
        head, light = maker, True
    if frame.light and not light and not held_between(tok, first):
        return None
    if frame.needs == "acl":
        sub = _complement_code(tok, lex)
        code = lex.transform("intent", sub) if sub else code
    clause = head if light else tok
    conf = frame.conf * (1.0 if light else 0.75)
    cand = Cand(tok, clause, code, conf, frame, tok, theme=th, nominal=not light)
    if not light:
        return None if md.blocked(tok, lex.control, request_verbs) else cand
    ctx = _apply_context(Cand(head, head, code, cand.conf, frame, tok, theme=th), lex, request_verbs)
    if ctx is None:
        return None
    ctx.trigger = tok if ctx.trigger is head else ctx.trigger
    ctx.light_head = head
    ctx.consumed.add(head.i)
    ctx.target_from = tok if any(c.dep_ in {"prep", "acl"} for c in tok.children) else first
    if impact:  # the doer is named inside the noun ("Israeli"), the struck thing is the verb's object
        ctx.doer_in_noun, ctx.target_from = True, head
        ctx.frame = replace(frame, target=("dobj", *frame.target))
    return ctx


def ready_candidate(tok: Token, lex: Lexicon, request_verbs: set[str]) -> Cand | None:
    """ "ready/willing to X" where X is not itself a trigger: a bare intent to cooperate."""
    comp = next(c for c in tok.children if c.dep_ == "xcomp")
    key = _verb_key(comp, lex)
    if key and match_frame(comp, lex.verbs[key]):
        return None  # the complement's own candidate carries the recoded intent
    if md.blocked(tok, lex.control, request_verbs) or md.negated(tok) or md.negated(tok.head):
        return None
    clause = tok.head if tok.dep_ == "acomp" else tok
    said = lex.verbs.get(clause.head.lemma_.lower()) if clause.dep_ == "ccomp" else None
    if said and said[0].code.startswith("13"):
        return None  # "warned that X was ready to act": the warning is the event, not an intent
    frame = Frame(code="030", conf=0.55, target=("dative",))
    return Cand(tok, tok, "030", 0.55, frame, comp)


# ---------------------------------------------------------------- events

def _request_verbs(lex: Lexicon) -> set[str]:
    return {k for k, fr in lex.verbs.items()
            if fr and fr[0].code[:2] in {"02", "10"} and fr[0].needs in {None, "target"}}


def _sentence_cands(sent: Span, lex: Lexicon, request_verbs: set[str] | None = None) -> list[Cand]:
    if request_verbs is None:  # a scan of the whole lexicon: callers looping over sentences pass it in
        request_verbs = _request_verbs(lex)
    cands: list[Cand] = []
    consumed: set[int] = set()
    for tok in sent:
        # a word under a modal is a verb even when mistagged ("would \"definitely\" answer" as a noun)
        if tok.pos_ in {"VERB", "AUX"} or tok.tag_.startswith("VB") or any(c.tag_ == "MD" for c in tok.children):
            c = verb_candidate(tok, lex, request_verbs)
            if c is not None:
                cands.append(c)
                if c.theme is not None and not c.statement:
                    consumed.add(c.theme.i)
        elif tok.lower_ in md.READY_ADJ and any(c.dep_ == "xcomp" for c in tok.children):
            c = ready_candidate(tok, lex, request_verbs)
            if c is not None:
                cands.append(c)
    for tok in sent:
        # a theme stays free for its own event when a relative clause names its maker ("rejected an
        # ultimatum that X issued": X's ultimatum is an event of its own)
        if tok.pos_ in {"NOUN", "PROPN"} and (tok.i not in consumed or relcl_light_verb(tok, lex)):
            c = noun_candidate(tok, lex, request_verbs)
            if c is not None:
                cands.append(c)
    taken = {i for c in cands for i in c.consumed}
    cands = [c for c in cands if c.trigger.i not in taken or c.consumed]
    return md.drop_topics([c for c in cands if not _elaborates(c, cands)])


def _elaborates(cand: Cand, cands: list[Cand]) -> bool:
    """Is ``cand`` a participle spelling out a governing sanction ("imposed sanctions on X,
    banning arms sales and freezing assets")? The measures listed are that one act."""
    if cand.trigger.tag_ != "VBG" or cand.trigger.dep_ not in {"advcl", "amod", "conj"} or cand.code[:2] != "16":
        return False  # only measures: "marched ..., chanting slogans against X" adds its own target
    heads = {c.clause.i: c.code[:2] for c in cands if c is not cand} | {
        c.trigger.i: c.code[:2] for c in cands if c is not cand}
    cur = cand.trigger
    for _ in range(4):
        if cur.head is cur:
            return False
        cur = cur.head
        if heads.get(cur.i) == cand.code[:2]:
            return True
    return False


def _dedupe(events: list[Event]) -> list[Event]:
    best: dict[tuple, Event] = {}
    for e in events:
        # one doer's undirected acts of one kind in a sentence are one event ("we're prepared to
        # start a new history and ready to write a new chapter"), however many words say it
        at = e.trigger_start if e.target_key or e.source_key is None else None
        k = (e.source_key, e.target_key, e.root, at)
        if k not in best or e.confidence > best[k].confidence:
            best[k] = e
    kept = list(best.values())
    with_target = {(e.source_key, e.quad_class) for e in kept if e.target_key}
    return [e for e in kept if e.target_key or e.source_key is None
            or (e.source_key, e.quad_class) not in with_target]


def extract_events(doc: Doc, *, statements: bool = False, require: str = "source") -> list[Event]:
    """Code every non-boilerplate sentence of ``doc``.

    ``require``: "source" (default) needs a source actor: an event with no known doer cannot be
    coded ("bases were struck"); "either" emits an event with a source or a target actor, "both"
    needs both (GDELT's rule). ``statements``: emit 010 for a speech verb with a known
    speaker when the sentence yields no other event.
    """
    lex = lexicon()
    article_id = doc._.article_id or ""
    dates: list[DateRef] = doc._.dates or []
    out: list[Event] = []
    previous: tuple[str | None, str] | None = None  # the last stated time, for "hours later"
    doers: list[ActorRef] = []  # sources of the article's violent events, in text order
    history = History()  # the article's directed acts, for the targets of answers
    request_verbs = _request_verbs(lex)
    stated: tuple[str | None, str] | None = None  # the time the sentence just before states itself
    for sent in doc.sents:
        in_sent = [d for d in dates if sent.start_char <= d.start < sent.end_char]
        just_before, stated = stated, (
            sentence_date(in_sent, doc._.article_date, doc._.article_date_precision) if in_sent else None)
        if sent._.is_boilerplate or md.is_question(sent.text):
            continue
        cands = sorted(_sentence_cands(sent, lex, request_verbs), key=lambda c: c.statement)
        anchors = [{c.trigger.i, c.clause.i} | ({c.light_head.i} if c.light_head is not None else set())
                   for c in cands]
        when = event_dates(sent, in_sent, anchors, previous, doc._.article_date, doc._.article_date_precision,
                           sentence_date, just_before)
        if in_sent:
            previous = sentence_date(in_sent, doc._.article_date, doc._.article_date_precision)
        events: list[Event] = []
        for c, (date, precision) in zip(cands, when, strict=True):
            if c.statement and (events or not statements):
                continue
            events += events_for(doc, sent, c, article_id, date, precision, require, doers, history)
        out += _dedupe(share_targets(doc, answer_targets(events)))
    return out
