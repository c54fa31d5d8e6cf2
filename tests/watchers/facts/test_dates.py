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
