"""Stances: relation aggregation per period, score sign, negation and modality, clusters, network."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.analyze.relations import (
    Relation,
    network,
    period_bounds,
    relations,
    relations_text,
    score_of,
    stance_summary,
)
from newsgraph.records import Actor, ActorRef, Article, DocRecords, Event, stable_id
from newsgraph.store import EventCluster, Store

ACTORS = [
    ActorRef("person:nouri maliki", "Nouri al-Maliki", "PERSON", "IRQ", "GOV", "Prime Minister", ("Maliki",)),
    ActorRef("org:us congress", "United States Congress", "ORG", "USA", "LEG"),
    ActorRef("org:white house", "White House", "ORG", "USA", "GOV"),
    ActorRef("kb:IRN", "Iran", "COUNTRY", "IRN"),
]
LINKS = {"person:nouri maliki": "MAL", "org:us congress": "CON", "org:white house": "WH", "kb:IRN": "IRN"}
KEY = {v: k for k, v in LINKS.items()}


def ev(aid: str, k: int, src: str, tgt: str, cameo: str, quad: int, g: float, date: str | None = None,
       negated: bool = False, modality: str | None = None, sentence: str = "S.") -> Event:
    return Event(event_id=stable_id(aid, k), article_id=aid, sentence=sentence, sentence_start=0,
                 sentence_end=len(sentence), trigger_start=0, trigger_end=1, trigger="x", source_key=KEY[src],
                 target_key=KEY[tgt], cameo=cameo, root=cameo[:2], plover=None, plover_mode=None, quad_class=quad,
                 goldstein=g, date=date, date_precision="day" if date else None, negated=negated, modality=modality)


def doc(aid: str, published: str, events: list[Event], outlet: str = "example.com") -> DocRecords:
    return DocRecords(Article(aid, "Some text.", title=aid, outlet=outlet, published=published),
                      actors=list(ACTORS), events=events)


def link(store: Store) -> None:
    store.replace_actors([Actor(LINKS[a.link_key], a.name, a.aliases, a.type, a.country, a.sector, 10, 1)
                          for a in ACTORS], LINKS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "rel.duckdb")
    s.write_docs([
        doc("a1", "2013-10-30", [
            ev("a1", 0, "CON", "MAL", "111", 3, -2.0, "2013-10-29", sentence="Senators criticised Maliki."),
            ev("a1", 1, "WH", "MAL", "051", 1, 3.4, sentence="The White House praised Maliki."),
        ], outlet="thehill.com"),
        doc("a2", "2013-11-02", [
            ev("a2", 0, "CON", "MAL", "112", 3, -2.0, "2013-11-01"),
            ev("a2", 1, "WH", "MAL", "043", 1, 2.8, "2013-11-01"),
            ev("a2", 2, "MAL", "WH", "042", 1, 1.9, "2013-11-01"),
        ], outlet="antiwar.com"),
        doc("a3", "2014-06-20", [ev("a3", 0, "CON", "MAL", "1231", 3, -4.0)]),
    ])
    link(s)
    yield s
    s.close()


def by(rels: list[Relation], src: str, tgt: str) -> list[Relation]:
    return [r for r in rels if r.source_id == src and r.target_id == tgt]


def test_aggregates_per_period(store: Store) -> None:
    months = by(relations(store, "MAL", "month"), "CON", "MAL")
    assert [(r.period, r.events) for r in months] == [("2013-10", 1), ("2013-11", 1), ("2014-06", 1)]
    years = by(relations(store, "MAL", "year"), "CON", "MAL")
    assert [(r.period, r.events) for r in years] == [("2013", 2), ("2014", 1)]
    assert years[0].goldstein_sum == -4.0 and years[0].goldstein_mean == -2.0
    assert years[0].quad_counts == (0, 0, 2, 0) and len(years[0].event_ids) == 2
    assert years[0].source_name == "United States Congress" and years[0].source_code == "USALEG"
    weeks = {r.period for r in relations(store, period="week")}
    assert weeks == {"2013-W44", "2014-W25"}
    days = {r.period for r in relations(store, period="day")}
    assert "2013-10-29" in days and "2013-10-30" in days  # event date first, article date as fallback
    with pytest.raises(ValueError):
        relations(store, period="decade")


def test_score_sign_and_direction(store: Store) -> None:
    rels = relations(store, "MAL", "year", date_from="2013-01-01", date_to="2013-12-31")
    con, wh, back = by(rels, "CON", "MAL")[0], by(rels, "WH", "MAL")[0], by(rels, "MAL", "WH")[0]
    assert con.score < 0 and con.stance == "conflict"
    assert wh.score > 0 and wh.stance == "cooperation" and wh.events == 2
    assert wh.score == score_of((3.4 + 2.8) / 2, 1.0)
    assert back.events == 1  # ordered pairs: Maliki -> White House is its own relation
    assert -1 <= con.score <= 1 and -1 <= wh.score <= 1
    assert all(r.period == "2013" for r in rels)
    assert not relations(store, "IRN")  # no events


def test_negated_excluded_and_hypothetical_half_weight(tmp_path: Path) -> None:
    with Store(tmp_path / "n.duckdb") as s:
        s.write_docs([doc("n1", "2015-01-05", [
            ev("n1", 0, "IRN", "MAL", "042", 1, 1.9, negated=True),
            ev("n1", 1, "WH", "MAL", "057", 1, 8.0),
            ev("n1", 2, "WH", "MAL", "190", 4, -10.0, modality="hypothetical"),
            ev("n1", 3, "CON", "MAL", "138", 3, -7.0, modality="threat"),
        ])])
        link(s)
        rels = relations(s, "MAL", "year")
        irn = by(rels, "IRN", "MAL")[0]
        assert irn.events == 0 and irn.excluded == 1 and irn.event_ids == () and irn.score == 0.0
        assert irn.excluded_ids == (stable_id("n1", 0),)
        wh = by(rels, "WH", "MAL")[0]
        assert wh.events == 2 and wh.quad_counts == (1, 0, 0, 1)
        assert wh.goldstein_sum == pytest.approx(8.0 - 5.0)  # the hypothetical strike weighs half
        assert wh.goldstein_mean == pytest.approx(3.0 / 1.5)
        assert wh.score == pytest.approx(score_of(2.0, (1 - 0.5) / 1.5))
        con = by(rels, "CON", "MAL")[0]
        assert con.goldstein_mean == -7.0  # a threat is an act: full weight
        summary = stance_summary(s, "MAL", "2015")
        assert "Iran" not in {c["name"] for side in ("critics", "backers", "neutral") for c in summary[side]}


def test_cluster_counts_once(store: Store) -> None:
    ids = [stable_id("a1", 1), stable_id("a2", 1)]
    store.replace_clusters([EventCluster("c1", tuple(ids), "05", "051", "WH", "MAL", "2013-10-30", "2013-11-01",
                                         2, 2, 2, ids[0])])
    wh = by(relations(store, "MAL", "year"), "WH", "MAL")[0]
    assert wh.events == 1 and set(wh.event_ids) == set(ids)
    assert wh.goldstein_mean == pytest.approx((3.4 + 2.8) / 2)


def test_unlinked_actors_fall_back_to_link_keys(tmp_path: Path) -> None:
    with Store(tmp_path / "u.duckdb") as s:
        s.write_docs([doc("u1", "2013-05-01", [ev("u1", 0, "CON", "MAL", "111", 3, -2.0)])])
        (r,) = relations(s, period="month")
        assert (r.source_id, r.target_id) == ("org:us congress", "person:nouri maliki")
        assert r.source_name == "United States Congress" and r.source_code == "USALEG"
        assert s.resolve_actor("person:nouri maliki") == ("person:nouri maliki", "Nouri al-Maliki")


def test_stance_summary_names_critics_and_backers_with_evidence(store: Store) -> None:
    st = stance_summary(store, "MAL", "2013")
    assert st["target"]["name"] == "Nouri al-Maliki" and (st["date_from"], st["date_to"]) == ("2013-01-01",
                                                                                             "2013-12-31")
    assert [c["actor_id"] for c in st["critics"]] == ["CON"]
    assert [b["actor_id"] for b in st["backers"]] == ["WH"]
    crit = st["critics"][0]
    assert crit["events"] == 2 and crit["code"] == "USALEG"
    first = crit["evidence"][0]
    assert first["sentence"] == "Senators criticised Maliki." and first["article_id"] == "a1"
    assert first["outlet"] == "thehill.com" and first["day"] == "2013-10-29"
    assert [a["actor_id"] for a in st["acts"]] == ["WH"] and st["acts"][0]["stance"] == "cooperation"
    assert stance_summary(store, "MAL", "2013-10")["backers"][0]["events"] == 1
    assert stance_summary(store, "MAL")["critics"][0]["events"] == 3


def test_period_bounds() -> None:
    assert period_bounds("2013") == ("year", "2013-01-01", "2013-12-31")
    assert period_bounds("2013-02") == ("month", "2013-02-01", "2013-02-28")
    assert period_bounds("2013-12") == ("month", "2013-12-01", "2013-12-31")
    assert period_bounds("2013-W44") == ("week", "2013-10-28", "2013-11-03")
    assert period_bounds("2013-11-01") == ("day", "2013-11-01", "2013-11-01")
    with pytest.raises(ValueError):
        period_bounds("last year")


def test_network_shape(store: Store) -> None:
    net = network(store)
    assert {n["id"] for n in net.nodes} == {"MAL", "CON", "WH"}
    assert set(net.nodes[0]) == {"id", "name", "code", "events"} and net.nodes[0]["id"] == "MAL"
    assert {(e["source"], e["target"]) for e in net.edges} == {("CON", "MAL"), ("WH", "MAL"), ("MAL", "WH")}
    assert set(net.edges[0]) == {"source", "target", "events", "goldstein_mean", "score"}
    assert net.edges[0]["events"] == 3  # most events first
    assert {(e["source"], e["target"]) for e in network(store, min_events=2).edges} == {("CON", "MAL"),
                                                                                       ("WH", "MAL")}
    assert len(network(store, date_to="2013-10-31").edges) == 2
    assert {n["id"] for n in network(store, actor_id="WH").nodes} == {"WH", "MAL"}


def test_relations_text(store: Store) -> None:
    text = relations_text(store, "Maliki", "year")
    assert "Nouri al-Maliki (MAL)" in text and "2013:" in text and "2014:" in text
    assert "← United States Congress" in text and "conflict" in text and "→ White House" in text
    assert "no actor matches" in relations_text(store, "Nobody At All")
    assert "no events" in relations_text(store, "Iran")


def test_page_order_total_and_caps(store: Store) -> None:
    from newsgraph.analyze.relations import relations_page

    full = relations(store, period="month")
    page = relations_page(store, period="month", limit=2, order="events")
    assert page.total == len(full) and len(page.relations) == 2
    rest = relations_page(store, period="month", limit=100, offset=2, order="events")
    ordered = sorted(full, key=lambda r: (-r.events, -r.excluded, r.period, r.source_id, r.target_id))
    assert [*page.relations, *rest.relations] == ordered
    assert relations_page(store, period="month", offset=50).relations == ()
    assert relations_page(store, period="month", offset=50).total == len(full)
    strongest = relations_page(store, period="year", order="score").relations
    assert [abs(r.score) for r in strongest] == sorted((abs(r.score) for r in strongest), reverse=True)
    capped = relations_page(store, "MAL", "all", max_ids=1).relations
    assert max(len(r.event_ids) for r in capped) == 1 and max(r.events for r in capped) == 3
    assert relations(store, "MAL", "all", max_ids=0)[0].event_ids == ()
    with pytest.raises(ValueError):
        relations_page(store, order="random")


def test_busy_actor_path_gives_the_same_rows(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An actor with many events is read by its link keys, a rare one by event id: same rows."""
    from newsgraph.store import relstore

    by_id = relations(store, "MAL", "week")
    monkeypatch.setattr(relstore, "_INDEX_IDS", 0)
    assert relations(store, "MAL", "week") == by_id and by_id


