"""Second references and descriptions that point back (or forward) to an actor already named.

Split from ``mention_refs`` (pronouns, surnames, body anaphora): the shapes here came from the sixth
blind set. "the bloc" / "European leaders" for the bloc a story names, "the state news agency X",
"the ministry said" after a foreign ministry, "the official said" after an unnamed official, "the
spokesman for X", "the 93-year-old", and known names NER cut short.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Span, Token

from newsgraph.extract import names
from newsgraph.extract.actor_roles import ANONYMOUS_HEADS, INSTITUTION_HEADS, describe_phrase
from newsgraph.extract.doc_cache import doc_ents
from newsgraph.extract.mention_state import LocalActor, MentionBuilder
from newsgraph.knowledge import KBEntry, load_kb
from newsgraph.records import Mention

_WINDOW = 600  # characters: as for pronouns, an antecedent further back is too uncertain

# Continental and regional adjectives that news writing uses for a bloc's members as a group.
_REGION_WORDS = frozenset({"european", "african", "arab", "asian", "nordic", "baltic", "gulf", "caribbean",
                           "pacific", "latin"})
_MEMBER_HEADS = frozenset({"leader", "minister", "government", "state", "country", "nation", "president"})



def _recent(b: MentionBuilder, before: int) -> Iterator[Mention]:
    """Mentions that start before ``before`` and within the window, latest first."""
    for m in reversed(b.mentions):
        if m.start >= before:
            continue
        if m.start < before - _WINDOW:
            return
        yield m


_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "aide", "adviser", "advisor"})


def regional_bloc(b: MentionBuilder, span: Span) -> LocalActor | None:
    """'European leaders' in a story naming the European Union; 'West African leaders' with ECOWAS.

    Wire copy calls a bloc's summit "leaders of the region": as a collective actor these are the bloc
    the article names (before or after), not the country the story is about. Nothing is returned
    when no international body whose name carries the regional word appears in the article.
    """
    root = span.root
    if root.tag_ != "NNS" or root.lemma_.lower() not in _MEMBER_HEADS:
        return None
    region = {t.lower_ for t in span if t.i < root.i and t.pos_ in {"ADJ", "PROPN"}} & _REGION_WORDS
    if not region or any(t.ent_type_ in {"ORG", "GPE"} for t in span if t.i < root.i and t.lower_ not in region
                         and t.lower_ not in {"west", "east", "north", "south", "central"}):
        return None

    def carries(forms: list[str] | tuple[str, ...]) -> bool:
        return any(region & set(re.findall(r"[a-z]+", f.lower())) for f in forms)

    for m in reversed(b.mentions):
        a = b.actors.get(m.link_key)
        if m.start < span.start_char and a is not None and a.type == "IGO" and carries([a.name, *a.forms]):
            return a
    for ent in doc_ents(b.doc):
        if ent.start_char <= span.end_char or ent.label_ != "ORG":
            continue
        e = b.kb.lookup(names.strip_det(ent.text), b.date)
        if e is not None and e.type == "IGO" and carries([e.name, *e.aliases]):
            return b.actors.get(e.key) or b.from_entry(e, ent.text)
    return None

def described_org(b: MentionBuilder, span: Span, key: str) -> tuple[str | None, str | None, list[str]]:
    """(country, sector, description forms) of an unknown organisation from the description it is in
    apposition to.

    "according to the state news agency Belta": the description was read first as a nominal of its
    own (the country's media); it names the same body, so its mention is moved to ``key`` (the name's
    actor), whose country and sector it supplies. Kept as a form of the name, it lets a later "the
    agency" find the name.
    """
    root = span.root
    head = root.head
    if not (root.dep_ == "appos" and head.i < span.start):  # "the state news agency, Belta" / "agency Belta"
        head = next((c for c in root.children if c.dep_ == "compound" and c.i < span.start), root)
    if head is root or head.pos_ != "NOUN" or head.lower_ not in INSTITUTION_HEADS:
        return None, None, []
    desc = b.doc[head.left_edge.i : head.i + 1]
    info = describe_phrase(desc, b.kb)
    if info is None or not info.institution:
        return None, None, []
    forms = [names.strip_det(desc.text)]
    for i, m in enumerate(b.mentions):
        if m.kind == "nominal" and desc.start_char <= m.start and m.end <= desc.end_char:
            b.mentions[i] = replace(m, link_key=key)
            forms.append(m.text)
    country = info.country
    if country is None and any(t.lower_ in {"state", "state-run", "official", "government"} for t in desc):
        country = b.focus  # "the state news agency X": the story's own state speaks through it
    return country, info.sector, forms

def unnamed_antecedent(b: MentionBuilder, span: Span) -> LocalActor | None:
    """'the official' after 'a senior US official': the unnamed person introduced before.

    A definite singular "official" / "source" / "diplomat" with no name continues the latest unnamed
    person of that kind in the last few paragraphs; it is not the latest named office-holder of the
    same country, which would put an anonymous official's words in the president's mouth.
    """
    root = span.root
    lemma = root.lemma_.lower()
    if lemma not in ANONYMOUS_HEADS or root.tag_ != "NN":
        return None
    for m in _recent(b, span.start_char):
        a = b.actors.get(m.link_key)
        if a is not None and a.key.startswith("anon:") and m.kind == "nominal" \
                and m.text.split()[-1].lower() in {lemma, lemma + "s"}:
            return a
    return None

def principal_of(b: MentionBuilder, root: Token) -> LocalActor | None:
    """The named person a spokesman speaks for: 'the spokesman for UN Secretary-General X'.

    The name comes later in the text than the spokesman, so it is resolved here (as the later name
    mention will be); the spokesman's words and acts are then the principal's, as CAMEO codes them.
    """
    if root.lemma_.lower() not in _SPOKESPEOPLE:
        return None
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"for", "of", "to"}:
            continue
        lo, hi = prep.i, prep.right_edge.i + 1
        for ent in doc_ents(b.doc):
            if ent.label_ == "PERSON" and lo < ent.start and ent.end <= hi and len(ent) > 1:
                return b.person(ent)
    return None

def age_reference(b: MentionBuilder, tok: Token) -> None:
    """'the 93-year-old said': an age used as a noun refers back to the latest person named.

    Only the bare form (nothing after "old"): "the 76-year-old leader" is a noun phrase with a role
    and is read as one. The person must have been named in the last few paragraphs.
    """
    doc = b.doc
    i = tok.i
    if i < 5 or doc[i - 1].text != "-" or doc[i - 2].lower_ not in {"year", "month"} or doc[i - 3].text != "-" \
            or not doc[i - 4].like_num or doc[i - 5].lower_ != "the":
        return
    if i + 1 < len(doc) and doc[i + 1].pos_ in {"NOUN", "PROPN"}:
        return
    span = doc[i - 5 : i + 1]
    if not b.free(span.start, span.end):
        return
    for m in _recent(b, span.start_char):
        a = b.actors.get(m.link_key)
        if a is not None and a.type == "PERSON" and not a.key.startswith(("anon:", "role:")):
            b.add(span, "nominal", a)
            return

def kb_tail(b: MentionBuilder, span: Span) -> tuple[Span, KBEntry] | None:
    """A known organisation whose name runs past the tagged span by "in"/"of" and one to three
    capitalised words ("Organization for Security and Co-operation" + "in Europe")."""
    doc = b.doc
    if span.end + 1 >= len(doc) or doc[span.end].lower_ not in {"in", "of", "for"}:
        return None
    end = span.end + 1
    while end < len(doc) and end - span.end <= 3 and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
        longer = doc[span.start : end]
        entry = b.kb.lookup(names.strip_det(longer.text), b.date)
        if entry is not None and entry.type in {"ORG", "IGO"} and b.free(span.end, end):
            return Span(doc, span.start, end, label=span.label_), entry
    return None


def same_head_before(b: MentionBuilder, head: str, before: int) -> str | None:
    """'the ministry said' after 'The Singapore foreign ministry said': the body a recent description
    with the same head noun named, even a state's (keyed by its country, so no name of its own to
    match); otherwise a foreign ministry quoted in a story set elsewhere becomes the home government."""
    for m in _recent(b, before):
        if m.kind not in {"nominal", "name"}:
            continue
        words = m.text.lower().split()
        if words and words[-1] in {head, head + "s"} and len(words) > 1 and m.link_key in b.actors:
            return str(m.link_key)
    return None


def portfolio_word(tok: Token) -> bool:
    """A lone capitalised word that modifies a title ("Defence Secretary", "Secretary of State")."""
    kb = load_kb()
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
    return tok.dep_ in {"compound", "pobj", "amod", "nmod"} and head.i != tok.i \
        and kb.role_of(head.text.lower()) is not None


_FORCE_HEADS = frozenset({"fighter", "troop", "man", "soldier", "militiaman", "mercenary", "gunman", "loyalist"})


def commanded_force(b: MentionBuilder, span: Span) -> LocalActor | None:
    """'his fighters' after 'Prigozhin, the head of the Wagner group': the force acts as its commander.

    Armed men under a named person's command are coded as that person (CAMEO codes the group by its
    leader when the group has no name of its own in the sentence); the person is the latest one
    named before, of the pronoun's gender. Followers who are not under command ("his supporters")
    are not covered.
    """
    root = span.root
    poss = next((c for c in root.children if c.dep_ == "poss" and c.lower_ in {"his", "her"}), None)
    if poss is None or root.tag_ != "NNS" or root.lemma_.lower() not in _FORCE_HEADS:
        return None
    gender = "m" if poss.lower_ == "his" else "f"
    for m in _recent(b, span.start_char):
        a = b.actors.get(m.link_key)
        if a is not None and a.type == "PERSON" and m.kind != "place" and not a.key.startswith(("anon:", "role:")) \
                and not (a.gender and a.gender != gender):
            return a
    return None
