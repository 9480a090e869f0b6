"""Shared helpers of the reliability suite: the figures it reports, a cheap NLP stand-in, CLI runners.

The suite's headline numbers (issue 9) are tallied here by the tests themselves and printed by
``conftest.pytest_terminal_summary``, so the report can never claim more than the tests checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsgraph.records import ActorRef, Article, DocRecords, Event, Mention, Quote, stable_id
from newsgraph.store import Store

REPO = Path(__file__).resolve().parents[2]

# Every figure starts at 0 so the summary lists them even when a test was deselected.
TALLY: Counter[str] = Counter({
    "inputs_tried": 0,
    "rejected_with_reason": 0,
    "rejected_without_reason": 0,
    "crashes": 0,
    "rows_lost": 0,
    "duplicate_rows": 0,
    "kill9_trials": 0,
    "kill9_survived": 0,
    "injection_payloads_tried": 0,
    "injection_payloads_neutralised": 0,
})

_TALLY_LOCK = threading.Lock()


def bump(key: str, n: int = 1) -> None:
    """``TALLY[key] += n`` for tests that run trials in threads (a bare += can lose updates)."""
    with _TALLY_LOCK:
        TALLY[key] += n


FAKE_ACTORS = (
    ActorRef("kb:USA", "United States", "COUNTRY", "USA", None, None, ("Washington",)),
    ActorRef("org:united nations", "United Nations", "IGO", None, "IGO", None, ("UN",)),
)


def fake_counts(article: Article) -> dict[str, int]:
    """Rows the fake pipeline writes for one article, so a test can predict the stored totals exactly."""
    n_events = min(3, max(1, len(article.text) // 40))
    return {"events": n_events, "mentions": 3 if article.title else 2, "quotes": 1, "boilerplate": 1,
            "local_actors": len(FAKE_ACTORS) + (1 if article.title else 0)}


def _title_actor(article: Article) -> list[ActorRef]:
    # the title doubles as an actor name, so hostile input reaches the actor pages too
    if not article.title:
        return []
    return [ActorRef(f"org:{article.title.lower()}", article.title, "ORG", None, None, None, (article.title,))]


def fake_process_batch(articles: Sequence[Article], model: str | None = None) -> list[DocRecords]:
    """A spaCy-free stand-in for ``engines.local.process_batch``: milliseconds instead of seconds.

    It fills every per-article table with offsets inside the text, so the store-level checks
    (whole articles, counts per article) are the same as with the real pipeline. An optional
    ``NEWSGRAPH_FAKE_DELAY`` (seconds per batch) stretches an ingest so a kill -9 can land inside it;
    ``NEWSGRAPH_FAKE_MARK`` names a file touched when the first batch starts, so a test knows the
    database is open for writing; ``NEWSGRAPH_FAKE_HOLD`` names a file whose appearance releases the
    batch, so a test decides exactly how long the writer holds the database.
    """
    mark = os.environ.get("NEWSGRAPH_FAKE_MARK")
    if mark:
        Path(mark).touch()
    delay = float(os.environ.get("NEWSGRAPH_FAKE_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    hold = os.environ.get("NEWSGRAPH_FAKE_HOLD")
    deadline = time.monotonic() + 120
    while hold and not Path(hold).exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    out: list[DocRecords] = []
    for a in articles:
        text, n = a.text, len(a.text)
        k = fake_counts(a)["events"]
        events = []
        for i in range(k):
            s = i * n // k
            e = max(s + 1, (i + 1) * n // k)
            events.append(Event(
                event_id=stable_id(a.article_id, "e", i), article_id=a.article_id, sentence=text[s:e],
                sentence_start=s, sentence_end=e, trigger_start=s, trigger_end=s + 1, trigger=text[s:s + 1],
                source_key="kb:USA", target_key="org:united nations" if i % 2 else None, cameo="040", root="04",
                plover="CONSULT", plover_mode=None, quad_class=1, goldstein=1.0, date=a.published,
                date_precision="day" if a.published else None))
        head = min(n, 5)
        mentions = [Mention(0, head, text[:head], "name", "kb:USA"),
                    Mention(0, head, text[:head], "name", "org:united nations")]
        quotes = [Quote(stable_id(a.article_id, "q"), a.article_id, 0, min(n, 10), text[:10], "direct", "kb:USA",
                        None, "say")]
        actors = [*FAKE_ACTORS, *_title_actor(a)]
        if a.title:
            mentions.append(Mention(0, head, text[:head], "name", actors[-1].link_key))
            quotes[0] = Quote(quotes[0].quote_id, a.article_id, 0, min(n, 10), text[:10], "direct",
                              actors[-1].link_key, a.title, "say")
        out.append(DocRecords(article=a, actors=actors, mentions=mentions, quotes=quotes, events=events,
                              boilerplate=[(0, min(n, 3))], article_date=a.published,
                              article_date_precision="day" if a.published else None))
    return out


def install_fakes() -> None:
    """Swap the NLP step for the stand-in; with ``NEWSGRAPH_FAKE_LOG`` also log each committed batch.

    The log line is appended only after ``write_docs`` returned, i.e. after the commit, so after a
    kill -9 every logged article must be in the database (at most one committed batch may be unlogged).
    """
    import newsgraph.engines.local as local

    local.process_batch = fake_process_batch
    log = os.environ.get("NEWSGRAPH_FAKE_LOG")
    if not log:
        return
    original = Store.write_docs

    def write_docs(self: Store, batch: Sequence[DocRecords]) -> object:
        stats = original(self, batch)
        with open(log, "a", encoding="utf-8") as f:
            f.write(" ".join(d.article.article_id for d in batch) + "\n")
        return stats

    Store.write_docs = write_docs  # type: ignore[method-assign]


# `python -c FAKE_CLI ingest ...` is the real `newsgraph` command with only the NLP step swapped out.
FAKE_CLI = (
    "import sys; from tests.reliability.support import install_fakes; install_fakes(); "
    "from newsgraph.cli import main; sys.argv[0] = 'newsgraph'; main()"
)


@dataclass(frozen=True, slots=True)
class Run:
    """One finished CLI invocation."""

    code: int
    stdout: str
    stderr: str

    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli_env(**extra: str) -> dict[str, str]:
    """The repo on PYTHONPATH (for ``tests.reliability``) and no ambient NEWSGRAPH_* settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def cli_args(*args: str, fake: bool) -> list[str]:
    head = [sys.executable, "-c", FAKE_CLI] if fake else [sys.executable, "-m", "newsgraph.cli"]
    return [*head, *args]


