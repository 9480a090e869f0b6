"""What a descriptive phrase says about an actor: country, sector, role.

"Iraq's foreign minister", "the federal government in Baghdad", "a spokesman for ISIS",
"lawmakers on Capitol Hill": the country comes from adjectives, possessives, metonyms and
prepositional phrases; the sector from the head noun and, for generic roles, from the
organisation the person speaks or works for.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import names
from newsgraph.extract.dateline import dateline_country, is_dateline_token
from newsgraph.extract.doc_cache import doc_ents, span_ents
from newsgraph.knowledge import KnowledgeBase

# Head nouns naming an institution rather than a person; used to tell "the ministry" (an
# organisation) from "the minister" (a person) when the sector word list says GOV for both.
INSTITUTION_HEADS = frozenset({
    "government", "administration", "regime", "authority", "authorities", "cabinet", "parliament",
    "ministry", "army", "military", "force", "forces", "police", "court", "council", "congress",
    "senate", "party", "coalition", "alliance", "bloc", "office", "department", "agency", "committee",
    "navy", "troops", "militia", "legislature", "assembly", "junta", "leadership", "state", "staff",
    "guard", "embassy", "consulate",
})
GOVERNMENT_HEADS = frozenset({"government", "administration", "regime", "authorities", "leadership"})
GENERIC_ROLES = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "head", "leader", "chief", "member", "official",
    "chairman", "representative", "envoy", "delegate", "aide", "adviser", "advisor", "commander",
})
ANONYMOUS_HEADS = frozenset({"official", "source", "spokesman", "spokeswoman", "spokesperson", "aide",
                             "diplomat", "officer", "analyst", "insider"})
_MISSIONS = frozenset({"embassy", "consulate", "mission", "ambassador", "envoy", "consul"})
_AFFILIATION_PREPS = frozenset({"of", "for", "in", "on", "from", "at"})


@dataclass(frozen=True, slots=True)
class RoleInfo:
    country: str | None
    sector: str | None
    role: str | None
    is_government: bool = False
    singular_person: bool = False
    institution: bool = False
    anonymous: bool = False
    generic: bool = False


def government_key(country: str) -> str:
    return f"country:{country}"


def _country_of_tokens(tokens: list[Token], kb: KnowledgeBase) -> str | None:
    for t in tokens:
        c = kb.country_of(t.text)
        if c is None and t.i + 1 < len(t.doc) and t.ent_iob_ == "B":
            c = kb.country_of(t.doc[t.i : t.i + 2].text)
        if c and t.dep_ == "conj" and t.head.i < t.i:
            # "Russian and Ukrainian officials", "US and British forces": the first conjunct, as CAMEO codes one
            c = kb.country_of(t.head.text) or c
        if c:
            return c
    return None


def _affiliation(head: Token, kb: KnowledgeBase, builder: Any, date: str | None) -> tuple[str | None, str | None]:
    """Country and sector of the organisation a role is attached to ("spokesman for ISIS")."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in _AFFILIATION_PREPS:
            continue
        if prep.lower_ in {"in", "at"} and head.lemma_.lower() in _MISSIONS:
            continue  # "the embassy in Cairo" is not Egypt's: the state it serves is named elsewhere
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        for pcomp in (c for c in prep.children if c.dep_ == "pcomp"):  # "of neighbouring Mali": a verb-ish modifier
            objs += [c for c in pcomp.children if c.dep_ in {"dobj", "pobj"}]
        for pobj in objs:
            phrase = pobj.doc[pobj.left_edge.i : pobj.i + 1]
            text = names.strip_det(phrase.text)
            entry = kb.lookup(text, date)
            if entry is not None:
                # "leaders in Tripoli": a place locates them, it does not make them its government
                place = entry.type == "COUNTRY" and prep.lower_ in {"in", "at", "from", "on"}
                return entry.country, None if place else entry.sector
            if builder is not None:
                act = builder.affiliation(phrase)
                if act is not None and (act.country or act.sector):
                    return act.country, act.sector
            c = kb.is_capital(text) or kb.country_of(text) or _country_of_tokens(list(phrase), kb)
            # "a spokesman for the Nigerian army": the institution's own sector, not the spokesman's GOV
            inst = (kb.sector_of(pobj.lemma_.lower()) or kb.sector_of(text.lower())) \
                if pobj.lower_ in INSTITUTION_HEADS else None
            if c or inst:
                return c, inst
    return None, None


