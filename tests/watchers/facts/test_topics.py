"""Topic keys shared by English and Chinese phrases."""

from __future__ import annotations

import pytest

from watchers.facts.topics import term_key, topics_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("censured for monopolistic behavior", ("antitrust",)),
        ("对“二选一”垄断行为作出行政处罚", ("antitrust",)),
        ("a cybersecurity review", ("cybersecurity",)),
        ("实施网络安全审查", ("cybersecurity",)),
        ("self-reliant industrial supply chains", ("self_reliance", "supply_chain")),
        ("产业链供应链自主可控", ("self_reliance", "supply_chain")),
        ("suspended overseas IPOs", ("overseas_listing",)),
        ("暂停赴境外上市", ("overseas_listing",)),
        ("a plant in Chengdu", ()),
    ],
)
def test_topics(text: str, expected: tuple[str, ...]) -> None:
    assert topics_in(text) == expected


def test_topics_within_bounds() -> None:
    text = "antitrust fine; cybersecurity review"
    assert topics_in(text, 16) == ("cybersecurity",)
    assert topics_in(text, 0, 14) == ("antitrust",)


@pytest.mark.parametrize(
    ("term", "key"),
    [
        ("opening up", "opening_up"),
        ("对外开放", "opening_up"),
        ("扩大内需", "domestic_consumption"),
        ("common prosperity", "common_prosperity"),
        ("共同富裕", "共同富裕"),
        ("'", ""),
    ],
)
def test_term_keys(term: str, key: str) -> None:
    assert term_key(term) == key
