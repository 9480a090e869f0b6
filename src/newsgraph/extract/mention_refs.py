"""Words that point back to an actor met earlier in the article: pronouns, bare surnames, "the council".

These carry no name of their own that the knowledge base or the tagger could resolve, so they are
resolved against what the builder has seen so far. Quote speakers depend on them most: the
attribution after a quote ('..., Ghafoor told a news conference', '..., the council said',
'..., he said') is usually a back-reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import names
from newsgraph.extract.mention_links import same_head_before
from newsgraph.extract.mention_state import PRONOUNS, LocalActor, MentionBuilder
from newsgraph.knowledge.speech import speech_verbs
from newsgraph.records import Mention

# Head nouns of organisation names that a definite description repeats ("the council" after
# "the Supreme Council of ..."). Words naming a state's own institutions ("government", "army")
# are left out: "the army" after a named militia is still usually the national army.
ORG_ANAPHORA_HEADS = frozenset({
    "council", "committee", "commission", "movement", "front", "alliance", "coalition", "agency",
    "organisation", "organization", "union", "league", "bloc", "party", "group", "mission", "court",
    "tribunal", "fund", "bank", "institute", "federation", "association", "brigade", "brigades", "network",
    "ministry", "department", "body", "militia", "faction", "embassy", "consulate",
})
# What news writing calls any non-state organisation on second mention ("Hamas ... the group said").
GROUP_ANAPHORA_HEADS = frozenset({"group", "movement", "militia", "faction", "organisation", "organization"})
# What news writing calls an international organisation on second mention ("the bloc", "the alliance").
IGO_ANAPHORA_HEADS = frozenset({"bloc", "alliance", "body"})
_SPEECH = speech_verbs().cue | speech_verbs().reported
_PRONOUN_WINDOW = 600  # characters: further back, a pronoun's antecedent is too uncertain


_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def pronoun(b: MentionBuilder, tok: Token, quotes: list[tuple[int, int]] | None = None) -> None:
    """'he'/'she' -> a person named before; 'they' -> a group, an organisation or a plural named before.

    For a subject pronoun, a clause subject in this or the previous sentence wins over one named in passing
    ('Bellini said the strike would go on until the company met Chief Executive Anna Krug. "...,"
    he said': Bellini), people named inside quotation marks are the speaker's words, not the
    writer's antecedents, and a person a pronoun of the other gender already referred to is skipped.
    """
    if not b.free(tok.i, tok.i + 1):
        return
    want = PRONOUNS[tok.lower_]
    gender = _GENDER.get(tok.lower_, "")
    limit = tok.idx - _PRONOUN_WINDOW
    sent = tok.sent
    # a subject wins only within this sentence and the one before it
    near = b.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    chosen: LocalActor | None = None
    embedded: LocalActor | None = None  # the subject of a clause the sentence before reports
    fallback: LocalActor | None = None  # the latest fitting actor in this or the sentence before
    older: LocalActor | None = None  # the latest fitting actor further back
    for m in reversed(b.mentions):
        if m.start < limit:
            break
        if m.start >= tok.idx or any(s < m.start < e for s, e in quotes or []):
            continue
        a = b.actors.get(m.link_key)
        if a is None or m.kind == "place":
            continue
        person = want == "PERSON" and a.type == "PERSON" and not a.key.startswith("anon:") \
            and not (gender and a.gender and a.gender != gender)
        if person or (want == "PLURAL" and (a.type in {"GROUP", "ORG"} or _plural_phrase(b.doc, m))):
            if tok.dep_ not in _SUBJECT_DEPS:
                chosen = a  # 'him', 'his': simply the latest fitting actor
                break
            if m.start < near:
                older = a  # further back, recency decides
                break
            span = b.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and _is_subject(span):
                # in the sentence before, the main clause's subject outranks one of a clause it reports
                # ('Pompeo said ..., arguing that Maduro had no authority. He urged ...': Pompeo)
                if m.start >= sent.start_char or _is_main_subject(span):
                    chosen = a
                    break
                embedded = embedded or a
                continue
            fallback = fallback or a
    found = chosen or embedded or fallback or older
    if found is not None:
        found.gender = found.gender or gender
        b.add(b.doc[tok.i : tok.i + 1], "pronoun", found)


def _plural_phrase(doc: Doc, m: Mention) -> bool:
    """'they' may also mean states or people named as a plural: "Germany and France said they ...",
    "Ukrainian officials said they ..." (one country alone is "it")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.tag_ in {"NNS", "NNPS"} or root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)


