"""Corpus linking from store aggregates equals linking every article-level actor in memory."""

from __future__ import annotations

from pathlib import Path

from newsgraph.engines.common import relink
from newsgraph.link.actors import link_actors, link_store
from newsgraph.records import ActorRef, Article, DocRecords, Event, Mention, stable_id
from newsgraph.store import Store

PEOPLE = [
    ActorRef("person:nouri maliki", "Nouri al-Maliki", "PERSON", "IRQ", "GOV", "Prime Minister", ("Maliki",)),
    ActorRef("person:nuri maliki", "Nuri al-Maliki", "PERSON", "IRQ", None),
    ActorRef("person:~maliki", "Maliki", "PERSON", None, None),
    ActorRef("person:george w bush", "George W. Bush", "PERSON", "USA", "GOV"),
    ActorRef("person:george bush", "George Bush", "PERSON", "USA", ""),
    ActorRef("person:laura bush", "Laura Bush", "PERSON", "USA", None),
    ActorRef("person:~bush", "Bush", "PERSON", None, None),
    ActorRef("kb:IRQ", "Iraq", "COUNTRY", "IRQ", None, None, ("Republic of Iraq",)),
    ActorRef("org:un", "United Nations", "ORG", None, "IGO"),
    ActorRef("org:un", "UN", "ORG", None, "IGO"),
    ActorRef("anon:official", "an official", "PERSON", None, None),
    ActorRef("role:IND:delegate:2013-03-01", "Indian delegate", "PERSON", "IND", "GOV"),
    ActorRef("role:IND:delegate:2013-06-11", "Indian delegate", "PERSON", "IND", "GOV"),
]


def docs() -> list[DocRecords]:
    out = []
    for i in range(12):
        aid = f"art{i:02d}"
        refs = [PEOPLE[j % len(PEOPLE)] for j in range(i, i + 4 + i % 3)]
        text = "x" * 40
        mentions = [Mention(k, k + 1, "x", "name", r.link_key) for k, r in enumerate(refs)]
        ev = Event(stable_id(aid, 0), aid, "S.", 0, 2, 0, 1, "x", refs[0].link_key, refs[1].link_key, "042", "04",
                   None, None, 1, 1.9, None, None)
        out.append(DocRecords(Article(aid, text, published=f"2013-0{1 + i % 9}-01"), actors=refs,
                              mentions=mentions, events=[ev]))
    return out


def test_link_store_equals_link_actors(tmp_path: Path) -> None:
    with Store(tmp_path / "l.duckdb") as s:
        s.write_docs(docs())
        expected = link_actors(s.iter_local_actors(), s.actor_mention_counts())
        got = link_store(s)
    assert got == expected
    assert len({a.actor_id for a in got[0]}) < len(PEOPLE)  # something was merged
    # Maliki's surname-only key joins his one full name; Bush stays apart (two Bushes)
    assert got[1]["person:~maliki"] == got[1]["person:nouri maliki"] == got[1]["person:nuri maliki"]
    assert got[1]["person:~bush"] != got[1]["person:george bush"]
    # unnamed office-holders of different days share a description, not an identity
    assert got[1]["role:IND:delegate:2013-03-01"] != got[1]["role:IND:delegate:2013-06-11"]


def test_two_runs_equal_one_run(tmp_path: Path) -> None:
    """Ingesting in two runs (relinking after each) leaves the same actors and events as one run."""
    batch = docs()

    def tables(s: Store) -> tuple[list[tuple], ...]:  # type: ignore[type-arg]
        return tuple(s._con.execute(q).fetchall() for q in (
            "SELECT * FROM actors ORDER BY actor_id", "SELECT * FROM actor_links ORDER BY link_key",
            "SELECT * FROM event_actors ORDER BY ALL", "SELECT * FROM events ORDER BY event_id",
            "SELECT * FROM event_clusters ORDER BY cluster_id"))

    with Store(tmp_path / "one.duckdb") as one:
        one.write_docs(batch)
        relink(one)
        once = tables(one)
    with Store(tmp_path / "two.duckdb") as two:
        two.write_docs(batch[:5])
        relink(two)
        first = tables(two)
        two.write_docs(batch[5:])
        relink(two)
        twice = tables(two)
    assert twice == once and once[2] and once[4]
    assert first != once  # the second run changed the linking (more articles, merged names)


def test_generic_groups_keep_each_articles_country(tmp_path: Path) -> None:
    """"Protesters" in a Sudan story and in a Hong Kong story share a description, not a country:
    the corpus actor has none, and each event's code takes its own article's country."""
    def doc(aid: str, country: str) -> DocRecords:
        crowd = ActorRef("sector::CVL:protester", "protesters", "GROUP", country, "CVL")
        army = ActorRef(f"kb:{country}:MIL", f"{country} military", "GROUP", country, "MIL")
        ev = Event(stable_id(aid, 0), aid, "S.", 0, 2, 0, 1, "x", crowd.link_key, army.link_key, "141", "14",
                   None, None, 3, -6.5, None, None)
        mentions = [Mention(0, 1, "x", "name", crowd.link_key), Mention(1, 2, "x", "name", army.link_key)]
        return DocRecords(Article(aid, "x" * 40, published="2019-04-11"), actors=[crowd, army],
                          mentions=mentions, events=[ev])

    with Store(tmp_path / "g.duckdb") as s:
        s.write_docs([doc("sudan", "SDN"), doc("hk", "HKG"), doc("sudan2", "SDN")])
        expected = link_actors(s.iter_local_actors(), s.actor_mention_counts())
        got = link_store(s)
        assert got == expected
        crowd = next(a for a in got[0] if a.name == "protesters")
        assert crowd.country is None and crowd.sector == "CVL"
        relink(s)
        codes = {e["article_id"]: e["source"]["code"] for e in s.iter_events()}
    assert codes == {"sudan": "SDNCVL", "hk": "HKGCVL", "sudan2": "SDNCVL"}
    with Store(tmp_path / "one.duckdb") as s:  # one country throughout: the corpus actor has it
        s.write_docs([doc("a", "SDN"), doc("b", "SDN")])
        assert next(a for a in link_store(s)[0] if a.name == "protesters").country == "SDN"