def test_undated_events_keep_their_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "d.duckdb") as s:
        s.write_docs([DocRecords(Article("d1", "Some text."), actors=list(ACTORS),
                                 events=[ev("d1", 0, "CON", "MAL", "111", 3, -2.0)])])
        link(s)
        (r,) = relations(s, "MAL", "month")
        assert r.period == "undated" and r.event_ids == (stable_id("d1", 0),)


def test_relations_text_pages(store: Store) -> None:
    """``limit``/``offset`` print one page of the actor's relations and where it sits in the total."""
    every = [r for r in relations(store, "MAL", "month") if r.events]
    total = len(every)
    assert total >= 4
    first = relations_text(store, "Maliki", "month", limit=2)
    assert first.splitlines()[-1] == f"showing 1–2 of {total} relations; --offset 2 for more"
    assert sum(line.startswith("  ") for line in first.splitlines()) == 2
    last = relations_text(store, "Maliki", "month", limit=100, offset=2)
    assert last.splitlines()[-1] == f"showing 3–{total} of {total} relations"
    assert sum(line.startswith("  ") for line in last.splitlines()) == total - 2
    # both pages together are every relation the unpaged text prints
    unpaged = [x for x in relations_text(store, "Maliki", "month").splitlines() if x.startswith("  ")]
    paged = [x for x in (first + "\n" + last).splitlines() if x.startswith("  ")]
    assert sorted(paged) == sorted(unpaged)
    assert "past the last of" in relations_text(store, "Maliki", "month", limit=5, offset=99)
    busiest = relations_text(store, "Maliki", "all", limit=1, order="events").splitlines()
    assert busiest[1].startswith("all: ← United States Congress") and "events 3" in busiest[1]
    assert "no events" in relations_text(store, "Iran", limit=5)


