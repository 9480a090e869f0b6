"""Event coding: who did what to whom, as CAMEO/PLOVER events, from the dependency parse.

Triggers come from the event lexicon (verbs with particle/preposition/object frames and event
nouns such as "air strikes" or "a call for"); actors come from the mention layer through
``resolve``. Clauses that report something that did not happen (negated, conditional, wanted,
refused, threatened) are recoded (REJECT, THREATEN, intent) or dropped, see ``modality``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import modality as md
from newsgraph.extract.dates import sentence_date
from newsgraph.extract.event_actors import (
    answer_targets,
    asked_actor,
    authority,
    fallback_targets,
    held_between,
    instrument_doer,
    lead_doer,
    nominal_source,
    object_actor,
    own_state,
    share_targets,
    source_actors,
    target_actors,
)
from newsgraph.extract.event_dates import event_dates
from newsgraph.extract.event_patterns import (
    Frame,
    Lexicon,
    dobj,
    lemma,
    lexicon,
    match_frame,
    particle,
    phrase_top,
    refine,
    relcl_light_verb,
    verb_lemma,
)
from newsgraph.extract.event_targets import (
    History,
    adversary,
    conditional_target,
    destination_state,
    joint,
    mutual,
    own_government,
)
from newsgraph.extract.place_targets import place_state
from newsgraph.knowledge.cameo import code as cameo_code
from newsgraph.records import ActorRef, DateRef, Event, stable_id

RECIPROCAL_ROOTS = {"03", "04", "05", "06", "19"}
# categories defined by whom they are directed at: with no target actor nothing codable is left
DIRECTED_ROOTS = {"11", "16"}


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
        if sub:  # "asked the US to provide aid" -> appeal for aid
            cand.code = lex.transform("appeal" if root == "02" else "demand", sub)
    return _apply_context(cand, lex, request_verbs)


def _apply_context(cand: Cand, lex: Lexicon, request_verbs: set[str]) -> Cand | None:
    tok = cand.trigger
    why = md.blocked(tok, lex.control, request_verbs)
    if why is not None:
        return None
    head = tok.head
    cls = lex.control.get(head.lemma_) if tok.dep_ == "xcomp" else None
    if cls is None and tok.dep_ == "xcomp" and head.lower_ in md.READY_ADJ:
        cls = "intent"
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
    return ctx


def ready_candidate(tok: Token, lex: Lexicon, request_verbs: set[str]) -> Cand | None:
    """ "ready/willing to X" where X is not itself a trigger: a bare intent to cooperate."""
    comp = next(c for c in tok.children if c.dep_ == "xcomp")
    key = _verb_key(comp, lex)
    if key and match_frame(comp, lex.verbs[key]):
        return None  # the complement's own candidate carries the recoded intent
    if md.blocked(tok, lex.control, request_verbs) or md.negated(tok) or md.negated(tok.head):
        return None
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
    return md.drop_topics(cands)


def _dedupe(events: list[Event]) -> list[Event]:
    best: dict[tuple, Event] = {}
    for e in events:
        k = (e.source_key, e.target_key, e.root, e.trigger_start)
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
            events += _events_for(doc, sent, c, article_id, date, precision, require, doers, history)
        out += _dedupe(share_targets(doc, answer_targets(events)))
    return out


def _events_for(doc: Doc, sent: Span, c: Cand, article_id: str, date: str | None,
                precision: str | None, require: str, doers: list[ActorRef], history: History) -> list[Event]:
    srcs: list[ActorRef | None] = list(
        nominal_source(doc, c.trigger) if c.nominal else source_actors(doc, c.clause))
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
    if not tgts and not c.statement:  # "send warplanes to bases within range of Libya"
        tgts = list(destination_state(doc, c.code, c.clause, srcs))
    if not tgts and "own_state" in c.frame.target:
        tgts = list(own_state(doc, srcs))
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
    directed = DIRECTED_ROOTS | ({"18", "19", "20"} if c.light_head is not None or c.nominal else set())
    if not tgts and (cc.root in directed or (cc.root == "04" and len(srcs) < 2)):
        # criticism, sanctions, consultations are done *to* someone; so is an attack reported as a
        # noun ("announced an operation"), where without a target only the announcement is left
        return []
    if not tgts and len(srcs) > 1 and cc.root in RECIPROCAL_ROOTS and mutual(cc.root, c.trigger):
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
