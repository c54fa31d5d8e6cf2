"""Bodies numbered after another: a Politburo takes the number of the Central Committee
that elects it, so news about "the 20th Central Committee" dates "the 20th Politburo".
The sentences are written for these tests."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from support.labelling import label_pair
from watchers.config.file import load_config
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, Stance, Verdict

ENTITIES = [
    Entity("committee", EntityKind.PARTY_ORGAN, "Central Committee", "中央委员会"),
    Entity("bureau", EntityKind.PARTY_ORGAN, "Politburo", "政治局", numbered_after="committee"),
    Entity(
        "bureau_core",
        EntityKind.PARTY_ORGAN,
        "Standing Committee",
        "常委会",
        numbered_after="bureau",
    ),
    Entity("congress", EntityKind.BODY, "People's Congress", "人民代表大会"),
]
MATCHER = Matcher.build(ENTITIES)
CLAIM = "The 15th Politburo (2023-) set a new course."


def _label(text: str, published: str = "") -> Verdict:
    when = datetime.fromisoformat(published) if published else None
    return label_pair(MATCHER, CLAIM, text, published=when)


def test_series_follows_the_chain_of_numbering() -> None:
    assert MATCHER.series("bureau_core") == "committee"
    assert MATCHER.series("bureau") == "committee"
    assert MATCHER.series("congress") == "congress"


def test_the_electing_body_numbers_the_term() -> None:
    verdict = _label("The 21st Central Committee will meet in Beijing in March 2028.")
    assert verdict.stance is Stance.CONTRADICTS, verdict
    assert verdict.reason.startswith("term-mismatch"), verdict


def test_the_same_number_of_another_body_confirms_nothing() -> None:
    verdict = _label("The 15th Central Committee met in 2023 to plan the economy.")
    assert verdict.stance is not Stance.CORROBORATES, verdict


def test_an_unrelated_series_is_not_compared() -> None:
    verdict = _label("The 21st People's Congress opened in March 2028.")
    assert verdict.reason.startswith("term") is False, verdict


@pytest.mark.parametrize(
    "text",
    [
        "The current 21st Politburo has 24 members.",
        "The 21st Central Committee elected its leaders on Sunday.",
        "现任第二十一届政治局共有24人。",
    ],
)
def test_a_clause_in_the_present_is_dated_by_the_item(text: str) -> None:
    verdict = _label(text, published="2028-06-04")
    assert verdict.stance is Stance.CONTRADICTS, verdict
    assert "in 2028" in verdict.reason, verdict


def test_without_the_item_date_the_present_dates_nothing() -> None:
    verdict = _label("The current 21st Politburo has 24 members.")
    assert not verdict.reason.startswith("term"), verdict


def test_the_first_days_of_january_may_still_tell_of_last_year() -> None:
    verdict = _label("The 21st Central Committee elected its leaders this week.", "2028-01-03")
    assert not verdict.reason.startswith("term"), verdict


def test_a_number_between_the_partys_name_and_the_committee() -> None:
    matcher = Matcher.build(load_config(Path(__file__).resolve().parents[3] / "config").entities)
    claim = "The Politburo elected in October 2022 is the 19th Politburo."
    text = "中國共產黨第二十屆中央委員會第一次全體會議，於2022年10月23日在北京舉行。"
    verdict = label_pair(matcher, claim, text)
    assert verdict.stance is Stance.CONTRADICTS, verdict


def test_a_number_without_di_before_the_body() -> None:
    verdict = _label("2028年3月，二十一届政治局召开会议。")
    assert verdict.stance is Stance.CONTRADICTS, verdict


def test_a_later_clause_dates_something_else() -> None:
    # He sat on the 15th Politburo; the date is his death's, not the Politburo's.
    text = "李明曾任第十五届政治局委员，退休后在北京休养，近日患病，2031年5月在北京逝世。"
    verdict = _label(text)
    assert not verdict.reason.startswith("term"), verdict
