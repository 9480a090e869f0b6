"""Rules that tell who a name or description is: affiliations, conventions, defaults.

Each is a small function over the parse and the article's builder; ``mentions`` decides when to ask.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from newsgraph.extract import names
from newsgraph.extract.actor_roles import RoleInfo
from newsgraph.extract.mention_state import LocalActor, MentionBuilder
from newsgraph.knowledge import KBEntry
from newsgraph.records import Mention

SECTOR_NAMES = {"MIL": "military", "LEG": "legislature", "JUD": "judiciary", "COP": "police", "PTY": "parties",
                 "OPP": "opposition", "REB": "rebels", "INS": "insurgents", "REL": "clergy", "MED": "media",
                 "BUS": "business", "CVL": "civilians", "EDU": "education", "SPY": "intelligence",
                 "LAB": "labor", "REF": "refugees", "HLH": "health", "ELI": "elites", "ETH": "ethnic group"}


NOT_LOCAL = frozenset({"foreign", "international", "western", "allied", "coalition", "multinational", "overseas"})


STATELESS_SECTORS = frozenset({"INS", "REB", "IGO", "NGO", "MED"})


def adjacent_affiliation(b: MentionBuilder, span: Span) -> RoleInfo | None:
    """'Chairman of the US Joint Chiefs of Staff Martin Dempsey': the organisation right before a name."""
    if not b.mentions:
        return None
    last = b.mentions[-1]
    gap = b.doc.text[last.end : span.start_char]
    if gap.strip() or last.kind == "pronoun":
        return None
    a = b.actors.get(last.link_key)
    if a is None or a.type == "PERSON":
        return None
    return RoleInfo(a.country, a.sector, None)


def country_in(span: Span, b: MentionBuilder) -> str | None:
    for t in span:
        c = b.kb.country_of(t.text)
        if c:
            return c
    return None


def conjunct_country(b: MentionBuilder, span: Span) -> RoleInfo | None:
    """'Obama, Defense Secretary Chuck Hagel and ...': listed people usually share a side."""
    root = span.root
    near = [root.head] if root.dep_ == "conj" else []
    near += [c for c in root.children if c.dep_ == "conj"]
    for t in near:
        for m in reversed(b.mentions):
            if m.start <= t.idx < m.end:
                a = b.actors.get(m.link_key)
                if a is not None and a.type == "PERSON" and a.country:
                    return RoleInfo(a.country, None, None)
    return None


def us_party_state(span: Span) -> RoleInfo | None:
    """'John McCain (R-Ariz.)': the US convention for members of Congress."""
    tail = span.doc.text[span.end_char : span.end_char + 14]
    if re.match(r"\s*\((R|D|I)-[A-Z][A-Za-z.]{1,6}\)", tail):
        return RoleInfo("USA", "LEG", "member of Congress")
    return None


ORG_HEADS = frozenset({"coalition", "alliance", "army", "front", "movement", "party", "council", "committee",
                        "bloc", "group", "ministry", "office", "agency", "union", "league", "brigade", "force",
                        "forces", "court", "parliament", "congress", "senate", "assembly", "department"})


def org_then_person(span: Span) -> Span | None:
    """The personal name at the end of an ORG span, when an organisation word precedes it."""
    toks = list(span)
    for j in range(len(toks) - 2, -1, -1):
        if toks[j].lower_ in ORG_HEADS:
            rest = toks[j + 1 :]
            if 2 <= len([t for t in rest if t.text != "-"]) <= 4 and all(
                t.text == "-" or t.text[:1].isupper() or t.lower_ in {"al", "el", "bin", "abu"} for t in rest
            ):
                return Span(span.doc, toks[j + 1].i, span.end, label="PERSON")
            return None
    return None


def nested_affiliation(b: MentionBuilder) -> None:
    """'Moqtada al-Sadr, the head of the Iraqi National Alliance': the sector of the body a person heads.

    Runs after the whole article is read, because the organisation inside the apposition gets its
    own mention only after the person's.
    """
    for m in b.mentions:
        person = b.actors.get(m.link_key)
        if m.kind != "nominal" or person is None or person.type != "PERSON" or person.sector:
            continue
        for inner in b.mentions:
            org = b.actors.get(inner.link_key)
            if (inner is not m and m.start <= inner.start and inner.end <= m.end and org is not None
                    and org.type in {"ORG", "IGO"} and org.sector):
                person.sector = org.sector
                person.country = person.country or org.country
                break


def default_country(b: MentionBuilder) -> None:
    """Actors whose nationality the text never states are usually locals of the story.

    Applied after the whole article is read, so an apposition later in the text wins.
    People, organisations and groups ("the Kurds" in a story about Iraq) get the article's
    focus country; armed groups, international bodies and the media do not.
    """
    if not b.focus:
        return
    for a in b.actors.values():
        if a.country is None and a.sector not in STATELESS_SECTORS and a.type in {"PERSON", "ORG", "GROUP"} \
                and not a.key.startswith("anon:"):
            a.country = b.focus


def extend_name(b: MentionBuilder, span: Span) -> Span:
    """'Gen. Ashfaq Parvez Kayani' when NER saw only 'Parvez Kayani': take in given names it missed."""
    start = span.start
    while start > 0:
        t = b.doc[start - 1]
        if not (t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha() and b.free(start - 1, start)
                and span.start <= t.head.i < span.end and not b.kb.role_of(t.text) and not b.kb.country_of(t.text)
                and t.lower_.rstrip(".") not in names.TITLE_WORDS and t.ent_type_ in {"", "PERSON"}):
            break
        start -= 1
    return span if start == span.start else Span(b.doc, start, span.end, label="PERSON")


def member_phrase(b: MentionBuilder, span: Span, org: KBEntry) -> None:
    """'ISIS militants' act for ISIS; 'the Quds Force commander' is a person described by the group."""
    head = span[-1]
    if head.tag_ in {"NNS", "NNPS"} or not definite(span):
        b.add(span, "name", b.from_entry(org, span.text))
        return
    for a in reversed(list(b.actors.values())):
        if a.type == "PERSON" and not a.key.startswith("anon:") and a.country in (None, org.country):
            a.country = a.country or org.country
            a.sector = a.sector or org.sector
            b.add(span, "nominal", a)
            org_words = [t for t in span if t.i < head.i and t.ent_type_]
            if org_words:  # the group itself is mentioned too ("Quds Force" in "the Quds Force commander")
                b.mentions.append(Mention(org_words[0].idx, org_words[-1].idx + len(org_words[-1]),
                                          b.doc.text[org_words[0].idx : org_words[-1].idx + len(org_words[-1])],
                                          "name", org.key))
                b.actors.setdefault(org.key, b.from_entry(org, b.mentions[-1].text))
            return
    b.add(span, "name", b.from_entry(org, span.text))


def known_surname(b: MentionBuilder, text: str) -> bool:
    toks = names.name_tokens(text)
    if len(toks) != 1:
        return False
    sur = names.surname(text)
    return any(a.type == "PERSON" and a.surname == sur for a in b.actors.values())


GENERIC_MODIFIERS = frozenset({
    "security", "government", "ground", "special", "elite", "border", "regular", "rebel", "opposition", "state",
    "federal", "national", "local", "coalition", "allied", "foreign", "army", "police", "military", "air",
    "naval", "navy", "defense", "defence", "peacekeeping", "combat", "militia", "tribal", "party", "riot",
    "intelligence", "reserve", "armed", "paramilitary", "presidential", "royal", "revolutionary", "top",
    "senior", "junior", "former", "deputy", "vice", "acting", "chief", "prime", "cabinet",
})


def distinct_modifier(b: MentionBuilder, span: Span) -> str | None:
    """A compound modifier that names a particular force or body ("peshmerga" in "peshmerga troops")."""
    root = span.root
    if root.tag_ not in {"NNS", "NNPS"}:
        return None
    for t in root.children:
        if t.dep_ != "compound" or not t.is_alpha or t.i < span.start:
            continue
        low = t.lower_
        if low in GENERIC_MODIFIERS or b.kb.country_of(t.text) or b.kb.sector_of(low) or b.kb.role_of(low):
            continue
        return t.text
    return None


def possessor(b: MentionBuilder, span: Span) -> LocalActor | None:
    """The country or organisation an 'its' refers to: preferably the subject of the clause before it.

    "Pakistan lodged a protest with Washington, and its army warned": the subject, not the latest name.
    """
    sent_start = span.sent.start_char
    cands: list[tuple[Mention, LocalActor]] = []
    for m in reversed(b.mentions):
        if m.start >= span.start_char or m.kind in {"place", "pronoun"}:
            continue
        a = b.actors.get(m.link_key)
        if a is not None and a.type in {"COUNTRY", "ORG", "IGO"}:
            cands.append((m, a))
    for m, a in cands:
        if m.start >= sent_start:
            tok = b.doc.char_span(m.start, m.end, alignment_mode="expand")
            if tok is not None and tok.root.dep_ in {"nsubj", "nsubjpass"}:
                return a
    return cands[0][1] if cands else None


def definite(chunk: Span) -> bool:
    first = chunk[0]
    prev = chunk.doc[chunk.start - 1] if chunk.start > 0 else None
    return first.lower_ in {"the", "this", "that"} or first.dep_ == "poss" or first.tag_ == "PRP$" or (
        prev is not None and (prev.tag_ == "POS" or prev.lower_ in {"the", "this", "that"}))
