"""Find actor mentions in an article and resolve them to actors within the article.

Rules over the parse and the shipped knowledge base (there is no offline coreference model):
named entities and knowledge-base phrases first, then titles and appositions that tell us who a
person is ("Iraq's foreign minister, X"), then role descriptions ("the Iraqi prime minister"),
surnames and pronouns that point back to an actor already seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import names
from newsgraph.extract.actor_roles import INSTITUTION_HEADS, RoleInfo, describe_phrase, focus_country, government_key
from newsgraph.knowledge import KBEntry, load_kb
from newsgraph.records import ActorRef, Mention

_NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
_PRONOUNS = {"he": "PERSON", "him": "PERSON", "his": "PERSON", "she": "PERSON", "her": "PERSON",
             "they": "PLURAL", "them": "PLURAL", "their": "PLURAL"}
_PLACE_PREPS = {"in", "at", "near", "outside", "from", "to", "into", "across", "around", "toward",
                "towards", "inside", "throughout", "within", "through", "between"}


@dataclass(slots=True)
class _Actor:
    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    forms: list[str] = field(default_factory=list)
    surname: str = ""

    def ref(self) -> ActorRef:
        aliases = tuple(sorted({f for f in self.forms if f != self.name}))
        return ActorRef(self.key, self.name, self.type, self.country, self.sector, self.role, aliases)


class _Builder:
    """Accumulates the actors and mentions of one article in text order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.kb = load_kb()
        self.date: str | None = doc._.article_date or doc._.published
        self.actors: dict[str, _Actor] = {}
        self.mentions: list[Mention] = []
        self.taken = [False] * len(doc)
        self.focus = focus_country(doc, self.kb)

    # -- bookkeeping -------------------------------------------------------------------------
    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, span: Span, kind: str, actor: _Actor) -> None:
        known = self.actors.get(actor.key)
        if known is None:
            self.actors[actor.key] = known = actor
        else:
            known.country = known.country or actor.country
            known.sector = known.sector or actor.sector
            known.role = known.role or actor.role
            if actor.type == "PERSON" and len(actor.name) > len(known.name) and kind == "name":
                known.name = actor.name
        if kind not in {"pronoun", "proxy"}:
            known.forms.append(span.text)
        for i in range(span.start, span.end):
            self.taken[i] = True
        self.mentions.append(Mention(span.start_char, span.end_char, span.text, kind, known.key))

    def from_entry(self, e: KBEntry, surface: str) -> _Actor:
        person_surname = names.surname(e.name) if e.type == "PERSON" else ""
        return _Actor(e.key, e.name, e.type, e.country, e.sector, e.role, [surface], person_surname)

    # -- people ------------------------------------------------------------------------------
    def person(self, span: Span) -> _Actor:
        """Resolve a PERSON name: a known actor by surname, the knowledge base, or a new person."""
        text = names.strip_det(span.text)
        toks = names.name_tokens(text)
        sur = names.surname(text)
        if len(toks) == 1:
            same = [a for a in self.actors.values() if a.type == "PERSON" and a.surname == sur]
            if same:
                return same[-1]
            entry = self.kb.lookup(text, self.date)
            if entry is not None and entry.type == "PERSON" and (entry.role or not self.date):
                return self.from_entry(entry, span.text)  # a surname alone names an office holder
            return _Actor("person:~" + sur, text, "PERSON", surname=sur)
        entry = self.kb.lookup(text, self.date)
        if entry is not None and entry.type == "PERSON":
            return self.from_entry(entry, span.text)
        key = names.person_key(text)
        for a in self.actors.values():  # a surname-only actor seen before the full name
            if a.key == "person:~" + sur:
                a.key = key
        return _Actor(key, text, "PERSON", surname=sur)

    def title_of(self, span: Span) -> tuple[int, RoleInfo | None]:
        """Title words directly before a name ("Iraqi Prime Minister", "Defense Secretary")."""
        doc, left = self.doc, span.start
        sent_start = span.sent.start
        while left - 1 >= sent_start:
            t = doc[left - 1]
            if t.is_punct or t.pos_ not in {"PROPN", "NOUN", "ADJ"} or not self.free(left - 1, left):
                break
            if t.head.i < left - 1 or t.head.i >= span.end:
                break
            left -= 1
        if left == span.start:
            return left, None
        info = describe_phrase(doc[left : span.start], self.kb)
        if info is None:
            return span.start, None
        return left, info

    def apposition_of(self, head: Token) -> tuple[RoleInfo, Span] | None:
        """Role and affiliation from an apposition next to a name, in either direction."""
        cands = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            cands.append(head.head)
        for c in cands:
            if c.ent_type_ == "PERSON" or (c.pos_ == "PROPN" and c.ent_type_ in {"", "PERSON"}):
                continue
            phrase = self.doc[c.left_edge.i : c.right_edge.i + 1]
            if c.i < head.i:  # "Iraq's foreign minister, X": the phrase ends before the name
                phrase = self.doc[c.left_edge.i : c.i + 1]
            info = describe_phrase(phrase, self.kb, affiliation=self)
            if info is not None:
                return info, phrase
        return None

    def affiliation(self, span: Span) -> _Actor | None:
        """The actor named inside a phrase ("for ISIS", "of the Iraqi National Alliance")."""
        for m in reversed(self.mentions):
            if span.start_char <= m.start and m.end <= span.end_char:
                return self.actors.get(m.link_key)
        for ent in span.ents:
            e = self.kb.lookup(names.strip_det(ent.text), self.date)
            if e is not None:
                return self.from_entry(e, ent.text)
        return None