def _igo_modifier(span: Span, head: Token, kb: KnowledgeBase, date: str | None) -> bool:
    """An international body named before the head ("UN envoy", "EU foreign policy chief")."""
    for ent in span_ents(span):
        if ent.end <= head.i:
            entry = kb.lookup(names.strip_det(ent.text), date)
            if entry is not None and entry.sector == "IGO":
                return True
    return False


# Sectors a modifier word gives a generic role ("rebel official", "army spokesman", "police chief").
_MODIFIER_SECTORS = frozenset({"REB", "INS", "OPP", "MIL", "COP", "PTY", "SPY", "JUD", "LEG"})


def _body_modifier(span: Span, head: Token, kb: KnowledgeBase, date: str | None) -> tuple[str | None, str] | None:
    """(country, sector) of the group or force named before a generic role: "a senior Houthi official"
    speaks for the Houthis, "a rebel official" for the rebels, "an army spokesman" for the army."""
    for ent in reversed(span_ents(span)):
        if ent.end > head.i:
            continue
        entry = kb.lookup(names.strip_det(ent.text), date)
        if entry is not None and entry.type in {"ORG", "GROUP"} and entry.sector and entry.sector != "IGO":
            return entry.country, entry.sector
    for t in reversed([t for t in span if t.i < head.i and t.pos_ in {"NOUN", "ADJ"} and not t.ent_type_]):
        sector = kb.sector_of(t.lower_)
        if sector in _MODIFIER_SECTORS:
            return None, sector
    return None


_RoleSector = tuple[str | None, str | None]
_ROLE_MEMO: WeakKeyDictionary[KnowledgeBase, dict[tuple[tuple[str, ...], str, str], _RoleSector]] = WeakKeyDictionary()


def _role_sector(kb: KnowledgeBase, role_words: tuple[str, ...], lemma: str, text: str) -> _RoleSector:
    """(role, sector) a phrase's role words and head name; memoised per knowledge base.

    Every noun chunk of an article asks this, and the answer depends only on these strings and the
    frozen knowledge base, so the same phrase shape ("the government", "officials") is read once.
    """
    memo = _ROLE_MEMO.setdefault(kb, {})
    key = (role_words, lemma, text)
    hit = memo.get(key)
    if hit is None:
        if len(memo) >= 100_000:  # bounded: a long ingest keeps meeting new phrases
            memo.clear()
        hit = memo[key] = _role_sector_scan(kb, role_words, lemma, text)
    return hit


def _role_sector_scan(kb: KnowledgeBase, role_words: tuple[str, ...], lemma: str, text: str) -> _RoleSector:
    role = sector = None
    for i in range(len(role_words)):
        phrase = " ".join(role_words[i:])
        found = kb.role_of(phrase)
        if found is not None:
            # "militia leaders": a longer non-title entry is more specific than the title "leader"
            role, sector = found[0], kb.sector_of(phrase) or found[1]
            break
    if sector is not None:
        return role, sector
    found = kb.role_of(lemma) or kb.role_of(text)
    if found is not None:
        role, sector = found
    else:
        # the longest known tail first: "rebel troops" is REB before "troops" is MIL; "general staff"
        tail = kb.sector_of(" ".join(role_words)) if len(role_words) > 1 else None
        sector = tail or kb.sector_of(lemma) or kb.sector_of(text)
    return role, sector


