"""From a speech verb to the actor who spoke.

The subject of the cue verb names the speaker, but news writing hides it in many ways: a relative
clause ("Dempsey, who said ..."), a participle ("..., saying"), a conjoined verb ("X addressed Y and
said"), a pronoun, a document ("the statement added"), an unnamed role ("the president said") or a
spokesperson who speaks for somebody else. Each case is mapped back to the mention layer here so the
quote finder only has to find the verb.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract import names
from newsgraph.extract.doc_cache import doc_text
from newsgraph.extract.mention_refs import ORG_ANAPHORA_HEADS, named_body
from newsgraph.extract.quote_followups import reporter_before
from newsgraph.extract.resolve import mention_covering, mention_for_phrase, mention_for_token, mentions_in
from newsgraph.knowledge import load_kb
from newsgraph.knowledge.speech import speech_verbs
from newsgraph.records import Mention

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
# Unnamed speakers a newspaper protects; the institution they belong to is still worth keeping.
ANONYMOUS_HEADS = {
    "official", "source", "diplomat", "insider", "aide", "officer", "person", "people",
    "someone", "analyst", "expert", "observer", "resident", "witness", "activist",
}
# People who speak on somebody else's behalf: the quote is that principal's position.
PROXY_HEADS = {"spokesman", "spokeswoman", "spokesperson", "representative", "mouthpiece", "office"}
# Things that "say" on behalf of whoever issued them.
DOCUMENT_HEADS = {
    "statement", "letter", "message", "report", "communique", "communiqué", "release",
    "post", "tweet", "video", "recording", "announcement", "memo", "document", "note", "text",
}
DOUBLE_MARKS_ = set('"“”„«»')
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
BODY_PRONOUNS = {"it", "they"}
_REPORTING = speech_verbs().reported


@dataclass(frozen=True, slots=True)
class Speaker:
    key: str | None
    text: str | None
    anonymous: bool = False


def subject_of(verb: Token) -> Token | None:
    """The subject head of a cue verb, climbing through participles, conjuncts and relative clauses."""
    tok = verb
    for _ in range(4):
        subj = next((c for c in tok.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None:
            if subj.lower_ in RELATIVE_PRONOUNS and tok.dep_ == "relcl":
                return tok.head
            return subj
        if tok.dep_ in {"advcl", "xcomp", "conj", "pcomp"} and tok.head is not tok:
            tok = tok.head
            if _reported_host(tok, verb):
                tok = tok.head  # "X said Y would answer, accusing Z of ...": X accuses, not Y
            continue
        if tok.dep_ == "relcl" and tok.head is not tok:
            return tok.head
        return None
    return None


def _reported_host(host: Token, participle: Token) -> bool:
    """A speech participle set off by a comma and hung on a clause that another speech verb reports.

    The parser attaches ", accusing ..." to the nearest verb, which in "X said Y would answer,
    accusing Z" is the reported one; news style means the reporter of the clause is the accuser.
    """
    doc = participle.doc
    return (participle.tag_ == "VBG" and participle.i > 0 and doc[participle.i - 1].text == ","
            and host.dep_ == "ccomp" and host.head.lemma_.lower() in _REPORTING
            and host.head.pos_ == "VERB" and host.head.i < host.i)


_CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "conj", "cc"}


def _phrase_text(head: Token, limit_end: int | None = None) -> str:
    left, right = _phrase_range(head, limit_end)
    return doc_text(head.doc)[left:right].strip(" ,;:—–")


def _phrase_range(head: Token, limit_end: int | None = None) -> tuple[int, int]:
    """The naming words only: '..., who said ...' clauses and quoted text are not part of the name."""
    toks = [head]
    stack = [c for c in head.children if c.dep_ not in _CLAUSE_DEPS]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(t.children)
    toks.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    run = [head]
    for t in reversed([t for t in toks if t.i < head.i]):
        if t.i != run[0].i - 1 or t.text in DOUBLE_MARKS_:
            break
        run.insert(0, t)
    for t in [t for t in toks if t.i > head.i]:
        if t.i != run[-1].i + 1 or t.text in DOUBLE_MARKS_:
            break
        run.append(t)
    left, right = run[0].idx, run[-1].idx + len(run[-1])
    if limit_end is not None:
        right = max(min(right, limit_end), head.idx + len(head))
    return left, right


def _actor_type(doc: Doc, key: str) -> str | None:
    ref = (doc._.actors or {}).get(key)
    return ref.type if ref is not None else None


def _outside(m: Mention, quotes: list[tuple[int, int]]) -> bool:
    return not any(s <= m.start and m.end <= e for s, e in quotes)


def last_person_before(doc: Doc, pos: int, quotes: list[tuple[int, int]]) -> Mention | None:
    """Most recent mention of a person before ``pos`` outside quoted text: the antecedent of a lone 'he'."""
    best = None
    for m in doc._.mentions or []:
        if m.end > pos:
            break
        if m.kind != "pronoun" and _outside(m, quotes) and _actor_type(doc, m.link_key) == "PERSON":
            best = m
    return best


_BODY_WINDOW = 400  # characters back to look for the body an 'it said' refers to


def last_body_subject(doc: Doc, pos: int, quotes: list[tuple[int, int]]) -> Mention | None:
    """For '"...," it said': the organisation or state that was last the subject of a clause.

    The subject, not just the latest name: in "The agency published its report on Tuesday" the
    agency, not a country named later in an object, is what "it" goes on talking about.
    """
    for m in reversed([m for m in doc._.mentions or [] if pos - _BODY_WINDOW <= m.start and m.end <= pos]):
        if m.kind in {"place", "pronoun"} or not _outside(m, quotes):
            continue
        if _actor_type(doc, m.link_key) not in {"ORG", "IGO", "COUNTRY", "GROUP"}:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}:
            return m
    return None


def _issuer_of(doc: Doc, noun: Token, quotes: list[tuple[int, int]]) -> Mention | None:
    """For 'the statement added': who issued the earlier 'statement' ('X said in a statement')."""
    for tok in reversed(doc[: noun.i]):
        if tok.lemma_.lower() != noun.lemma_.lower():
            continue
        verb = tok.head
        for _ in range(4):
            if verb.pos_ in {"VERB", "AUX"}:
                break
            verb = verb.head
        subj = subject_of(verb) if verb.pos_ in {"VERB", "AUX"} else None
        if subj is not None and subj.i != tok.i:
            m = mention_for_phrase(subj)
            if m is not None and _outside(m, quotes):
                return m
    return None


def _anonymous(doc: Doc, head: Token, limit_end: int | None) -> Speaker:
    text = _phrase_text(head, limit_end)
    left = head.left_edge.idx
    right = head.right_edge.idx + len(head.right_edge)
    inst = next((m for m in mentions_in(doc, left, right) if _actor_type(doc, m.link_key) != "PERSON"), None)
    return Speaker(inst.link_key if inst else None, text, anonymous=True)


def resolve_speaker(
    subj: Token,
    quotes: list[tuple[int, int]],
    previous: Speaker | None,
    limit_end: int | None = None,
) -> Speaker:
    """Map a subject head to a speaker; ``previous`` is the last quote's speaker, the usual antecedent."""
    doc = subj.doc
    text = _phrase_text(subj, limit_end)
    lower = subj.lower_
    if subj.pos_ == "PRON" or lower in PERSON_PRONOUNS:
        m = mention_for_token(subj)
        if m is not None:
            return Speaker(m.link_key, subj.text)
        if lower in PERSON_PRONOUNS:
            person = last_person_before(doc, subj.idx, quotes)
            if person is not None:
                return Speaker(person.link_key, subj.text)
        if lower in BODY_PRONOUNS:
            body = last_body_subject(doc, subj.idx, quotes)
            if body is not None:
                return Speaker(body.link_key, subj.text)
            # otherwise 'it' is usually the statement the last speaker issued ("It stressed ...")
        if previous is not None:
            return Speaker(previous.key, subj.text, previous.anonymous)
        return Speaker(None, subj.text)
    lemma = subj.lemma_.lower()
    named_appos = _named_apposition(subj)
    if named_appos is not None:
        return Speaker(named_appos.link_key, text)  # "A senior Houthi official, Mohammed X, said"
    if lemma in PROXY_HEADS:
        named = mention_for_token(subj)
        if named is not None and _actor_type(doc, named.link_key) == "PERSON" \
                and not named.link_key.startswith("anon:"):
            return Speaker(named.link_key, text)  # "Pakistan's military spokesman, Maj. Gen. X"
        if named is not None and lemma == "office":
            return Speaker(named.link_key, text)  # "the Foreign Office", "the White House press office"
        poss = next((c for c in subj.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
        m = mention_for_phrase(poss) if poss is not None else None
        if m is None and poss is not None and poss.tag_ == "NN":
            m = _holder(doc, poss, quotes)  # "the chancellor's office" after "Chancellor X"
        if m is not None and not m.link_key.startswith("anon:"):
            return Speaker(m.link_key, text)  # "the ministry's spokesman", "Lind's spokesman"
        # "the ministry's spokesman" / "a ministry spokesman" after "the Interior Ministry"
        body_word = poss if poss is not None else next((c for c in subj.children if c.dep_ == "compound"), None)
        if body_word is not None and body_word.lemma_.lower() in ORG_ANAPHORA_HEADS:
            body = named_body(doc._.mentions or [], doc._.actors or {}, body_word.lemma_.lower(), body_word.idx, doc)
            if body is not None:
                return Speaker(body, text)
        for prep in subj.children:
            if prep.dep_ == "prep" and prep.lower_ in {"for", "of"}:
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                m = mention_for_phrase(pobj) if pobj is not None else None
                if m is not None:
                    return Speaker(m.link_key, text)
        appos = next((c for c in subj.children if c.dep_ == "appos"), None)
        m = mention_for_phrase(appos) if appos is not None else None
        if m is not None:
            return Speaker(m.link_key, text)
        body_key = _modifier_body(subj)
        if body_key is not None:
            return Speaker(body_key, text)  # "a Foreign Office spokesperson" after "the Foreign Office"
        inst = _anonymous(doc, subj, limit_end)  # "a police spokeswoman": unnamed, maybe an institution
        return Speaker(inst.key, text, anonymous=lemma != "office")  # an office is no person to hide
    if lemma in ANONYMOUS_HEADS:
        named = mention_for_token(subj)
        if named is None or _actor_type(doc, named.link_key) != "PERSON":
            unnamed = _anonymous(doc, subj, limit_end)
            if unnamed.key is None and _definite(subj):
                earlier = _same_unnamed_before(doc, subj, quotes)
                if earlier is not None:  # "A senior Hamas official told ... '...,' the official said"
                    return Speaker(earlier.link_key, text, anonymous=True)
            return unnamed
    if lemma in DOCUMENT_HEADS:
        issuer = _issuer_of(doc, subj, quotes)
        if issuer is not None:
            return Speaker(issuer.link_key, text)
        reporter = _previous_reporter(doc, subj, quotes)
        if reporter is not None:
            return reporter
        if previous is not None:
            return Speaker(previous.key, text, previous.anonymous)
        return Speaker(None, text)
    m = mention_for_token(subj)
    if m is None:
        # "Chairman of the Joint Chiefs Martin Dempsey": the person named in the phrase, not the body
        people = [x for x in mentions_in(doc, *_phrase_range(subj, limit_end))
                  if _actor_type(doc, x.link_key) == "PERSON" and x.kind in {"name", "title"}]
        plural = subj.tag_ in {"NNS", "NNPS"}  # "the senators, including A and B": A stands for them
        m = people[-1] if people and not plural else mention_for_phrase(subj)
    if m is not None:
        return Speaker(m.link_key, text, anonymous=m.link_key.startswith("anon:"))
    is_definite = any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)
    if is_definite and subj.tag_ == "NN":
        holder = _holder(doc, subj, quotes)  # "the president said": the person called president
        if holder is not None:
            return Speaker(holder.link_key, text)
        person = last_person_before(doc, subj.idx, quotes)
        ref = (doc._.actors or {}).get(person.link_key) if person is not None else None
        if person is not None and ref is not None and not ref.role and load_kb().role_of(subj.lower_) is not None:
            return Speaker(person.link_key, text)  # "X arrived ... the minister said": X had no title yet
    return Speaker(None, text)


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in {"the", "that", "this"} for c in tok.children)