def _named_spans(doc: Doc, kb_matches: list[Span]) -> list[Span]:
    spans = [e for e in doc.ents if e.label_ in _NAMED_LABELS] + kb_matches
    spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
    out: list[Span] = []
    end = -1
    for s in spans:
        if s.start >= end:
            out.append(s)
            end = s.end
    return out


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and (span.doc[start].lower_ in {"the", "a", "an"} or span.doc[start].is_punct):
        start += 1
    while end > start and (span.doc[end - 1].tag_ == "POS" or span.doc[end - 1].is_punct):
        end -= 1
    return Span(span.doc, start, end, label=span.label)


def _is_place_use(span: Span) -> bool:
    """'in Baghdad' names a place; 'Baghdad rejected' names the government."""
    first = span.doc[span.start]
    prev = span.doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in _PLACE_PREPS and first.head == prev:
        return True
    return prev is not None and prev.lower_ == "of" and span.start > 1 and span.doc[span.start - 2].lower_ in {
        "city", "province", "town", "capital", "outskirts"}


def _in_quote(doc: Doc, i: int, quote_ranges: list[tuple[int, int]]) -> bool:
    c = doc[i].idx
    return any(s < c < e for s, e in quote_ranges)


def _quote_ranges(text: str) -> list[tuple[int, int]]:
    ranges, opened = [], None
    for i, ch in enumerate(text):
        if ch in "\u201c\u201d\"":
            if opened is None and ch != "\u201d":
                opened = i
            elif opened is not None and ch != "\u201c":
                ranges.append((opened, i))
                opened = None
        elif ch == "\n" and opened is not None and text[i + 1 : i + 2] == "\n":
            opened = None
    return ranges