def _is_main_subject(span: Span) -> bool:
    """The phrase is the subject of its sentence's main verb (or of a verb conjoined to it)."""
    root = span.root
    while root.dep_ in {"appos", "compound", "flat"}:
        root = root.head
    verb = root.head
    while verb.dep_ == "conj":
        verb = verb.head
    return root.dep_ in _SUBJECT_DEPS and verb.dep_ == "ROOT"


def _is_subject(span: Span) -> bool:
    """The phrase is a clause subject, or the name in apposition to one ("Head of X Ibrahim Y stressed")."""
    root = span.root
    if root.dep_ in _SUBJECT_DEPS:
        return True
    return root.dep_ in {"appos", "compound", "flat"} and root.head.dep_ in _SUBJECT_DEPS


def surname_candidate(tok: Token) -> bool:
    """A lone capitalised proper noun the tagger gave no person label: maybe a surname seen before."""
    # the tagger sometimes reads an unfamiliar surname as a common noun ('..., Ota said')
    if tok.pos_ not in {"PROPN", "NOUN"} or not tok.text[:1].isupper() or not tok.is_alpha \
            or tok.ent_type_ == "PERSON":
        return False
    doc = tok.doc
    prev = doc[tok.i - 1] if tok.i > 0 else None
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    # part of a longer name ("Ghafoor Street", "Port Ghafoor") is not the person
    return not any(t is not None and t.pos_ == "PROPN" and t.text[:1].isupper() for t in (prev, nxt))


def surname(b: MentionBuilder, tok: Token) -> None:
    """'"...," Ghafoor told a news conference': a surname spaCy did not tag, after the full name.

    Only a surname of exactly one person already named in the article counts (or a family name
    written first, "Lee" after "Lee Myung-bak"), so unknown capitalised words stay unresolved.
    """
    if not b.free(tok.i, tok.i + 1) or b.kb.lookup(tok.text, b.date) is not None or b.kb.country_of(tok.text):
        return
    sur = names.surname(tok.text)
    if not sur or tok.lower_.rstrip(".") in names.TITLE_WORDS:
        return
    people = {a.key: a for a in b.actors.values()
              if a.type == "PERSON" and (a.surname == sur or names.family_first(a.name) == sur)
              and not a.key.startswith(("anon:", "role:"))}
    if len(people) == 1:
        b.add(b.doc[tok.i : tok.i + 1], "name", next(iter(people.values())))


@lru_cache(maxsize=65536)
def _name_words(names_: tuple[str, ...]) -> frozenset[str]:
    """The lower-cased words ``named_body`` matches a head noun against: each name's capitalised words
    and its last word. Memoised: the same actors are scanned for every later noun phrase."""
    words: list[str] = []
    for name in names_:
        words += [w for w in name.replace("-", " ").split() if w[:1].isupper()] + name.split()[-1:]
    return frozenset(w.lower() for w in words)


def named_body(mentions: list[Mention], actors: Mapping[str, Any], head: str, before: int,
               doc: Doc | None = None) -> str | None:
    """Key of the latest organisation before ``before`` whose proper name has ``head`` as a word.

    With ``doc``, also one whose name modified that noun in the text ("the United Nations refugee
    agency" ... "the agency"): the mention layer keeps only the name, not the noun it modified.
    """
    for m in reversed(mentions):
        a = actors.get(m.link_key)
        if m.start >= before or a is None or m.kind in {"place", "pronoun"}:
            continue
        if a.type not in {"ORG", "IGO", "GROUP"} and not (a.type == "COUNTRY" and a.sector not in {None, "GOV"}):
            continue
        # a proper name's words and its head noun, even in lower case ("the KCNA news agency"); also
        # the other names it was met by ("Supreme Council of the Armed Forces" for a country's military)
        others = getattr(a, "forms", None) or getattr(a, "aliases", None) or ()
        words = _name_words((a.name, *others))
        if head in words or head + "s" in words:
            return str(m.link_key)
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if doc is not None else None
        if span is not None and _modifies(span.root, head, span.end):
            return str(m.link_key)
    return None


