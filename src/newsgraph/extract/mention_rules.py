"""Rules that tell who a name or description is: affiliations, conventions, defaults.

Each is a small function over the parse and the article's builder; ``mentions`` decides when to ask.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from newsgraph.extract import names
from newsgraph.extract.actor_roles import RoleInfo
from newsgraph.extract.doc_cache import doc_text
from newsgraph.extract.mention_state import LocalActor, MentionBuilder
from newsgraph.knowledge import KBEntry
from newsgraph.records import Mention

SECTOR_NAMES = {"MIL": "military", "LEG": "legislature", "JUD": "judiciary", "COP": "police", "PTY": "parties",
                 "OPP": "opposition", "REB": "rebels", "INS": "insurgents", "REL": "clergy", "MED": "media",
                 "BUS": "business", "CVL": "civilians", "EDU": "education", "SPY": "intelligence",
                 "LAB": "labor", "REF": "refugees", "HLH": "health", "ELI": "elites", "ETH": "ethnic group"}


NOT_LOCAL = frozenset({"foreign", "international", "western", "allied", "coalition", "multinational", "overseas"})


STATELESS_SECTORS = frozenset({"INS", "REB", "IGO", "NGO", "MED"})


def adjacent_affiliation(b: MentionBuilder, span: Span, left: int | None = None) -> RoleInfo | None:
    """'Chairman of the US Joint Chiefs of Staff Martin Dempsey', 'UN envoy X': the organisation right
    before a name or before its title (token ``left``)."""
    if not b.mentions:
        return None
    last = b.mentions[-1]
    start = b.doc[left].idx if left is not None else span.start_char
    gap = doc_text(b.doc)[last.end : start]
    # "IAEA chief X", "NATO Secretary-General X": only title words may stand between them
    if any(w.lower().rstrip(".") not in names.TITLE_WORDS for w in re.split(r"[\s-]+", gap) if w) \
            or last.kind == "pronoun":
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
    tail = doc_text(span.doc)[span.end_char : span.end_char + 14]
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
                                          doc_text(b.doc)[org_words[0].idx : org_words[-1].idx + len(org_words[-1])],
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
    """A modifier that names a particular force or body ("peshmerga" in "peshmerga troops")."""
    root = span.root
    if root.tag_ not in {"NNS", "NNPS"}:
        return None
    community = None
    for t in root.children:
        if t.dep_ == "amod" and t.ent_type_ == "NORP" and t.i >= span.start and not b.kb.country_of(t.text):
            community = community or b.doc[t.i : root.i + 1].text  # "Shiite militias": a community's armed men
        if t.dep_ != "compound" or not t.is_alpha or t.i < span.start:
            continue
        low = t.lower_
        if low in GENERIC_MODIFIERS or b.kb.country_of(t.text) or b.kb.sector_of(low) or b.kb.role_of(low):
            continue
        return t.text  # a named force beats the community it recruits from ("Kurdish peshmerga forces")
    return community


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


def context_country(b: MentionBuilder, span: Span, sector: str) -> str | None:
    """The state a national office-holder serves when his title leaves the country out.

    "Islamabad's foreign ministry protested, and army chief Gen. X said": the nearest state or
    institution that is a subject before him in the same sentence; failing that, the country of the latest
    institution of his sector ("its army ... the army chief"). People are not evidence: "Obama met
    army chief X" says nothing about X's nationality. None leaves the article default to decide.
    """
    sent_start = span.sent.start_char
    same_sector: str | None = None
    for m in reversed(b.mentions):
        if m.start >= span.start_char or m.kind in {"pronoun", "proxy"}:
            continue
        a = b.actors.get(m.link_key)
        if a is None or not a.country or a.type == "PERSON":
            continue
        if m.start >= sent_start:
            tok = b.doc.char_span(m.start, m.end, alignment_mode="expand")
            if tok is not None and tok.root.dep_ in {"nsubj", "nsubjpass"}:
                return a.country  # "Israel struck Gaza, and Prime Minister X said": the acting state
            continue
        if same_sector is None and a.sector == sector and sector != "GOV":  # every capital is GOV: no clue
            same_sector = a.country
    return same_sector or _previous_subject_country(b, span)


def _previous_subject_country(b: MentionBuilder, span: Span) -> str | None:
    """The state that was the subject of the sentence before: "China objected to the move. It was
    'unacceptable', foreign ministry spokeswoman X said" — X speaks for China, not the story's country."""
    sent = span.sent
    if sent.start == 0:
        return None
    prev = b.doc[sent.start - 1].sent
    for m in b.mentions:
        if not prev.start_char <= m.start < prev.end_char or m.kind in {"pronoun", "proxy", "place"}:
            continue
        a = b.actors.get(m.link_key)
        tok = b.doc.char_span(m.start, m.end, alignment_mode="expand")
        if a is not None and a.country and a.type == "COUNTRY" and tok is not None \
                and tok.root.dep_ in {"nsubj", "nsubjpass"}:
            return a.country
    return None


