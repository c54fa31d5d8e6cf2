import datetime as dt

import pytest

from watchers.facts.skeleton import build_skeleton
from watchers.facts.weekdays import weekday_dates

FRIDAY = dt.date(2024, 7, 19)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plenum wrapped up on Thursday.", "2024-07-18"),
        ("Talks end on Friday.", "2024-07-19"),  # the story's own day
        ("It was held on Sunday.", "2024-07-14"),
        ("The board will meet next Monday.", "2024-07-22"),
        ("It opened last Friday.", "2024-07-12"),
        ("会议于周四闭幕。", "2024-07-18"),
        ("上周四召开。", "2024-07-11"),
        ("下周一起施行。", "2024-07-22"),
        ("星期日举行。", "2024-07-14"),
    ],
)
def test_a_weekday_is_the_one_nearest_the_story(text: str, expected: str) -> None:
    assert [v.value for v in weekday_dates(text, FRIDAY)] == [expected]


def test_no_weekday_without_the_storys_day() -> None:
    assert weekday_dates("It was held on Sunday.", None) == []
    # A story dated only to its month (read as the 1st) dates no weekday.
    assert weekday_dates("It was held on Sunday.", dt.date(2024, 7, 1)) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [("The talks closed on ſunday", "2026-05-03"), ("The rules came out yeſterday", "2026-05-04")],
)
def test_a_long_s_reads_as_an_s_in_a_sentence(text: str, day: str) -> None:
    assert build_skeleton(text, [], dt.date(2026, 5, 5)).dates == (day,)
