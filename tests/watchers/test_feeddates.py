"""Reading typed dates: partial, approximate and worded ones included."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from watchers.feeddates import parse_date, parse_loose_date


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-01", utc(2025, 7, 1)),
        ("2025-07-01T08:00:00+08:00", utc(2025, 7, 1)),
        ("Tue, 01 Jul 2025 08:00:00 GMT", utc(2025, 7, 1, 8)),
        ("2025-07", utc(2025, 7, 1)),
        ("2025", utc(2025, 1, 1)),
        ("2025-07 (approx.)", utc(2025, 7, 1)),
        ("1 July 2025 (approx.)", utc(2025, 7, 1)),
        ("c. 2021", utc(2021, 1, 1)),
        ("July 2025", utc(2025, 7, 1)),
        ("Dec. 25, 2021", utc(2021, 12, 25)),
        ("25 October 2023", utc(2023, 10, 25)),
        ("2025年7月1日", utc(2025, 7, 1)),
        ("约2025年7月", utc(2025, 7, 1)),
        ("2023年10月25日挂牌", utc(2023, 10, 25)),
        ("2025年2月30日", utc(2025, 2, 1)),  # no such day: its month
        ("2025-13", utc(2025, 1, 1)),  # no such month: its year
        ("July 1", None),  # no year: reading one would need a clock
        ("unknown", None),
        ("n.d.", None),
        ("", None),
    ],
)
def test_parse_loose_date(value: str, expected: datetime | None) -> None:
    assert parse_loose_date(value) == expected


def test_strict_parsing_still_refuses_loose_forms() -> None:
    assert parse_date("2025-07 (approx.)") is None
    assert parse_date("July 2025") is None
