import datetime as dt

import pytest

from watchers.facts.dates import find_dates
from watchers.text import fold_width


def dates(text: str) -> list[tuple[str, str]]:
    return [(v.kind, v.value) for v in find_dates(fold_width(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on September 1, 2021", [("date", "2021-09-01")]),
        ("on Sept. 1st 2021", [("date", "2021-09-01")]),
        ("on 1 September 2021", [("date", "2021-09-01")]),
        ("in March 2023", [("date", "2023-03")]),
        ("since 2012", [("date", "2012")]),
        ("on 2021-09-01", [("date", "2021-09-01")]),
        ("自2021年9月1日起", [("date", "2021-09-01")]),
        ("２０２３年３月", [("date", "2023-03")]),
        ("二〇二一年九月一日", [("date", "2021-09-01")]),
        ("released Aug. 11", [("blocked", "")]),
        ("9月1日起施行", [("blocked", "")]),
        ("in 2021-2025", [("date", "2021"), ("date", "2025")]),
        ("on February 30, 2021", [("blocked", ""), ("date", "2021")]),
        ("a 2021 percent rise", []),
    ],
)
def test_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("该局于去年10月25日挂牌", ["2023-10-25"]),
        ("前年5月出台", ["2022-05"]),
        ("今年3月，方案公布", ["2024-03"]),
        ("明年1月1日起施行", ["2025-01-01"]),
        ("It opened on 25 October last year.", ["2023-10-25"]),
        ("The rules were released in March this year.", ["2024-03"]),
        ("It takes effect on January 1 next year.", ["2025-01-01"]),
        ("The plenum will meet on July 15–18.", ["2024-07-15", "2024-07-18"]),
        ("会议于7月15日至18日召开", ["2024-07-15", "2024-07-18"]),
        ("去年10月8日至10日举行", ["2023-10-08", "2023-10-10"]),
        # A date told before in the sentence dates what follows it.
        ("2022年7月7日公布，自9月1日起施行", ["2022-07-07", "2022-09-01"]),
        ("2023年3月7日设立，并于当年10月25日揭牌", ["2023-03-07", "2023-10-25"]),
        ("In 2021, the rules took effect on 1 March.", ["2021", "2021-03-01"]),
        ("On 15 March 2022 it said the plan came on 10 December.", ["2022-03-15", "2021-12-10"]),
        # Without a word for the year, the nearest year: October lies ahead of May.
        ("It opens on 25 October.", ["2024-10-25"]),
    ],
)
def test_a_year_said_relative_to_the_item(text: str, expected: list[str]) -> None:
    assert [v.value for v in find_dates(text, dt.date(2024, 5, 1))] == expected
