"""Corpus merging on hard cases: shared surnames, transliterations, acronyms of one group."""

from __future__ import annotations

from newsgraph.extract import names
from newsgraph.knowledge import load_kb
from newsgraph.link.actors import link_actors
from newsgraph.records import ActorRef


def person(name: str, country: str | None = None, key: str | None = None) -> ActorRef:
    return ActorRef(key or names.person_key(name), name, "PERSON", country, None)


def test_two_people_sharing_a_surname_stay_apart_and_a_lone_surname_joins_neither() -> None:
    local = [
        ("a1", person("Imran Khan", "PAK")),
        ("a2", person("Sadiq Khan", "GBR")),
        ("a3", person("Khan", key="person:~khan")),
    ]
    _, links = link_actors(local)
    assert len({links[r.link_key] for _, r in local}) == 3


def test_lone_surname_joins_the_only_full_name_carrying_it() -> None:
    local = [("a1", person("Imran Khan", "PAK")), ("a2", person("Khan", key="person:~khan"))]
    _, links = link_actors(local)
    assert links["person:~khan"] == links[names.person_key("Imran Khan")]


def test_common_transliterations_of_one_name_merge() -> None:
    for variants in (
        ["Mohammed bin Salman", "Muhammad bin Salman", "Mohamed bin Salman", "Mohammad bin Salman"],
        ["Nouri al-Maliki", "Nuri al-Maliki", "Nouri Al Maliki"],
        ["Saddam Hussein", "Saddam Hussain", "Saddam Husayn"],
        ["Abdel Fattah el-Sisi", "Abdul Fattah al-Sisi"],
    ):
        local = [(f"a{i}", person(v)) for i, v in enumerate(variants)]
        actors, links = link_actors(local)
        assert len(set(links.values())) == 1, variants
        assert actors[0].articles == len(variants)


def test_different_names_that_look_alike_do_not_merge() -> None:
    for a, b in (("Ali Hassan", "Ali Hussein"), ("Hamid Karimi", "Hamad Karimi"), ("Ahmed Salem", "Mahmoud Salem")):
        _, links = link_actors([("a1", person(a)), ("a2", person(b))])
        assert len(set(links.values())) == 2, (a, b)


def test_names_of_one_group_resolve_to_one_key() -> None:
    kb = load_kb()
    keys = {kb.lookup(n).key for n in ("ISIS", "ISIL", "Islamic State", "Daesh",
                                        "Islamic State of Iraq and the Levant")}
    assert len(keys) == 1
    (key,) = keys
    local = [("a1", ActorRef(key, "ISIS", "ORG", None, "INS")), ("a2", ActorRef(key, "ISIL", "ORG", None, "INS"))]
    actors, _ = link_actors(local)
    assert len(actors) == 1 and set(actors[0].aliases) | {actors[0].name} == {"ISIS", "ISIL"}


def test_organisation_and_its_acronym_in_one_article_link(nlp) -> None:
    from newsgraph.nlp.pipeline import make_doc
    from newsgraph.records import Article

    doc = nlp(make_doc(nlp, Article("t", "The Sudan Liberation Movement rejected the deal. The SLM said talks "
                                         "would continue.", published="2019-01-01")))
    by_text = {m.text: m.link_key for m in doc._.mentions}
    assert by_text["SLM"] == by_text["Sudan Liberation Movement"]


def test_unnamed_office_holders_on_different_days_stay_apart() -> None:
    """'The Indian delegate' of March and of June are not one person because their descriptions match."""
    local = [
        ("a1", person("Indian delegate", "IND", key="role:IND:delegate:2013-03-01")),
        ("a2", person("Indian delegate", "IND", key="role:IND:delegate:2013-06-11")),
    ]
    _, links = link_actors(local)
    assert links["role:IND:delegate:2013-03-01"] != links["role:IND:delegate:2013-06-11"]
