"""Issuers, regions, ranks and a document's publication compared on plain values."""

from __future__ import annotations

import pytest

from watchers.model import Claim, Fact, FactKind, SourceRef, Stance
from watchers.stance.rules import Reading, judge

ISS, LOC, RANK, EX = FactKind.ISSUER, FactKind.LOCATION, FactKind.RANK, FactKind.EXISTS
C, X = Stance.CORROBORATES, Stance.CONTRADICTS


def verdict(claimed: Fact, *stated: Fact) -> tuple[Stance, str] | None:
    claim = Claim("c", "A claim.", (claimed.subject,), SourceRef("seed"), (claimed,))
    reading = Reading("A sentence.", frozenset(f.subject for f in stated), stated, frozenset())
    v = judge(claim, frozenset(), [reading])
    return None if v is None else (v.stance, v.reason)


BY_SC = Fact(ISS, "outline", "issued_by", "sc")


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ((BY_SC,), (C, "issuer-match: claim sc, item sc")),
        ((Fact(ISS, "outline", "issued_by", "ndrc"),), (X, "issuer-mismatch: claim sc, item ndrc")),
        # Issued jointly: the claim's issuer is among them.
        ((Fact(ISS, "outline", "issued_by", "cc"), BY_SC), (C, "issuer-match: claim sc, item sc")),
        ((Fact(ISS, "plan", "issued_by", "ndrc"),), None),
    ],
)
def test_issuers(stated: tuple[Fact, ...], expected: tuple[Stance, str] | None) -> None:
    assert verdict(BY_SC, *stated) == expected


SOUTH = Fact(LOC, "wuxi", "region", "south")


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (SOUTH, (C, "location-match: claim south, item south")),
        (Fact(LOC, "wuxi", "region", "east"), (X, "location-mismatch: claim south, item east")),
        (Fact(LOC, "wuxi", "region", "southwest"), None),
        (Fact(LOC, "wuxi", "region", "southeast"), None),
        (Fact(LOC, "chengdu", "region", "east"), None),
    ],
)
def test_regions(stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(SOUTH, stated) == expected


FIRST = Fact(RANK, "change_3", "first:lunar_mission", "china")
LARGEST = Fact(RANK, "huawei", "largest:telecom_equipment_maker", "world")


@pytest.mark.parametrize(
    ("claimed", "stated", "expected"),
    [
        (FIRST, FIRST, (C, "rank-match: item says change_3 is first lunar_mission of china")),
        (
            FIRST,
            Fact(RANK, "Chang'e 1", "first:lunar_mission", "china"),
            (
                X,
                "rank-holder-mismatch: claim change_3, item Chang'e 1 as first lunar_mission"
                " of china",
            ),
        ),
        # A written name that is the claim's entity is the same holder.
        (
            FIRST,
            Fact(RANK, "Chang'e-3", "first:lunar_mission", "china"),
            (C, "rank-match: item says Chang'e-3 is first lunar_mission of china"),
        ),
        (FIRST, Fact(RANK, "Chang'e 1", "first:lunar_landing", "china"), None),
        (FIRST, Fact(RANK, "Luna 1", "first:lunar_mission", ""), None),
        (FIRST, Fact(RANK, "Luna 1", "first:lunar_mission", "world"), None),
        (
            LARGEST,
            Fact(RANK, "huawei", "largest:telecom_equipment_maker", ""),
            (C, "rank-match: item says huawei is largest telecom_equipment_maker of world"),
        ),
        (
            LARGEST,
            Fact(RANK, "huawei", "largest#2:telecom_equipment_maker", "world"),
            (X, "rank-mismatch: item says huawei is largest#2, claim largest"),
        ),
        (
            LARGEST,
            Fact(RANK, "huawei", "largest:telecom_equipment_maker", "world", "ended"),
            (
                X,
                "rank-mismatch: item says huawei is no longer largest telecom_equipment_maker"
                " of world",
            ),
        ),
        (LARGEST, Fact(RANK, "Ericsson", "largest#2:telecom_equipment_maker", "world"), None),
        (
            LARGEST,
            Fact(RANK, "Ericsson", "largest:telecom_equipment_maker", "world", "ended"),
            None,
        ),
        (LARGEST, Fact(RANK, "huawei", "first:telecom_equipment_maker", "world"), None),
    ],
)
def test_ranks(claimed: Fact, stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(claimed, stated) == expected


def test_publication_and_existence_are_told_apart() -> None:
    secret = Fact(EX, "plan", "public", "false")
    assert verdict(secret, Fact(EX, "plan", "public", "true")) == (
        X,
        "existence-mismatch: claim false, item true",
    )
    assert verdict(secret, Fact(EX, "plan", "exists", "true")) is None
    assert verdict(Fact(EX, "plan", "exists", "true"), Fact(EX, "plan", "public", "false")) is None
    established = Fact(FactKind.EVENT_DATE, "plan", "established", "2021")
    assert verdict(secret, established) is None
