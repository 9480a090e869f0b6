"""Date expressions resolved against an anchor, on invented sentences with known calendars.

Calendar facts used: 2014-06-13 and 2014-06-20 were Fridays; 2014-06-18 a Wednesday;
2016-07-21 a Thursday; 2020-01-09 a Thursday.
"""

from __future__ import annotations

import time

import pytest
import spacy

from newsgraph.extract.boilerplate import find_boilerplate
from newsgraph.extract.dates import (
    dates_component_logic,
    dates_in_range,
    find_dates,
    infer_anchor,
    normalize_published,
    sentence_date,
)
from newsgraph.nlp.extensions import register
from newsgraph.records import DateRef

FRI = "2014-06-13"


def one(text: str, anchor: str | None = FRI) -> DateRef:
    refs = find_dates(text, anchor)
    assert len(refs) == 1, refs
    ref = refs[0]
    assert text[ref.start : ref.end] == ref.text
    return ref


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("The ministers met on June 12, 2014 in Erbil.", "2014-06-12", "day"),
        ("The ministers met on 12 June 2014 in Erbil.", "2014-06-12", "day"),
        ("The ministers met on the 12th of June, 2014.", "2014-06-12", "day"),
        ("The talks opened on Jan. 12, 2014 in Geneva.", "2014-01-12", "day"),
        ("The talks opened on Sept. 3, 2013 in Geneva.", "2013-09-03", "day"),
        ("Filed 2014-06-12 by the ministry.", "2014-06-12", "day"),
        ("The offensive began in June 2014 near the border.", "2014-06", "month"),
        ("US troops invaded the country in 2003.", "2003", "year"),
        ("The council has been divided since 2011.", "2011", "year"),
    ],
)
def test_explicit_dates(text: str, value: str, precision: str) -> None:
    ref = one(text)
    assert (ref.value, ref.precision, ref.relative) == (value, precision, False)


def test_day_month_without_year_takes_the_closest_year() -> None:
    assert one("The vote was held on Jun. 12 amid protests.").value == "2014-06-12"
    # A late-December date in a January article belongs to the previous year.
    assert one("Talks collapsed on Dec. 28 after a week.", "2015-01-05").value == "2014-12-28"


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("The envoy arrived on Wednesday for talks.", "2014-06-20", "2014-06-18"),  # Fri -> Wed
        ("The envoy arrived on Friday for talks.", "2014-06-20", "2014-06-20"),  # same weekday: that day
        ("The envoy arrived on Saturday for talks.", "2014-06-20", "2014-06-14"),
        ("A spokesman said Friday that talks had failed.", "2014-06-20", "2014-06-20"),
        ("Troops withdrew late on Wednesday.", "2016-07-21", "2016-07-20"),
        ("The convoy was hit last Friday near the airport.", "2020-01-09", "2020-01-03"),
        ("The convoy was hit last Thursday.", "2020-01-09", "2020-01-02"),  # "last" is strictly before
        ("The cabinet meets next Tuesday.", "2014-06-13", "2014-06-17"),
        ("The cabinet will meet on Tuesday to decide.", "2014-06-13", "2014-06-17"),  # future tense
    ],
)
def test_weekdays(text: str, anchor: str, value: str) -> None:
    ref = one(text, anchor)
    assert (ref.value, ref.precision, ref.relative) == (value, "day", True)


def test_weekday_names_that_are_not_dates() -> None:
    assert find_dates("Crowds gathered after Friday prayers in the old city.", FRI) == []
    assert find_dates("The Sunday Times reported the deal.", FRI) == []
    assert find_dates("Pilgrims marked Good Friday quietly.", FRI) == []


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("The minister resigned today.", "2014-06-13", "day"),
        ("The minister resigned yesterday.", "2014-06-12", "day"),
        ("Gunmen attacked the base last night.", "2014-06-12", "day"),
        ("The president will speak tonight.", "2014-06-13", "day"),
        ("The governor fled four days ago.", "2014-06-09", "day"),
        ("The governor fled a week ago.", "2014-06-06", "week"),
        ("The city fell two years ago.", "2012", "year"),
        ("The bridge was destroyed three months ago.", "2014-03", "month"),
        ("Envoys met last week in Amman.", "2014-06-06", "week"),
        ("Envoys met this week in Amman.", "2014-06-13", "week"),
        ("Envoys met earlier this month in Amman.", "2014-06", "month"),
        ("Prices rose last month.", "2014-05", "month"),
        ("Elections were held last year.", "2013", "year"),
        ("Fighting resumed over the weekend.", "2014-06-07", "week"),
    ],
)
def test_relative_expressions(text: str, value: str, precision: str) -> None:
    ref = one(text)
    assert (ref.value, ref.precision) == (value, precision)


def test_number_words_and_digits_agree() -> None:
    assert one("It happened eleven days ago.").value == one("It happened 11 days ago.").value == "2014-06-02"


def test_bracketed_explicit_date_wins_over_relative_word() -> None:
    text = "Parliament failed yesterday [June 11] to reach a quorum."
    ref = one(text)
    assert ref.value == "2014-06-11"
    assert ref.text == "yesterday [June 11]"
    ref = one("Parliament met on Wednesday, June 4, to vote.")
    assert ref.value == "2014-06-04"


