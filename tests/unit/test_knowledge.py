"""The actor knowledge base: lookups, tenures, adjectives, sectors, user overrides and data hygiene."""

from __future__ import annotations

import time
from pathlib import Path

import pycountry
import pytest

from newsgraph.knowledge import KBEntry, KBFileError, KnowledgeBase, load_kb
from newsgraph.knowledge.loader import read_shipped
from newsgraph.knowledge.text import norm, surface


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(autouse=True)
def _no_env_kb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSGRAPH_KB", raising=False)


def _key(kb: KnowledgeBase, phrase: str, date: str | None = None) -> str | None:
    found = kb.lookup(phrase, date)
    return found.key if found else None


@pytest.mark.parametrize(
    ("phrase", "key", "sector"),
    [
        ("White House", "country:USA", "GOV"),
        ("the White House", "country:USA", "GOV"),
        ("Washington", "country:USA", "GOV"),
        ("Foggy Bottom", "country:USA", "GOV"),
        ("State Department", "country:USA", "GOV"),
        ("Pentagon", "country:USA:MIL", "MIL"),
        ("Capitol Hill", "country:USA:LEG", "LEG"),
        ("Congress", "country:USA:LEG", "LEG"),
        ("the Kremlin", "country:RUS", "GOV"),
        ("Moscow", "country:RUS", "GOV"),
        ("Duma", "country:RUS:LEG", "LEG"),
        ("Downing Street", "country:GBR", "GOV"),
        ("Whitehall", "country:GBR", "GOV"),
        ("Elysee", "country:FRA", "GOV"),
        ("the Élysée", "country:FRA", "GOV"),
        ("Quai d’Orsay", "country:FRA", "GOV"),
        ("Beijing", "country:CHN", "GOV"),
        ("Zhongnanhai", "country:CHN", "GOV"),
        ("Tehran", "country:IRN", "GOV"),
        ("Baghdad", "country:IRQ", "GOV"),
        ("Knesset", "country:ISR:LEG", "LEG"),
        ("Bundestag", "country:DEU:LEG", "LEG"),
        ("Kyiv", "country:UKR", "GOV"),
        ("Kiev", "country:UKR", "GOV"),
    ],
)
def test_metonyms(kb: KnowledgeBase, phrase: str, key: str, sector: str) -> None:
    found = kb.lookup(phrase)
    assert found is not None, phrase
    assert (found.key, found.sector) == (key, sector)


def test_government_metonym_is_the_country_actor(kb: KnowledgeBase) -> None:
    country, government = kb.lookup("Iraq"), kb.lookup("Baghdad")
    assert country is not None and government is not None
    assert country.key == government.key == "country:IRQ"
    assert country.sector is None and government.sector == "GOV"
    assert country.type == "COUNTRY" and country.country == "IRQ"


@pytest.mark.parametrize(
    ("phrase", "key"),
    [
        ("United States", "country:USA"),
        ("United States of America", "country:USA"),
        ("US", "country:USA"),
        ("U.S.", "country:USA"),
        ("USA", "country:USA"),
        ("U.S.A.", "country:USA"),
        ("America", "country:USA"),
        ("the US", "country:USA"),
        ("UK", "country:GBR"),
        ("Britain", "country:GBR"),
        ("Great Britain", "country:GBR"),
        ("Islamic Republic of Iran", "country:IRN"),
        ("Russian Federation", "country:RUS"),
        ("South Korea", "country:KOR"),
        ("North Korea", "country:PRK"),
        ("DPRK", "country:PRK"),
        ("Ivory Coast", "country:CIV"),
        ("Côte d'Ivoire", "country:CIV"),
        ("Cote d’Ivoire", "country:CIV"),
        ("DRC", "country:COD"),
        ("Burma", "country:MMR"),
        ("Türkiye", "country:TUR"),
        ("Turkey", "country:TUR"),
        ("Syrian Arab Republic", "country:SYR"),
        ("ISIS", "org:isis"),
        ("ISIL", "org:isis"),
        ("Islamic State", "org:isis"),
        ("Islamic State of Iraq and al-Sham", "org:isis"),
        ("Islamic State of Iraq and the Levant", "org:isis"),
        ("Daesh", "org:isis"),
        ("Al-Qaeda", "org:al qaeda"),
        ("al Qaeda", "org:al qaeda"),
        ("al-Qaida", "org:al qaeda"),
        ("AQAP", "org:al qaeda in the arabian peninsula"),
        ("Taliban", "org:taliban"),
        ("Ansar Allah", "org:houthis"),
        ("Houthi rebels", "org:houthis"),
        ("Hizbollah", "org:hezbollah"),
        ("al-Shabaab", "org:al-shabab"),
        ("NATO", "org:nato"),
        ("Nato", "org:nato"),
        ("UN", "org:united nations"),
        ("U.N.", "org:united nations"),
        ("UN Security Council", "org:un security council"),
        ("IAEA", "org:international atomic energy agency"),
        ("CIA", "org:central intelligence agency"),
        ("Revolutionary Guards", "org:islamic revolutionary guard corps"),
        ("IRGC", "org:islamic revolutionary guard corps"),
        ("Red Cross", "org:international committee of the red cross"),
        ("HRW", "org:human rights watch"),
        ("Republicans", "org:republican party"),
        ("Ba'ath Party", "org:baath party"),
        ("Kurds", "group:kurds"),
        ("Shia", "group:shiites"),
        ("Yazidis", "group:yazidis"),
    ],
)
def test_aliases_and_acronyms(kb: KnowledgeBase, phrase: str, key: str) -> None:
    assert _key(kb, phrase) == key


