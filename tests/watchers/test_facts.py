"""Facts derived from claim-shaped and news sentences, English and Chinese."""

from __future__ import annotations

import pytest

from watchers.config.file import bundled_config_dir, load_config
from watchers.facts import derive_claim, derive_facts, sentence_facts
from watchers.matcher import Matcher
from watchers.model import Alias, Claim, Entity, EntityKind, Fact, FactKind, Mention, SourceRef

ED, NUM, DUR = FactKind.EVENT_DATE, FactKind.NUMBER, FactKind.DURATION
OFF, PAR, EX = FactKind.OFFICE_HOLDER, FactKind.PARENT_BODY, FactKind.EXISTS


def _e(id_: str, kind: EntityKind, en: str, zh: str = "", *aliases: str) -> Entity:
    return Entity(id_, kind, en, zh, tuple(Alias(a) for a in aliases))


MATCHER = Matcher.build(
    [
        _e("dsl", EntityKind.LAW, "Data Security Law", "数据安全法", "DSL"),
        _e("pipl", EntityKind.LAW, "Personal Information Protection Law", "个人信息保护法", "PIPL"),
        _e("ma", EntityKind.PERSON, "Ma Xingrui", "马兴瑞"),
        _e("chen", EntityKind.PERSON, "Chen Xiaojiang", "陈小江"),
        _e("xi", EntityKind.PERSON, "Xi Jinping", "习近平"),
        _e("xinjiang", EntityKind.PLACE, "Xinjiang", "新疆维吾尔自治区", "新疆"),
        _e("ndb", EntityKind.BODY, "National Data Bureau", "国家数据局", "NDB"),
        _e("ndrc", EntityKind.BODY, "NDRC", "国家发展和改革委员会"),
        _e("sc", EntityKind.BODY, "State Council", "国务院"),
        _e("cac", EntityKind.BODY, "CAC", "网信办"),
        _e("ccp", EntityKind.PARTY_ORGAN, "Communist Party", "中国共产党"),
        _e("politburo", EntityKind.PARTY_ORGAN, "Politburo", "政治局"),
        _e("ncro", EntityKind.BODY, "National Cyber Resilience Office", "国家网络韧性办公室"),
        _e("fund", EntityKind.PROGRAMME, "Big Fund", "大基金"),
        _e("chongqing", EntityKind.PLACE, "Chongqing", "重庆"),
    ]
)


def facts(text: str) -> set[tuple[str, str, str, str, str]]:
    found = derive_facts(text, MATCHER.find(text))
    return {(f.kind.value, f.subject, f.predicate, f.value, f.unit) for f in found}