def extract_mentions(doc: Doc) -> tuple[list[Mention], dict[str, ActorRef]]:
    """All actor mentions of the article, in text order, and the article's actors by key."""
    from newsgraph.extract.kb_matcher import kb_spans

    b = _Builder(doc)
    skip = doc._.boilerplate or []

    def in_boilerplate(span: Span) -> bool:
        return any(s <= span.start_char < e for s, e in skip)

    quotes = _quote_ranges(doc.text)
    named = [s for s in _named_spans(doc, kb_spans(doc, b.kb)) if not in_boilerplate(s)]
    # Pass 1: full names first, so surnames met earlier in the text still find their person.
    events: list[tuple[int, int, str, object]] = []
    for span in named:
        span = _trim(span)
        if len(span) == 0:
            continue
        events.append((span.start, 0, "named", span))
    for chunk in doc.noun_chunks:
        if not in_boilerplate(chunk):
            events.append((chunk.start, 1, "chunk", chunk))
    for tok in doc:
        if tok.lower_ in _PRONOUNS and tok.pos_ == "PRON" and not _in_quote(doc, tok.i, quotes):
            events.append((tok.i, 2, "pronoun", tok))
    events.sort(key=lambda e: (e[0], e[1]))
    for _, _, kind, obj in events:
        if kind == "named":
            _named(b, obj)  # type: ignore[arg-type]
        elif kind == "chunk":
            _nominal(b, obj)  # type: ignore[arg-type]
        else:
            _pronoun(b, obj)  # type: ignore[arg-type]
    b.mentions.sort(key=lambda m: (m.start, m.end))
    _default_country(b)
    return b.mentions, {k: a.ref() for k, a in b.actors.items() if any(m.link_key == k for m in b.mentions)}


def _named(b: _Builder, span: Span) -> None:
    if not b.free(span.start, span.end):
        return
    text = names.strip_det(span.text)
    label = span.label_
    entry = b.kb.lookup(text, b.date)
    if entry is None and label == "NORP" and (iso := b.kb.country_of(text)):
        entry = b.kb.entry(government_key(iso))  # "Iraqi" in "Iraqi cities" stands for Iraq
    if entry is not None and entry.type != "PERSON":
        root = span.root
        if entry.type == "COUNTRY" and root.dep_ in {"amod", "compound", "nmod", "poss"} and not (
            span.start <= root.head.i < span.end
        ):
            head = root.head
            if head.pos_ == "PROPN" or head.ent_type_ or b.kb.role_of(head.lemma_) or b.kb.sector_of(head.lemma_) \
                    or head.lemma_.lower() in INSTITUTION_HEADS:
                return  # "Iraqi forces", "Iraqi Prime Minister X": the larger phrase is the actor
            b.add(span, "modifier", b.from_entry(entry, span.text))  # "US assistance", "American warplanes"
            return
        if entry.type == "COUNTRY" and _is_place_use(span) and entry.sector in {None, "GOV"}:
            # still an actor mention (the country), but a place use: keep it for the gazetteer
            b.add(span, "place", b.from_entry(entry, span.text))
            return
        if label == "NORP" and entry.type == "COUNTRY" and not text.endswith("s"):
            return  # a bare adjective ("Iraqi") qualifies something else
        b.add(span, "name", b.from_entry(entry, span.text))
        return
    if label == "PERSON" or (entry is not None and entry.type == "PERSON") or _known_surname(b, text):
        span = _extend_name(b, span)
        left, title = b.title_of(span)
        actor = b.person(span)
        appos = b.apposition_of(span.root)
        infos = [title, appos[0] if appos else None, _adjacent_affiliation(b, span), _us_party_state(span),
                 _conjunct_country(b, span)]
        for info in infos:
            if info is not None:
                actor.country = actor.country or info.country
                actor.sector = actor.sector or info.sector
                actor.role = actor.role or info.role
        full = b.doc[left : span.end]
        b.add(full, "name" if left == span.start else "title", actor)
        if appos is not None and b.free(appos[1].start, appos[1].end):
            b.add(_trim(appos[1]), "nominal", actor)
        return
    if label in {"ORG", "FAC", "NORP"} and len(span) > 1 and b.kb.role_of(span[-1].lemma_):
        member_of = b.kb.lookup(names.strip_det(span[:-1].text), b.date)
        if member_of is not None and member_of.type != "PERSON":
            _member_phrase(b, span, member_of)
            return
    if label in {"ORG", "FAC"}:
        person = _org_then_person(span)
        if person is not None:  # "National Alliance Ibrahim al-Jaafari": NER glued the two
            _named(b, Span(b.doc, span.start, person.start, label="ORG"))
            _named(b, person)
            return
        info = describe_phrase(span, b.kb)
        key = names.org_key(text)
        country = info.country if info else _country_in(span, b)
        sector = info.sector if info else None
        b.add(span, "name", _Actor(key, text, "ORG", country, sector))
        return
    if label == "NORP" and text.endswith("s"):
        b.add(span, "name", _Actor(names.org_key(text), text, "GROUP", b.kb.country_of(text)))