@pytest.mark.parametrize("word", ["us", "who", "turkey", "chad", "fed", "let", "", "   ", "xyzzy"])
def test_common_words_are_not_actors(kb: KnowledgeBase, word: str) -> None:
    assert kb.lookup(word) is None


def test_acronym_casing(kb: KnowledgeBase) -> None:
    assert _key(kb, "WHO") == "org:world health organization"
    assert _key(kb, "TURKEY") == "country:TUR"  # all-caps headline


def test_org_entry_fields(kb: KnowledgeBase) -> None:
    isis = kb.lookup("Islamic State")
    assert isis == kb.entry("org:isis")
    assert isis is not None and isis.type == "ORG" and isis.sector == "INS" and isis.country is None
    assert "Daesh" in isis.aliases
    un = kb.lookup("United Nations")
    assert un is not None and (un.type, un.country, un.sector) == ("IGO", None, "IGO")
    cia = kb.lookup("CIA")
    assert cia is not None and (cia.country, cia.sector) == ("USA", "SPY")


@pytest.mark.parametrize(
    ("word", "iso"),
    [
        ("Iraqi", "IRQ"),
        ("Iraq's", "IRQ"),
        ("Iraq’s", "IRQ"),
        ("Iraqis", "IRQ"),
        ("Iraq", "IRQ"),
        ("U.S.", "USA"),
        ("US", "USA"),
        ("American", "USA"),
        ("Americans", "USA"),
        ("America's", "USA"),
        ("British", "GBR"),
        ("Briton", "GBR"),
        ("Iranian", "IRN"),
        ("Iranians", "IRN"),
        ("Syrian", "SYR"),
        ("Congolese", "COD"),
        ("Ivorian", "CIV"),
        ("Emirati", "ARE"),
        ("Saudi", "SAU"),
        ("Saudis", "SAU"),
        ("Israeli", "ISR"),
        ("Palestinian", "PSE"),
        ("Afghan", "AFG"),
        ("Pakistani", "PAK"),
        ("Turkish", "TUR"),
        ("Russian", "RUS"),
        ("Chinese", "CHN"),
        ("Dutch", "NLD"),
        ("Swiss", "CHE"),
        ("Filipino", "PHL"),
        ("Burkinabe", "BFA"),
        ("Malagasy", "MDG"),
        ("Yemeni", "YEM"),
        ("Lebanese", "LBN"),
        ("Jordanian", "JOR"),
        ("Egyptian", "EGY"),
        ("Libyan", "LBY"),
        ("Ukrainian", "UKR"),
        ("German", "DEU"),
        ("French", "FRA"),
        ("Japanese", "JPN"),
        ("South Korean", "KOR"),
        ("North Korean", "PRK"),
        ("Kosovar", "XKX"),
        ("Baghdad", "IRQ"),
    ],
)
def test_country_of(kb: KnowledgeBase, word: str, iso: str) -> None:
    assert kb.country_of(word) == iso


@pytest.mark.parametrize("word", ["us", "Kurdish", "said", "Hamas"])
def test_country_of_rejects(kb: KnowledgeBase, word: str) -> None:
    assert kb.country_of(word) is None


