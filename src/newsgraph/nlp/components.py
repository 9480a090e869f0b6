"""newsgraph's spaCy components, registered by name so users can add, swap or reorder them.

Each component is a thin ``doc -> doc`` wrapper over a pure function in ``newsgraph.extract``;
the logic lives there so it can be unit-tested without building a pipeline.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.nlp import extensions

extensions.register()


@Language.component("newsgraph_paragraphs", assigns=["token.is_sent_start"])
def paragraphs_component(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence; the parser alone often runs headlines into text.

    Written as one array update: ``Token.is_sent_start = ...`` rescans the whole Doc on every
    assignment (to refuse parsed Docs), which made this component quadratic.
    """
    starts = [tok.i + 1 for tok in doc[:-1] if (tok.is_space and "\n" in tok.text) or "\n" in tok.whitespace_]
    if starts:
        if doc.has_annotation("DEP"):
            raise ValueError("newsgraph_paragraphs must run before the parser")
        flags = doc.to_array([SENT_START])
        flags[starts] = 1
        doc.from_array([SENT_START], flags)
    return doc


@Language.component("newsgraph_parse_repairs", assigns=["token.dep", "token.head"])
def parse_repairs_component(doc: Doc) -> Doc:
    """Fix parser slips that hide a whole clause ("Myanmar's military seized power") before anything reads the tree."""
    from newsgraph.extract.parse_repairs import repair_possessive_subjects

    repair_possessive_subjects(doc)
    return doc


@Language.component("newsgraph_boilerplate", assigns=["doc._.boilerplate"])
def boilerplate_component(doc: Doc) -> Doc:
    from newsgraph.extract.boilerplate import find_boilerplate
    from newsgraph.extract.doc_cache import doc_text

    doc._.boilerplate = find_boilerplate(doc_text(doc), doc._.title)
    return doc


@Language.component(
    "newsgraph_dates",
    assigns=["doc._.dates", "doc._.article_date", "doc._.article_date_precision"],
    requires=["doc._.boilerplate"],
)
def dates_component(doc: Doc) -> Doc:
    from newsgraph.extract.dates import dates_component_logic

    dates_component_logic(doc)
    return doc


@Language.component(
    "newsgraph_mentions",
    assigns=["doc._.mentions", "doc._.actors"],
    requires=["doc.ents", "token.dep"],
)
def mentions_component(doc: Doc) -> Doc:
    from newsgraph.extract.mentions import extract_mentions

    doc._.mentions, doc._.actors = extract_mentions(doc)
    return doc


@Language.component("newsgraph_quotes", assigns=["doc._.quotes"], requires=["doc._.mentions"])
def quotes_component(doc: Doc) -> Doc:
    from newsgraph.extract.quotes import extract_quotes

    doc._.quotes = extract_quotes(doc, indirect=True)
    return doc


@Language.component(
    "newsgraph_events", assigns=["doc._.events"], requires=["doc._.mentions", "doc._.dates", "doc._.quotes"]
)
def events_component(doc: Doc) -> Doc:
    from newsgraph.extract.events import extract_events
    from newsgraph.extract.places import apply_places
    from newsgraph.extract.statement_events import statement_events

    events = extract_events(doc)
    doc._.events = apply_places(doc, events + statement_events(doc, events))
    return doc


COMPONENTS: tuple[str, ...] = (
    "newsgraph_parse_repairs",
    "newsgraph_boilerplate",
    "newsgraph_dates",
    "newsgraph_mentions",
    "newsgraph_quotes",
    "newsgraph_events",
)