_SECTOR_NAMES = {"MIL": "military", "LEG": "legislature", "JUD": "judiciary", "COP": "police", "PTY": "parties",
                 "OPP": "opposition", "REB": "rebels", "INS": "insurgents", "REL": "clergy", "MED": "media",
                 "BUS": "business", "CVL": "civilians", "EDU": "education", "SPY": "intelligence",
                 "LAB": "labor", "REF": "refugees", "HLH": "health", "ELI": "elites", "ETH": "ethnic group"}
_NOT_LOCAL = frozenset({"foreign", "international", "western", "allied", "coalition", "multinational", "overseas"})
_STATELESS_SECTORS = frozenset({"INS", "REB", "IGO", "NGO", "MED"})


def _adjacent_affiliation(b: _Builder, span: Span) -> RoleInfo | None:
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


def _country_in(span: Span, b: _Builder) -> str | None:
    for t in span:
        c = b.kb.country_of(t.text)
        if c:
            return c
    return None


def _conjunct_country(b: _Builder, span: Span) -> RoleInfo | None:
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


def _us_party_state(span: Span) -> RoleInfo | None:
    """'John McCain (R-Ariz.)': the US convention for members of Congress."""
    tail = span.doc.text[span.end_char : span.end_char + 14]
    if re.match(r"\s*\((R|D|I)-[A-Z][A-Za-z.]{1,6}\)", tail):
        return RoleInfo("USA", "LEG", "member of Congress")
    return None


_ORG_HEADS = frozenset({"coalition", "alliance", "army", "front", "movement", "party", "council", "committee",
                        "bloc", "group", "ministry", "office", "agency", "union", "league", "brigade", "force",
                        "forces", "court", "parliament", "congress", "senate", "assembly", "department"})


def _org_then_person(span: Span) -> Span | None:
    """The personal name at the end of an ORG span, when an organisation word precedes it."""
    toks = list(span)
    for j in range(len(toks) - 2, -1, -1):
        if toks[j].lower_ in _ORG_HEADS:
            rest = toks[j + 1 :]
            if 2 <= len([t for t in rest if t.text != "-"]) <= 4 and all(
                t.text == "-" or t.text[:1].isupper() or t.lower_ in {"al", "el", "bin", "abu"} for t in rest
            ):
                return Span(span.doc, toks[j + 1].i, span.end, label="PERSON")
            return None
    return None


def _default_country(b: _Builder) -> None:
    """Actors whose nationality the text never states are usually locals of the story.

    Applied after the whole article is read, so an apposition later in the text wins.
    People, organisations and groups ("the Kurds" in a story about Iraq) get the article's
    focus country; armed groups, international bodies and the media do not.
    """
    if not b.focus:
        return
    for a in b.actors.values():
        if a.country is None and a.sector not in _STATELESS_SECTORS and a.type in {"PERSON", "ORG", "GROUP"} \
                and not a.key.startswith("anon:"):
            a.country = b.focus


def _extend_name(b: _Builder, span: Span) -> Span:
    """'Gen. Ashfaq Parvez Kayani' when NER saw only 'Parvez Kayani': take in given names it missed."""
    start = span.start
    while start > 0:
        t = b.doc[start - 1]
        if not (t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha() and b.free(start - 1, start)
                and span.start <= t.head.i < span.end and not b.kb.role_of(t.text) and not b.kb.country_of(t.text)
                and t.ent_type_ in {"", "PERSON"}):
            break
        start -= 1
    return span if start == span.start else Span(b.doc, start, span.end, label="PERSON")


