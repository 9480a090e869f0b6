"""Near-duplicate articles (syndicated wire copies) by MinHash LSH over word shingles.

A wire story runs in dozens of outlets with a different headline, byline or closing line; coding
its events once per copy would inflate every count. Each article gets a MinHash signature
(``datasketch``) over its 5-word shingles; the signature is cut into LSH bands whose hashes live in
the store, so finding the candidates of a batch is one join however large the corpus is, and memory
does not grow with it. Candidates are confirmed by the signatures' estimated Jaccard similarity.

The first copy seen (input order, then whatever is already stored) is the one kept; later copies
become ``Duplicate`` rows naming it, so the outlets that carried a story are all on record.
Everything is seeded and ordered, so the same inputs always pick the same canonical articles.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from newsgraph.records import Article

NUM_PERM = 120
BANDS = 20  # 20 bands x 6 rows: a pair at Jaccard 0.8 collides in some band with p > 0.99
ROWS = NUM_PERM // BANDS
SEED = 1
SHINGLE = 5
#: estimated Jaccard similarity of shingle sets at or above which two articles are copies
THRESHOLD = 0.8
#: articles with fewer shingles than this are too short to compare reliably (only exact copies count)
MIN_SHINGLES = 20
_WORD = re.compile(r"\w+")
_MULT = 1_000_003  # k-gram hash: polynomial in the word hashes, mod 2**32


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An article not stored because ``duplicate_of`` carries the same story."""

    article_id: str
    duplicate_of: str
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    source_path: str | None
    similarity: float


@dataclass(frozen=True, slots=True)
class Signature:
    article_id: str
    hashvalues: np.ndarray
    shingles: int

    def bands(self) -> list[int]:
        """One signed 64-bit hash per band (DuckDB BIGINT)."""
        raw = self.hashvalues.astype("<u4").tobytes()
        step = ROWS * 4
        return [int.from_bytes(hashlib.blake2b(raw[i * step:(i + 1) * step], digest_size=8).digest(),
                               "little", signed=True) for i in range(BANDS)]

    def blob(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()


class DedupStore(Protocol):
    """What the finder needs from the store (``store.dedupstore.DedupMixin``)."""

    def minhash_candidates(self, keys: Sequence[tuple[int, int]]) -> dict[tuple[int, int], list[str]]: ...

    def minhash_signatures(self, article_ids: Sequence[str]) -> dict[str, bytes]: ...

    def add_minhashes(self, rows: Sequence[tuple[str, bytes, list[int]]]) -> None: ...


def shingles(text: str, k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the lower-cased word k-grams (sorted, unique).

    Punctuation and spacing differences between copies do not count. Words are hashed once
    (CRC-32, stable across processes, unlike ``hash``) and combined per k-gram with numpy, which is
    several times faster than hashing every k-gram string.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    wh = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(words) <= k:
        k = len(words)
    acc = np.zeros(len(words) - k + 1, dtype=np.uint64)
    for j in range(k):
        acc = (acc * np.uint64(_MULT) + wh[j:len(words) - k + 1 + j]) & np.uint64(0xFFFFFFFF)
    return np.unique(acc)


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def _identity(value: int) -> int:
    return value


def signatures(articles: Sequence[Article]) -> list[Signature]:
    """MinHash signatures for a batch; ``MinHash.bulk`` shares the permutations across the batch."""
    from datasketch import MinHash

    sets = [shingles(a.text) for a in articles]
    hashes = MinHash.bulk([s.tolist() for s in sets], num_perm=NUM_PERM, seed=SEED, hashfunc=_identity)
    return [Signature(a.article_id, np.asarray(m.hashvalues, dtype=np.uint32), len(s))
            for a, m, s in zip(articles, hashes, sets, strict=True)]


def similarity(a: np.ndarray | bytes, b: np.ndarray | bytes) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    x = np.frombuffer(a, dtype="<u4") if isinstance(a, bytes) else a
    y = np.frombuffer(b, dtype="<u4") if isinstance(b, bytes) else b
    return float(np.mean(x == y))


def _duplicate(article: Article, of: str, sim: float) -> Duplicate:
    return Duplicate(article.article_id, of, article.outlet, article.url, article.title,
                     (article.published or "")[:10] or None, article.source_path, round(sim, 4))


def find_duplicates(store: DedupStore, articles: Sequence[Article],
                    threshold: float = THRESHOLD) -> tuple[list[Article], list[Duplicate]]:
    """Split a batch into the articles to process and the copies of stored or earlier ones.

    The kept articles' bands are written at once (their own small transaction), before their NLP
    runs, so the next batch, processed while this one is still in the pool, sees them. A kill
    before their rows are written leaves bands that point at no article; the rerun meets the same
    article again, matches only itself and processes it.
    """
    sigs = signatures(articles)
    bands = [s.bands() for s in sigs]
    keys = sorted({(b, k) for bs in bands for b, k in enumerate(bs)})
    stored = store.minhash_candidates(keys)
    seen: dict[tuple[int, int], list[int]] = {}
    cand_ids = sorted({aid for ids in stored.values() for aid in ids})
    stored_sigs = store.minhash_signatures(cand_ids) if cand_ids else {}
    keep: list[Article] = []
    dups: list[Duplicate] = []
    new_rows: list[tuple[str, bytes, list[int]]] = []
    for i, (art, sig, bs) in enumerate(zip(articles, sigs, bands, strict=True)):
        match = _best_match(art, sig, bs, stored, stored_sigs, seen, sigs, articles, threshold)
        if match is not None:
            dups.append(_duplicate(art, *match))
            continue
        keep.append(art)
        new_rows.append((art.article_id, sig.blob(), bs))
        for b, k in enumerate(bs):
            seen.setdefault((b, k), []).append(i)
    if new_rows:
        store.add_minhashes(new_rows)
    return keep, dups


def _best_match(art: Article, sig: Signature, bands: list[int], stored: dict[tuple[int, int], list[str]],
                stored_sigs: dict[str, bytes], seen: dict[tuple[int, int], list[int]], sigs: list[Signature],
                articles: Sequence[Article], threshold: float) -> tuple[str, float] | None:
    """The most similar earlier copy (ties: smallest id), or None; short texts need identical signatures."""
    need = threshold if sig.shingles >= MIN_SHINGLES else 1.0
    best: tuple[float, str] | None = None
    for b, k in enumerate(bands):
        for other in stored.get((b, k), ()):
            if other == art.article_id or other not in stored_sigs:
                continue
            best = _better(best, similarity(sig.hashvalues, stored_sigs[other]), other, need)
        for j in seen.get((b, k), ()):
            best = _better(best, similarity(sig.hashvalues, sigs[j].hashvalues), articles[j].article_id, need)
    if best is None:
        return None
    return best[1], best[0]


def _better(best: tuple[float, str] | None, sim: float, other: str, need: float) -> tuple[float, str] | None:
    if sim < need:
        return best
    if best is None or sim > best[0] or (sim == best[0] and other < best[1]):
        return sim, other
    return best


def backfill(store: DedupStore, articles: Sequence[Article]) -> None:
    """Signatures for stored articles that lack them (stored before dedup existed, or after a kill)."""
    sigs = signatures(articles)
    store.add_minhashes([(s.article_id, s.blob(), s.bands()) for s in sigs])