def test_every_state_has_an_adjective(kb: KnowledgeBase) -> None:
    rows = read_shipped()["countries"]
    missing = [r["iso3"] for r in rows if r["status"] == "state" and not r["adjectives"]]
    # Dominica and Congo-Brazzaville share their adjective with a bigger neighbour (see ambiguous.csv)
    assert set(missing) <= {"DMA", "COG"}
    for r in rows:
        for adj in filter(None, r["adjectives"].split(";")):
            assert kb.country_of(adj) == r["iso3"], adj


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("prime minister", "GOV"),
        ("senators", "LEG"),
        ("troops", "MIL"),
        ("Iraqi prime minister", "GOV"),
        ("defense ministry", "MIL"),
        ("lawmakers", "LEG"),
        ("police officers", "COP"),
        ("judge", "JUD"),
        ("militants", "INS"),
        ("rebels", "REB"),
        ("cleric", "REL"),
        ("journalists", "MED"),
        ("spokesman for the government", "GOV"),
        ("the country's foreign minister", "GOV"),
        ("opposition", "OPP"),
        ("refugees", "REF"),
        ("intelligence agency", "SPY"),
        ("party", "PTY"),
        ("protesters", "CVL"),
        ("senior military officials", "MIL"),
        ("rebel leader", "REB"),
    ],
)
def test_sector_of(kb: KnowledgeBase, phrase: str, sector: str) -> None:
    assert kb.sector_of(phrase) == sector


def test_role_of(kb: KnowledgeBase) -> None:
    assert kb.role_of("Prime Minister") == ("prime minister", "GOV")
    assert kb.role_of("Iraq's Foreign Minister") == ("foreign minister", "GOV")
    assert kb.role_of("Minister of Defence") == ("minister of defence", "MIL")
    assert kb.role_of("senators") == ("senator", "LEG")
    assert kb.role_of("troops") is None  # a collective, not a personal title
    assert kb.sector_of("banana") is None


def test_capitals(kb: KnowledgeBase) -> None:
    assert kb.is_capital("Baghdad") == "IRQ"
    assert kb.is_capital("Damascus") == "SYR"
    assert kb.is_capital("Washington") == "USA"
    assert kb.is_capital("Texas") is None


@pytest.mark.parametrize(
    ("phrase", "date", "role"),
    [
        ("Nouri al-Maliki", "2010-03-07", "Prime Minister"),
        ("Nuri al-Maliki", "2006-05-20", "Prime Minister"),
        ("Maliki", "2014-09-07", "Prime Minister"),
        ("Nouri Maliki", "2014-09-08", None),  # the handover day belongs to the successor
        ("Maliki", "2016", None),
        ("Haider al-Abadi", "2016", "Prime Minister"),
        ("Vladimir Putin", "2010-06", "Prime Minister"),
        ("Putin", "2015", "President"),
        ("Gaddafi", "2005", "Leader"),
        ("Qaddafi", "2012", None),
        ("Khamenei", "2003-05-01", "Supreme Leader"),
        ("Boris Johnson", "2017", "Foreign Secretary"),
        ("Boris Johnson", "2020", "Prime Minister"),
        ("Boris Johnson", "2023", None),
        ("Saddam Hussein", "2002", "President"),
        ("Saddam Hussein", "2004", None),
    ],
)
def test_tenures(kb: KnowledgeBase, phrase: str, date: str, role: str | None) -> None:
    found = kb.lookup(phrase, date)
    assert found is not None and found.type == "PERSON"
    assert found.role == role
    assert found.sector == ("GOV" if role else None)
    assert found.country is not None  # kept even when out of office


def test_person_identity_is_stable_across_dates(kb: KnowledgeBase) -> None:
    a, b = kb.lookup("Nouri al-Maliki", "2008"), kb.lookup("Maliki", "2020")
    assert a is not None and b is not None
    assert a.key == b.key == "person:nouri al-maliki" and a.country == b.country == "IRQ"


def test_shared_person_alias_resolved_by_date(kb: KnowledgeBase) -> None:
    assert _key(kb, "George Bush", "1991-02-01") == "person:george h. w. bush"
    assert _key(kb, "George Bush", "2003-03-20") == "person:george w. bush"
    assert _key(kb, "King Abdullah", "2001") == "person:king abdullah ii"
    assert _key(kb, "King Abdullah", "2010") is None  # two kings Abdullah at once


def test_people_with_surname(kb: KnowledgeBase) -> None:
    clintons = {e.key for e in kb.people_with_surname("Clinton")}
    assert clintons == {"person:bill clinton", "person:hillary clinton"}
    assert [e.key for e in kb.people_with_surname("al-Maliki")] == ["person:nouri al-maliki"]
    assert kb.people_with_surname("Nobodyhere") == []


def test_people_are_officeholders_with_valid_tenures() -> None:
    rows = read_shipped()["people"]
    assert len({r["name"] for r in rows}) >= 300
    allowed = {"GOV", "REL"}
    for r in rows:
        assert r["role"] and r["country"] and r["start"], r
        assert r["sector"] in allowed, r
        assert not r["end"] or r["end"] >= r["start"], r


