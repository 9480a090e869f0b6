"""Corpus-level actor linking: spelling variants merge, namesakes do not, ids are stable."""

from __future__ import annotations

from newsgraph.extract import names
from newsgraph.link.actors import link_actors
from newsgraph.records import ActorRef


def ref(key: str, name: str, typ: str = "PERSON", country: str | None = None, sector: str | None = None) -> ActorRef:
    return ActorRef(key, name, typ, country, sector)


def test_name_normalisation_handles_transliteration_and_particles() -> None:
    assert names.person_key("Nouri Al-Maliki") == names.person_key("Nuri al-Maliki")
    assert names.surname("Maliki's") == names.surname("al-Maliki")
    assert names.person_key("Gen. Martin Dempsey") == names.person_key("Martin Dempsey")


def test_variants_merge_and_surname_joins_unique_full_name() -> None:
    local = [
        ("a1", ref(names.person_key("Nouri al-Maliki"), "Nouri al-Maliki", country="IRQ", sector="GOV")),
        ("a2", ref(names.person_key("Nuri Al-Maliki"), "Nuri Al-Maliki", country="IRQ")),
        ("a3", ref("person:~maliki", "Maliki")),
    ]
    actors, links = link_actors(local)
    assert len({links[r.link_key] for _, r in local}) == 1
    (a,) = actors
    assert (a.country, a.sector, a.articles) == ("IRQ", "GOV", 3)


def test_namesakes_are_not_merged_and_lone_surname_stays_apart() -> None:
    local = [
        ("a1", ref(names.person_key("Maria Lopez"), "Maria Lopez")),
        ("a2", ref(names.person_key("Carlos Lopez"), "Carlos Lopez")),
        ("a3", ref("person:~lopez", "Lopez")),
    ]
    _, links = link_actors(local)
    assert len(set(links.values())) == 3


def test_ids_do_not_depend_on_input_order() -> None:
    local = [
        ("a1", ref("country:IRQ", "Iraq", "COUNTRY", "IRQ", "GOV")),
        ("a2", ref(names.person_key("George W. Bush"), "George W. Bush", country="USA")),
        ("a3", ref(names.person_key("George Bush"), "George Bush", country="USA")),
    ]
    _, l1 = link_actors(local)
    _, l2 = link_actors(list(reversed(local)))
    assert l1 == l2
    assert l1[local[1][1].link_key] == l1[local[2][1].link_key]
