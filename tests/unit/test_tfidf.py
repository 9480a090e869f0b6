"""The scikit-learn-free TF-IDF (issue 7): bit-identical matrices, so timelines and briefings are unchanged.

scikit-learn stays a test dependency only to be the reference here.
"""

from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from newsgraph.analyze.tfidf import STOP_WORDS, l2_normalise_dense, tfidf_rows

sk_text = pytest.importorskip("sklearn.feature_extraction.text")
sk_pre = pytest.importorskip("sklearn.preprocessing")

WORDS = ("Maliki", "met", "the", "United", "Nations", "envoy", "in", "Baghdad", "on", "Monday", "rebels",
         "attacked", "Mosul", "al-Qaeda", "don't", "Prime", "Minister", "Kurdish", "Peshmerga", "oil",
         "Kirkuk", "2014", "x", "Ibrahim", "über", "café", "naïve", "ISIL's", "non-state", "A", "of", "and",
         "talks", "ceasefire", "said", "would", "not", "100,000", "June", "Obama", "troops", "advisers")


def reference(texts: list[str]):
    """What corpus._vectorise computed before: scikit-learn on distinct texts, rows expanded."""
    index: dict[str, int] = {}
    rows = [index.setdefault(t, len(index)) for t in texts]
    vec = sk_text.CountVectorizer(stop_words="english", lowercase=True,
                                  token_pattern=r"(?u)\b[^\W\d_][\w'-]+\b")
    counts = vec.fit_transform(list(index))
    if len(index) < len(texts):
        counts = counts[rows]
    return sk_text.TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()


def corpus(seed: int, n: int, repeats: int) -> list[str]:
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 60))) for _ in range(n)]
    return texts + [rng.choice(texts) for _ in range(repeats)]  # syndicated copies


def same(a, b) -> bool:
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data))  # exact: no tolerance


def test_stop_words_are_scikit_learns() -> None:
    assert sk_text.ENGLISH_STOP_WORDS == STOP_WORDS


@pytest.mark.parametrize(("seed", "n", "repeats"), [(1, 40, 0), (2, 300, 120), (3, 2, 5), (4, 1000, 0)])
def test_bit_identical_to_scikit_learn(seed: int, n: int, repeats: int) -> None:
    texts = corpus(seed, n, repeats)
    ours, ref = tfidf_rows(texts), reference(texts)
    assert type(ours) is type(ref)
    assert same(ours, ref)
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(texts), size=min(25, len(texts)), replace=False).tolist()
    c = np.asarray(ref[rows].mean(axis=0))
    assert np.array_equal(l2_normalise_dense(c), sk_pre.normalize(c))


def test_stop_words_only_and_zero_vectors() -> None:
    assert tfidf_rows(["the of and", "a an"]).shape == (2, 1)
    z = np.zeros((1, 4))
    assert np.array_equal(l2_normalise_dense(z), sk_pre.normalize(z))


def test_importing_the_analysis_does_not_import_scikit_learn() -> None:
    code = ("import sys, newsgraph.analyze.stored, newsgraph.analyze.timeline, newsgraph.analyze.tfidf; "
            "print(any(m.startswith(('sklearn', 'spacy')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
