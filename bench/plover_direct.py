#!/usr/bin/env python3
"""Event coder accuracy without the store: the PLOVER gold records and the gold article sets.

  python bench/plover_direct.py                      PLOVER type/full accuracy on the 322 GSR records
  python bench/plover_direct.py gold SET OUT.jsonl   code the seeds or dev articles, write events
                                                     for ../shared/eval/score.py (SET: seeds | dev)

Reads the shared data at run time (``NEWSGRAPH_SHARED``, default ../shared next to the repo);
nothing from it is copied into the repository. The PLOVER score is computed exactly as
``eval/plover_gsr.py`` does (type: the record's type is among the PLOVER types coded for its
sentence; full: also source/target country among the gold actors' codes).
"""

from __future__ import annotations

import json
import os
import sys
import time
import types
from pathlib import Path

from newsgraph.extract.resolve import ner_mentions
from newsgraph.nlp.pipeline import load_pipeline, process
from newsgraph.records import ActorRef, Article, DocRecords

SHARED = Path(os.environ.get("NEWSGRAPH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
GSR = SHARED / "external" / "plover" / "PLOVER_GSR_CAMEO.json"
NEW_NAME = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
GOLD_INPUT = {"seeds": SHARED / "seeds" / "seeds.jsonl", "dev": SHARED / "gold" / "dev" / "articles.jsonl"}


def actor_json(a: ActorRef | None) -> dict | None:
    if a is None:
        return None
    return {"name": a.name, "aliases": list(a.aliases), "country": a.country, "sector": a.sector, "code": a.code}


def event_rows(recs: DocRecords) -> list[dict]:
    actors = {a.link_key: a for a in recs.actors}
    rows = []
    for e in recs.events:
        if e.negated:  # a negated event did not happen; exports should leave it out too
            continue
        rows.append({"article_id": e.article_id, "sentence": e.sentence, "trigger": e.trigger,
                     "source": actor_json(actors.get(e.source_key)), "target": actor_json(actors.get(e.target_key)),
                     "cameo": e.cameo, "root": e.root, "plover": e.plover, "modality": e.modality,
                     "date": e.date, "confidence": e.confidence})
    return rows




def ensure_mention_layer() -> None:
    """Benchmark the coder even while the mention layer is broken: fall back to named entities."""
    try:
        import newsgraph.extract.mentions  # noqa: F401
    except ImportError as e:
        print(f"# mention layer unavailable ({e}); using named entities as actors", file=sys.stderr)
        mod = types.ModuleType("newsgraph.extract.mentions")
        mod.extract_mentions = ner_mentions  # type: ignore[attr-defined]
        sys.modules["newsgraph.extract.mentions"] = mod


def codes(actors: object) -> set[str]:
    if isinstance(actors, dict):
        actors = [actors]
    if not isinstance(actors, list):
        return set()
    return {a["code"][:3].upper() for a in actors if isinstance(a, dict) and a.get("code")}


def plover() -> None:
    records = [r for r in json.loads(GSR.read_text(encoding="utf-8")) if r.get("text")]
    arts = [Article(article_id=r["id"], text=r["text"], published=r.get("date")) for r in records]
    nlp = load_pipeline()
    t0 = time.perf_counter()
    found: dict[str, list[dict]] = {}
    for recs in process(nlp, arts):
        found[recs.article.article_id] = event_rows(recs)
    dt = time.perf_counter() - t0
    typed = full = 0
    by_type: dict[str, list[int]] = {}
    verbose = "-v" in sys.argv
    for r in records:
        want = {r["event"], NEW_NAME.get(r["event"], r["event"])}
        evs = found.get(r["id"], [])
        ok_type = [e for e in evs if str(e.get("plover") or "").upper() in want]
        src, tgt = codes(r.get("source")), codes(r.get("target"))
        ok_full = [e for e in ok_type
                   if (not src or ((e.get("source") or {}).get("country") or "").upper() in src)
                   and (not tgt or ((e.get("target") or {}).get("country") or "").upper() in tgt)]
        typed += bool(ok_type)
        full += bool(ok_full)
        by_type.setdefault(r["event"], [0, 0])
        by_type[r["event"]][0] += bool(ok_type)
        by_type[r["event"]][1] += 1
        if verbose and not ok_type:
            got = ",".join(f"{e['cameo']}:{e['trigger']}" for e in evs) or "-"
            print(f"MISS {r['event']:<11} got {got:<24} | {r['text'][:110]}")
    n = len(records)
    for t, (ok, tot) in sorted(by_type.items()):
        print(f"type.{t} {ok}/{tot}")
    print(f"records {n}  events_per_record {sum(len(v) for v in found.values()) / n:.2f}  seconds {dt:.1f}")
    print(f"summary: plover_type_accuracy={typed / n:.3f} full_accuracy={full / n:.3f}")


def gold(which: str, out: str) -> None:
    arts = []
    for line in GOLD_INPUT[which].read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            arts.append(Article(article_id=d["id"], text=d["text"], title=d.get("title"),
                                published=d.get("published"), url=d.get("url"), outlet=d.get("outlet")))
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for recs in process(load_pipeline(), arts):
            for row in event_rows(recs):
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} events from {len(arts)} articles -> {out}")


if __name__ == "__main__":
    ensure_mention_layer()
    if len(sys.argv) >= 4 and sys.argv[1] == "gold":
        gold(sys.argv[2], sys.argv[3])
    else:
        plover()