def test_cli_relations_limit_offset(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsgraph.cli import main

    db = tmp_path / "cli.duckdb"
    with Store(db) as s:
        s.write_docs([doc("c1", "2013-10-30", [ev("c1", k, "CON" if k % 2 else "WH", "MAL", "051", 1, 2.0,
                                                   f"2013-{k + 1:02d}-05") for k in range(6)])])
        link(s)
    run = CliRunner().invoke(main, ["relations", "MAL", "--db", str(db), "--limit", "4"])
    assert run.exit_code == 0, run.output
    assert run.output.rstrip().endswith("showing 1–4 of 6 relations; --offset 4 for more")
    assert "2013-01:" in run.output and "2013-05:" not in run.output
    run = CliRunner().invoke(main, ["relations", "MAL", "--db", str(db), "--limit", "4", "--offset", "4"])
    assert run.exit_code == 0 and run.output.rstrip().endswith("showing 5–6 of 6 relations")
    assert "2013-05:" in run.output and "2013-01:" not in run.output
    assert CliRunner().invoke(main, ["relations", "MAL", "--db", str(db), "--limit", "0"]).exit_code == 2
    default = CliRunner().invoke(main, ["relations", "MAL", "--db", str(db)])
    assert "showing 1–6 of 6 relations" in default.output