def run_cli(*args: str, fake: bool = True, stdin: bytes | None = None, timeout: float = 180,
            **env: str) -> Run:
    """Run ``newsgraph ARGS`` to completion; a traceback on stderr is tallied as a crash."""
    proc = subprocess.run(cli_args(*args, fake=fake), input=stdin, capture_output=True, timeout=timeout,
                          env=cli_env(**env), cwd=REPO)
    run = Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    if "Traceback (most recent call last)" in run.stderr or run.code not in (0, 1, 2):
        TALLY["crashes"] += 1
    return run


def run_cli_together(*argsets: Sequence[str], fake: bool = False) -> list[Run]:
    """Several commands started at once (each pays ~1-3 s of interpreter start-up, in parallel)."""
    procs = [spawn_cli(*args, fake=fake) for args in argsets]
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        run = Run(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
        if "Traceback (most recent call last)" in run.stderr or run.code not in (0, 1, 2):
            TALLY["crashes"] += 1
        runs.append(run)
    return runs


def spawn_cli(*args: str, fake: bool = True, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cli_args(*args, fake=fake), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=cli_env(**env), cwd=REPO)


def audit(db: Path, expected_articles: int | None = None,
          also: Callable[[Store], object] | None = None) -> dict[str, int]:
    """Open the database the way a user would next time and tally what a crash or bug could break.

    Returns the table counts. Duplicates are counted over every id column and the per-article
    completeness comes from ``check_integrity``; rows lost means fewer articles than committed.
    ``also`` runs more checks on the same connection (each open costs ~0.1 s on a busy machine).
    """
    with Store(db, read_only=True) as store:
        if also is not None:
            also(store)
        problems = store.check_integrity()
        counts = store.counts()
        dup = 0
        for table, col in (("articles", "article_id"), ("events", "event_id"), ("quotes", "quote_id")):
            total, distinct = store._con.execute(
                f"SELECT count(*), count(DISTINCT {col}) FROM {table}").fetchone()
            dup += total - distinct
    bump("duplicate_rows", dup)
    incomplete = sum(int(p.split()[0]) for p in problems if "incomplete" in p or "missing" in p)
    bump("rows_lost", incomplete)
    if expected_articles is not None and counts["articles"] < expected_articles:
        bump("rows_lost", expected_articles - counts["articles"])
    assert problems == [], problems
    assert dup == 0
    return counts


ARTICLE_HTML = (
    "<!doctype html><html><head><title>Port reopens</title></head><body><article><h1>Port reopens</h1>"
    "<p>The port of Basra reopened on Monday after a week of strikes, officials said.</p>"
    "<p>Iraqi Prime Minister Nouri al-Maliki met union leaders in Baghdad and promised higher wages.</p>"
    "<p>\u201cWe will keep talking,\u201d Maliki said after the meeting.</p></article></body></html>"
).encode()



_FUNCTION = ["the", "of", "and", "to", "in", "was", "that", "for", "on", "with", "as", "by", "at", "said", "from"]


def english_articles(prefix: str, n: int, seed: int) -> list[dict[str, str]]:
    """Distinct English-looking records: function words pass the language filter, random content words
    keep MinHash from calling them syndicated copies of each other."""
    import random

    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = []
        for k in range(80):
            words.append(_FUNCTION[k % len(_FUNCTION)] if k % 2 else
                         "".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(4, 9))))
        out.append({"id": f"{prefix}-{i}", "title": f"Story {prefix} {i}", "text": " ".join(words) + "."})
    return out


def write_jsonl(path: Path, records: Sequence[dict[str, str]]) -> Path:
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
