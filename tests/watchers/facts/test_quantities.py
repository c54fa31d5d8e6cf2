import pytest

from watchers.facts.dates import find_dates
from watchers.facts.quantities import find_quantities
from watchers.text import fold_width


def quantities(text: str) -> list[tuple[str, str, str]]:
    folded = fold_width(text)
    return [(v.kind, v.value, v.unit) for v in find_quantities(folded, find_dates(folded))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥10 billion", [("number", "10000000000", "CNY")]),
        ("RMB10bn", [("number", "10000000000", "CNY")]),
        ("$1.5bn", [("number", "1500000000", "USD")]),
        ("50 million yuan", [("number", "50000000", "CNY")]),
        ("5% of revenue", [("number", "5", "percent")]),
        ("five per cent", [("number", "5", "percent")]),
        ("1.4 billion people", [("number", "1400000000", "people")]),
        ("39 first-tier '985' universities", [("number", "39", "university")]),
        ("1,200 companies were fined", [("number", "1200", "company")]),
        ("within 24 hours", [("duration", "PT24H", "")]),
        ("a 72-hour window", [("duration", "PT72H", "")]),
        ("a five-year term", [("duration", "P5Y", "")]),
        ("3 working days", [("duration", "P3D", "")]),
        ("10亿元", [("number", "1000000000", "CNY")]),
        ("1.5万亿元", [("number", "1500000000000", "CNY")]),
        ("三千万元", [("number", "30000000", "CNY")]),
        ("百分之五", [("number", "5", "percent")]),
        ("２４小时内", [("duration", "PT24H", "")]),
        ("五年", [("duration", "P5Y", "")]),
        ("3个月", [("duration", "P3M", "")]),
        ("30家企业", [("number", "30", "家")]),
        ("第二十一条", []),
        ("Article 21 of the law", []),
        ("12 times", [("number", "12", "times")]),
        ("mentioned 'domestic consumption' only once", [("number", "1", "times")]),
        ("“扩大内需”出现12次", [("number", "12", "times")]),
        ("once again the rules changed", []),
        ("China's leaders once said", []),
        ("the 14th plan", []),
    ],
)
def test_quantities(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert quantities(text) == expected


def test_a_quantity_inside_a_date_is_not_counted() -> None:
    assert quantities("on September 1, 2021 and 9月1日") == []


def test_a_count_in_words_is_a_count() -> None:
    assert quantities("The committee has seven members.") == [("number", "7", "member")]
    assert quantities("one of the most senior posts") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Case-blind matching takes the long s and the Kelvin sign for s and k.
        ("a ſix-day wait", [("duration", "P6D", "")]),
        ("a fine of 3 EUROſ", [("number", "3", "EUR")]),
        ("a 2 BUSINESS DAYS notice", [("duration", "P2D", "")]),
        ("FIVE MILLION YUAN", [("number", "5000000", "CNY")]),
    ],
)
def test_words_in_any_case_read_as_their_lower_case(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert quantities(text) == expected
