"""One invented article through the real pipeline: the shared step of the sentence-level shape tests.

Each shape-test module fixes its own publication date (relative dates and office-holders depend on
it) with ``functools.partial(run_article, published=...)``.
"""

from __future__ import annotations

from spacy.language import Language

from newsgraph.nlp.pipeline import process
from newsgraph.records import Article, DocRecords


def run_article(nlp: Language, text: str, published: str) -> DocRecords:
    return next(process(nlp, [Article(article_id="t", text=text, published=published)]))