def _member_phrase(b: _Builder, span: Span, org: KBEntry) -> None:
    """'ISIS militants' act for ISIS; 'the Quds Force commander' is a person described by the group."""
    head = span[-1]
    if head.tag_ in {"NNS", "NNPS"} or not _definite(span):
        b.add(span, "name", b.from_entry(org, span.text))
        return
    for a in reversed(list(b.actors.values())):
        if a.type == "PERSON" and not a.key.startswith("anon:") and a.country in (None, org.country):
            a.country = a.country or org.country
            a.sector = a.sector or org.sector
            b.add(span, "nominal", a)
            return
    b.add(span, "name", b.from_entry(org, span.text))


def _known_surname(b: _Builder, text: str) -> bool:
    toks = names.name_tokens(text)
    if len(toks) != 1:
        return False
    sur = names.surname(text)
    return any(a.type == "PERSON" and a.surname == sur for a in b.actors.values())


def _nominal(b: _Builder, chunk: Span) -> None:
    span = _trim(chunk)
    if len(span) == 0 or not b.free(span.start, span.end):
        return
    root = span.root
    if root.pos_ in {"PRON", "PROPN"} or root.ent_type_:
        return  # names are resolved by _named
    if root.tag_ in {"NN", "NNP"} and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children):
        return  # "Iraq's foreign minister, X": resolved with X
    info = describe_phrase(span, b.kb, affiliation=b)
    if info is None:
        return
    for ent in span.ents:  # "the ISIS militants", "Hamas fighters": members act for their organisation
        member_of = b.kb.lookup(names.strip_det(ent.text), b.date)
        if member_of is not None and member_of.type in {"ORG", "IGO"} and ent.end <= span.root.i:
            _member_phrase(b, span, member_of)
            return
    country = info.country
    foreign = any(t.lower_ in _NOT_LOCAL for t in span)
    if country is None and any(t.lower_ in {"its", "their"} and t.dep_ == "poss" for t in span):
        owner = _possessor(b, span)  # "Pakistan ... and its army": the army of the last country named
        country = owner.country if owner is not None else None
    if country is None and info.sector and not foreign:  # "senators" after "lawmakers on Capitol Hill"
        for m in reversed(b.mentions):
            a = b.actors.get(m.link_key)
            if a is not None and a.sector == info.sector and a.country:
                country = a.country
                break
    if country is None and info.institution and not foreign:
        country = b.focus
    if info.is_government and country:
        entry = b.kb.entry(government_key(country))
        if entry is not None:
            b.add(span, "nominal", b.from_entry(entry, span.text))
        return
    if info.anonymous:
        aff = b.affiliation(b.doc[span.start : span.root.right_edge.i + 1])
        if aff is not None and aff.type == "PERSON":
            b.add(span, "proxy", aff)  # "a spokesman for the prime minister" speaks for him
        else:
            b.add(span, "nominal", _Actor(f"anon:{country or ''}:{info.sector or ''}", span.text, "PERSON",
                                          country, info.sector, info.role))
        return
    if info.singular_person:
        if not _definite(chunk):
            return
        people = [a for a in reversed(list(b.actors.values())) if a.type == "PERSON" and not a.key.startswith("anon:")]
        same_role = [a for a in people if info.role and a.role and info.role.lower() in a.role.lower()
                     and (country is None or a.country == country)]
        same_country = [a for a in people if country is not None and a.country == country]
        generic = [a for a in people if info.generic and country is None]
        for found in (same_role, same_country, generic):
            if found:  # "the Iraqi prime minister", "the Iranian cleric": the latest fitting person
                b.add(span, "nominal", found[0])
                return
        return
    named_by = _distinct_modifier(b, span)
    if named_by is not None and info.sector:
        # "peshmerga troops", "Wagner fighters": a named force is its own actor, not the national army
        b.add(span, "nominal", _Actor(names.org_key(named_by), named_by[:1].upper() + named_by[1:], "GROUP",
                                      country, info.sector))
        return
    if country and info.sector:
        # A country's institutions and office-holders as a body ("Iraq's parliament", "US lawmakers",
        # "Iraqi government forces") share one actor per country and sector, as CAMEO codes them.
        key = government_key(country) if info.sector == "GOV" else f"{government_key(country)}:{info.sector}"
        entry = b.kb.entry(key)
        if entry is not None:
            b.add(span, "nominal", b.from_entry(entry, span.text))
            return
        country_name = b.kb.entry(government_key(country)).name if b.kb.entry(government_key(country)) else country
        b.add(span, "nominal", _Actor(key, f"{country_name} {_SECTOR_NAMES.get(info.sector, info.sector)}",
                                      "GROUP", country, info.sector))
        return
    key = f"sector:{country or ''}:{info.sector or ''}:{info.role or span.root.lemma_}"
    b.add(span, "nominal", _Actor(key, span.text, "GROUP", country, info.sector, info.role))


