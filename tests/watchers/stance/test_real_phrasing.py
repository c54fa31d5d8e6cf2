"""Labels on the way news really words things, in English and both Chinese scripts.

Every sentence here is written for these tests, after the patterns of wire copy,
official notices and law-firm alerts: tenure changes told in passing, deadlines in
words or minutes, yearless dates, "the bureau" for a body named before, numbered
terms, and a model that may not corroborate what the checks did not confirm.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import pytest

from support.labelling import label_pair
from watchers.facts import derive_claim
from watchers.matcher import Matcher
from watchers.model import Alias, Claim, Entity, EntityKind, Item, SourceRef, Stance, Verdict
from watchers.stance import Labeller
from watchers.stance.base import Opinion

ENTITIES = [
    Entity("li_ming", EntityKind.PERSON, "Li Ming", "李明"),
    Entity("zhang_wei", EntityKind.PERSON, "Zhang Wei", "张伟"),
    Entity("hebei", EntityKind.PLACE, "Hebei", "河北"),
    Entity("shanxi", EntityKind.PLACE, "Shanxi", "山西"),
    Entity("ndb", EntityKind.BODY, "National Data Bureau", "国家数据局", (Alias("NDB"),)),
    Entity("politburo", EntityKind.PARTY_ORGAN, "Politburo", "政治局"),
    Entity("cac", EntityKind.BODY, "Cyberspace Administration of China", "国家网信办"),
]
MATCHER = Matcher.build(ENTITIES)


def _claim(text: str) -> Claim:
    return Claim("c", text, (), SourceRef("test"))


def _label(
    claim: str, text: str, *, title: str = "", published: str = "", model: object = None
) -> Verdict:
    item = Item(
        feed_id="t",
        title=title,
        text=text,
        published=datetime.fromisoformat(published) if published else None,
    )
    labeller = Labeller([_claim(claim)], MATCHER, model)  # type: ignore[arg-type]
    [verdict] = labeller.label_pairs([(item, _claim(claim))])
    return verdict


HOLDS = "Li Ming is party secretary of Hebei."


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "Li Ming, who no longer serves as secretary of the Hebei Provincial Committee "
            "of the CPC, will take up another post, the Central Committee decided.",
            Stance.CONTRADICTS,
        ),
        (
            "Li Ming, a member of the Central Committee, will no longer serve as the Party "
            "Secretary of Hebei, and Zhang Wei will be taking over.",
            Stance.CONTRADICTS,
        ),
        (
            "The leadership announced a reshuffle in northern Hebei, replacing Li Ming with "
            "a former provincial governor.",
            Stance.CONTRADICTS,
        ),
        (
            "The Central Committee has appointed Li Ming as new Party chief for Hebei.",
            Stance.CORROBORATES,
        ),
        (
            "Li Ming, who led a provincial audit last year, has been appointed party "
            "secretary of coastal province Hebei.",
            Stance.CORROBORATES,
        ),
        (
            "The Central Committee of the Communist Party of China (CPC) has decided that Li "
            "Ming no longer concurrently serves as secretary of the CPC Hebei Provincial "
            "Committee.",
            Stance.CONTRADICTS,
        ),
        ("李明不再兼任河北省委书记。", Stance.CONTRADICTS),
        ("李明不再兼任河北省委書記,另有任用。", Stance.CONTRADICTS),
        ("同年8月，李明也调任河北省委书记，直至今年3月被调离。", Stance.CONTRADICTS),
        ("中共河北省委书记由李明担任。", Stance.CORROBORATES),
        (
            "据通报，张伟不再兼任河北省委书记、常委职务，李明兼任河北省委委员、常委、书记。",
            Stance.CORROBORATES,
        ),
        (
            "李明不再兼任河北省委书记、常委、委员职务，张伟兼任河北省委委员、常委、书记。",
            Stance.CONTRADICTS,
        ),
    ],
)
def test_tenure_and_its_changes(text: str, stance: Stance) -> None:
    verdict = _label(HOLDS, text)
    assert verdict.stance is stance, verdict
    assert verdict.reason.startswith("office"), verdict


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            "Li Ming heads the National Data Bureau.",
            "国家数据局局长李明出席会议。",
            Stance.CORROBORATES,
        ),
        (
            "Zhang Wei heads the National Data Bureau.",
            "国家数据局局长李明出席会议。",
            Stance.CONTRADICTS,
        ),
        (
            "Li Ming chairs the National Data Bureau.",
            "Li Ming, who headed the National Data Bureau, retired.",
            Stance.CONTRADICTS,
        ),
        # The chair of a body no entity names is no office of a tracked one.
        (
            "Zhang Wei chairs the National Data Bureau.",
            "国家数据局会议上，中央军委主席李明讲话。",
            Stance.MENTIONS,
        ),
        (
            "Zhang Wei is director of the National Data Bureau.",
            "国家数据局原局长李明近日逝世。",
            Stance.MENTIONS,
        ),
    ],
)
def test_offices_told_by_verbs_and_by_titles(claim: str, text: str, stance: Stance) -> None:
    verdict = _label(claim, text, published="2025-01-10")
    assert verdict.stance is stance, verdict


def test_a_name_read_in_any_of_its_readings_is_the_same_person() -> None:
    # 栅 reads zha or shan: the man written 郑栅洁 is Zheng Shanjie.
    verdict = _label(
        "Zheng Shanjie heads the Cyberspace Administration of China.",
        "国家网信办主任郑栅洁出席会议。",
        published="2025-01-10",
    )
    assert verdict.stance is Stance.CORROBORATES, verdict


def test_a_place_whose_name_ends_where_its_title_begins() -> None:
    # 河北省 is a name, and 省长 a title: 河北省长 is the governor of Hebei.
    matcher = Matcher.build(
        [
            Entity("li_ming", EntityKind.PERSON, "Li Ming", "李明"),
            Entity("hebei", EntityKind.PLACE, "Hebei", "河北", (Alias("河北省"),)),
        ]
    )
    text = "今天官方宣布张伟接替李明任河北省长。"
    verdict = label_pair(matcher, "Li Ming is governor of Hebei.", text)
    assert verdict.stance is Stance.CONTRADICTS, verdict


@pytest.mark.parametrize(
    ("published", "stance"), [(2024, Stance.CONTRADICTS), (2019, Stance.MENTIONS)]
)
def test_another_holder_within_a_term_contradicts_and_before_it_is_history(
    published: int, stance: Stance
) -> None:
    verdict = label_pair(
        MATCHER,
        HOLDS,
        "张伟任河北省委书记。",
        published=datetime(published, 3, 1),
        today=date(2026, 12, 1),
    )
    assert verdict.stance is stance, verdict


def test_a_commissions_secretary_is_not_the_party_secretary() -> None:
    verdict = _label(HOLDS, "空出的河北省长一职，由河北省委副书记、政法委书记李明接任。")
    assert verdict.stance is not Stance.CORROBORATES, verdict


DEADLINE = "Operators must report network security incidents within 24 hours."


@pytest.mark.parametrize(
    "text",
    [
        "China's new measures require operators of critical infrastructure to report "
        "incidents within one hour of discovery.",
        "Under the measures, a major incident shall be reported within 60 minutes.",
        "Network operators in China must report such incidents within two hours12 (see the "
        "notes below).",
        "按照国家规定,关键信息基础设施运营者应当于1小时内报告网络安全事件。",
        "依照國家規定,網絡運營者應當在半小時內報告重大網絡安全事件。",
    ],
)
def test_a_deadline_in_words_minutes_or_chinese_contradicts(text: str) -> None:
    verdict = _label(DEADLINE, text)
    assert verdict.stance is Stance.CONTRADICTS, verdict
    assert verdict.reason.startswith("duration-mismatch"), verdict


def test_the_same_rule_in_another_countrys_news_is_no_evidence() -> None:
    text = "In India, companies must report cyber security incidents within six hours."
    assert _label(DEADLINE, text).stance is not Stance.CONTRADICTS


def test_a_yearless_date_is_read_against_the_items_date() -> None:
    claim = "The National Data Bureau was established in October 2023."
    text = "China's National Data Bureau was formally inaugurated on October 25."
    agree = _label(claim, text, published="2023-10-26")
    assert (agree.stance, agree.reason[:10]) == (Stance.CORROBORATES, "date-match"), agree
    later = _label(claim, text, published="2024-11-02")
    assert later.stance is Stance.CONTRADICTS, later


def test_the_bureau_names_the_body_named_before() -> None:
    claim = "The National Data Bureau was established in October 2023."
    text = "The National Data Bureau published a plan. The bureau was created in March 2023."
    verdict = _label(claim, text)
    assert verdict.stance is Stance.CONTRADICTS, verdict
    assert verdict.evidence == "The bureau was created in March 2023."


@pytest.mark.parametrize(
    ("claim", "stance"),
    [
        ("The 19th Politburo (2023-) has a new economic team.", Stance.CONTRADICTS),
        ("The 20th Politburo (2023-) has a new economic team.", Stance.CORROBORATES),
    ],
)
def test_numbered_terms_follow_the_five_year_cadence(claim: str, stance: Stance) -> None:
    text = "The 20th Politburo was elected at the first plenary session on 23 October 2022."
    verdict = _label(claim, text)
    assert verdict.stance is stance, verdict
    assert verdict.reason.startswith("term"), verdict


class Corroborating:
    """A model that corroborates everything it is shown."""

    name = "always"

    def predict(self, pairs: Sequence[tuple[str, str, str]]) -> list[Opinion]:
        return [Opinion(Stance.CORROBORATES, 0.9, "") for _ in pairs]


def test_the_model_never_corroborates_values_the_checks_did_not_confirm() -> None:
    claim = "The National Data Bureau was established in March 2023 to run data policy."
    text = "The National Data Bureau was established to run data policy for the country."
    verdict = _label(claim, text, model=Corroborating())
    assert verdict.stance is Stance.MENTIONS, verdict
    assert "said corroborates, but" in verdict.reason


def test_the_model_needs_a_sentence_that_asserts_the_claim() -> None:
    claim = "The National Data Bureau will regulate the digital economy and big data strategy."
    text = "The National Data Bureau hosted a trade delegation. Officials discussed the weather."
    verdict = _label(claim, text, model=Corroborating())
    assert verdict.stance is Stance.MENTIONS, verdict


def test_the_model_takes_no_side_on_an_item_that_names_none_of_the_claims_entities() -> None:
    claim = "The Politburo met in July and reviewed the data plan."
    text = "The provincial committee met in July and reviewed the plan for data centres."
    verdict = _label(claim, text, model=Corroborating())
    assert verdict.stance is not Stance.CORROBORATES, verdict
    assert "names none of the claim's entities" in verdict.reason


def test_a_claim_takes_its_aliases_in_context() -> None:
    """An alias that needs context words in news ("CAC") is the tracked body in a claim."""
    cac = Entity(
        "cac",
        EntityKind.BODY,
        "Cyberspace Administration of China",
        "",
        (Alias("CAC", ("cyberspace",)),),
    )
    matcher = Matcher.build([cac])
    text = "The CAC fined the firm 5 million yuan in 2022."
    assert matcher.find(text) == []
    claim = derive_claim(Claim("c", text, (), SourceRef("test")), matcher)
    assert claim.entities == ("cac",)
    assert {f.subject for f in claim.facts} == {"cac"}


@pytest.mark.parametrize(
    ("claim", "stance"),
    [
        ("The Third Plenum concluded in July 2024.", Stance.CORROBORATES),
        ("The Third Plenum concluded on 20 July 2024.", Stance.CONTRADICTS),
        ("The Third Plenum was held in June 2024.", Stance.CONTRADICTS),
    ],
)
def test_a_meeting_held_over_a_span_of_days(claim: str, stance: Stance) -> None:
    plenum = Entity("plenum", EntityKind.EVENT, "Third Plenum", "三中全会")
    party = Entity("ccp", EntityKind.PARTY_ORGAN, "Communist Party", "中共")
    matcher = Matcher.build([plenum, party])
    for text in (
        "The Third Plenum of the Communist Party was convened in Beijing from 15 to 18 July 2024.",
        "中共三中全会于2024年7月15日至18日在北京召开。",
        "The Third Plenum was held for four days from 15 July 2024.",
        "中共政治局确定三中全会于2024年7月15日召开四天。",
    ):
        item = Item(feed_id="t", title="", text=text)
        c = Claim("c", claim, (), SourceRef("test"))
        [verdict] = Labeller([c], matcher).label_pairs([(item, c)])
        assert verdict.stance is stance, (text, verdict)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        (
            "In May 2019 the State Council formally designated data as a factor of production.",
            Stance.CONTRADICTS,
        ),
        ("The plan, issued in 2021, recognised data as a production factor.", Stance.CORROBORATES),
        ("国务院于2019年将数据列为生产要素。", Stance.CONTRADICTS),
    ],
)
def test_who_did_a_one_off_designation(text: str, stance: Stance) -> None:
    plan = Entity("plan", EntityKind.PLAN, "Data Plan", "数据规划", (Alias("the plan"),))
    council = Entity("state_council", EntityKind.BODY, "State Council", "国务院")
    matcher = Matcher.build([plan, council])
    c = Claim(
        "c",
        "The Data Plan, released in 2021, designated data as a factor of production.",
        (),
        SourceRef("test"),
    )
    item = Item(feed_id="t", title="", text=text)
    [verdict] = Labeller([c], matcher).label_pairs([(item, c)])
    assert verdict.stance is stance, verdict


def test_rules_with_no_time_limit_refute_a_claimed_former_limit() -> None:
    claim = (
        "Operators must report security incidents within 24 hours, tightened from a "
        "previous 72-hour window."
    )
    text = "China's earlier laws did not set any time limit for reporting security incidents."
    verdict = _label(claim, text)
    assert verdict.stance is Stance.CONTRADICTS, verdict
    assert "no time limit" in verdict.reason
    plain = _label("Operators must report security incidents within 24 hours.", text)
    assert plain.stance is not Stance.CONTRADICTS, plain


def test_a_headline_reports_the_events_of_its_day_and_may_only_confirm() -> None:
    claim = "The Third Plenum concluded in July 2024."
    title = "三中全会闭幕"
    plenum = Entity("plenum", EntityKind.EVENT, "Third Plenum", "三中全会")
    c = Claim("c", claim, (), SourceRef("test"))

    def label(published: str) -> Verdict:
        item = Item(feed_id="t", title=title, text="", published=datetime.fromisoformat(published))
        [verdict] = Labeller([c], Matcher.build([plenum])).label_pairs([(item, c)])
        return verdict

    assert label("2024-07-18").stance is Stance.CORROBORATES
    assert label("2024-08-02").stance is Stance.MENTIONS


@pytest.mark.parametrize(
    "text",
    [
        "The Third Plenum was held from 31 to 2 April 2024.",
        "The Third Plenum was held from 0 to 18 July 2024.",
        "The Third Plenum was held for 400 days from 15 July 2024.",
        "三中全会于2024年2月28日至30日召开。",
    ],
)
def test_an_impossible_span_of_days_concludes_nothing(text: str) -> None:
    plenum = Entity("plenum", EntityKind.EVENT, "Third Plenum", "三中全会")
    c = Claim("c", "The Third Plenum concluded on 18 July 2024.", (), SourceRef("test"))
    [verdict] = Labeller([c], Matcher.build([plenum])).label_pairs(
        [(Item(feed_id="t", title="", text=text), c)]
    )
    assert verdict.stance is not Stance.CORROBORATES, verdict
    assert not verdict.reason.startswith("date"), verdict


@pytest.mark.parametrize(
    "claim",
    [
        "A review is due once a firm has sent abroad the records of 100,000 people.",
        "Transfers are scored from 0 to 100 by the National Data Bureau.",
        "李明自二〇二一年起主政河北。",
    ],
)
def test_the_model_never_corroborates_a_number_or_date_it_cannot_read(claim: str) -> None:
    text = (
        "The National Data Bureau said a review is due once a firm has sent abroad the "
        "records of more than one million people; 李明 spoke about Hebei."
    )
    verdict = _label(claim, text, model=Corroborating())
    assert verdict.stance is not Stance.CORROBORATES, verdict


def test_a_meeting_announced_for_its_days_dates_its_close() -> None:
    matcher = Matcher.build([Entity("plenum", EntityKind.EVENT, "Spring Plenum", "春季全会")])
    claim = "The Spring Plenum concluded in mid-March 2025."
    text = "The committee said it will hold the Spring Plenum in Beijing on March 11–14."
    verdict = label_pair(matcher, claim, text, published=datetime(2025, 2, 20))
    assert verdict.stance is Stance.CORROBORATES, verdict


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            "Zhang Wei is party secretary of Hebei.",
            "李明，接替张伟兼任河北省委书记。",
            Stance.CONTRADICTS,
        ),
        (
            "Li Ming is party secretary of Hebei.",
            "原河北省委委员李明，接替张伟兼任河北省委书记。",
            Stance.CORROBORATES,
        ),
        (
            "Zhang Wei is party secretary of Hebei.",
            "The party secretary of Hebei is Li Ming.",
            Stance.CONTRADICTS,
        ),
        # Heading another place now ends the claimed post.
        (
            "Li Ming is governor of Hebei.",
            "Li Ming is the party secretary of Shanxi.",
            Stance.CONTRADICTS,
        ),
        (
            "Li Ming is governor of Hebei.",
            "Zhang Wei, 59, takes over from Li Ming in Hebei.",
            Stance.CONTRADICTS,
        ),
        (
            "Li Ming is governor of Hebei.",
            "Li Ming (born 1961) is a politician who has served as governor of Hebei since 2023.",
            Stance.CORROBORATES,
        ),
        (
            "Li Ming is governor of Hebei.",
            "Li Ming previously served as governor of Hebei from 2017 to 2021.",
            Stance.CONTRADICTS,
        ),
        (
            "Li Ming heads the Cyberspace Administration of China.",
            "Speakers: Mr. Li Ming, administrator of the Cyberspace Administration of China.",
            Stance.CORROBORATES,
        ),
        (
            "Zhang Wei heads the Cyberspace Administration of China.",
            "Li Ming was recently named the new head of the Cyberspace Administration of "
            "China, taking over from Zhang Wei, who retired.",
            Stance.CONTRADICTS,
        ),
    ],
)
def test_successions_told_in_passing(claim: str, text: str, stance: Stance) -> None:
    assert _label(claim, text, published="2025-03-01").stance is stance


@pytest.mark.parametrize(
    "text",
    [
        "Under the U.S. proposal, covered incidents must be reported within 72 hours.",
        "In the UK, an initial notification will be required within 24 hours.",
        "EU rules require an early warning within 24 hours.",
    ],
)
def test_another_countrys_deadline_is_no_evidence(text: str) -> None:
    claim = "Operators must report major incidents within four hours."
    assert _label(claim, text).stance is Stance.UNRELATED
