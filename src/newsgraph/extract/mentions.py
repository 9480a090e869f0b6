"""Find actor mentions in an article and resolve them to actors within the article.

Rules over the parse and the shipped knowledge base (there is no offline coreference model):
named entities and knowledge-base phrases first, then titles and appositions that tell us who a
person is ("Iraq's foreign minister, X"), then role descriptions ("the Iraqi prime minister"),
surnames and pronouns that point back to an actor already seen.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from newsgraph.extract import mention_links as links
from newsgraph.extract import names
from newsgraph.extract.actor_roles import (
    GENERIC_ROLES,
    INSTITUTION_HEADS,
    describe_phrase,
    government_key,
    local_dateline_country,
)
from newsgraph.extract.dateline import is_dateline_token
from newsgraph.extract.doc_cache import doc_text, span_ents
from newsgraph.extract.mention_refs import (
    org_anaphor,
    pronoun,
    surname,
    surname_candidate,
    unnamed_speaker,
)
from newsgraph.extract.mention_rules import (
    NOT_LOCAL,
    SECTOR_NAMES,
    STATELESS_SECTORS,
    adjacent_affiliation,
    conjunct_country,
    context_country,
    country_in,
    default_country,
    definite,
    distinct_modifier,
    extend_name,
    fold_roles,
    known_surname,
    led_by,
    media_cue,
    member_groups,
    member_phrase,
    nested_affiliation,
    org_then_person,
    possessor,
    state_sectors,
    titled_name,
    us_party_state,
)
from newsgraph.extract.mention_spans import home_place_name, in_quote, is_place_use, named_spans, quote_ranges, trim
from newsgraph.extract.mention_state import PRONOUNS, LocalActor, MentionBuilder
from newsgraph.extract.regions import regional_body
from newsgraph.records import ActorRef, Mention

_NON_STATE_UNITS = frozenset({"army", "brigade", "brigades", "battalion", "battalions", "militia"})


def extract_mentions(doc: Doc) -> tuple[list[Mention], dict[str, ActorRef]]:
    """All actor mentions of the article, in text order, and the article's actors by key."""
    from newsgraph.extract.kb_matcher import kb_spans

    b = MentionBuilder(doc)
    skip = doc._.boilerplate or []

    def in_boilerplate(span: Span) -> bool:
        return any(s <= span.start_char < e for s, e in skip)

    quotes = quote_ranges(doc_text(doc))
    named = [s for s in named_spans(doc, kb_spans(doc, b.kb)) if not in_boilerplate(s)]
    # Pass 1: full names first, so surnames met earlier in the text still find their person.
    events: list[tuple[int, int, str, object]] = []
    for span in named:
        span = trim(span)
        if len(span) == 0:
            continue
        events.append((span.start, 0, "named", span))
    for chunk in doc.noun_chunks:
        if not in_boilerplate(chunk):
            events.append((chunk.start, 1, "chunk", chunk))
    for tok in doc:
        if tok.lower_ in PRONOUNS and tok.pos_ == "PRON" and not in_quote(doc, tok.i, quotes):
            events.append((tok.i, 2, "pronoun", tok))
        elif surname_candidate(tok) and not in_boilerplate(doc[tok.i : tok.i + 1]):
            events.append((tok.i, 3, "surname", tok))
        elif tok.lower_ == "old":
            events.append((tok.i, 4, "age", tok))  # "the 93-year-old said"
    events.sort(key=lambda e: (e[0], e[1]))
    for _, _, kind, obj in events:
        if kind == "named":
            _named(b, obj)  # type: ignore[arg-type]
        elif kind == "chunk":
            _nominal(b, obj)  # type: ignore[arg-type]
        elif kind == "pronoun":
            pronoun(b, obj, quotes)  # type: ignore[arg-type]
        elif kind == "age":
            links.age_reference(b, obj)  # type: ignore[arg-type]
        else:
            surname(b, obj)  # type: ignore[arg-type]
    b.mentions.sort(key=lambda m: (m.start, m.end))
    nested_affiliation(b)
    member_groups(b)
    default_country(b)
    fold_roles(b)  # after the defaults: a later "President X" often gets his country only there
    state_sectors(b)
    used = {m.link_key for m in b.mentions}
    return b.mentions, {k: a.ref() for k, a in b.actors.items() if k in used}


