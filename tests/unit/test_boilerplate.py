"""Boilerplate detection on invented snippets; ordinary reporting must never be flagged."""

from __future__ import annotations

import pytest

from newsgraph.extract.boilerplate import (
    find_boilerplate,
    find_boilerplate_with_reasons,
    is_boilerplate_line,
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("The envoy leaves talks in Geneva, March 3, 2014. Photo by REUTERS/Jane Roe", "caption"),
        ("Soldiers stand guard at a checkpoint. (AP Photo/John Smith)", "caption"),
        ("Image: Smoke rises over the refinery", "caption"),
        ("Photograph: Sam Doe/Getty Images", "caption"),
        ("Credit: Lee Park for the Harbor Times", "caption"),
        ("By Jane Doe", "byline"),
        ("By Jane Doe and Omar Haddad, Staff Writers", "byline"),
        ("Author: Sam Keller", "byline"),
        ("Jun 13, 2014", "dateline"),
        ("Updated: June 13, 2014 10:32 AM ET", "dateline"),
        ("Topics covered", "tags"),
        ("Tags: iraq, mosul, oil", "tags"),
        ("Related: Why the army collapsed", "tags"),
        ("Continue reading this story by registering for free and get full access to:", "subscription"),
        ("Sign up for our newsletter to get the day's headlines.", "subscription"),
        ("Click here to read the full interview.", "subscription"),
        ("© 2014 Harbor Times. All rights reserved.", "subscription"),
        ("Read more: How the militants financed the campaign", "read-more"),
        ("More from Jane Doe", "read-more"),
        ("Share this article", "widget"),
        ("12 comments", "widget"),
        ("Advertisement", "widget"),
        ("Follow us on Twitter for live updates", "widget"),
        ("Sam Keller has 15 years of experience covering the region.", "bio"),
        ("Omar Haddad contributed to this report.", "bio"),
        ("(Reporting by Jane Doe; Editing by Sam Keller)", "bio"),
    ],
)
def test_each_kind_is_flagged(line: str, reason: str) -> None:
    assert is_boilerplate_line(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "A photo by a local journalist showed militants parading captured vehicles through the city.",
        "Photos posted online appeared to show the governor's office in flames.",
        "The author of the report, a former general, said the army had been hollowed out.",
        "By Tuesday, the militants had reached the outskirts of Samarra.",
        "By midnight, the last government troops had left the base.",
        "Related talks in Vienna were postponed until next week, diplomats said.",
        "The ministry said it would register all displaced families by the end of the month.",
        "Iraqi Prime Minister Nouri al-Maliki asked Washington for air strikes on Wednesday.",
        "More than 500,000 people fled the city, the United Nations said.",
        "The newspaper's editor said the government had closed its office in Baghdad.",
        "Topics discussed at the meeting included oil exports and the Kurdish budget.",
        "The governor, who has 20 armed guards, refused to leave the building.",
        "BAGHDAD (Reuters) - Iraq's cabinet met on Sunday to discuss the crisis.",
        "The talks were held on June 13, 2014 in the capital.",
    ],
)
def test_reporting_is_not_flagged(line: str) -> None:
    assert is_boilerplate_line(line) is None
    assert find_boilerplate(line) == []


def test_list_after_marker_and_paywall_is_flagged() -> None:
    text = (
        "Militants seized the city on Tuesday, officials said.\n\n"
        "Topics covered\n\n"
        "iraq, mosul, militants, army\n\n"
        "The army regrouped south of the city.\n\n"
        "Continue reading this article by registering at no cost:\n"
        "  • Archive access\n"
        "  • Weekly briefings\n"
    )
    reasons = find_boilerplate_with_reasons(text)
    flagged = [text[s:e] for s, e, _ in reasons]
    assert "iraq, mosul, militants, army" in flagged
    assert "• Archive access" in flagged and "• Weekly briefings" in flagged
    assert not any("regrouped" in f or "seized" in f for f in flagged)


def test_trailing_bio_after_author_line() -> None:
    text = (
        "The envoy met the prime minister in Baghdad on Monday.\n\n"
        "The talks focused on security.\n\n"
        "Author: Sam Keller\n\n"
        "Sam Keller is a senior editor at the Harbor Times. He previously worked in Beirut.\n"
    )
    kinds = [r for _, _, r in find_boilerplate_with_reasons(text)]
    assert kinds == ["byline", "bio"]


def test_bio_shape_only_at_the_end() -> None:
    body = "Hoshyar Zebari is a veteran Kurdish politician who has served as foreign minister since 2003."
    text = f"Lead paragraph here.\n\n{body}\n\nMore reporting.\n\nSecond.\n\nThird.\n\nFourth."
    assert find_boilerplate(text) == []
    text = "Lead paragraph here.\n\nSecond.\n\nThird.\n\nJane Roe is the Harbor Times' Baghdad correspondent."
    ((start, end),) = find_boilerplate(text)
    assert text[start:end].startswith("Jane Roe")


def test_caption_glued_to_prose_is_flagged_at_sentence_level() -> None:
    prose = (
        "The army said it had retaken two villages north of the city after heavy fighting overnight, "
        "and that reinforcements were on their way from the capital to hold the ground."
    )
    caption = "A soldier rests near Tikrit, June 14, 2014. (AP Photo/Jane Roe)"
    text = f"{prose} {caption}"
    ((start, end),) = find_boilerplate(text)
    assert text[start:end] == caption


def test_repeated_headline_and_lines() -> None:
    title = "Militants seize second city as army retreats"
    text = f"{title}\n\nThe army retreated on Tuesday.\n\n{title}\n\nThe army retreated on Tuesday."
    reasons = find_boilerplate_with_reasons(text, title)
    # The first line is kept (it is the headline); later copies are repeats.
    assert [r for _, _, r in reasons] == ["headline", "repeated"]
    assert reasons[0][0] > 0


def test_offsets_point_into_the_text() -> None:
    text = "  By Jane Doe  \nThe army retreated.\n"
    ((start, end),) = find_boilerplate(text)
    assert text[start:end] == "By Jane Doe"


def test_title_case_deck_above_the_story_is_a_headline() -> None:
    text = "Minister Also Meets With Rebel Leader al-Hadi\n\nThe minister met rebel leaders in the capital on Monday."
    ranges = find_boilerplate(text)
    assert ranges and ranges[0][0] == 0 and text[ranges[0][0]:ranges[0][1]].startswith("Minister Also")
    assert all(not text[s:e].startswith("The minister") for s, e in ranges)


def test_ordinary_first_sentence_is_not_a_deck() -> None:
    text = "Rebels seized the town of Tikrit on Monday\n\nOfficials said the army would respond."
    assert find_boilerplate(text) == []
