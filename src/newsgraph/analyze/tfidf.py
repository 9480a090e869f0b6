"""TF-IDF sentence vectors without scikit-learn: the same numbers, without its 5 s import.

Timelines and briefings vectorise a story's sentences once per query. scikit-learn's
``TfidfVectorizer(stop_words="english", sublinear_tf=True)`` did it, but importing scikit-learn
(it pulls in scipy.stats) cost ~5 s of every cold timeline. This module reproduces
``CountVectorizer`` + ``TfidfTransformer`` operation by operation — token pattern, stop words,
feature order, per-row term order, idf formula, sequential L2 sums — so the matrix is bit-identical
(tests/unit/test_tfidf.py compares it with scikit-learn's) and so is every ranking built on it.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

__all__ = ["STOP_WORDS", "l2_normalise_dense", "tfidf_rows"]

#: scikit-learn's ``ENGLISH_STOP_WORDS`` (the Glasgow Information Retrieval Group's list, BSD)
STOP_WORDS = frozenset((
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all", "almost", "alone",
    "along", "already", "also", "although", "always", "am", "among", "amongst", "amoungst", "amount", "an",
    "and", "another", "any", "anyhow", "anyone", "anything", "anyway", "anywhere", "are", "around", "as",
    "at", "back", "be", "became", "because", "become", "becomes", "becoming", "been", "before",
    "beforehand", "behind", "being", "below", "beside", "besides", "between", "beyond", "bill", "both",
    "bottom", "but", "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry", "de",
    "describe", "detail", "do", "done", "down", "due", "during", "each", "eg", "eight", "either", "eleven",
    "else", "elsewhere", "empty", "enough", "etc", "even", "ever", "every", "everyone", "everything",
    "everywhere", "except", "few", "fifteen", "fifty", "fill", "find", "fire", "first", "five", "for",
    "former", "formerly", "forty", "found", "four", "from", "front", "full", "further", "get", "give",
    "go", "had", "has", "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
    "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred", "i", "ie", "if",
    "in", "inc", "indeed", "interest", "into", "is", "it", "its", "itself", "keep", "last", "latter",
    "latterly", "least", "less", "ltd", "made", "many", "may", "me", "meanwhile", "might", "mill", "mine",
    "more", "moreover", "most", "mostly", "move", "much", "must", "my", "myself", "name", "namely",
    "neither", "never", "nevertheless", "next", "nine", "no", "nobody", "none", "noone", "nor", "not",
    "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto", "or", "other",
    "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "part", "per", "perhaps",
    "please", "put", "rather", "re", "same", "see", "seem", "seemed", "seeming", "seems", "serious",
    "several", "she", "should", "show", "side", "since", "sincere", "six", "sixty", "so", "some",
    "somehow", "someone", "something", "sometime", "sometimes", "somewhere", "still", "such", "system",
    "take", "ten", "than", "that", "the", "their", "them", "themselves", "then", "thence", "there",
    "thereafter", "thereby", "therefore", "therein", "thereupon", "these", "they", "thick", "thin",
    "third", "this", "those", "though", "three", "through", "throughout", "thru", "thus", "to", "together",
    "too", "top", "toward", "towards", "twelve", "twenty", "two", "un", "under", "until", "up", "upon",
    "us", "very", "via", "was", "we", "well", "were", "what", "whatever", "when", "whence", "whenever",
    "where", "whereafter", "whereas", "whereby", "wherein", "whereupon", "wherever", "whether", "which",
    "while", "whither", "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves",
))
#: scikit-learn's default token pattern minus one-letter words and tokens starting with a digit
_TOKEN = re.compile(r"(?u)\b[^\W\d_][\w'-]+\b")


def _counts(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Term counts of distinct texts as CSR parts, laid out as ``TfidfTransformer`` receives them
    from ``CountVectorizer.fit_transform``: features numbered alphabetically, each row's entries in
    ascending feature order (the order decides the bits of every floating-point row sum)."""
    vocab: dict[str, int] = {}
    # machine-int arrays, not lists: a list entry is an 8-byte pointer plus, past 256, a 28-byte int
    # object, and a corpus-wide story has millions of entries (bench/README.md, Memory)
    indices = array("i")
    values = array("i")
    indptr = array("i", [0])
    for doc in texts:
        counter: dict[int, int] = {}
        for tok in _TOKEN.findall(doc.lower()):
            if tok in STOP_WORDS:
                continue
            j = vocab.setdefault(tok, len(vocab))
            counter[j] = counter.get(j, 0) + 1
        indices.extend(counter)
        values.extend(counter.values())
        indptr.append(len(indices))
    remap = np.empty(len(vocab), dtype=np.int32)
    for new, term in enumerate(sorted(vocab)):
        remap[vocab[term]] = new
    ind = remap[np.frombuffer(indices, dtype=np.int32)] if indices else np.zeros(0, dtype=np.int32)
    del indices
    ptr = np.frombuffer(indptr, dtype=np.int32).copy()
    order = np.lexsort((ind, np.repeat(np.arange(len(texts)), np.diff(ptr))))
    return np.frombuffer(values, dtype=np.int32).astype(np.float64)[order], ind[order], ptr, len(vocab)


def _l2_rows(data: np.ndarray, indptr: np.ndarray) -> None:
    """Divide each row by its L2 norm in place, summing squares left to right as scikit-learn's
    ``inplace_csr_row_normalize_l2`` loop does (numpy's pairwise sums would differ in the last bit)."""
    nnz = np.diff(indptr)
    sums = np.zeros(len(nnz))
    starts = indptr[:-1]
    for k in range(int(nnz.max(initial=0))):
        live = np.flatnonzero(nnz > k)
        v = data[starts[live] + k]
        sums[live] += v * v
    norms = np.sqrt(sums)
    norms[sums == 0.0] = 1.0  # an all-zero row stays as it is
    data /= np.repeat(norms, nnz)


def tfidf_rows(texts: Sequence[str]) -> Any:
    """L2-normalised sublinear TF-IDF rows (scipy CSR), one per text; identical texts are
    tokenised once but still count as documents for the IDF, as if each copy were vectorised."""
    index: dict[str, int] = {}
    rows = [index.setdefault(t, len(index)) for t in texts]
    data, ind, indptr, n_terms = _counts(list(index))
    if not n_terms:  # every sentence was stop words only
        return sparse.csr_matrix((len(texts), 1))
    copies = np.bincount(np.asarray(rows, dtype=np.int64), minlength=len(index)).astype(np.float64)
    nnz = np.diff(indptr)
    df = np.bincount(ind, weights=np.repeat(copies, nnz), minlength=n_terms)
    df += 1.0
    idf = np.full_like(df, fill_value=len(texts) + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(data, data)
    data += 1.0
    data *= idf[ind]
    _l2_rows(data, indptr)
    mat = sparse.csr_matrix((data, ind, indptr), shape=(len(index), n_terms))
    return mat[rows] if len(index) < len(texts) else mat


def l2_normalise_dense(x: np.ndarray) -> np.ndarray:
    """``sklearn.preprocessing.normalize(x)`` for a dense 2-D array: rows scaled to unit length,
    near-zero rows left alone; the same einsum, so the same bits."""
    x = np.array(x, dtype=np.float64)
    norms = np.sqrt(np.einsum("ij,ij->i", x, x))
    norms[norms < 10 * np.finfo(norms.dtype).eps] = 1.0
    x /= norms[:, None]
    return x