def _same_unnamed_before(doc: Doc, noun: Token, quotes: list[tuple[int, int]]) -> Mention | None:
    """For 'the official said': the latest earlier mention headed by the same noun ('a senior Hamas
    official'), which the mention layer tied to the official's institution."""
    lemma = noun.lemma_.lower()
    for m in reversed([m for m in doc._.mentions or [] if m.end <= noun.idx]):
        if m.kind == "pronoun" or not _outside(m, quotes) or m.link_key.startswith("role:"):
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.root.lemma_.lower() == lemma and span.root.i != noun.i:
            return m
    return None


def _previous_reporter(doc: Doc, noun: Token, quotes: list[tuple[int, int]]) -> Speaker | None:
    """For '"...," the statement added': who the sentence before the quote reported ('X said')."""
    opened = max((s for s, e in quotes if e <= noun.idx), default=None)
    if opened is None:
        return None
    subj = reporter_before(doc, opened, max(0, opened - 800), quotes)
    if subj is None or subj.lemma_.lower() in DOCUMENT_HEADS:
        return None
    found = resolve_speaker(subj, quotes, None)
    return Speaker(found.key, _phrase_text(noun), found.anonymous) if found.key is not None else None


def _holder(doc: Doc, noun: Token, quotes: list[tuple[int, int]]) -> Mention | None:
    """The latest person before ``noun`` whom the article called by it ("President X" ... "the president").

    Not simply the latest person: after "Foreign Minister A met President B", "the foreign minister
    said" is A.
    """
    seen: set[str] = set()
    for m in reversed([m for m in doc._.mentions or [] if m.end <= noun.idx]):
        if m.link_key in seen or m.kind == "pronoun" or not _outside(m, quotes) \
                or _actor_type(doc, m.link_key) != "PERSON" or m.link_key.startswith("anon:"):
            continue
        seen.add(m.link_key)
        if _called(doc, m.link_key, noun.lower_, noun.idx):
            return m
    return None