def _named(b: MentionBuilder, span: Span) -> None:
    if not b.free(span.start, span.end):
        return
    if is_dateline_token(span[-1]):
        return  # "BRUSSELS — EU leaders ...": where the story was filed is no actor in it
    text = names.strip_det(span.text)
    label = span.label_
    entry = b.kb.lookup(text, b.date)
    if entry is None and label == "ORG" and (longer := links.kb_tail(b, span)) is not None:
        span, entry = longer  # NER cut "... Co-operation" off "in Europe": the known name is the longer one
        text = names.strip_det(span.text)
    if entry is None and label == "NORP" and (iso := b.kb.country_of(text)):
        entry = b.kb.entry(government_key(iso))  # "Iraqi" in "Iraqi cities" stands for Iraq
    if entry is not None and entry.type in {"ORG", "IGO"} and (local := _acronym_of(b, text)) is not None \
            and local.key != entry.key:
        b.add(span, "acronym", local)  # "RSF" after "the Rapid Support Forces": the article's own body
        return
    if entry is not None and entry.type != "PERSON":
        root = span.root
        if entry.type in {"COUNTRY", "GROUP"} and root.dep_ in {"amod", "compound", "nmod", "poss"} and not (
            span.start <= root.head.i < span.end
        ):
            head = root.head
            if head.pos_ == "PROPN" or head.ent_type_ or b.kb.role_of(head.lemma_) or b.kb.sector_of(head.lemma_) \
                    or head.lemma_.lower() in INSTITUTION_HEADS \
                    or (head.i >= span.end and b.kb.sector_of(b.doc[span.start : head.i + 1].text)):
                return  # "Iraqi forces", "Iraqi Prime Minister X": the larger phrase is the actor
            if entry.sector not in {None, "GOV"} and head.i == span.end and head.tag_ in {"NNS", "NNPS"} \
                    and head.text[:1].isupper():
                unit = b.doc[span.start : head.i + 1]  # "US Navy SEALs": a unit acts as its national force
                b.add(unit, "name", b.from_entry(entry, unit.text))
                return
            b.add(span, "modifier", b.from_entry(entry, span.text))  # "US assistance", "American warplanes"
            return
        if entry.type == "COUNTRY" and is_place_use(span) and entry.sector in {None, "GOV"}:
            # still an actor mention (the country), but a place use: keep it for the gazetteer
            b.add(span, "place", b.from_entry(entry, span.text))
            return
        if label == "NORP" and entry.type == "COUNTRY" and not text.endswith("s"):
            return  # a bare adjective ("Iraqi") qualifies something else
        b.add(span, "name", b.from_entry(entry, span.text))
        return
    root = span.root
    if label == "PERSON" and entry is None and root.dep_ == "compound" and root.head.pos_ == "NOUN" \
            and not (span.start <= root.head.i < span.end) and not b.kb.role_of(root.head.lemma_):
        return  # "Ain al-Asad air base": a facility named after someone, not a person acting
    if label == "PERSON" and entry is None and (is_place_use(span) or home_place_name(span, b.focus)) \
            and not known_surname(b, text):
        return  # "the garrison town of Abbottabad": a place the tagger took for a name
    if entry is None and label in {"PERSON", "ORG"} and media_cue(span, b):
        b.add(span, "name", LocalActor(names.org_key(text), text, "ORG", None, "MED"))
        return
    if label == "PERSON" or (entry is not None and entry.type == "PERSON") or known_surname(b, text) \
            or (entry is None and label == "ORG" and titled_name(b, span)):
        span = extend_name(b, span)
        left, title = b.title_of(span)
        actor = b.person(span)
        appos = b.apposition_of(span.root)
        adjacent = adjacent_affiliation(b, span, left)
        infos = [led_by(b, span), title, appos[0] if appos else None, adjacent, us_party_state(span),
                 conjunct_country(b, span)]
        if adjacent is not None and adjacent.sector and (
                adjacent.sector == "IGO" or title is None or (title.role or "").lower() in GENERIC_ROLES):
            infos.insert(0, adjacent)  # "UN envoy X", "FARC commander X": the body's sector, not the title's
        for info in infos:
            if info is not None:
                actor.country = actor.country or info.country
                actor.sector = actor.sector or info.sector
                actor.role = actor.role or info.role
        if actor.country is None and actor.sector and actor.sector not in STATELESS_SECTORS and (title or appos):
            actor.country = context_country(b, span, actor.sector)
        full = b.doc[left : span.end]
        b.add(full, "name" if left == span.start else "title", actor)
        if appos is not None and b.free(appos[1].start, appos[1].end):
            # "the head of the Iraqi National Alliance": the alliance is still its own mention
            b.add(trim(appos[1]), "nominal", actor, claim=False)
        return
    if label in {"ORG", "FAC", "NORP"} and len(span) > 1 and b.kb.role_of(span[-1].lemma_):
        member_of = b.kb.lookup(names.strip_det(span[:-1].text), b.date)
        if member_of is not None and member_of.type != "PERSON":
            member_phrase(b, span, member_of)
            return
    if label == "ORG" and entry is None and len(span) == 1 and links.portfolio_word(span.root):
        return  # "Defence" in "Defence Secretary X", "State" in "Secretary of State X": part of a title
    if label in {"ORG", "FAC"}:
        person = org_then_person(span)
        if person is not None:  # "National Alliance Ibrahim al-Jaafari": NER glued the two
            _named(b, Span(b.doc, span.start, person.start, label="ORG"))
            _named(b, person)
            return
        expanded = _acronym_of(b, text)
        if expanded is not None:
            b.add(span, "acronym", expanded)  # "INA" after "the Iraqi National Alliance"
            return
        info = describe_phrase(span, b.kb)
        key = names.org_key(text)
        country = info.country if info else country_in(span, b)
        sector = info.sector if info else None
        described = links.described_org(b, span, key) if info is None else (None, None, [])
        country, sector = country or described[0], sector or described[1]
        if span.start >= 2 and b.doc[span.start - 1].tag_ == "POS":
            country = country or b.kb.country_of(b.doc[span.start - 2].text)  # "Turkey's defence ministry"
        if text.islower() and country and sector and sector not in STATELESS_SECTORS:
            # a lower-case "defence ministry" the tagger called a name is the state's body, keyed as one
            key = government_key(country) if sector == "GOV" else f"{government_key(country)}:{sector}"
        if sector == "MIL" and country is None and span[-1].lower_ in _NON_STATE_UNITS:
            # "Naqshbandi Army", "Mahdi Army": a state's army carries its country in its name
            sector, country = "INS", b.focus
        if sector == "MIL" and (country or b.focus) and names.national_force(text):
            country = country or b.focus  # "Zimbabwe Defence Forces": the country's military by its name
            key = f"country:{country}:MIL"
        b.add(span, "name", LocalActor(key, text, "ORG", country, sector))
        b.actors[key].forms.extend(described[2])
        return
    if label == "NORP" and text.endswith("s"):
        b.add(span, "name", LocalActor(names.org_key(text), text, "GROUP", b.kb.country_of(text)))




