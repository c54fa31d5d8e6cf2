"""What quantities measure: former values and counts of a quoted term."""

from __future__ import annotations

import pytest

from watchers.facts import derive_facts
from watchers.matcher import Matcher
from watchers.model import Entity, EntityKind, FactKind

MATCHER = Matcher.build([Entity("plenum", EntityKind.EVENT, "Third Plenum", "三中全会")])


def measured(text: str) -> set[tuple[str, str, str]]:
    """(predicate, value, unit) of the NUMBER and DURATION facts in ``text``."""
    found = derive_facts(text, MATCHER.find(text))
    kinds = (FactKind.NUMBER, FactKind.DURATION)
    return {(f.predicate, f.value, f.unit) for f in found if f.kind in kinds}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The previous incident reporting window was 72 hours.",
            {("report:previous", "PT72H", "")},
        ),
        (
            "Operators must now report within one hour, down from 72 hours.",
            {("report", "PT1H", ""), ("report:previous", "PT72H", "")},
        ),
        (
            "The CAC cut the reporting window from 72 hours to 24 hours.",
            {("report:previous", "PT72H", ""), ("report", "PT24H", "")},
        ),
        (
            "Firms used to report incidents within 72 hours; now they report within one hour.",
            {("report:previous", "PT72H", ""), ("report", "PT1H", "")},
        ),
        ("Operators reported 72 hours previously.", {("report:previous", "PT72H", "")}),
        # A range is not a change.
        (
            "Fines range from 1 million yuan to 10 million yuan.",
            {("fine", "1000000", "CNY"), ("fine", "10000000", "CNY")},
        ),
        ("Earlier this month the CAC required reports within 24 hours.", {("report", "PT24H", "")}),
        ("此前，网络安全事件的报告时限为72小时。", {("report:previous", "PT72H", "")}),
        (
            "报告时限由72小时缩短为1小时。",
            {("report:previous", "PT72H", ""), ("report", "PT1H", "")},
        ),
        ("应当在1小时内报告。", {("report", "PT1H", "")}),
    ],
)
def test_former_values(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert measured(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Third Plenum communique mentioned 'opening up' 12 times and 'domestic "
            "consumption' only once.",
            {
                ("mentions:opening_up", "12", "times"),
                ("mentions:domestic_consumption", "1", "times"),
            },
        ),
        ("The communique used “reform” 50 times.", {("mentions:reform", "50", "times")}),
        ("三中全会公报中“对外开放”一词出现了12次。", {("mentions:opening_up", "12", "times")}),
        ("公报三次提及“扩大内需”。", {("mentions:domestic_consumption", "3", "times")}),
        ("The toxin is 200 times more potent.", {("", "200", "times")}),
    ],
)
def test_counts_of_a_term(text: str, expected: set[tuple[str, str, str]]) -> None:
    assert measured(text) == expected