def _modifies(tok: Token, head: str, after: int) -> bool:
    """Whether ``tok`` modifies, within two steps, a following noun ``head`` ("UN children's agency")."""
    for _ in range(2):
        if tok.dep_ not in {"compound", "nmod", "poss"} or tok.head.i < after:
            return False
        tok = tok.head
        if tok.lemma_.lower() == head:
            return True
    return False


def org_anaphor(b: MentionBuilder, span: Span) -> LocalActor | None:
    """'The council said ...' after 'the Supreme Council of the Armed Forces': the body named before.

    A definite singular description whose head noun is the head word of an organisation's name
    already in the article refers to the latest such organisation.
    """
    root = span.root
    # a lower-case head the tagger calls a proper noun ("the bloc said") is still a common noun
    common = root.tag_ == "NN" or (root.tag_ == "NNP" and root.is_lower)
    if not common or root.lemma_.lower() not in ORG_ANAPHORA_HEADS:
        return None
    first = span.doc[span.start - 1] if span.start > 0 else None
    if not (span[0].lower_ in {"the", "this"} or (first is not None and first.lower_ in {"the", "this"})):
        return None
    key = named_body(b.mentions, b.actors, root.lemma_.lower(), span.start_char, b.doc)
    if key is None and root.lemma_.lower() in IGO_ANAPHORA_HEADS:
        key = next((m.link_key for m in reversed(b.mentions) if m.start < span.start_char
                    and (a := b.actors.get(m.link_key)) is not None and a.type == "IGO"), None)
    if key is None and root.lemma_.lower() in GROUP_ANAPHORA_HEADS:
        key = _latest_named_group(b, span.start_char)
    if key is None:
        key = same_head_before(b, root.lemma_.lower(), span.start_char)
    return b.actors[key] if key is not None else None


def _latest_named_group(b: MentionBuilder, before: int) -> str | None:
    """For 'the group said' after 'Hamas fired ...': the latest organisation named by its own name.

    Not a state's body (those are keyed by country), not a news outlet, and not further back than
    a few sentences: wire copy calls an armed group or a rights group "the group" right after naming it.
    """
    for m in reversed(b.mentions):
        if m.start >= before:
            continue
        if m.start < before - _PRONOUN_WINDOW:
            break
        a = b.actors.get(m.link_key)
        if a is None or m.kind != "name" or a.type not in {"ORG", "GROUP"} or not a.key.startswith("org:"):
            continue
        # an unknown body only if its name says it is one ("the Northern Front"), not "the Daily Post"
        if (a.sector is not None and a.sector not in {"MED", "GOV"}) or (
                a.sector is None and a.name.split()[-1].lower() in _GROUP_NAME_HEADS):
            return str(m.link_key)
    return None


_GROUP_NAME_HEADS = frozenset({
    "front", "movement", "army", "brigade", "brigades", "group", "party", "alliance", "forces", "council",
    "union", "coalition", "militia", "organisation", "organization", "association", "committee", "league",
})


# People a reporter quotes without a name or an office: "one shopkeeper said", "a witness told".
# The role list (sectors.csv) covers officials, soldiers and the like; these have no sector.
UNNAMED_PERSON_HEADS = frozenset({
    "source", "person", "someone", "witness", "eyewitness", "resident", "villager", "shopkeeper", "trader",
    "merchant", "vendor", "neighbour", "neighbor", "passenger", "survivor", "relative", "man", "woman",
    "mother", "father", "driver", "bystander", "local", "onlooker", "customer", "owner", "worker",
})


def unnamed_speaker(b: MentionBuilder, span: Span) -> LocalActor | None:
    """'"...," one shopkeeper said': an unnamed person quoted as a speaker is still the speaker.

    One actor per kind of person ("anon:::shopkeeper"), never joined to a named person, so the
    quote has a speaker to show without pretending to know who it was.
    """
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or root.tag_ != "NN" or root.lemma_.lower() not in UNNAMED_PERSON_HEADS:
        return None
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _SPEECH:
        return None
    if any(t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"} or t.pos_ == "PROPN" for t in span):
        return None
    return LocalActor(f"anon:::{root.lemma_.lower()}", span.text, "PERSON")
