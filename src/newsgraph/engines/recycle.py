"""The one place that decides when a process's spaCy pipeline is thrown away and loaded afresh.

spaCy's ``Vocab``/``StringStore`` keep every new word they meet (~30 strings per news article,
bench/README.md "Memory"), so a process that parses a whole corpus with one pipeline grows with
the corpus. Every engine path parses through :func:`pipeline` (via ``common.process_batch``):
the in-process path (``--workers 1``), pool workers and Ray actors. After
:data:`PIPELINE_RECYCLE_ARTICLES` articles the pipeline is dropped (with the per-process memos
that hold it) and the next batch loads a fresh one, so a worker's memory is bounded by that
many articles' vocabulary plus one model, whatever the corpus size.

Why a reload and not spaCy's ``Language.memory_zone`` (which frees in place the strings a zone
added): newsgraph's components keep memos of string ids (``nlp/fast_lemmas.py`` maps keys to
lemma ids, which would then name freed strings), module-level matchers build their patterns from
the vocabulary on first use (``extract/kb_matcher.py``: patterns made inside a zone would be
freed with it) and extract/ reads ``token.text``/``lemma_`` everywhere; making all of that
zone-safe is a standing audit of every component, while a reload is obviously correct (a fresh
pipeline is what every new worker already starts from) and costs one model load (~3 s) per
:data:`PIPELINE_RECYCLE_ARTICLES` articles (~1,000 s of NLP on news text).

The local pool additionally replaces its worker processes (``local.WORKER_RECYCLE_TASKS``),
which also returns what the C heap kept; this module is what bounds the paths without a pool.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass

from spacy.language import Language

#: articles after which a process's pipeline is replaced by a freshly loaded one (0: never).
#: 2,000 T17 articles add ~60,000 strings (+~40 MB); a reload costs ~3 s, ~0.3% of their NLP
PIPELINE_RECYCLE_ARTICLES = 2000


@dataclass(slots=True)
class _Loaded:
    """The pipeline this process parses with, and how many articles it has been given."""

    model: str | None
    nlp: Language
    articles: int = 0


_CURRENT: _Loaded | None = None
#: pipelines loaded by this module in this process (a test and the benchmark read it)
loads = 0


def pipeline(model: str | None, upcoming: int = 0) -> Language:
    """The pipeline to parse the next ``upcoming`` articles with, reloaded first when the current
    one has already been given :data:`PIPELINE_RECYCLE_ARTICLES` or more (a batch is never split:
    the check is between batches, so the bound is that many articles plus one batch)."""
    global _CURRENT, loads
    cur = _CURRENT
    limit = PIPELINE_RECYCLE_ARTICLES
    if cur is not None and (cur.model != model or (limit > 0 and cur.articles >= limit)):
        release()
        cur = None
    if cur is None:
        from newsgraph.nlp.pipeline import load_pipeline

        cur = _CURRENT = _Loaded(model, load_pipeline(model))
        loads += 1
    cur.articles += upcoming
    return cur.nlp


def release() -> None:
    """Drop this process's pipeline and everything that keeps it (or its vocabulary) alive.

    ``load_pipeline`` caches what it loaded, and ``extract.kb_matcher`` keeps a matcher per
    vocabulary: both are cleared, or the old vocabulary would stay in memory beside the new one.
    """
    global _CURRENT
    from newsgraph.extract.kb_matcher import clear_matchers
    from newsgraph.nlp.pipeline import load_pipeline

    _CURRENT = None
    load_pipeline.cache_clear()
    clear_matchers()
    gc.collect()  # spaCy's objects hold reference cycles: free the old vocabulary before the next load