def media_cue(span: Span, b: MentionBuilder) -> bool:
    """A name the text calls a newspaper or broadcaster: "the Daily Nation newspaper", "told the
    newspaper Al-Quds", "Al-Quds, a Jerusalem-based daily". NER often takes such names for people."""
    root = span.root
    near = [c for c in root.children if c.dep_ in {"compound", "appos"} and not span.start <= c.i < span.end]
    if root.dep_ in {"compound", "appos"} and not span.start <= root.head.i < span.end:
        near.append(root.head)
    return any(t.pos_ in {"NOUN", "PROPN"} and b.kb.sector_of(t.lemma_.lower()) == "MED" for t in near)


_FORCE_SECTORS = frozenset({"REB", "INS", "MIL", "OPP"})


def member_groups(b: MentionBuilder) -> None:
    """'Rebels from the Movement for Democratic Change', 'fighters of the ADF': the named group acts.

    Runs after the whole article is read, because the group's own mention comes after the
    description. Only armed or opposition collectives are folded in, and only into an
    organisation: "soldiers of the Iraqi army" stay with the national force.
    """
    for i, m in enumerate(b.mentions):
        group = b.actors.get(m.link_key)
        if m.kind != "nominal" or group is None or group.type not in {"GROUP", "COUNTRY"} \
                or group.sector not in _FORCE_SECTORS or group.key.startswith(("org:", "group:")):
            continue
        span = b.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or span.root.tag_ not in {"NNS", "NNPS"}:
            continue
        for prep in span.root.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"of", "from"}:
                continue
            for pobj in prep.children:
                org = _org_at(b, pobj.idx) if pobj.dep_ == "pobj" else None
                if org is not None:
                    org.sector = org.sector or group.sector
                    org.country = org.country or group.country
                    b.mentions[i] = Mention(m.start, m.end, m.text, m.kind, org.key)


def _org_at(b: MentionBuilder, char: int) -> LocalActor | None:
    for m in b.mentions:
        if m.start <= char < m.end and m.kind != "place":
            a = b.actors.get(m.link_key)
            return a if a is not None and a.type == "ORG" else None
    return None


_LEAD_VERBS = frozenset({"lead", "head", "command", "run", "found"})


def led_by(b: MentionBuilder, span: Span) -> RoleInfo | None:
    """'the Naqshbandi Army, led by former Vice President X': the body he leads gives his sector now."""
    tok = span.root
    if tok.dep_ == "appos":
        tok = tok.head  # "led by former Vice President X": the name hangs on the title
    by = tok.head
    if tok.dep_ != "pobj" or by.lower_ != "by" or by.head.lemma_ not in _LEAD_VERBS:
        return None
    verb = by.head
    for m in reversed(b.mentions):
        if m.end > verb.idx:
            continue
        between = doc_text(b.doc)[m.end : verb.idx]
        a = b.actors.get(m.link_key)
        if any(c.isalnum() for c in between) or a is None or a.type not in {"ORG", "GROUP"}:
            return None  # only an organisation named right before "led by"
        return RoleInfo(a.country, a.sector, None)
    return None


def fold_roles(b: MentionBuilder) -> None:
    """'The French president arrived ... Jean Martin said': an unnamed office-holder named later.

    A role actor ("role:FRA:president") joins the one person of the article holding that office for
    that country, so a description met before the name does not split the person in two.
    """
    for i, m in enumerate(b.mentions):
        if not m.link_key.startswith("role:"):
            continue
        a = b.actors.get(m.link_key)
        if a is None or not a.role:
            continue
        people = [p for p in b.actors.values() if p.type == "PERSON" and p.country == a.country and p.role
                  and a.role.lower() in p.role.lower() and p.key.startswith("person:")]
        if len({p.key for p in people}) == 1:
            person = people[0]
            person.forms.append(m.text)
            b.mentions[i] = Mention(m.start, m.end, m.text, m.kind, person.key)


def titled_name(b: MentionBuilder, span: Span) -> bool:
    """'The opposition leader, Dragan Milosz, ...': a personal name the tagger took for an organisation.

    A short run of capitalised words standing in apposition to a personal title is a person,
    unless a word of it says organisation ("Harbour Authority") or the knowledge base knows it.
    """
    words = [t for t in span if t.text != "-"]
    if not 1 <= len(words) <= 4 or not all(t.is_alpha and t.text[:1].isupper() for t in words):
        return False
    if any(t.lower_ in ORG_HEADS or b.kb.country_of(t.text) or b.kb.sector_of(t.lower_) for t in words):
        return False
    if b.kb.lookup(names.strip_det(span.text), b.date) is not None:
        return False
    root = span.root
    near = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        near.append(root.head)
    return any(t.pos_ == "NOUN" and not span.start <= t.i < span.end
               and (b.kb.role_of(t.lemma_) is not None or t.lower_ in names.TITLE_WORDS) for t in near)


def state_sectors(b: MentionBuilder) -> None:
    """A state acting is its government: code "Kenya" as KENGOV, as its capital already is.

    Applied last, because the rules above read an empty sector as "the country itself, not one of
    its institutions" when they look for a clue to a role's nationality.
    """
    for a in b.actors.values():
        if a.type == "COUNTRY" and a.sector is None and a.key == f"country:{a.country}":
            a.sector = "GOV"
