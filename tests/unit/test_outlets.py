"""Outlets: coverage per outlet, whom each quoted, tone about key actors, and coverage gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.analyze import tone
from newsgraph.analyze.outlets import compare_outlets, outlets_text
from newsgraph.records import Actor, ActorRef, Article, DocRecords, Event, Mention, Quote, stable_id
from newsgraph.store import EventCluster, Store

needs_vader = pytest.mark.skipif(not tone.available(), reason="tone needs the vaderSentiment package")

ACTORS = {
    "person:maliki": ActorRef("person:maliki", "Nouri al-Maliki", "PERSON", "IRQ", "GOV", None, ("Maliki",)),
    "person:obama": ActorRef("person:obama", "Barack Obama", "PERSON", "USA", "GOV", None, ("Obama",)),
    "person:carney": ActorRef("person:carney", "Jay Carney", "PERSON", "USA", "GOV"),
    "org:isis": ActorRef("org:isis", "Islamic State", "GROUP", None, "REB", None, ("ISIS",)),
}
LINKS = {"person:maliki": "MAL", "person:obama": "OBA", "person:carney": "CAR", "org:isis": "ISI"}
NAMES = {"Maliki": "person:maliki", "Obama": "person:obama", "Carney": "person:carney", "ISIS": "org:isis"}


def article(aid: str, outlet: str, published: str, sentences: list[str],
            events: list[tuple[int, str, str, str, int, float]] = (),
            quotes: list[tuple[str, ...]] = ()) -> DocRecords:
    """An article from sentences; events as (sentence index, source, target, cameo, quad, goldstein);
    quotes as (text, speaker or None[, kind]), kind "direct" unless given."""
    text = " ".join(sentences)
    starts = [text.index(s) for s in sentences]
    mentions, keys = [], set()
    for name, key in NAMES.items():
        pos = text.find(name)
        while pos >= 0:
            mentions.append(Mention(pos, pos + len(name), name, "name", key))
            keys.add(key)
            pos = text.find(name, pos + 1)
    evs = [Event(event_id=stable_id(aid, k), article_id=aid, sentence=sentences[i], sentence_start=starts[i],
                 sentence_end=starts[i] + len(sentences[i]), trigger_start=starts[i], trigger_end=starts[i] + 1,
                 trigger="x", source_key=NAMES[src], target_key=NAMES[tgt], cameo=cameo, root=cameo[:2], plover=None,
                 plover_mode=None, quad_class=quad, goldstein=g, date=published, date_precision="day")
           for k, (i, src, tgt, cameo, quad, g) in enumerate(events)]
    qs = [Quote(stable_id(aid, "q", k), aid, 0, 5, text[:5], (*rest, "direct")[0], NAMES.get(who) if who else None,
                who, "say", anonymous=who is None) for k, (_, who, *rest) in enumerate(quotes)]
    return DocRecords(Article(aid, text, title=sentences[0], outlet=outlet, published=published),
                      actors=[ACTORS[k] for k in sorted(keys)], mentions=mentions, quotes=qs, events=evs)


DOCS = [
    article("a", "alpha.com", "2013-11-01", [
        "Maliki met Obama at the White House on Friday.",
        "Carney praised Maliki for his excellent, courageous and successful leadership.",
        "ISIS attacked a market.",
    ], events=[(0, "Maliki", "Obama", "040", 1, 1.0), (2, "ISIS", "Maliki", "190", 4, -10.0)],
        quotes=[("x", "Carney"), ("y", "Carney"), ("v", "Carney", "indirect")]),
    article("b", "beta.org", "2013-11-02", [
        "Maliki held talks with Obama in Washington.",
        "Critics say Maliki is a corrupt, brutal and failed leader who caused terrible violence.",
    ], events=[(0, "Maliki", "Obama", "040", 1, 1.0)], quotes=[("z", None)]),
    article("c", "gamma.net", "2013-11-03", [
        "Obama spoke about Maliki and the economy.",
        "Carney said the talks went well.",
    ], events=[(1, "Carney", "Maliki", "051", 1, 3.4)], quotes=[("w", "Carney", "indirect")]),
    article("d", "delta.info", "2016-03-01", ["Obama later recalled Maliki in a memoir."]),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "out.duckdb")
    s.write_docs(DOCS)
    s.replace_actors([Actor(LINKS[k], a.name, a.aliases, a.type, a.country, a.sector) for k, a in ACTORS.items()],
                     LINKS)
    yield s
    s.close()


def test_per_outlet_coverage_and_quotes(store: Store) -> None:
    rep = compare_outlets(store)
    assert rep.articles == 4 and [o.outlet for o in rep.outlets] == ["alpha.com", "beta.org", "delta.info",
                                                                     "gamma.net"]
    alpha, beta, delta, gamma = rep.outlets
    assert (alpha.articles, alpha.events, len(alpha.happenings)) == (1, 2, 2)
    assert (delta.events, delta.happenings) == (0, ())
    assert {a["id"] for a in alpha.actors} == {"MAL", "OBA", "CAR", "ISI"}
    assert alpha.actors[0] == {"id": "MAL", "name": "Nouri al-Maliki", "mentions": 2}
    # verbatim quotes and reported speech are counted apart, per speaker and per outlet
    assert alpha.quoted == ({"id": "CAR", "name": "Jay Carney", "quotes": 2, "reported": 1, "anonymous": False},)
    assert (alpha.quotes, alpha.reported) == (2, 1)
    assert beta.quoted[0]["anonymous"] and beta.quoted[0]["quotes"] == 1 and beta.quoted[0]["reported"] == 0
    assert gamma.quoted == ({"id": "CAR", "name": "Jay Carney", "quotes": 0, "reported": 1, "anonymous": False},)
    assert (gamma.quotes, gamma.reported, delta.quotes, delta.reported) == (0, 1, 0, 0)
    assert rep.key_actors[0]["id"] == "MAL" and rep.key_actors[0]["outlets"] == 4
    assert rep.to_dict()["outlets"][0]["outlet"] == "alpha.com"


def test_coverage_gaps_respect_the_time_window(store: Store) -> None:
    rep = compare_outlets(store)
    meeting = next(g for g in rep.gaps if g.label.startswith("Nouri al-Maliki → Barack Obama"))
    assert meeting.kind == "grouped" and meeting.covered_by == ("alpha.com", "beta.org")
    assert meeting.missed_by == ("gamma.net",)  # delta.info published years later: not a blindspot
    assert {e["outlet"] for e in meeting.evidence} == {"alpha.com", "beta.org"}
    assert rep.gaps[0] is meeting  # the most widely reported happening comes first
    attack = next(g for g in rep.gaps if g.label.startswith("Islamic State"))
    assert attack.covered_by == ("alpha.com",) and attack.missed_by == ("beta.org", "gamma.net")
    assert {a["name"] for a in rep.actor_gaps} >= {"Jay Carney", "Islamic State"}
    carney = next(a for a in rep.actor_gaps if a["id"] == "CAR")
    assert carney["missed_by"] == ["beta.org", "delta.info"]


def test_clusters_define_happenings(store: Store) -> None:
    ids = (stable_id("a", 0), stable_id("b", 0), stable_id("c", 0))
    store.replace_clusters([EventCluster("meet", ids, "04", "040", "MAL", "OBA", "2013-11-01", "2013-11-03",
                                         3, 3, 3, ids[0])])
    rep = compare_outlets(store)
    # the clusterer says gamma's event reports the same happening: every outlet of that week covered it
    assert all(g.key != "cluster:meet" for g in rep.gaps)
    assert not any(g.label.startswith("Nouri al-Maliki → Barack Obama") for g in rep.gaps)
    assert all("cluster:meet" in o.happenings for o in rep.outlets if o.outlet != "delta.info")
    store.replace_clusters([EventCluster("meet", ids[:2], "04", "040", "MAL", "OBA", "2013-11-01", "2013-11-02",
                                         2, 2, 2, ids[0])])
    meeting = next(g for g in compare_outlets(store).gaps if g.key == "cluster:meet")
    assert meeting.kind == "cluster" and meeting.missed_by == ("gamma.net",)


@needs_vader
def test_tone_differs_between_outlets(store: Store) -> None:
    rep = compare_outlets(store)
    assert rep.tone_model and "VADER" in rep.tone_model
    tone_of = {o.outlet: {t["actor_id"]: t for t in o.tone} for o in rep.outlets}
    assert tone_of["alpha.com"]["MAL"]["mean"] > 0.2 and tone_of["alpha.com"]["MAL"]["sentences"] == 2
    assert tone_of["beta.org"]["MAL"]["mean"] < -0.2 and tone_of["beta.org"]["MAL"]["negative"] == 1
    assert "tone: VADER" in outlets_text(store, None)


def test_story_filter_and_text(store: Store) -> None:
    rep = compare_outlets(store, "White House")
    assert rep.articles == 1 and rep.gaps == ()
    text = outlets_text(store, "Maliki")
    assert "4 articles from 4 outlets" in text and "coverage gaps" in text
    assert "quoted: Jay Carney (2 quotes, 1 reported)" in text and "quoted: Jay Carney (1 reported)" in text
    assert "2 verbatim quotes, 1 reported" in text
    assert outlets_text(store, "no such story") == "no articles match 'no such story'"


@needs_vader
def test_sentence_tone_counts_a_sentence_once_and_skips_boilerplate() -> None:
    text = "Maliki and Maliki won a wonderful victory. Subscribe to Maliki news now."
    mentions = [("a", 0, 6, "MAL", "Maliki"), ("a", 11, 17, "MAL", "Maliki"), ("a", 56, 62, "MAL", "Maliki")]
    out = tone.actor_sentence_tones({"a": text}, mentions, {"a": [(43, len(text))]})
    assert len(out) == 1 and out[0].start == 0 and out[0].compound > 0.5
    assert tone.actor_sentence_tones({"a": text}, mentions, actors={"OBA"}) == []


def test_store_counts_split_verbatim_and_reported(store: Store) -> None:
    """The outlet table and the article list count verbatim quotes and reported speech apart."""
    summary = {o["outlet"]: (o["quotes"], o["reported"]) for o in store.outlet_summary()}
    assert summary == {"alpha.com": (2, 1), "beta.org": (1, 0), "gamma.net": (0, 1), "delta.info": (0, 0)}
    arts = {a["article_id"]: (a["quotes"], a["reported"]) for a in store.list_articles()}
    assert arts == {"a": (2, 1), "b": (1, 0), "c": (0, 1), "d": (0, 0)}
    assert [a["article_id"] for a in store.list_articles(limit=2, offset=1)] == ["c", "b"]
