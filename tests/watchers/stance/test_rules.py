"""The structured checks on plain values: claim facts against sentence facts."""

from __future__ import annotations

import pytest

from watchers.model import Claim, Fact, FactKind, SourceRef, Stance
from watchers.stance.rules import Reading, judge

ED, NUM, DUR = FactKind.EVENT_DATE, FactKind.NUMBER, FactKind.DURATION
OFF, PAR, EX = FactKind.OFFICE_HOLDER, FactKind.PARENT_BODY, FactKind.EXISTS
C, X = Stance.CORROBORATES, Stance.CONTRADICTS


def claim(*facts: Fact, text: str = "A claim.", entities: tuple[str, ...] = ()) -> Claim:
    subjects = tuple(dict.fromkeys(f.subject for f in facts if f.subject))
    return Claim("c", text, entities or subjects, SourceRef("seed"), facts)


def reading(*facts: Fact, text: str = "A sentence.", entities: tuple[str, ...] = ()) -> Reading:
    ids = entities or tuple(f.subject for f in facts)
    return Reading(text, frozenset(ids), facts, frozenset(text.lower().strip(".").split()))


def verdict(
    c: Claim, *readings: Reading, words: frozenset[str] = frozenset()
) -> tuple[Stance, str] | None:
    v = judge(c, words, readings)
    return None if v is None else (v.stance, v.reason)


def stance(c: Claim, *readings: Reading) -> Stance | None:
    v = judge(c, frozenset(), readings)
    return None if v is None else v.stance