def _modifier_body(subj: Token) -> str | None:
    """Key of the body named in the words before a spokesman ("a Foreign Office spokesperson").

    The mention layer folds such a phrase into one unnamed person, so the body is found as an actor
    of the article named the same way, or through the knowledge base.
    """
    doc = subj.doc
    mods = [c for c in subj.children if c.dep_ == "compound" and c.i < subj.i and c.pos_ == "PROPN"]
    if not mods:
        return None
    phrase = doc[min(c.left_edge.i for c in mods) : subj.i].text
    actors = doc._.actors or {}
    for m in reversed([m for m in doc._.mentions or [] if m.end <= subj.idx]):
        if names.strip_det(m.text).lower() == phrase.lower() and not m.link_key.startswith("anon:"):
            return m.link_key
    entry = load_kb().lookup(phrase, doc._.article_date or doc._.published)
    return entry.key if entry is not None and entry.key in actors else None


def _named_apposition(subj: Token) -> Mention | None:
    """The named person a description stands in apposition to: the description is not the speaker.

    Likewise a body a description names ("Egypt's state news agency MENA", "the rebel group, the
    Northern Front"): the name, not the description's generic actor.
    """
    body = subj.lemma_.lower() in ORG_ANAPHORA_HEADS | _BODY_NOUNS
    for c in subj.children:
        if c.dep_ == "appos" and c.i > subj.i:
            m = mention_for_phrase(c)
            kind = _actor_type(subj.doc, m.link_key) if m is not None else None
            if m is not None and kind == "PERSON" and not m.link_key.startswith(("anon:", "role:")):
                return m
            if m is not None and body and kind in {"ORG", "IGO"} and m.link_key.startswith("org:"):
                return m
    return None


_BODY_NOUNS = frozenset({"broadcaster", "channel", "newspaper", "outlet", "station", "television", "daily"})


def _called(doc: Doc, key: str, noun: str, before: int) -> bool:
    """Whether the article named this person with ``noun`` earlier ('Envoy X' ... 'the envoy').

    A personal title ('the president') or this check is needed: otherwise 'the military force said'
    would go to whoever was the last person named.
    """
    ref = (doc._.actors or {}).get(key)
    names = [ref.role or "", ref.name, *ref.aliases] if ref is not None else []
    names += [m.text for m in doc._.mentions or [] if m.link_key == key and m.start < before]
    return any(noun in n.lower().split() for n in names)


def speaker_for_span(doc: Doc, start: int, end: int) -> Speaker:
    """For 'according to X': the actor named in X, or an anonymous source."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return Speaker(None, doc_text(doc)[start:end])
    head = span.root
    if head.pos_ in {"NOUN", "PRON"} or head.lemma_.lower() in ANONYMOUS_HEADS | PROXY_HEADS:
        return resolve_speaker(head, [], None, limit_end=end)
    m = mention_covering(doc, start, end)
    return Speaker(m.link_key if m else None, span.text)