def fact(
    kind: FactKind, subject: str, predicate: str, value: str, unit: str = ""
) -> tuple[str, ...]:
    return (kind.value, subject, predicate, value, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Dated events, each cue taking its own date and subject.
        (
            "The Data Security Law took effect on September 1, 2021.",
            {fact(ED, "dsl", "took_effect", "2021-09-01")},
        ),
        ("The DSL came into force in September 2021.", {fact(ED, "dsl", "took_effect", "2021-09")}),
        (
            "The PIPL was passed on August 20, 2021 and took effect on November 1, 2021.",
            {
                fact(ED, "pipl", "passed", "2021-08-20"),
                fact(ED, "pipl", "took_effect", "2021-11-01"),
            },
        ),
        (
            "On Sept. 1, 2021, the DSL came into force; the PIPL took effect on Nov. 1, 2021.",
            {
                fact(ED, "dsl", "took_effect", "2021-09-01"),
                fact(ED, "pipl", "took_effect", "2021-11-01"),
            },
        ),
        (
            "Lawmakers passed the PIPL on August 20, 2021.",
            {fact(ED, "pipl", "passed", "2021-08-20")},
        ),
        (
            "The PIPL, drafted by the CAC, took effect in 2021.",
            {fact(ED, "pipl", "took_effect", "2021")},
        ),
        (
            "The 13th Politburo took office in 2017.",
            {
                fact(ED, "politburo#13", "appointed", "2017"),
                fact(ED, "politburo#13", "term", "2017"),
            },
        ),
        ("The Politburo was elected in 2024.", {fact(ED, "politburo", "appointed", "2024")}),
        # An active verb with no entity object dates nothing about the subject.
        ("The CAC launched a campaign in 2021.", set()),
        ("The DSL took effect after a long debate.", {fact(EX, "dsl", "exists", "true")}),
        # Numbers and durations, with what they measure.
        (
            "Companies must report cyber incidents within 24 hours.",
            {fact(DUR, "", "report", "PT24H")},
        ),
        (
            "Under the PIPL, fines can reach 50 million yuan or 5% of annual revenue.",
            {
                fact(NUM, "pipl", "fine:max", "50000000", "CNY"),
                fact(NUM, "pipl", "fine:max", "5", "percent"),
            },
        ),
        (
            "The Big Fund will allocate ¥10 billion to semiconductor startups.",
            {fact(NUM, "fund", "funding", "10000000000", "CNY")},
        ),
        (
            "Chongqing has a population of 32 million.",
            {fact(NUM, "chongqing", "population", "32000000")},
        ),
        ("Xi Jinping serves a five-year term.", {fact(DUR, "xi", "term", "P5Y")}),
        # Office holders, current and past, with replacements read in their direction.
        (
            "Ma Xingrui is party secretary of Xinjiang.",
            {fact(OFF, "ma", "party_secretary", "xinjiang")},
        ),
        (
            "Chen Xiaojiang, party secretary of Xinjiang, spoke.",
            {fact(OFF, "chen", "party_secretary", "xinjiang")},
        ),
        (
            "Xinjiang party chief Ma Xingrui spoke.",
            {fact(OFF, "ma", "party_secretary", "xinjiang")},
        ),
        (
            "Chen Xiaojiang replaced Ma Xingrui as party secretary of Xinjiang.",
            {
                fact(OFF, "chen", "party_secretary", "xinjiang"),
                fact(OFF, "ma", "party_secretary", "xinjiang", "ended"),
            },
        ),
        (
            "Xinjiang party secretary Ma Xingrui was replaced by Chen Xiaojiang.",
            {fact(OFF, "ma", "", "", "ended")},
        ),
        (
            "Former Xinjiang party secretary Ma Xingrui spoke.",
            {fact(OFF, "ma", "party_secretary", "xinjiang", "ended")},
        ),
        (
            "Ma Xingrui was party secretary of Xinjiang.",
            {fact(OFF, "ma", "party_secretary", "xinjiang", "ended")},
        ),
        ("Ma Xingrui stepped down.", {fact(OFF, "ma", "", "", "ended")}),
        ("Ma Xingrui is a member of the Politburo.", {fact(OFF, "ma", "member", "politburo")}),
        (
            "Xinjiang's new party secretary Zhang Wei spoke.",
            {fact(OFF, "Zhang Wei", "party_secretary", "xinjiang")},
        ),
        ("Vice Premier Zhang Wei spoke.", {fact(OFF, "Zhang Wei", "deputy_premier", "")}),
        (
            "Ma Xingrui became party secretary of Xinjiang in 2021.",
            {
                fact(ED, "ma", "appointed:party_secretary@xinjiang", "2021"),
                fact(OFF, "ma", "party_secretary", "xinjiang"),
            },
        ),
        (
            "Xi Jinping has been General Secretary of the Communist Party since 2012.",
            {
                fact(ED, "xi", "since:general_secretary@ccp", "2012"),
                fact(OFF, "xi", "general_secretary", "ccp"),
            },
        ),
        # Parent bodies, and links ended.
        ("The National Data Bureau sits under the NDRC.", {fact(PAR, "ndb", "parent", "ndrc")}),
        ("The NDB is administered by the NDRC.", {fact(PAR, "ndb", "parent", "ndrc")}),
        (
            "The NDB reports directly to the State Council.",
            {fact(PAR, "ndb", "parent", "sc", "direct")},
        ),
        ("The NDB no longer sits under the NDRC.", {fact(PAR, "ndb", "parent", "ndrc", "ended")}),
        (
            "A new NDB was established in March 2023 within the NDRC.",
            {fact(ED, "ndb", "established", "2023-03"), fact(PAR, "ndb", "parent", "ndrc")},
        ),
        ("The NDB left the NDRC and now reports to the State Council.", set()),
        ("The CAC fined the firm under the PIPL.", set()),
        # Existence, and denials of it.
        (
            "The National Cyber Resilience Office has been established.",
            {fact(EX, "ncro", "exists", "true")},
        ),
        (
            "No such National Cyber Resilience Office has been established.",
            {fact(EX, "ncro", "exists", "false")},
        ),
        (
            "Officials said no National Cyber Resilience Office exists.",
            {fact(EX, "ncro", "exists", "false")},
        ),
        (
            "The National Cyber Resilience Office does not exist.",
            {fact(EX, "ncro", "exists", "false")},
        ),
        ("The DSL was repealed last week.", {fact(EX, "dsl", "exists", "false")}),
        ("Beijing scrapped the DSL.", {fact(EX, "dsl", "exists", "false")}),
        ("The DSL replaced rules that were repealed.", set()),
    ],
)
def test_english(text: str, expected: set[tuple[str, ...]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("《数据安全法》自2021年9月1日起施行。", {fact(ED, "dsl", "took_effect", "2021-09-01")}),
        (
            "《个人信息保护法》于2021年8月20日通过，自2021年11月1日起施行。",
            {
                fact(ED, "pipl", "passed", "2021-08-20"),
                fact(ED, "pipl", "took_effect", "2021-11-01"),
            },
        ),
        ("国家数据局于2023年10月25日正式挂牌。", {fact(ED, "ndb", "established", "2023-10-25")}),
        ("新办法自2022年2月15日起施行，数据安全法同时废止。", {fact(EX, "dsl", "exists", "false")}),
        ("网络运营者应当在24小时内报告网络安全事件。", {fact(DUR, "", "report", "PT24H")}),
        (
            "违反个人信息保护法的，处五千万元以下罚款。",
            {fact(NUM, "pipl", "fine:max", "50000000", "CNY")},
        ),
        ("大基金将投资100亿元。", {fact(NUM, "fund", "funding", "10000000000", "CNY")}),
        ("马兴瑞任新疆维吾尔自治区党委书记。", {fact(OFF, "ma", "party_secretary", "xinjiang")}),
        ("陈小江任新疆维吾尔自治区党委书记。", {fact(OFF, "chen", "party_secretary", "xinjiang")}),
        ("新疆维吾尔自治区党委书记马兴瑞表示。", {fact(OFF, "ma", "party_secretary", "xinjiang")}),
        (
            "马兴瑞不再担任新疆维吾尔自治区党委书记。",
            {fact(OFF, "ma", "party_secretary", "xinjiang", "ended")},
        ),
        (
            "免去马兴瑞的新疆维吾尔自治区党委书记职务。",
            {fact(OFF, "ma", "party_secretary", "xinjiang", "ended")},
        ),
        (
            "陈小江接替马兴瑞任新疆维吾尔自治区党委书记。",
            {
                fact(OFF, "chen", "party_secretary", "xinjiang"),
                fact(OFF, "ma", "party_secretary", "xinjiang", "ended"),
            },
        ),
        (
            "前任新疆维吾尔自治区党委书记马兴瑞出席。",
            {fact(OFF, "ma", "party_secretary", "xinjiang", "ended")},
        ),
        ("国家数据局由国家发展和改革委员会管理。", {fact(PAR, "ndb", "parent", "ndrc")}),
        ("国家数据局隶属于国务院。", {fact(PAR, "ndb", "parent", "sc")}),
        (
            "国家数据局不再隶属于国家发展和改革委员会。",
            {fact(PAR, "ndb", "parent", "ndrc", "ended")},
        ),
        ("国家网络韧性办公室尚未成立。", {fact(EX, "ncro", "exists", "false")}),
        ("国家网络韧性办公室已成立。", {fact(EX, "ncro", "exists", "true")}),
        (
            "第十三届政治局于2017年就任。",
            {
                fact(ED, "politburo#13", "appointed", "2017"),
                fact(ED, "politburo#13", "term", "2017"),
            },
        ),
    ],
)
def test_chinese(text: str, expected: set[tuple[str, ...]]) -> None:
    assert facts(text) == expected


