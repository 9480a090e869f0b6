"""Date ranking and sentence splitting rules chosen on the Timeline17 tuning half (issue 6)."""

from __future__ import annotations

from newsgraph.analyze.corpus import Sent, Story
from newsgraph.analyze.sentences import split_sentences
from newsgraph.analyze.timeline import RECALL_DAYS, rank_dates


def _sent(idx: int, article: str, published: str, date: str) -> Sent:
    return Sent(idx=idx, article_id=article, outlet="x.example", published=published, url=None, start=0,
                end=10, text=f"Something happened on {date}.", position=3, n_words=8, dates=(date,))


def _story(sents: list[Sent]) -> Story:
    return Story(sents=sents, terms=(), actor_keys=None, date_from=None, date_to=None,
                 n_articles=len({s.article_id for s in sents}))


def test_a_day_recalled_weeks_later_outranks_yesterdays_follow_ups() -> None:
    # three follow-ups the next day name March 1 because it was yesterday; two articles
    # recall March 5 two weeks on
    sents = [_sent(i, f"f{i}", "2014-03-02", "2014-03-01") for i in range(3)]
    sents += [_sent(3 + i, f"r{i}", "2014-03-19", "2014-03-05") for i in range(2)]
    ranked = [d for d, _ in rank_dates(_story(sents))]
    assert ranked == ["2014-03-05", "2014-03-01"]


def test_recall_counts_from_recall_days_on() -> None:
    def score(published: str) -> float:
        sents = [_sent(0, "a", published, "2014-03-01"), _sent(1, "b", "2014-03-01", "2014-03-01")]
        return dict(rank_dates(_story(sents)))["2014-03-01"]

    day = 1 + RECALL_DAYS
    assert score(f"2014-03-{day:02d}") > score(f"2014-03-{day - 1:02d}")


def test_page_timestamp_ends_the_headline_and_belongs_to_no_sentence() -> None:
    text = ("Firm plugs the leak after five months Monday 20 September 2010 20.07 BST The company said "
            "the well was sealed. Engineers cheered.\n"
            "Friday, June 4, 2010 6:15 pm EDT A cap was placed on the well.")
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == ["Firm plugs the leak after five months", "The company said the well was sealed.",
                   "Engineers cheered.", "A cap was placed on the well."]


def test_prose_with_a_clock_time_is_not_a_timestamp() -> None:
    text = "On June 4, 2010 at 6:15 pm EDT the cap was placed. Oil stopped flowing on Monday 20 September 2010."
    got = [text[s:e] for s, e in split_sentences(text)]
    assert got == ["On June 4, 2010 at 6:15 pm EDT the cap was placed.",
                   "Oil stopped flowing on Monday 20 September 2010."]