def _acronym_of(b: MentionBuilder, text: str) -> LocalActor | None:
    """An organisation of this article whose initials spell ``text`` (2–6 capitals)."""
    if not (2 <= len(text) <= 6 and text.isalpha() and text.isupper()):
        return None
    for a in b.actors.values():
        if a.type in {"ORG", "GROUP", "IGO"} or (a.type == "COUNTRY" and a.sector not in {None, "GOV"}):
            for name in (a.name, *a.forms):  # a national force met by its formal name is keyed by country
                initials = "".join(w[0] for w in name.replace("-", " ").split()
                                   if w[:1].isupper() and w.lower() not in {"of", "the", "and", "for"})
                if initials == text:
                    return a
    return None


def _nominal(b: MentionBuilder, chunk: Span) -> None:
    span = trim(chunk)
    if len(span) == 0 or not b.free(span.start, span.end):
        return
    root = span.root
    if root.pos_ == "PRON" or root.ent_type_:
        return  # names are resolved by _named
    if root.pos_ == "PROPN" and not (root.is_lower or (b.kb.sector_of(root.lemma_.lower()) and country_in(span, b))):
        return  # a name NER missed; but "the Brazilian foreign ministry" is a tagging slip, not a name
    if root.tag_ in {"NN", "NNP"} and any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in root.children):
        return  # "Iraq's foreign minister, X": resolved with X
    if (commander := links.commanded_force(b, span)) is not None:
        b.add(span, "proxy", commander)  # "his fighters seized the base": coded as their commander
        return
    body = org_anaphor(b, span) or links.regional_bloc(b, span)
    if body is not None:
        b.add(span, "nominal", body)  # "the council" after "the Supreme Council of ..."
        return
    info = describe_phrase(span, b.kb, affiliation=b)
    if info is not None or root.lower_ in names.TITLE_WORDS:
        for ent in span_ents(span):  # "the ISIS militants", "the al Qaeda founder": described by their group
            member_of = b.kb.lookup(names.strip_det(ent.text), b.date)
            if member_of is not None and member_of.type in {"ORG", "IGO"} and ent.end <= root.i:
                member_phrase(b, span, member_of)
                return
    if info is None and (anon := unnamed_speaker(b, span)) is not None:
        b.add(span, "nominal", anon)
        return
    if info is not None and (regional := regional_body(b, span, info)) is not None:
        b.add(span, "nominal", regional)  # "the Catalan parliament": the region's, not Spain's
        return
    if info is None or (not info.singular_person and any(
            t.ent_type_ in {"ORG", "PERSON", "FAC"} and not b.kb.country_of(t.text) for t in span if t.i < root.i)):
        return  # "the Daily Clarion newspaper": the name inside is the actor, resolved by _named
    country = info.country
    foreign = any(t.lower_ in NOT_LOCAL for t in span)
    if country is None and any(t.lower_ in {"its", "their"} and t.dep_ == "poss" for t in span):
        owner = possessor(b, span)  # "Pakistan ... and its army": the army of the last country named
        country = owner.country if owner is not None else None
    affiliated = any(c.dep_ == "prep" and c.lower_ in {"for", "of"} for c in root.children)
    # "senators" after "lawmakers on Capitol Hill"; but "a spokesman for <a group>" serves that group
    if country is None and info.sector and not foreign and not (info.generic and affiliated):
        for m in reversed(b.mentions):
            a = b.actors.get(m.link_key)
            if a is not None and a.sector == info.sector and a.country and m.kind != "place":
                country = a.country
                break
    # "police officers fired tear gas": unnamed members of a state force are the story's own
    if country is None and (info.institution or (info.anonymous and info.sector in {"COP", "MIL"})) \
            and not foreign:
        # police act at home: where the story was filed says whose police, before the most-named country
        country = (info.sector == "COP" and local_dateline_country(b.doc, b.kb)) or b.focus
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
            b.add(span, "nominal", LocalActor(f"anon:{country or ''}:{info.sector or ''}", span.text, "PERSON",
                                          country, info.sector, info.role))
        return
    if info.singular_person:
        if not definite(chunk):
            return
        if info.role is None and not info.generic:  # not a title: "CNN ... the newspaper" is the outlet
            body = _latest_body(b, info.sector, country)
            if body is not None:
                b.add(span, "nominal", body)
            return
        principal = links.principal_of(b, root)
        if principal is not None:
            b.add(span, "proxy", principal)  # "the spokesman for UN chief X urged restraint": X's words
            return
        unnamed = links.unnamed_antecedent(b, span)
        if unnamed is not None:
            b.add(span, "nominal", unnamed)  # "A senior US official ... the official said": not the president
            return
        people = [a for a in reversed(list(b.actors.values())) if a.type == "PERSON" and not a.key.startswith("anon:")]
        same_role = [a for a in people if info.role and a.role and info.role.lower() in a.role.lower()
                     and (country is None or a.country in (None, country))]
        same_country = [a for a in people if country is not None and a.country == country]
        # "the leader" is whoever leads in the story, but "the opposition leader" only an opposition leader
        generic = [a for a in people if info.generic and country is None
                   and (info.role is None or info.role.lower() in GENERIC_ROLES) and a.sector in (None, info.sector)]
        for found in (same_role, same_country, generic):
            if found:  # "the Iraqi prime minister", "the Iranian cleric": the latest fitting person
                b.add(span, "nominal", found[0])
                return
        if country and info.role and info.sector not in STATELESS_SECTORS and _country_before(b, span):
            # "the Russian delegate at the United Nations": an unnamed office-holder of a stated country
            # is still one actor, and later "the Russian delegate" is the same one
            name = names.strip_det(_with_affiliation(chunk).text)
            # keyed by office, country and date: one holder at a time, so articles of one day may share it
            key = f"role:{country}:{info.role.lower()}:{b.date or ''}"
            b.add(span, "nominal", LocalActor(key, name, "PERSON", country, info.sector, info.role))
        return
    named_by = distinct_modifier(b, span)
    if named_by is not None and info.sector:
        # "peshmerga troops", "Wagner fighters": a named force is its own actor, not the national army
        b.add(span, "nominal", _acronym_of(b, named_by) or LocalActor(  # "ZDF commanders" after "... (ZDF)"
            names.org_key(named_by), named_by[:1].upper() + named_by[1:], "GROUP", country, info.sector))
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
        b.add(span, "nominal", LocalActor(key, f"{country_name} {SECTOR_NAMES.get(info.sector, info.sector)}",
                                      "GROUP", country, info.sector))
        return
    key = f"sector:{country or ''}:{info.sector or ''}:{info.role or span.root.lemma_}"
    b.add(span, "nominal", LocalActor(key, span.text, "GROUP", country, info.sector, info.role))


def _latest_body(b: MentionBuilder, sector: str | None, country: str | None) -> LocalActor | None:
    """The organisation of this sector (and country, if stated) named last in the article."""
    for m in reversed(b.mentions):
        a = b.actors.get(m.link_key)
        if a is not None and a.type == "ORG" and sector and a.sector == sector and country in (None, a.country):
            return a
    return None


def _country_before(b: MentionBuilder, span: Span) -> bool:
    """The phrase names its country before the head ("the Argentine ambassador", "Russia's envoy")."""
    return any(t.i < span.root.i and b.kb.country_of(t.text) for t in span)


def _with_affiliation(chunk: Span) -> Span:
    """'the Russian delegate' + 'at the United Nations': a short prepositional tail completes a role's name."""
    root, start, end = chunk.root, chunk.start, chunk.end
    if chunk[0].tag_ == "PRP$" and len(chunk) > 1:
        start += 1  # "his Turkish counterpart" is named "Turkish counterpart"
    for prep in root.children:
        if prep.dep_ == "prep" and prep.i == chunk.end and prep.lower_ in {"at", "to", "in", "for", "of"} \
                and prep.right_edge.i + 1 - chunk.end <= 6:
            end = prep.right_edge.i + 1
    return chunk.doc[start:end]
