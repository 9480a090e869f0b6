"""Near-duplicate detection: shingling, signatures, and the store-backed LSH lookup."""

from __future__ import annotations

from pathlib import Path

from newsgraph.link import dedup
from newsgraph.records import Article
from newsgraph.store import Store

STORY = ("Iraqi Prime Minister Nouri al-Maliki met United Nations envoys in Baghdad on Monday to discuss "
         "the formation of a new government. Officials said the talks lasted three hours and would resume "
         "next week in Erbil. The envoys urged all parties to reach an agreement before the end of the month, "
         "warning that further delays could deepen the political crisis in the country. ") * 2


def art(aid: str, text: str, outlet: str = "Wire") -> Article:
    return Article(aid, text, title="t", url=f"https://{outlet.lower()}.example/{aid}", outlet=outlet)


def test_shingles_ignore_case_and_punctuation() -> None:
    a = dedup.shingles("The talks, said officials, RESUMED on Monday in Baghdad.")
    b = dedup.shingles("the talks said officials resumed on monday in baghdad")
    assert a.tolist() == b.tolist() and len(a) == 5


def test_signatures_are_deterministic_and_estimate_jaccard() -> None:
    x, y = dedup.signatures([art("a", STORY), art("b", STORY + " Reuters contributed reporting.")])
    assert dedup.similarity(x.hashvalues, y.hashvalues) > 0.85
    again = dedup.signatures([art("a", STORY)])[0]
    assert again.hashvalues.tolist() == x.hashvalues.tolist() and again.bands() == x.bands()
    other = dedup.signatures([art("c", "Flooding in Bangladesh displaced thousands of families on Sunday. " * 4)])[0]
    assert dedup.similarity(x.hashvalues, other.hashvalues) < 0.2


def test_copies_found_within_a_batch_and_against_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "d.duckdb") as s:
        keep, dups = dedup.find_duplicates(s, [art("a", STORY), art("b", "BAGHDAD - " + STORY, "Post")])
        assert [a.article_id for a in keep] == ["a"]
        assert [(d.article_id, d.duplicate_of, d.outlet) for d in dups] == [("b", "a", "Post")]
        keep, dups = dedup.find_duplicates(s, [art("c", STORY + " (AP)", "Herald"), art("a", STORY)])
        assert [(d.article_id, d.duplicate_of) for d in dups] == [("c", "a")]
        assert [a.article_id for a in keep] == ["a"]  # an article never duplicates itself (rerun after a kill)
        assert s.write_duplicates(dups) == 1 and s.write_duplicates(dups) == 0


def test_short_texts_need_identical_signatures(tmp_path: Path) -> None:
    with Store(tmp_path / "d.duckdb") as s:
        keep, dups = dedup.find_duplicates(s, [art("a", "Talks resume in Baghdad on Monday."),
                                               art("b", "Talks resume in Baghdad on Tuesday."),
                                               art("c", "Talks resume in Baghdad on Monday!")])
        assert [a.article_id for a in keep] == ["a", "b"] and [d.article_id for d in dups] == ["c"]