def test_phrases_cover_every_alias(kb: KnowledgeBase) -> None:
    pairs = set(kb.phrases())
    assert ("Pentagon", "country:USA:MIL") in pairs
    assert ("Daesh", "org:isis") in pairs
    assert ("U.S.", "country:USA") in pairs
    for entry in kb.entries():
        for alias in (entry.name, *entry.aliases):
            assert (alias, entry.key) in pairs, (alias, entry.key)


def test_every_country_matches_pycountry() -> None:
    rows = read_shipped()["countries"]
    ours = {r["iso3"] for r in rows}
    theirs = {c.alpha_3 for c in pycountry.countries}
    assert theirs <= ours  # every ISO country is present
    assert ours - theirs == {"XKX"}  # Kosovo is the one documented addition
    assert len(rows) == len(ours)  # no duplicate rows


def test_no_unlisted_alias_conflicts(kb: KnowledgeBase) -> None:
    listed = set(kb.ambiguous_phrases())
    unlisted = {p: keys for p, keys in kb.conflicts().items() if norm(p) not in listed}
    assert unlisted == {}
    # people sharing a phrase must be documented too, so a reviewer sees the clash
    shared: dict[str, set[str]] = {}
    for phrase, key in kb.phrases():
        if key.startswith("person:"):
            shared.setdefault(norm(phrase), set()).add(key)
    clashes = {p for p, keys in shared.items() if len(keys) > 1}
    assert clashes <= listed


def test_conflict_detection_can_fail(tmp_path: Path) -> None:
    extra = tmp_path / "clash.csv"
    extra.write_text("phrase,country,sector\nPentagon,RUS,MIL\n", encoding="utf-8")
    kb = KnowledgeBase(read_shipped())
    assert kb.conflicts() == {}
    clashing = load_kb([extra])
    assert _key(clashing, "Pentagon") == "country:RUS:MIL"  # the analyst's row wins
    dup = tmp_path / "dup.csv"
    dup.write_text("name,aliases,type,country,sector\nFoo Org,Bar;Qux,ORG,,NGO\nBaz Org,Bar,ORG,,NGO\n")
    assert "bar" in load_kb([dup]).conflicts()


def test_user_override_via_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    orgs = tmp_path / "my_orgs.csv"
    orgs.write_text(
        "# my additions\nname,aliases,type,country,sector\n"
        "National Alliance,Iraqi National Alliance;INA,ORG,IRQ,PTY\n",
        encoding="utf-8",
    )
    extra = tmp_path / "more.yaml"
    extra.write_text(
        "aliases:\n  - {phrase: Da'ish, key: 'org:isis'}\n"
        "people:\n  - {name: Jane Example, aliases: [J. Example], surname: Example, country: IRQ,\n"
        "      role: Minister of Planning, start: 2030-01-01, end: 2031-06-30}\n",
        encoding="utf-8",
    )
    assert load_kb().lookup("National Alliance") is None
    monkeypatch.setenv("NEWSGRAPH_KB", f"{orgs}{__import__('os').pathsep}{extra}")
    kb = load_kb()
    found = kb.lookup("Iraqi National Alliance")
    assert found == KBEntry(
        "org:national alliance", "National Alliance", "ORG", "IRQ", "PTY", ("Iraqi National Alliance", "INA")
    )
    assert _key(kb, "INA") == "org:national alliance"
    assert _key(kb, "Da’ish") == "org:isis"
    person = kb.lookup("J. Example", "2030-05-01")
    assert person is not None and person.role == "Minister of Planning" and person.country == "IRQ"
    assert kb.lookup("Jane Example", "2032").role is None  # type: ignore[union-attr]
    assert _key(kb, "Baghdad") == "country:IRQ"  # shipped data still there
    monkeypatch.delenv("NEWSGRAPH_KB")
    assert load_kb().lookup("National Alliance") is None  # the default KB is untouched


def test_bad_user_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(KBFileError, match="unrecognised columns"):
        load_kb([bad])
    dangling = tmp_path / "alias.csv"
    dangling.write_text("phrase,key\nSomething,org:does-not-exist\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown key"):
        load_kb([dangling])


def test_normalisation() -> None:
    assert norm("Al-Qaeda") == norm("al Qaeda") == norm("AL QAEDA")
    assert norm("the Élysée") == norm("Elysee")
    assert norm("Nouri al-Maliki") == norm("Nouri Maliki")
    assert surface("Washington, D.C.") == "Washington D.C."
    assert norm("El Salvador") == "el salvador"


def test_load_is_fast_and_cached() -> None:
    start = time.perf_counter()
    KnowledgeBase(read_shipped())
    assert time.perf_counter() - start < 1.0  # ~0.2 s on a laptop; generous for CI
    assert load_kb() is load_kb()
