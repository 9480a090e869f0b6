"""Mention-finding shortcuts must give what the plain computation gives (issue #8: speed without drift)."""

from __future__ import annotations

from newsgraph.extract import actor_roles
from newsgraph.extract.actor_roles import describe_phrase
from newsgraph.extract.mention_spans import quote_ranges, trim
from newsgraph.knowledge import load_kb
from newsgraph.nlp.pipeline import make_doc
from newsgraph.records import Article

TEXT = (
    "KYIV \u2014 Russian forces shelled the city. A spokesman for the Iraqi government said the rebel "
    "troops and the senior Houthi official had left. The Russian delegate at the United Nations and "
    "several lawmakers on Capitol Hill met the general staff, the weather and a big red car."
)


def test_role_memo_equals_the_scan_and_describe_phrase_is_stable(nlp) -> None:
    kb = load_kb()
    doc = nlp(make_doc(nlp, Article("t", TEXT, published="2014-06-20")))
    actor_roles._ROLE_MEMO.clear()
    chunks = list(doc.noun_chunks)
    assert len(chunks) >= 8
    cold = [describe_phrase(c, kb) for c in chunks]
    warm = [describe_phrase(c, kb) for c in chunks]  # answered from the memo the first pass filled
    assert cold == warm
    assert actor_roles._ROLE_MEMO[kb], "the memo is used"
    for key, hit in actor_roles._ROLE_MEMO[kb].items():
        assert hit == actor_roles._role_sector_scan(kb, *key)
    by_text = {c.text: info for c, info in zip(chunks, cold, strict=True)}
    assert by_text["the weather"] is None and by_text["a big red car"] is None  # early exit: no role
    assert by_text["A spokesman"] is not None and by_text["A spokesman"].anonymous


def test_quote_ranges_close_at_paragraph_breaks() -> None:
    text = 'He said "we will stay" and left.\n\n"An unclosed quote\n\nNew paragraph "closed" here.'
    ranges = quote_ranges(text)
    assert [text[s + 1 : e] for s, e in ranges] == ["we will stay", "closed"]


def test_trim_drops_dateline_articles_and_possessive(nlp) -> None:
    doc = nlp(make_doc(nlp, Article("t", "KYIV \u2014 Russian forces took the city's port.", published=None)))
    span = trim(doc[1:4])  # "— Russian forces": the break precedes the head
    assert span.text == "Russian forces"
    poss = trim(doc[5:8])  # "the city's"
    assert poss.text == "city"
