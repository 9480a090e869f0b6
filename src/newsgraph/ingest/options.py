"""Limits shared by every reader (kept apart from ``__init__`` so readers can import it without cycles)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """Safety limits for ingestion.

    ``max_bytes`` caps a whole file or HTTP response; for JSON Lines (files and stdin) it caps each
    line instead, because a JSONL corpus is meant to be streamed and may be far larger than one article.
    """

    max_bytes: int = 20_000_000
    timeout: float = 15.0
    max_redirects: int = 5
    min_chars: int = 1