def describe_phrase(span: Span, kb: KnowledgeBase, affiliation: Any = None) -> RoleInfo | None:
    """Read country, sector and role off a noun phrase; None if it names no role or institution."""
    words = [t for t in span if t.lower_ not in {"the", "a", "an"} and not t.is_punct]
    if not words:
        return None
    head = span.root
    role_words = [t for t in words if t.i >= head.i - 3 and kb.country_of(t.text) is None and t.tag_ != "POS"
                  and t.dep_ != "poss" and t.pos_ not in {"NUM", "DET"}]
    role, sector = _role_sector(kb, tuple(t.text for t in role_words), head.lemma_, head.text)
    lemma = head.lemma_.lower()
    if sector is None and lemma not in GENERIC_ROLES:
        return None  # the check below, taken early: most noun phrases name no role, so skip the costly reads
    date = span.doc._.article_date or span.doc._.published
    # nearest modifier first: in "KYIV — Russian forces" the army is Russian, the dateline is a place
    own = _country_of_tokens([t for t in reversed(words) if t != head and t.i < head.i], kb)
    country = own or _country_of_tokens([t for t in words if t.i > head.i], kb)
    aff_country, aff_sector = _affiliation(head, kb, affiliation, date)
    igo = not own and _igo_modifier(span, head, kb, date)
    if sector is None and not ((aff_sector or aff_country or igo) and lemma in GENERIC_ROLES):
        return None
    bare_role = role is None or role.lower() in GENERIC_ROLES  # "leader", not "militia leader"
    if aff_sector and (sector is None or (lemma in GENERIC_ROLES and bare_role)) and not (aff_sector == "IGO" and own):
        sector = aff_sector  # "a spokesman for ISIS" is INS; "the Russian delegate at the UN" stays Russian
    country = country or aff_country
    if igo:
        country, sector = None, "IGO"  # "the UN envoy for Yemen" works for the UN, not for Yemen
    elif lemma in GENERIC_ROLES and bare_role and not aff_sector:
        body = _body_modifier(span, head, kb, date)
        if body is not None:
            country, sector = country or body[0], body[1]
    institution = lemma in INSTITUTION_HEADS or head.lower_ in INSTITUTION_HEADS
    plural = head.tag_ in {"NNS", "NNPS"}
    det = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    first = span[0].lower_
    indefinite = first in {"a", "an", "one", "another", "some", "several"} or det in {"a", "an"}
    return RoleInfo(
        country=country,
        sector=sector,
        role=role,
        is_government=lemma in GOVERNMENT_HEADS and not plural,
        singular_person=not plural and not institution,
        institution=institution,
        anonymous=(lemma in ANONYMOUS_HEADS and (indefinite or plural)),
        generic=lemma in GENERIC_ROLES,
    )


_FILED_WEIGHT = 1  # the dateline's country, in mentions: breaks a tie (and a full tie falls back to it)


def focus_country(doc: Doc, kb: KnowledgeBase) -> str | None:
    """The country an article is mostly about, for bare institutions ("parliament", "the army").

    The tagger reads some country names as people or organisations ("Niger", "Sri Lanka"), so an
    entity of any label whose whole text is a country's name counts too; otherwise the story of a
    coup in Niger is "about" France, whose name the tagger always gets right. The country
    the story was filed from counts once more, when the story names that country too ("TRIPOLI —"
    over a story naming the United States as often as Libya).
    """
    counts: Counter[str] = Counter()
    for ent in doc_ents(doc):
        text = names.strip_det(ent.text)
        c: str | None = None
        if ent.label_ in {"GPE", "NORP"}:
            c = kb.country_of(text)
        elif ent.label_ in {"PERSON", "ORG", "WORK_OF_ART", "FAC", "LOC"}:
            entry = kb.lookup(text)  # the country's own name, not a metonym ("the Pentagon")
            c = entry.country if entry is not None and entry.type == "COUNTRY" \
                and entry.name.lower() == text.lower() else None
        if c:
            counts[c] += 1
    if not counts:
        return None
    filed = local_dateline_country(doc, kb)
    if filed:
        counts[filed] += _FILED_WEIGHT
    (top, n), *rest = [*counts.most_common(2), ("", 0)]
    return top if n > rest[0][1] else None


def local_dateline_country(doc: Doc, kb: KnowledgeBase) -> str | None:
    """The dateline's country, if the story itself names that country too.

    Police act at home, so "police fired tear gas" in a story filed from Kyiv are Ukraine's. But a
    story filed from Brussels about Belarus, naming Belgium only in its dateline, is not about
    Belgian police: then this is None and the article's focus country decides.
    """
    filed = dateline_country(doc, kb)
    if filed is None:
        return None
    for ent in doc_ents(doc):
        if ent.label_ in {"GPE", "NORP"} and not is_dateline_token(ent[-1]) \
                and kb.country_of(names.strip_det(ent.text)) == filed:
            return filed
    return None