EFFECT = Fact(ED, "dsl", "took_effect", "2021-09-01")


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (
            Fact(ED, "dsl", "took_effect", "2021-06-10"),
            (X, "date-mismatch: claim 2021-09-01, item 2021-06-10"),
        ),
        (Fact(ED, "dsl", "took_effect", "2021-09-01"), (C, "date-match: took_effect 2021-09-01")),
        (Fact(ED, "dsl", "took_effect", "2021-09"), (C, "date-match: took_effect 2021-09")),
        (Fact(ED, "dsl", "took_effect", "2022"), (X, "date-mismatch: claim 2021-09-01, item 2022")),
        # A year alone confirms no day or month: "in force since 2021" could be any.
        (Fact(ED, "dsl", "since", "2021"), None),
        (Fact(ED, "dsl", "since", "2021-09"), (C, "date-match: took_effect 2021-09")),
        (Fact(ED, "dsl", "passed", "2021-06-10"), None),
        (Fact(ED, "pipl", "took_effect", "2021-11-01"), None),
        (
            Fact(EX, "dsl", "exists", "false"),
            (X, "existence-mismatch: item says dsl is void or not set up"),
        ),
        (Fact(EX, "dsl", "exists", "true"), None),
    ],
)
def test_dates(stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(claim(EFFECT), reading(stated)) == expected


def test_precise_restatement_outranks_a_coarse_one() -> None:
    v = judge(
        claim(EFFECT),
        frozenset(),
        [
            reading(Fact(ED, "dsl", "took_effect", "2021"), text="One."),
            reading(EFFECT, text="Two."),
        ],
    )
    assert v is not None and (v.stance, v.score, v.evidence) == (C, 0.9, "Two.")


def test_a_tie_goes_to_the_contradiction() -> None:
    v = judge(
        claim(EFFECT),
        frozenset(),
        [
            reading(EFFECT, text="Same."),
            reading(Fact(ED, "dsl", "took_effect", "2020-01-01"), text="Other."),
        ],
    )
    assert v is not None and (v.stance, v.evidence) == (X, "Other.")


def test_ordinals_narrow_subjects_one_way() -> None:
    thirteenth = claim(Fact(ED, "politburo#13", "appointed", "2017"))
    assert verdict(thirteenth, reading(Fact(ED, "politburo#19", "appointed", "2017"))) is None
    assert verdict(thirteenth, reading(Fact(ED, "politburo", "appointed", "2017"))) is None
    any_politburo = claim(Fact(ED, "politburo", "appointed", "2024"))
    assert verdict(any_politburo, reading(Fact(ED, "politburo#20", "appointed", "2022-10"))) == (
        X,
        "date-mismatch: claim 2024, item 2022-10",
    )


def test_tenure_events_compare_only_for_the_same_office() -> None:
    c = claim(Fact(ED, "ma", "appointed:party_secretary@xinjiang", "2021"))
    other = Fact(ED, "ma", "appointed:governor@guangdong", "2017")
    same = Fact(ED, "ma", "since:party_secretary@xinjiang", "2021-12")
    assert verdict(c, reading(other)) is None
    assert verdict(c, reading(same)) == (
        C,
        "date-match: appointed:party_secretary@xinjiang 2021-12",
    )


@pytest.mark.parametrize(
    ("claimed", "stated", "expected"),
    [
        (Fact(DUR, "cac", "report", "PT24H"), Fact(DUR, "cac", "report", "PT72H"), X),
        (Fact(DUR, "cac", "report", "PT24H"), Fact(DUR, "cac", "report", "P1D"), C),
        (Fact(DUR, "cac", "report", "PT24H"), Fact(DUR, "cac", "retain", "PT72H"), None),
        (
            Fact(NUM, "pipl", "fine", "50000000", "CNY"),
            Fact(NUM, "pipl", "fine", "50000000", "USD"),
            None,
        ),
        (
            Fact(NUM, "pipl", "fine", "50000000", "CNY"),
            Fact(NUM, "pipl", "fine", "5", "percent"),
            None,
        ),
        (
            Fact(NUM, "pipl", "fine", "50000000", "CNY"),
            Fact(NUM, "pipl", "fine", "49500000", "CNY"),
            C,
        ),
        (
            Fact(NUM, "cq", "population", "32000000"),
            Fact(NUM, "cq", "population", "32000000", "resident"),
            C,
        ),
        (Fact(NUM, "cq", "population", "32000000"), Fact(NUM, "cq", "population", "31000000"), X),
        # A former value is compared only with former values.
        (Fact(DUR, "cac", "report:previous", "PT72H"), Fact(DUR, "cac", "report", "PT1H"), None),
        (
            Fact(DUR, "cac", "report:previous", "PT72H"),
            Fact(DUR, "cac", "report:previous", "PT48H"),
            X,
        ),
        # Counts of a term: the same term only, and counted as times.
        (
            Fact(NUM, "plenum", "mentions:opening_up", "12", "times"),
            Fact(NUM, "plenum", "mentions:opening_up", "20", "times"),
            X,
        ),
        (
            Fact(NUM, "plenum", "mentions:opening_up", "12", "times"),
            Fact(NUM, "plenum", "mentions:reform", "12", "times"),
            None,
        ),
        (
            Fact(NUM, "plenum", "mentions:opening_up", "12", "times"),
            Fact(NUM, "plenum", "mentions:opening_up", "12", ""),
            None,
        ),
        (
            Fact(NUM, "cq", "population", "32000000"),
            Fact(NUM, "sh", "population", "31000000"),
            None,
        ),
    ],
)
def test_quantities(claimed: Fact, stated: Fact, expected: Stance | None) -> None:
    assert stance(claim(claimed), reading(stated)) is expected


def test_hedged_numbers_get_room_for_rounding() -> None:
    c = claim(
        Fact(NUM, "cq", "population", "32000000"), text="Chongqing has about 32 million people."
    )
    assert verdict(c, reading(Fact(NUM, "cq", "population", "30500000"))) == (
        C,
        "number-match: claim 32000000, item 30500000",
    )


def test_a_value_matching_the_claim_outweighs_another_in_the_same_sentence() -> None:
    c = claim(Fact(DUR, "cac", "report", "PT72H"))
    both = reading(Fact(DUR, "cac", "report", "PT24H"), Fact(DUR, "cac", "report", "PT72H"))
    assert verdict(c, both) == (C, "duration-match: claim PT72H, item PT72H")


def test_subjectless_claim_facts_need_shared_words_or_a_shared_entity() -> None:
    c = claim(Fact(DUR, "", "report", "PT24H"), entities=("cac",))
    words = frozenset({"report", "incident", "hour"})
    unrelated = reading(
        Fact(DUR, "", "report", "PT1H"), text="Banks report trades.", entities=("pboc",)
    )
    assert verdict(c, unrelated, words=words) is None
    overlapping = reading(Fact(DUR, "", "report", "PT1H"), text="Report incidents in an hour.")
    assert verdict(c, overlapping, words=words) == (X, "duration-mismatch: claim PT24H, item PT1H")
    elsewhere = [
        reading(text="Rules from the CAC.", entities=("cac",)),
        reading(Fact(DUR, "", "report", "PT1H")),
    ]
    v = judge(c, words, elsewhere)
    assert v is not None and (v.stance, v.score) == (X, 0.7)


HOLDS = Fact(OFF, "ma", "party_secretary", "xinjiang")


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (HOLDS, (C, "office-match: item says ma holds party_secretary of xinjiang")),
        (
            Fact(OFF, "ma", "party_secretary", "xinjiang", "ended"),
            (X, "office-mismatch: item says ma no longer holds party_secretary of xinjiang"),
        ),
        (
            Fact(OFF, "ma", "", "", "ended"),
            (X, "office-mismatch: item says ma no longer holds party_secretary of xinjiang"),
        ),
        (
            Fact(OFF, "chen", "party_secretary", "xinjiang"),
            (X, "office-holder-mismatch: claim ma, item chen as party_secretary of xinjiang"),
        ),
        (Fact(OFF, "chen", "party_secretary", "xinjiang", "ended"), None),
        (Fact(OFF, "chen", "party_secretary", "guangdong"), None),
        (Fact(OFF, "ma", "governor", "xinjiang"), None),
        # "President X" with no place named does not unseat the claim's holder.
        (Fact(OFF, "chen", "party_secretary", ""), None),
    ],
)
def test_offices(stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(claim(HOLDS), reading(stated, entities=("xinjiang", stated.subject))) == expected


def test_one_member_does_not_unseat_another() -> None:
    member = claim(Fact(OFF, "ma", "member", "politburo"))
    assert verdict(member, reading(Fact(OFF, "li", "member", "politburo"))) is None
    assert stance(member, reading(Fact(OFF, "ma", "member", "politburo", "ended"))) is X


def test_a_claim_of_a_past_tenure() -> None:
    past = claim(Fact(OFF, "ma", "party_secretary", "guangdong", "ended"))
    assert stance(past, reading(Fact(OFF, "ma", "party_secretary", "guangdong", "ended"))) is C
    assert stance(past, reading(Fact(OFF, "ma", "party_secretary", "guangdong"))) is X


def test_an_office_dated_by_an_appointment_is_checked_by_the_date_alone() -> None:
    c = claim(Fact(ED, "ma", "appointed:party_secretary@xinjiang", "2021"), HOLDS)
    assert verdict(c, reading(Fact(OFF, "ma", "party_secretary", "xinjiang", "ended"))) is None


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (Fact(PAR, "ndb", "parent", "ndrc"), C),
        (Fact(PAR, "ndb", "parent", "sc"), X),
        (Fact(PAR, "ndb", "parent", "ndrc", "ended"), X),
        (Fact(PAR, "ndb", "parent", "sc", "ended"), None),
        (Fact(PAR, "cac", "parent", "sc"), None),
    ],
)
def test_parents(stated: Fact, expected: Stance | None) -> None:
    assert stance(claim(Fact(PAR, "ndb", "parent", "ndrc")), reading(stated)) is expected


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        (Fact(EX, "ncro", "exists", "false"), (X, "existence-mismatch: claim true, item false")),
        (Fact(EX, "ncro", "exists", "true"), (C, "existence-match: claim true, item true")),
        (
            Fact(ED, "ncro", "established", "2024-05"),
            (C, "existence-match: item established 2024-05"),
        ),
        (Fact(ED, "ncro", "released", "2024-05"), None),
    ],
)
def test_existence(stated: Fact, expected: tuple[Stance, str] | None) -> None:
    assert verdict(claim(Fact(EX, "ncro", "exists", "true")), reading(stated)) == expected


