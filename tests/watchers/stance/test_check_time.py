"""Periods and actions compared on plain values."""

from __future__ import annotations

from dataclasses import replace

import pytest

from watchers.model import Claim, Fact, FactKind, SourceRef, Stance
from watchers.stance.rules import Reading, judge

ED, PER = FactKind.EVENT_DATE, FactKind.PERIOD
C, X = Stance.CORROBORATES, Stance.CONTRADICTS


def verdict(
    claimed: Fact,
    *stated: Fact,
    entities: tuple[str, ...] = (),
    named: tuple[str, ...] = (),
    words: frozenset[str] = frozenset(),
    text: str = "A sentence.",
) -> tuple[Stance, str] | None:
    claim = Claim("c", "A claim.", entities or (claimed.subject,), SourceRef("seed"), (claimed,))
    ids = frozenset(named or [f.subject for f in stated])
    reading = Reading(text, ids, stated, frozenset(text.lower().strip(".").split()))
    v = judge(claim, words, [reading])
    return None if v is None else (v.stance, v.reason)


COVERS = Fact(PER, "plan", "covers", "2021/2025")


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (COVERS, (C, "period-match: claim 2021/2025, item 2021/2025")),
        (
            Fact(PER, "plan", "covers", "2021/2030"),
            (X, "period-mismatch: claim 2021/2025, item 2021/2030"),
        ),
        (Fact(PER, "outline", "covers", "2021/2030"), None),
        (Fact(ED, "plan", "released", "2021"), None),
    ],
)
def test_periods(stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(COVERS, stated) == expected


CENSURED = Fact(ED, "alibaba", "penalised:antitrust", "2021")


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (
            Fact(ED, "alibaba", "penalised:antitrust", "2021-04"),
            (C, "event-match: penalised 2021-04"),
        ),
        (Fact(ED, "alibaba", "penalised:antitrust", "2021"), (C, "event-match: penalised 2021")),
        # A fine with no reason given may be the claim's; one with another reason is not.
        (Fact(ED, "alibaba", "penalised", "2021-04"), (C, "event-match: penalised 2021-04")),
        (Fact(ED, "alibaba", "penalised:data_security", "2021"), None),
        # Fines recur: another year is another fine, an undated one may be any.
        (Fact(ED, "alibaba", "penalised:antitrust", "2023"), None),
        (Fact(ED, "alibaba", "penalised:antitrust", ""), None),
        (
            Fact(ED, "alibaba", "penalised:antitrust", "", "negated"),
            (X, "event-mismatch: item says penalised did not happen"),
        ),
        (Fact(ED, "alibaba", "investigated:antitrust", "2021"), None),
        (Fact(ED, "tencent", "penalised:antitrust", "2021"), None),
    ],
)
def test_a_dated_action(stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(CENSURED, stated) == expected


SHELVED = Fact(ED, "intel", "shelved:expansion", "")


@pytest.mark.parametrize(
    ("stated", "named", "expected"),
    [
        (SHELVED, ("intel", "chengdu"), (C, "event-match: shelved")),
        (
            Fact(ED, "intel", "shelved", "2022"),
            ("intel", "chengdu"),
            (C, "event-match: shelved 2022"),
        ),
        (
            Fact(ED, "intel", "shelved:expansion", "", "reversed"),
            ("intel", "chengdu"),
            (X, "event-mismatch: item says shelved was undone"),
        ),
        # The claim's other entity ("in Chengdu") must be named in the sentence.
        (SHELVED, ("intel",), None),
        (Fact(ED, "intel", "suspended:expansion", ""), ("intel", "chengdu"), None),
    ],
)
def test_an_undated_action_and_its_undoing(
    stated: Fact, named: tuple[str, ...], expected: tuple[Stance, str] | None
) -> None:
    assert verdict(SHELVED, stated, entities=("intel", "chengdu"), named=named) == expected


def test_an_action_told_apart_by_its_topic_needs_one() -> None:
    called = Fact(ED, "xi", "called_for:self_reliance", "2020-04")
    assert verdict(called, Fact(ED, "xi", "called_for", "2020-04")) is None
    assert verdict(called, Fact(ED, "xi", "called_for:opening_up", "2020-04")) is None
    assert verdict(called, Fact(ED, "xi", "called_for:self_reliance+supply_chain", "2020-04")) == (
        C,
        "event-match: called_for 2020-04",
    )


def test_a_subjectless_action_needs_a_subjectless_one_in_shared_words() -> None:
    suspended = Fact(ED, "", "suspended:overseas_listing", "2021")
    words = frozenset({"suspended", "overseas", "ipo", "large", "companie"})
    stated = Fact(ED, "", "suspended:overseas_listing", "2021", "reversed")
    text = "Regulators lifted the suspension of overseas IPOs for large companies."
    claim = Claim("c", "A claim.", (), SourceRef("seed"), (suspended,))
    shared = Reading(text, frozenset(), (stated,), frozenset(text.lower().strip(".").split()))
    other = Reading("Rain fell.", frozenset(), (stated,), frozenset({"rain", "fell"}))
    by_firm = Reading(text, frozenset({"didi"}), (replace(stated, subject="didi"),), shared.words)
    v = judge(claim, words, [shared])
    assert v is not None and (v.stance, v.reason) == (
        X,
        "event-mismatch: item says suspended was undone",
    )
    assert judge(claim, words, [other]) is None
    assert judge(claim, words, [by_firm]) is None
    untopical = replace(stated, predicate="suspended")
    assert judge(claim, words, [replace(shared, facts=(untopical,))]) is None