_GENERIC_MODIFIERS = frozenset({
    "security", "government", "ground", "special", "elite", "border", "regular", "rebel", "opposition", "state",
    "federal", "national", "local", "coalition", "allied", "foreign", "army", "police", "military", "air",
    "naval", "navy", "defense", "defence", "peacekeeping", "combat", "militia", "tribal", "party", "riot",
    "intelligence", "reserve", "armed", "paramilitary", "presidential", "royal", "revolutionary", "top",
    "senior", "junior", "former", "deputy", "vice", "acting", "chief", "prime", "cabinet",
})


def _distinct_modifier(b: _Builder, span: Span) -> str | None:
    """A compound modifier that names a particular force or body ("peshmerga" in "peshmerga troops")."""
    root = span.root
    if root.tag_ not in {"NNS", "NNPS"}:
        return None
    for t in root.children:
        if t.dep_ != "compound" or not t.is_alpha or t.i < span.start:
            continue
        low = t.lower_
        if low in _GENERIC_MODIFIERS or b.kb.country_of(t.text) or b.kb.sector_of(low) or b.kb.role_of(low):
            continue
        return t.text
    return None


def _possessor(b: _Builder, span: Span) -> _Actor | None:
    """The country or organisation an 'its' refers to: preferably the subject of the clause before it.

    "Pakistan lodged a protest with Washington, and its army warned": the subject, not the latest name.
    """
    sent_start = span.sent.start_char
    cands: list[tuple[Mention, _Actor]] = []
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


def _definite(chunk: Span) -> bool:
    first = chunk[0]
    prev = chunk.doc[chunk.start - 1] if chunk.start > 0 else None
    return first.lower_ in {"the", "this", "that"} or first.dep_ == "poss" or first.tag_ == "PRP$" or (
        prev is not None and (prev.tag_ == "POS" or prev.lower_ in {"the", "this", "that"}))


def _pronoun(b: _Builder, tok: Token) -> None:
    if not b.free(tok.i, tok.i + 1):
        return
    want = _PRONOUNS[tok.lower_]
    limit = tok.idx - 600
    for m in reversed(b.mentions):
        if m.start < limit:
            break
        if m.start >= tok.idx:
            continue
        a = b.actors.get(m.link_key)
        if a is None or m.kind == "place":
            continue
        if want == "PERSON" and a.type == "PERSON" and not a.key.startswith("anon:"):
            b.add(b.doc[tok.i : tok.i + 1], "pronoun", a)
            return
        if want == "PLURAL" and a.type in {"GROUP", "ORG"}:
            b.add(b.doc[tok.i : tok.i + 1], "pronoun", a)
            return
