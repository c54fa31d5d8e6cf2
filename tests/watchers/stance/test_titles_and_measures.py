"""Titles, measures and back-references as news words them: a body "headed by" someone,
an age between a name and its office, a first or acting holder (首任, 代省长), an
appointment in the passive (已被任命为), a validity period, a ceiling "reaching" an
amount, sales that are not a fine, and 该法律 for a law named before. Sentences written
for these tests."""

from __future__ import annotations

from datetime import datetime

import pytest

from support.labelling import assert_labelled
from watchers.matcher import Matcher
from watchers.model import Alias, Entity, EntityKind, FactKind, Item
from watchers.stance.reading import read_item

_NAMES = {
    "office": (EntityKind.BODY, "Data Office", "数据办公室", (Alias("DO"),)),
    "hebei": (EntityKind.PLACE, "Hebei", "河北"),
    "law": (EntityKind.LAW, "Data Handling Law", "数据处理法"),
    "review": (EntityKind.REGULATION, "Data Export Review", "数据出境审查"),
    "firm": (EntityKind.FIRM, "Hengda Data", "恒达数据"),
}
MATCHER = Matcher.build(Entity(key, *names) for key, names in _NAMES.items())
DAY = datetime(2024, 5, 6)


@pytest.mark.parametrize(
    ("claim", "text", "stance"),
    [
        (
            "Wang Fang heads the Data Office.",
            "Since 2023 the Data Office has been headed by Wang Fang.",
            "c",
        ),
        (
            "Wang Fang heads the Data Office.",
            "Since 2023 the Data Office has been headed by Li Ming.",
            "x",
        ),
        (
            "Wang Fang heads the Data Office.",
            "The council appointed Li Ming, 58, as the new head of the Data Office.",
            "x",
        ),
        (
            "Wang Fang heads the Data Office.",
            "Li Ming, chairman of a state carrier, has served as the first director of the "
            "Data Office.",
            "x",
        ),
        ("王芳是数据办公室主任。", "数据办公室成立，李明担任首任主任。", "m"),
        ("王芳是数据办公室主任。", "李明已被任命为数据办公室首任主任。", "x"),
        ("Li Ming is governor of Hebei.", "深圳书记李明任河北代省长。", "c"),
        ("Li Ming is governor of Hebei.", "Li Ming was named acting governor of Hebei.", "c"),
        (
            "数据出境审查结果有效期为2年。",
            "A passed Data Export Review is valid for three years.",
            "x",
        ),
        (
            "Under the Data Handling Law, fines can reach 50 million yuan or 10 percent of "
            "turnover.",
            "Under the Data Handling Law, fines can be substantial, reaching 5% of turnover "
            "or 50 million yuan.",
            "x",
        ),
        (
            "Hengda Data was fined 18 billion yuan.",
            "Hengda Data's fine equals 4% of its sales in 2019, which amounted to 450 "
            "billion yuan.",
            "m",
        ),
        (
            "数据处理法自2021年9月1日起施行。",
            "全国人大常委会通过数据处理法。该法律于2021年9月1日施行。",
            "c",
        ),
        (
            "Hengda Data was fined 5 billion yuan.",
            "The regulator is fining Hengda Data 8 billion yuan.",
            "x",
        ),
        (
            "Hengda Data was fined 5 billion yuan.",
            "Hengda Data was ordered by the Data Office (DO) to pay a fine of 5 billion yuan.",
            "c",
        ),
        # A document comes into force after it is adopted or issued, not before.
        (
            "The Data Handling Law took effect on 1 September 2021.",
            "The Data Office released the Data Handling Law on July 7, 2022.",
            "x",
        ),
        (
            "数据处理法于2021年9月1日起施行。",
            "数据办公室令 《数据处理法》已经2022年5月19日数据办公室会议审议通过，现予公布，"
            "自2022年9月1日起施行。",
            "x",
        ),
        # A notice's fields, a date that opens the sentence, a conversion in brackets.
        (
            "The Data Handling Law was adopted on 10 June 2021.",
            "1. Data Handling Law Promulgation date: 20 August 2021 Implementation date: "
            "1 November 2021",
            "x",
        ),
        (
            "The Data Handling Law was adopted on 20 August 2021.",
            "On August 20, 2021, the Standing Committee of the National People's Congress "
            "passed the Data Handling Law.",
            "c",
        ),
        (
            "Under the Data Handling Law, fines can reach 50 million yuan or 10 percent of "
            "turnover.",
            "The Data Handling Law has a maximum fine of 50 million yuan (~$7 million) or 5% "
            "of turnover.",
            "x",
        ),
        (
            "The Data Handling Law took effect on May 1, 2024.",
            "The Data Handling Law took effect yesterday.",
            "x",
        ),
        # "The company" is the one firm the story has named.
        (
            "Hengda Data was fined 5 billion yuan.",
            "Hengda Data has been fined by the regulator. The company must pay a fine of 8 "
            "billion yuan.",
            "x",
        ),
    ],
)
def test_titles_measures_and_back_references(claim: str, text: str, stance: str) -> None:
    assert_labelled(MATCHER, claim, text, stance, DAY)


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Hengda Data has been fined. The company must pay 8 billion yuan.", "firm"),
        # Two firms named: "the company" may be either.
        ("Hengda Data and Lianhe Tech were fined. The company must pay 8 billion yuan.", ""),
    ],
)
def test_the_company_is_the_one_firm_the_story_named(text: str, subject: str) -> None:
    matcher = Matcher.build(
        [
            *(Entity(key, *names) for key, names in _NAMES.items()),
            Entity("other", EntityKind.FIRM, "Lianhe Tech"),
        ]
    )
    item = Item("f", "", text)
    last = read_item(item, matcher.find_in_item(item), matcher.kind)[-1]
    assert [f.subject for f in last.facts if f.kind is FactKind.NUMBER] == [subject]
