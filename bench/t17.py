"""Timeline17 benchmark: newsgraph timelines scored as news-tls scores DATEWISE and CLUST.

    pip install tilse scikit-learn        # tilse also needs Debian's libxml-parser-perl for --rouge original
    python bench/t17.py [--path light|full] [--rouge reimpl|original] [--topics H1N1_bbc,...]

Per topic: the articles (read at run time from ../shared/external/t17, never copied) are stored in
a fresh DuckDB file; then, for every reference timeline, ``build_timeline``'s engine runs on the
articles published inside the reference's date span (news-tls's protocol) with as many dates as
the reference and its rounded mean sentences per date. Scores: tilse's alignment-based ROUGE-1/2
F1 with many-to-one date-content costs, and date F1 (exact day matches).

Paths. ``full``: the newsgraph ingest (spaCy pipeline: boilerplate, dates, mentions, quotes,
events) through ``engines.local.ingest``. ``light``: each article is stored with its boilerplate
ranges only (no parser); timelines then rely on text and date tagging alone. The results file says
which path ran.

Input handling: T17 text is Penn-Treebank tokenised (``-LRB-``, `` `` ``, ``Mexico 's``); it is
detokenised before ingest so dates like "May 12, 2009" read as prose, and chosen sentences are
re-tokenised the PTB way before scoring, because the reference sentences are and tilse splits
on whitespace.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
T17 = REPO.parent / "shared" / "external" / "t17"
RESULTS = REPO / "bench" / "results" / "t17.json"
PUBLISHED = {"DATEWISE": (0.120, 0.035, 0.544), "CLUST": (0.082, 0.020, 0.407)}

log = logging.getLogger("bench.t17")

_PTB_OUT = [("-LRB-", "("), ("-RRB-", ")"), ("-LSB-", "["), ("-RSB-", "]"), ("-LCB-", "{"),
            ("-RCB-", "}"), ("``", '"'), ("''", '"')]
_CLITIC = re.compile(r" (['’](?:s|re|ve|ll|d|m|S|RE|VE|LL|D|M)|n't|N'T)\b")
_SPACE_BEFORE = re.compile(r" ([,.;:?!%)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTED = re.compile(r'" ([^"\n]*?) "')


def detokenize(text: str) -> str:
    """Undo PTB tokenisation well enough for date patterns and readable output."""
    for a, b in _PTB_OUT:
        text = text.replace(a, b)
    text = _CLITIC.sub(r"\1", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = _QUOTED.sub(r'"\1"', text)
    return re.sub(r"[ \t]+\n", "\n", text)


def ptb_tokens(sentence: str) -> str:
    """PTB tokens joined by spaces, the form the reference timelines use."""
    from nltk.tokenize import TreebankWordTokenizer

    toks = TreebankWordTokenizer().tokenize(sentence)
    brackets = {"(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-"}
    return " ".join(brackets.get(t, t) for t in toks)


def read_articles(topic: Path) -> list[Any]:
    from newsgraph.records import Article

    outlet = topic.name.rsplit("_", 1)[-1]
    out = []
    with (topic / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            text = detokenize(r["text"]).strip()
            if text:
                out.append(Article(article_id=f"{topic.name}:{r['id']}", text=text, outlet=outlet,
                                   published=str(r["time"])[:10], source_path=str(topic / "articles.jsonl")))
    return out


def read_references(topic: Path) -> list[dict[dt.date, list[str]]]:
    """Reference timelines as news-tls builds them: one summary per date, a later entry wins."""
    refs = []
    with (topic / "timelines.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                refs.append({dt.date.fromisoformat(d[:10]): [s.strip() for s in sents]
                             for d, sents in json.loads(line)})
    return refs


def ingest_light(db: Path, articles: list[Any]) -> None:
    from newsgraph.extract.boilerplate import find_boilerplate
    from newsgraph.records import DocRecords
    from newsgraph.store import Store

    with Store(db) as store:
        for k in range(0, len(articles), 256):
            store.write_docs([DocRecords(article=a, boilerplate=find_boilerplate(a.text),
                                         article_date=a.published, article_date_precision="day")
                              for a in articles[k:k + 256]])


def ingest_full(db: Path, articles: list[Any], workdir: Path, workers: int | None) -> None:
    from newsgraph.engines.local import ingest

    src = workdir / f"{db.stem}.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a.article_id, "text": a.text, "outlet": a.outlet,
                                "published": a.published}) + "\n")
    ingest([str(src)], db, workers=workers)


def score(pred: dict[dt.date, list[str]], ref: dict[dt.date, list[str]], evaluator: Any) -> dict[str, float]:
    from tilse.data.timelines import GroundTruth, Timeline

    ground = GroundTruth([Timeline(ref)])
    pred_tl = Timeline(pred)
    out: dict[str, float] = {}
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(pred_tl, ground) if pred else {}
    for name, key in (("rouge1", "rouge_1"), ("rouge2", "rouge_2")):
        prf = rouge.get(key, {"precision": 0.0, "recall": 0.0, "f_score": 0.0})
        out[name], out[name + "_p"], out[name + "_r"] = prf["f_score"], prf["precision"], prf["recall"]
    shared = len(set(pred) & set(ref))
    p = shared / len(pred) if pred else 0.0
    r = shared / len(ref) if ref else 0.0
    out["date_f1"], out["date_f1_p"], out["date_f1_r"] = f1(p, r), p, r
    return out


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


METRICS = ("rouge1", "rouge2", "date_f1")


def aggregate(rows: list[dict[str, Any]]) -> dict[str, float]:
    """news-tls's average: mean precision and mean recall over timelines, then their F1."""
    return {m: round(f1(statistics.mean(r[m + "_p"] for r in rows), statistics.mean(r[m + "_r"] for r in rows)), 4)
            for m in METRICS}