def test_facts_come_sentence_by_sentence() -> None:
    text = "The DSL took effect in 2021. The PIPL was passed in 2020."
    assert facts(text) == {
        fact(ED, "dsl", "took_effect", "2021"),
        fact(ED, "pipl", "passed", "2020"),
    }


def test_a_mention_outside_the_text_is_an_error() -> None:
    with pytest.raises(ValueError, match="'dsl' at 5:40 lies outside a text of 9 characters"):
        derive_facts("short one", [Mention("dsl", "DSL", 5, 40)])


def _claim(text: str, entities: tuple[str, ...] = ()) -> Claim:
    return Claim("c1", text, entities, SourceRef("seed"))


def test_derive_claim_fills_entities_and_facts() -> None:
    claim = derive_claim(_claim("The NDB sits under the NDRC."), MATCHER)
    assert claim.entities == ("ndb", "ndrc")
    assert claim.facts == (Fact(PAR, "ndb", "parent", "ndrc"),)


def test_derive_claim_keeps_given_entities_and_lends_a_sole_one_to_subjectless_facts() -> None:
    claim = derive_claim(
        _claim("Companies must report incidents within 24 hours.", ("cac",)), MATCHER
    )
    assert claim.entities == ("cac",)
    assert claim.facts == (Fact(DUR, "cac", "report", "PT24H"),)