def test_a_denial_turns_a_finding_around() -> None:
    c = claim(Fact(EX, "ncro", "exists", "true"))
    denied = reading(
        Fact(EX, "ncro", "exists", "true"), text="Officials denied that the office was set up."
    )
    assert verdict(c, denied) == (X, "denied (denied): existence-match: claim true, item true")


def test_bare_cues_need_the_claims_entity_and_words() -> None:
    c = claim(Fact(EX, "ncro", "exists", "true"), entities=("ncro",))
    words = frozenset({"established"})
    cued = reading(text="Reports it was established are false.", entities=("ncro",))
    assert verdict(c, cued, words=words) == (X, "denial-cue: are false")
    assert (
        verdict(c, reading(text="A false alarm was established.", entities=("cac",)), words=words)
        is None
    )
    assert verdict(c, reading(text="Rumours abound.", entities=("ncro",)), words=words) is None


def test_bare_cues_stay_quiet_where_facts_of_the_claims_kind_did_not_compare() -> None:
    c = claim(
        Fact(OFF, "ma", "party_secretary", "guangdong", "ended"), entities=("ma", "guangdong")
    )
    words = frozenset({"party", "secretary"})
    other_office = reading(
        Fact(OFF, "ma", "party_secretary", "xinjiang", "ended"),
        text="Chen replaced Ma as party secretary of Xinjiang.",
        entities=("ma", "xinjiang"),
    )
    assert verdict(c, other_office, words=words) is None


def test_nothing_to_compare_is_none() -> None:
    assert verdict(claim(), reading(EFFECT)) is None
    assert verdict(claim(EFFECT)) is None
