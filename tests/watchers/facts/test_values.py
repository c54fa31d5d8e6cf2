from decimal import Decimal

import pytest

from watchers.facts.values import (
    Value,
    duration_seconds,
    iso_duration,
    overlaps,
    parse_number,
    plain,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200.5", "1200.5"),
        ("二十四", "24"),
        ("一千二百万", "12000000"),
        ("二〇二一", "2021"),
        ("十", "10"),
    ],
)
def test_parse_number(text: str, value: str) -> None:
    assert plain(parse_number(text)) == value


def test_parse_number_refuses_words() -> None:
    with pytest.raises(ValueError, match="not a number: 'abc'"):
        parse_number("abc")


def test_duration_seconds() -> None:
    assert duration_seconds("PT24H") == duration_seconds("P1D") == Decimal(86400)
    assert duration_seconds("PT30M") == Decimal(1800)
    assert duration_seconds("P5Y") == Decimal(5 * 365 * 86400)
    with pytest.raises(ValueError, match="not a one-unit ISO-8601 duration: 'P1Y2M'"):
        duration_seconds("P1Y2M")


def test_iso_duration() -> None:
    assert iso_duration(Decimal(24), "TH") == "PT24H"
    assert iso_duration(Decimal("1.5"), "D") == "P1.5D"


def test_overlaps() -> None:
    found = [Value("date", 3, 8, "2021")]
    assert overlaps(found, 7, 10)
    assert not overlaps(found, 8, 10)