def test_derive_claim_without_structure_has_no_facts() -> None:
    claim = derive_claim(_claim("Generative AI rules require services to embody values."), MATCHER)
    assert claim.facts == ()
    assert claim.entities == ()


def test_most_bundled_claims_have_checkable_structure() -> None:
    config = load_config(bundled_config_dir())
    matcher = Matcher.build(config.entities)
    claims = [derive_claim(c, matcher) for c in config.claims]
    with_facts = [c.id for c in claims if c.facts]
    assert len(with_facts) >= 45, sorted({c.id for c in claims} - set(with_facts))
    previous = next(c for c in claims if c.id == "cii_incident_report_previous_72_hours")
    assert [f.predicate for f in previous.facts] == ["report:previous"]


@pytest.mark.parametrize(
    ("text", "holder", "office", "place"),
    [
        ("Li Ming is the party chief of Hebei.", "Li Ming", "party_secretary", "hebei"),
        (
            "Li Ming was appointed Hebei party secretary in 2021.",
            "Li Ming",
            "party_secretary",
            "hebei",
        ),
        (
            "The council appointed Li Ming party secretary of Hebei.",
            "Li Ming",
            "party_secretary",
            "hebei",
        ),
        ("Li Ming elected governor of north China's Hebei", "Li Ming", "governor", "hebei"),
        (
            "Li Ming was elected governor of northern China's Hebei Province.",
            "Li Ming",
            "governor",
            "hebei",
        ),
    ],
)
def test_who_holds_an_office_not_who_gave_it(
    text: str, holder: str, office: str, place: str
) -> None:
    matcher = Matcher.build(
        [
            Entity("hebei", EntityKind.PLACE, "Hebei", "河北"),
            Entity("council", EntityKind.BODY, "State Council", "国务院", (Alias("the council"),)),
            Entity(
                "party", EntityKind.PARTY_ORGAN, "Communist Party", "共产党", (Alias("the Party"),)
            ),
        ]
    )
    offices = {
        (f.subject, f.predicate, f.value)
        for f in sentence_facts(text, matcher.find_in_claim(text))
        if f.kind is FactKind.OFFICE_HOLDER
    }
    assert offices == {(holder, office, place)}


def test_a_move_to_a_top_post_elsewhere_ends_the_post_held() -> None:
    matcher = Matcher.build(
        [
            Entity("li_ming", EntityKind.PERSON, "Li Ming", "李明"),
            Entity("hebei", EntityKind.PLACE, "Hebei", "河北"),
            Entity("shanxi", EntityKind.PLACE, "Shanxi", "山西"),
        ]
    )
    text = "Li Ming, governor of Hebei, has been named party secretary of Shanxi."
    offices = {
        (f.predicate, f.value, f.unit)
        for f in sentence_facts(text, matcher.find_in_claim(text))
        if f.kind is FactKind.OFFICE_HOLDER
    }
    assert offices == {("governor", "hebei", "ended"), ("party_secretary", "shanxi", "")}
    # Two posts in one place are held together.
    text = "Li Ming, party secretary of Hebei, was named governor of Hebei."
    units = {f.unit for f in sentence_facts(text, matcher.find_in_claim(text))}
    assert units == {""}
