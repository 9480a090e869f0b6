"""The spaCy extension attributes newsgraph's components read and write.

Inputs set before ``nlp.pipe`` (see ``newsgraph.nlp.pipeline.make_doc``):
  ``Doc._.article_id``, ``Doc._.published`` (ISO date or None).
Outputs, in component order:
  ``Doc._.boilerplate``  list[(start_char, end_char)] spans that are not reporting (captions,
                         bylines, bios, subscription blurbs, "Topics covered" lists)
  ``Doc._.dates``        list[DateRef], every date expression resolved against the article date
  ``Doc._.article_date`` the anchor date actually used (publication date, or inferred)
  ``Doc._.article_date_precision``
  ``Doc._.actors``       dict[link_key, ActorRef] actors of this article
  ``Doc._.mentions``     list[Mention] sorted by start, each pointing to an actor link_key
  ``Doc._.quotes``       list[Quote]
  ``Doc._.events``       list[Event]
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

_DOC_ATTRS: dict[str, object] = {
    "article_id": None,
    "title": None,
    "published": None,
    "boilerplate": None,
    "dates": None,
    "article_date": None,
    "article_date_precision": None,
    "actors": None,
    "mentions": None,
    "quotes": None,
    "events": None,
}


def _is_boilerplate(span: Span) -> bool:
    ranges = span.doc._.boilerplate or []
    return any(s <= span.start_char and span.end_char <= e for s, e in ranges)


def register() -> None:
    """Idempotent: components and tests call this before touching ``doc._``."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("is_boilerplate"):
        Span.set_extension("is_boilerplate", getter=_is_boilerplate)


register()