def split_of(rows: list[dict[str, Any]]) -> dict[str, str]:
    """The fixed tuning split: timelines with input sorted by name, alternately "tune" and "test".

    Content settings are chosen on "tune" only; "test" is reported beside it so a gain that does
    not carry over to unseen topics shows.
    """
    named = sorted(r["topic"] for r in rows if r["articles"])
    return {t: ("tune" if i % 2 == 0 else "test") for i, t in enumerate(named)}


def mean_f1(rows: list[dict[str, Any]]) -> dict[str, float]:
    return {m: round(statistics.mean(r[m] for r in rows), 4) for m in METRICS}


def run_topic(topic: Path, args: argparse.Namespace, workdir: Path, evaluator: Any) -> list[dict[str, Any]]:
    from newsgraph.analyze.corpus import load_story
    from newsgraph.analyze.timeline import timeline_from_story
    from newsgraph.store import Store

    articles = read_articles(topic)
    refs = read_references(topic)
    db = workdir / f"{topic.name}.duckdb"
    t0 = time.perf_counter()
    if articles:
        if args.path == "full":
            ingest_full(db, articles, workdir, args.workers)
        else:
            ingest_light(db, articles)
    ingest_s = time.perf_counter() - t0
    rows = []
    for n, ref in enumerate(refs):
        name = topic.name if len(refs) == 1 else f"{topic.name}#{n + 1}"
        dates = sorted(ref)
        n_dates = len(dates)
        k = round(sum(len(v) for v in ref.values()) / n_dates)
        t1 = time.perf_counter()
        entries = []
        if articles:
            with Store(db, read_only=True) as store:
                story = load_story(store, None, None, dates[0].isoformat(), dates[-1].isoformat(),
                                   published_slack=0)
                entries = timeline_from_story(story, n_dates, k)
        pred = {dt.date.fromisoformat(e.date): [ptb_tokens(s.text) for s in e.sentences] for e in entries}
        sc = score(pred, ref, evaluator)
        rows.append({"topic": name, "articles": len(articles), "ref_dates": n_dates, "k": k,
                     "pred_dates": len(pred), **{m: round(v, 4) for m, v in sc.items()},
                     "timeline_s": round(time.perf_counter() - t1, 2), "ingest_s": round(ingest_s, 2)})
        log.info("%-24s R1 %.3f R2 %.3f dateF1 %.3f", name, sc["rouge1"], sc["rouge2"], sc["date_f1"])
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    head = f"{'topic':30} {'arts':>5} {'dates':>5} {'k':>2} {'R1':>6} {'R2':>6} {'dateF1':>7}"
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(f"{r['topic']:30} {r['articles']:5d} {r['ref_dates']:5d} {r['k']:2d} {r['rouge1']:6.3f} "
                     f"{r['rouge2']:6.3f} {r['date_f1']:7.3f}")
    lines.append("-" * len(head))
    with_input = [r for r in rows if r["articles"]]
    halves = split_of(rows)
    for label, subset, how in (("news-tls average, all", rows, aggregate),
                               ("news-tls average, with input", with_input, aggregate),
                               ("news-tls average, tune half", [r for r in with_input
                                                                if halves[r["topic"]] == "tune"], aggregate),
                               ("news-tls average, test half", [r for r in with_input
                                                                if halves[r["topic"]] == "test"], aggregate),
                               ("mean of F1, all", rows, mean_f1),
                               ("mean of F1, with input", with_input, mean_f1)):
        if subset:
            m = how(subset)
            lines.append(f"{label:30} {'':5} {len(subset):5d} {'':2} {m['rouge1']:6.3f} {m['rouge2']:6.3f} "
                         f"{m['date_f1']:7.3f}")
    for name, (r1, r2, df) in PUBLISHED.items():
        lines.append(f"{name + ' (published)':30} {'':5} {'':5} {'':2} {r1:6.3f} {r2:6.3f} {df:7.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", choices=("light", "full"), default="light")
    ap.add_argument("--rouge", choices=("reimpl", "original"), default="reimpl")
    ap.add_argument("--topics", help="comma-separated topic folders (default: all)")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--workdir", type=Path, default=None, help="keep the per-topic databases here")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if not T17.exists():
        print(f"skipped: {T17} not found (Timeline17 lives in ../shared/external/t17)")
        return 0
    try:
        from tilse.evaluation.rouge import TimelineRougeEvaluator
    except ImportError:
        print("skipped: the tilse package is not installed (pip install tilse)")
        return 0
    evaluator = TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation=args.rouge)
    topics = sorted(p for p in T17.iterdir() if (p / "timelines.jsonl").exists())
    if args.topics:
        wanted = set(args.topics.split(","))
        topics = [t for t in topics if t.name in wanted]
    tmp = None
    if args.workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="ng-t17-")
        workdir = Path(tmp.name)
    else:
        workdir = args.workdir
        workdir.mkdir(parents=True, exist_ok=True)
        for old in workdir.glob("*.duckdb*"):
            old.unlink()
    rows: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    try:
        for topic in topics:
            rows.extend(run_topic(topic, args, workdir, evaluator))
    finally:
        if tmp is not None:
            tmp.cleanup()
    total = time.perf_counter() - t0
    print(table(rows))
    n_articles = sum({r["topic"].split("#")[0]: r["articles"] for r in rows}.values())
    ingest_s = sum({r["topic"].split("#")[0]: r["ingest_s"] for r in rows}.values())
    print(f"\ningest ({args.path} path): {n_articles} articles in {ingest_s:.1f} s "
          f"({n_articles / ingest_s if ingest_s else 0:.1f} articles/s); total {total:.0f} s; "
          f"ROUGE: tilse {args.rouge}")
    with_input = [r for r in rows if r["articles"]]
    result = {
        "path": args.path, "rouge": f"tilse {args.rouge}", "python": sys.version.split()[0],
        "protocol": "news-tls: inputs limited to the reference span; dates = |ref|; k = round(mean sents/date); "
                    "alignment ROUGE with many-to-one date-content costs; date F1 on exact days; 'average' is "
                    "news-tls's (F1 of the mean precision and mean recall), 'mean_f1' the plain mean",
        "average": aggregate(rows) if rows else {},
        "average_with_input": aggregate(with_input) if with_input else {},
        "tuning_split": "timelines with input sorted by name; even positions 'tune', odd 'test'",
        **{f"average_{half}": aggregate(sub) for half in ("tune", "test")
           if (sub := [r for r in with_input if split_of(rows)[r["topic"]] == half])},
        "mean_f1": mean_f1(rows) if rows else {},
        "mean_f1_with_input": mean_f1(with_input) if with_input else {},
        "published": {k: dict(zip(("rouge1", "rouge2", "date_f1"), v, strict=True)) for k, v in PUBLISHED.items()},
        "ingest": {"articles": n_articles, "seconds": round(ingest_s, 1),
                   "articles_per_s": round(n_articles / ingest_s, 1) if ingest_s else None},
        "topics": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