def test_context_relative_phrases_count_from_the_previous_date() -> None:
    text = "The session collapsed on June 10. The night before, leaders had quarrelled."
    refs = find_dates(text, FRI)
    assert [r.value for r in refs] == ["2014-06-10", "2014-06-09"]
    text = "Leaders met late on Thursday. Two days earlier, the army had withdrawn."
    assert [r.value for r in find_dates(text, "2022-02-25")] == ["2022-02-24", "2022-02-22"]
    # Without any earlier date, "the night before" falls back to the day before the anchor.
    assert one("The night before, leaders had quarrelled.").value == "2014-06-12"


def test_offsets_and_counts_are_not_years() -> None:
    assert find_dates("Around 1500 troops were sent to the border.", FRI) == []
    assert find_dates("The ministry said 2,003 people had registered.", FRI) == []
    assert find_dates("Nobody may march without a permit.", FRI) == []


def test_unresolvable_without_anchor() -> None:
    assert find_dates("The minister resigned yesterday.", None) == []
    assert one("The raid came on May 2, 2011 before dawn.", None).value == "2011-05-02"


def test_caption_dates_do_not_leak() -> None:
    text = (
        "The prime minister asked for help.\n\n"
        "The prime minister speaks in Baghdad, Jan. 12, 2014. Photo by REUTERS/Jane Roe\n\n"
        "The night before, the cabinet had met."
    )
    skip = find_boilerplate(text)
    assert len(skip) == 1
    refs = find_dates(text, FRI, skip=skip)
    assert [r.value for r in refs] == ["2014-06-12"]  # from the anchor, not from Jan. 11
    value, precision = sentence_date(dates_in_range(refs, 0, 34), FRI, "day")
    assert (value, precision) == (FRI, "publication")


def test_infer_anchor() -> None:
    assert infer_anchor("Anything.", "2014-06-13", []) == ("2014-06-13", "day")
    assert infer_anchor("Anything.", "2014-06-13T09:30:00Z", []) == ("2014-06-13", "day")
    text = "Talks began on March 3, 2014. A deal followed on April 9, 2014 in Vienna."
    assert infer_anchor(text, None, []) == ("2014-04-09", "inferred")
    # A caption date is ignored; a date-only stamp line is the best evidence of publication.
    text = "Iraq asked for help.\nThe envoy in Baghdad, Jul. 1, 2014. (AP Photo/Jane Roe)\nAgents met today."
    assert infer_anchor(text, None, find_boilerplate(text)) == (None, None)
    assert infer_anchor("Jun 13, 2014\n\nThe army retreated on Sept. 1, 2014.", None, None) == (
        "2014-06-13",
        "inferred",
    )
    assert infer_anchor("No dates at all here.", None, []) == (None, None)


def test_normalize_published_handles_feed_strings() -> None:
    assert normalize_published("Fri, 13 Jun 2014 08:00:00 GMT") == "2014-06-13"
    assert normalize_published("") is None


def test_sentence_date_prefers_the_most_specific_expression() -> None:
    text = "Maliki, in power since 2006, said on Wednesday that he spoke to envoys last month."
    refs = find_dates(text, "2014-06-20")
    assert sentence_date(refs, "2014-06-20", "day") == ("2014-06-18", "day")
    assert sentence_date([], "2014-06-20", "day") == ("2014-06-20", "publication")
    assert sentence_date([], "2014-06-20", "inferred") == ("2014-06-20", "inferred")
    assert sentence_date([], None, None) == (None, "unknown")
    since_only = find_dates("Gulen has lived abroad since 1999.", FRI)
    assert sentence_date(since_only, FRI, "day") == (FRI, "publication")


def test_component_logic_on_a_doc() -> None:
    register()
    nlp = spacy.blank("en")
    text = "The army withdrew on Tuesday.\nAn officer in Mosul, Jan. 2, 2014. Photo: Jane Roe/AFP"
    doc = nlp(text)
    doc._.published = "2014-06-13"
    doc._.boilerplate = find_boilerplate(text)
    dates_component_logic(doc)
    assert doc._.article_date == "2014-06-13"
    assert doc._.article_date_precision == "day"
    assert [d.value for d in doc._.dates] == ["2014-06-10"]
    # A Span is accepted too, with doc-relative offsets.
    span = doc.char_span(0, 29)
    ref = find_dates(span, "2014-06-13")[0]
    assert text[ref.start : ref.end] == "on Tuesday"


def test_speed_under_a_millisecond_per_sentence() -> None:
    sentences = [
        "Iraqi Prime Minister Nouri al-Maliki said on Wednesday that he would not step down.",
        "The militants seized the city of Mosul four days ago, officials said.",
        "Kurdish forces moved into the oil city, a spokesman for the regional government told reporters.",
        "Washington has sent about 300 advisers since June 2014, and more may follow next month.",
    ] * 50
    find_dates(sentences[0], FRI)
    t0 = time.perf_counter()
    for s in sentences:
        find_dates(s, FRI)
    per_sentence = (time.perf_counter() - t0) / len(sentences)
    assert per_sentence < 0.002  # loose: measured ~0.1 ms
