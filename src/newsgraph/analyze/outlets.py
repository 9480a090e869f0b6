"""How outlets differ on the same story: what they covered, whom they quoted, their tone, and what they missed.

"Whom they quoted" counts verbatim quotes (direct or mixed: the speaker's own words in quotation
marks) apart from reported speech (an indirect paraphrase), so an outlet that paraphrases a
speaker is not shown as quoting them.

Coverage gaps follow the idea of Ground News' "blindspot": a happening that several outlets report
and another outlet of the same story never mentions. A happening is an event cluster when the
clustering step has filled ``event_clusters``; otherwise events are grouped by (source actor,
target actor, CAMEO root, month of the event's day) — coarser than a cluster, but it stops two
wordings of one meeting counting as two happenings. Negated events are not happenings.

Tone is VADER on sentences mentioning each key actor (see :mod:`newsgraph.analyze.tone`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from statistics import fmean
from typing import Any

from newsgraph.analyze import tone as tone_mod
from newsgraph.analyze.corpus import query_terms

__all__ = ["CoverageGap", "OutletReport", "OutletSummary", "compare_outlets", "outlets_text"]

#: key actors: the most mentioned actors of the story, the ones whose tone is compared
KEY_ACTORS = 8
#: an outlet "missed" a happening only if it published on the story within this many days of it;
#: an outlet that was not covering the story then has no blindspot, just no article
GAP_WINDOW_DAYS = 7


@dataclass(frozen=True, slots=True)
class OutletSummary:
    """One outlet's coverage. ``tone``: per key actor, mean VADER compound over its sentences.

    ``quotes`` and ``reported`` total the ``quoted`` rows: verbatim quotes and reported statements.
    """

    outlet: str
    articles: int
    events: int
    happenings: tuple[str, ...]
    actors: tuple[dict[str, Any], ...]  # id, name, mentions
    quoted: tuple[dict[str, Any], ...]  # id, name, quotes (verbatim), reported, anonymous
    tone: tuple[dict[str, Any], ...]  # actor_id, name, sentences, mean, negative, positive
    quotes: int = 0
    reported: int = 0


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """A happening some outlets reported and others in the same story did not."""

    key: str
    kind: str  # cluster | grouped
    label: str
    covered_by: tuple[str, ...]
    missed_by: tuple[str, ...]
    evidence: tuple[dict[str, Any], ...]  # sentence, article_id, outlet, day


@dataclass(frozen=True, slots=True)
class OutletReport:
    story: str | None
    articles: int
    outlets: tuple[OutletSummary, ...]
    key_actors: tuple[dict[str, Any], ...]  # id, name, mentions, outlets
    gaps: tuple[CoverageGap, ...]
    actor_gaps: tuple[dict[str, Any], ...]  # key actors some outlets never mention
    tone_model: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _happening(ev: dict[str, Any]) -> tuple[str, str, str]:
    """(key, kind, label) of the happening an event reports."""
    label = (f"{ev['source_name'] or '?'} → {ev['target_name'] or '?'}: CAMEO {ev['cameo']} "
             f"({(ev['day'] or 'undated')[:7]})")
    if ev.get("cluster_id"):
        return f"cluster:{ev['cluster_id']}", "cluster", label
    key = "|".join([ev["source_id"] or "-", ev["target_id"] or "-", ev["root"] or "-", (ev["day"] or "")[:7]])
    return key, "grouped", label


def _near(days: set[str], outlet_days: set[str], window: int) -> bool:
    """Whether the outlet published within ``window`` days of the happening (undated: always)."""
    if not days or "" in days:
        return True
    targets = [dt.date.fromisoformat(d) for d in days]
    return any(abs((dt.date.fromisoformat(o) - t).days) <= window for o in outlet_days for t in targets)


def _tone_rows(tones: list[tone_mod.SentenceTone], outlet_of: dict[str, str],
               names: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    by: dict[tuple[str, str], list[float]] = defaultdict(list)
    for t in tones:
        by[(outlet_of[t.article_id], t.actor_id)].append(t.compound)
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (outlet, actor_id), vals in sorted(by.items()):
        out[outlet].append({"actor_id": actor_id, "name": names.get(actor_id, actor_id), "sentences": len(vals),
                            "mean": round(fmean(vals), 4), "negative": sum(v <= -0.05 for v in vals),
                            "positive": sum(v >= 0.05 for v in vals)})
    return out


def compare_outlets(store: Any, story: str | None = None, key_actors: int = KEY_ACTORS,
                    evidence: int = 2, window: int = GAP_WINDOW_DAYS) -> OutletReport:
    """Compare every outlet's coverage of the articles matching ``story`` (all articles when None).

    ``story`` is a query as for timelines: comma/OR-separated phrases, any one selects an article.
    A gap lists, for a happening, the outlets that reported it and those that published on the
    story within ``window`` days of it without reporting it.
    """
    arts = store.story_articles(query_terms(story))
    ids = [a["article_id"] for a in arts]
    outlet_of = {a["article_id"]: a["outlet"] or "(unknown)" for a in arts}
    outlets = sorted(set(outlet_of.values()))
    outlet_days: dict[str, set[str]] = defaultdict(set)
    for a in arts:
        if a.get("anchor"):
            outlet_days[outlet_of[a["article_id"]]].add(a["anchor"])
    if not ids:
        return OutletReport(story, 0, (), (), (), (), None)
    events = [e for e in store.event_rows(article_ids=ids) if not e["negated"]]
    mentions = store.mention_actor_spans(ids)
    quotes = store.quote_speaker_counts(ids)

    # actors: mentions per outlet, and the story's key actors
    names: dict[str, str] = {}
    per_outlet_actor: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for aid, _s, _e, actor_id, name in mentions:
        names.setdefault(actor_id, name)
        per_outlet_actor[outlet_of[aid]][actor_id] += 1
        total[actor_id] += 1
    keys = [a for a, _ in sorted(total.items(), key=lambda kv: (-kv[1], names[kv[0]]))[:key_actors]]
    key_rows = tuple({"id": a, "name": names[a], "mentions": total[a],
                      "outlets": sum(1 for o in outlets if per_outlet_actor[o][a])} for a in keys)

    # tone of sentences about key actors
    tone_model: str | None = tone_mod.TONE_MODEL
    tones_by_outlet: dict[str, list[dict[str, Any]]] = {}
    try:
        texts = {a["article_id"]: a["text"] for a in arts}
        tones = tone_mod.actor_sentence_tones(texts, mentions, store.boilerplate_ranges(ids), set(keys))
        tones_by_outlet = _tone_rows(tones, outlet_of, names)
    except tone_mod.ToneUnavailable:
        tone_model = None

    # happenings per outlet, with evidence
    covered: dict[str, set[str]] = defaultdict(set)
    hap: dict[str, tuple[str, str]] = {}
    hap_outlets: dict[str, set[str]] = defaultdict(set)
    hap_evidence: dict[str, list[dict[str, Any]]] = defaultdict(list)
    hap_days: dict[str, set[str]] = defaultdict(set)
    n_events: Counter[str] = Counter()
    for ev in events:
        outlet = outlet_of[ev["article_id"]]
        key, kind, label = _happening(ev)
        hap.setdefault(key, (kind, label))
        covered[outlet].add(key)
        n_events[outlet] += 1
        if outlet not in hap_outlets[key] and len(hap_evidence[key]) < evidence:
            hap_evidence[key].append({"sentence": ev["sentence"], "article_id": ev["article_id"], "outlet": outlet,
                                      "day": ev["day"], "event_id": ev["event_id"]})
        hap_outlets[key].add(outlet)
        hap_days[key].add(ev["day"] or "")

    quoted: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        quoted[q["outlet"]].append({"id": q["speaker_id"], "name": q["speaker_name"], "quotes": int(q["quotes"]),
                                    "reported": int(q["reported"]), "anonymous": bool(q["anonymous"])})
    n_articles = Counter(outlet_of.values())
    summaries = tuple(OutletSummary(
        outlet=o, articles=n_articles[o], events=n_events[o], happenings=tuple(sorted(covered[o])),
        actors=tuple({"id": a, "name": names[a], "mentions": n} for a, n in
                     sorted(per_outlet_actor[o].items(), key=lambda kv: (-kv[1], names[kv[0]]))),
        quoted=tuple(quoted[o]), tone=tuple(tones_by_outlet.get(o, ())),
        quotes=sum(q["quotes"] for q in quoted[o]), reported=sum(q["reported"] for q in quoted[o])) for o in outlets)

    gaps = []
    if len(outlets) > 1:
        for key, by in hap_outlets.items():
            missed = tuple(o for o in outlets if o not in by and _near(hap_days[key], outlet_days[o], window))
            if missed:
                kind, label = hap[key]
                gaps.append(CoverageGap(key, kind, label, tuple(sorted(by)), missed, tuple(hap_evidence[key])))
        gaps.sort(key=lambda g: (-len(g.covered_by), g.label, g.key))
    actor_gaps = tuple({"id": r["id"], "name": r["name"],
                        "mentioned_by": [o for o in outlets if per_outlet_actor[o][r["id"]]],
                        "missed_by": [o for o in outlets if not per_outlet_actor[o][r["id"]]]}
                       for r in key_rows if 0 < r["outlets"] < len(outlets))
    return OutletReport(story, len(ids), summaries, key_rows, tuple(gaps), actor_gaps, tone_model)


def _quote_counts(q: dict[str, Any]) -> str:
    """"3 quotes, 1 reported": verbatim and reported speech kept apart, zero parts left out."""
    parts = [f"{q['quotes']} quote{'' if q['quotes'] == 1 else 's'}" if q["quotes"] else "",
             f"{q['reported']} reported" if q["reported"] else ""]
    return ", ".join(p for p in parts if p)


def outlets_text(store: Any, story: str | None) -> str:
    """The ``newsgraph outlets [--story QUERY]`` report."""
    rep = compare_outlets(store, story)
    if not rep.articles:
        return f"no articles match {story!r}" if story else "no articles in the database"
    lines = [f"{rep.articles} articles from {len(rep.outlets)} outlets" + (f" about {story!r}" if story else "")]
    if rep.tone_model:
        lines.append(f"tone: {rep.tone_model}")
    for o in rep.outlets:
        lines.append(f"\n{o.outlet}: {o.articles} articles, {o.events} events, {len(o.happenings)} happenings, "
                     f"{o.quotes} verbatim quotes, {o.reported} reported")
        lines.append("  actors: " + ", ".join(f"{a['name']} ({a['mentions']})" for a in o.actors[:8]))
        if o.quoted:
            lines.append("  quoted: " + ", ".join(f"{q['name']} ({_quote_counts(q)})" for q in o.quoted[:8]))
        if o.tone:
            lines.append("  tone: " + ", ".join(f"{t['name']} {t['mean']:+.2f} (n={t['sentences']})" for t in o.tone))
    if rep.gaps:
        lines.append("\ncoverage gaps (reported by some outlets, not by others):")
        for g in rep.gaps[:20]:
            lines.append(f"  {g.label}: reported by {', '.join(g.covered_by)}; not by {', '.join(g.missed_by)}")
            if g.evidence:
                lines.append(f"    “{g.evidence[0]['sentence'].strip()[:160]}” ({g.evidence[0]['outlet']})")
    if rep.actor_gaps:
        lines.append("\nkey actors some outlets never mention:")
        for a in rep.actor_gaps:
            lines.append(f"  {a['name']}: not in {', '.join(a['missed_by'])}")
    return "\n".join(lines)
