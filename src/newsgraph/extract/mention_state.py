"""Per-article state of mention resolution: the actors met so far and the mentions made.

Kept apart from the rules so each rule module can take the builder without import cycles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsgraph.extract import names
from newsgraph.extract.actor_roles import RoleInfo, describe_phrase, focus_country
from newsgraph.extract.dateline import dateline_country
from newsgraph.extract.doc_cache import span_ents
from newsgraph.knowledge import KBEntry, load_kb
from newsgraph.records import ActorRef, Mention

PRONOUNS = {"he": "PERSON", "him": "PERSON", "his": "PERSON", "she": "PERSON", "her": "PERSON",
             "they": "PLURAL", "them": "PLURAL", "their": "PLURAL"}


@dataclass(slots=True)
class LocalActor:
    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    forms: list[str] = field(default_factory=list)
    surname: str = ""
    gender: str = ""  # "m"/"f" once a he/she has referred to this person; keeps "she" off a "he"

    def ref(self) -> ActorRef:
        aliases = tuple(sorted({f for f in self.forms if f != self.name}))
        return ActorRef(self.key, self.name, self.type, self.country, self.sector, self.role, aliases)


class MentionBuilder:
    """Accumulates the actors and mentions of one article in text order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.kb = load_kb()
        self.date: str | None = doc._.article_date or doc._.published
        self.actors: dict[str, LocalActor] = {}
        self.mentions: list[Mention] = []
        self.taken = [False] * len(doc)
        # no country named most often: where the story was filed is where it is set
        self.focus = focus_country(doc, self.kb) or dateline_country(doc, self.kb)

    # -- bookkeeping -------------------------------------------------------------------------
    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def add(self, span: Span, kind: str, actor: LocalActor, claim: bool = True) -> None:
        """Record a mention; ``claim=False`` leaves the names nested inside it open for their own mentions."""
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
            if claim or not self.doc[i].ent_type_:
                self.taken[i] = True
        self.mentions.append(Mention(span.start_char, span.end_char, span.text, kind, known.key))

    def from_entry(self, e: KBEntry, surface: str) -> LocalActor:
        person_surname = names.surname(e.name) if e.type == "PERSON" else ""
        return LocalActor(e.key, e.name, e.type, e.country, e.sector, e.role, [surface], person_surname)

    # -- people ------------------------------------------------------------------------------
    def person(self, span: Span) -> LocalActor:
        """Resolve a PERSON name: a known actor by surname, the knowledge base, or a new person."""
        text = names.strip_det(span.text)
        toks = names.name_tokens(text)
        sur = names.surname(text)
        if len(toks) == 1:
            same = [a for a in self.actors.values() if a.type == "PERSON" and a.surname == sur]
            same = same or [a for a in self.actors.values()  # "Lee" after "Lee Myung-bak"
                            if a.type == "PERSON" and names.family_first(a.name) == sur]
            same = same or self._by_given_name(sur)  # "Saddam" after "Saddam Hussein"
            if same:
                return same[-1]
            entry = self.kb.lookup(text, self.date)
            if entry is not None and entry.type == "PERSON" and (entry.role or not self.date):
                return self.from_entry(entry, span.text)  # a surname alone names an office holder
            return LocalActor("person:~" + sur, text, "PERSON", surname=sur)
        entry = self.kb.lookup(text, self.date)
        if entry is not None and entry.type == "PERSON":
            return self.from_entry(entry, span.text)
        key = names.person_key(text)
        for a in self.actors.values():  # a surname-only actor seen before the full name
            if a.key == "person:~" + sur:
                a.key = key
        return LocalActor(key, text, "PERSON", surname=sur)

    def _by_given_name(self, token: str) -> list[LocalActor]:
        """The one person of the article whose full name starts with this lone word.

        Some people are called by their given name alone in English copy ("Saddam" for Saddam
        Hussein). Only when exactly one named person has that given name; two candidates (two
        "Ali"s) leave the word to the surname and knowledge-base rules.
        """
        cands = [a for a in self.actors.values() if a.type == "PERSON" and not a.key.startswith(("anon:", "role:"))
                 and len(toks := names.name_tokens(a.name)) >= 2 and names.surname(toks[0]) == token]
        return cands if len(cands) == 1 else []

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
        end = span.start
        while info is None and end - 1 > left and doc[end - 1].lower_.rstrip(".") in names.HONORIFICS:
            end -= 1  # "army chief Gen. X": the role is read off the words before the rank abbreviation
            info = describe_phrase(doc[left:end], self.kb)
        if info is None:
            return span.start, None
        return left, info

    def apposition_of(self, head: Token) -> tuple[RoleInfo, Span] | None:
        """Role and affiliation from an apposition next to a name, in either direction."""
        cands = [c for c in head.children if c.dep_ == "appos"]
        if head.dep_ == "appos":
            cands.append(head.head)
        for c in cands:
            if c.ent_type_ in {"GPE", "LOC"} and c.dep_ == "pobj" and c.head.head.pos_ == "NOUN" and c.i < head.i:
                c = c.head.head  # "the UN envoy for Libya, X": the parser hung X on the place, not the role
            if c.ent_type_ == "PERSON" or (c.pos_ == "PROPN" and c.ent_type_ in {"", "PERSON"}):
                continue
            phrase = self.doc[c.left_edge.i : c.right_edge.i + 1]
            if c.i < head.i:  # "Iraq's foreign minister, X": the phrase ends before the name
                phrase = self.doc[c.left_edge.i : c.i + 1]
            info = describe_phrase(phrase, self.kb, affiliation=self)
            if info is not None:
                return info, phrase
        return None

    def affiliation(self, span: Span) -> LocalActor | None:
        """The actor named inside a phrase ("for ISIS", "of the Iraqi National Alliance")."""
        for m in reversed(self.mentions):
            if span.start_char <= m.start and m.end <= span.end_char:
                return self.actors.get(m.link_key)
        for ent in span_ents(span):
            e = self.kb.lookup(names.strip_det(ent.text), self.date)
            if e is not None:
                return self.from_entry(e, ent.text)
        return None
