"""Build the spaCy pipeline and turn articles into ``DocRecords``.

``load_pipeline()`` is the one way to get newsgraph's NLP: the PyPI spaCy model plus
newsgraph's registered components. ``process`` streams articles through ``nlp.pipe`` and
collects plain records, so engines (local processes, Ray workers) share one code path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph import settings
from newsgraph.extract.doc_cache import remember_text
from newsgraph.nlp import components
from newsgraph.nlp.candidate_ner import scope_ner
from newsgraph.nlp.fast_lemmas import speed_up_lemmatizer
from newsgraph.nlp.fast_rules import speed_up_attribute_ruler
from newsgraph.records import Article, DocRecords


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, components_: Sequence[str] = components.COMPONENTS) -> Language:
    """Load the spaCy model once per process and add newsgraph's components in order."""
    nlp = spacy.load(model or settings.get("MODEL"))
    speed_up_attribute_ruler(nlp)  # same annotations as the model's own ruler, at a third of the cost
    speed_up_lemmatizer(nlp)  # same lemmas as the model's own lemmatizer, without a Python pass per token
    scope_ner(nlp, settings.get("NER_SCOPE"))  # NER only where a name can be: a fifth less of its work
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_paragraphs", before="parser")
    for name in components_:
        nlp.add_pipe(name)
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc carrying the article context components need (id, title, date)."""
    doc = nlp.make_doc(article.text)
    remember_text(doc, article.text)  # spaCy's tokenizer is lossless: Doc.text would rebuild this string
    doc._.article_id = article.article_id
    doc._.title = article.title
    doc._.published = (article.published or "")[:10] or None
    return doc


def collect(doc: Doc, article: Article) -> DocRecords:
    """Copy what the components found out of the Doc into plain records."""
    actors = doc._.actors or {}
    return DocRecords(
        article=article,
        actors=[actors[k] for k in sorted(actors)],
        mentions=list(doc._.mentions or []),
        quotes=list(doc._.quotes or []),
        events=list(doc._.events or []),
        boilerplate=list(doc._.boilerplate or []),
        article_date=doc._.article_date,
        article_date_precision=doc._.article_date_precision,
        dates=None if doc._.dates is None else list(doc._.dates),
    )


def process(nlp: Language, articles: Iterable[Article], batch_size: int = 32) -> Iterator[DocRecords]:
    """Stream articles through the pipeline in one process; output order follows input order.

    Parallelism lives in the engines (a pool of processes each running this), because the
    records newsgraph's components attach to a Doc do not survive spaCy's own ``n_process``
    serialisation.
    """
    pending: deque[Article] = deque()

    def docs() -> Iterator[Doc]:
        for a in articles:
            pending.append(a)
            yield make_doc(nlp, a)

    for doc in nlp.pipe(docs(), batch_size=batch_size):
        yield collect(doc, pending.popleft())
