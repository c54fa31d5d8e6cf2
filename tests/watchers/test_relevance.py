"""Relevance scores from plain values: labels over mentions, title over lead over passing,
bodies and officials over firms and places, names in lists and off-topic items lower."""

from watchers import relevance
from watchers.model import EntityKind, Mention, Stance

TECH_TEXT = "The regulator set new rules for algorithm platforms and data security. " * 3


def at(field: str, start: int, length: int = 3) -> Mention:
    return Mention("e", "x" * length, start, start + length, field)


def score(kind: EntityKind, mention: Mention, title: str, text: str) -> float:
    return relevance.mention_score(kind, [mention], title, text)


def test_title_outranks_lead_outranks_passing() -> None:
    text = "x" * 1000
    title = score(EntityKind.BODY, at("title", 0), "CAC acts", text)
    lead = score(EntityKind.BODY, at("text", 10), "Acts", text)
    passing = score(EntityKind.BODY, at("text", 900), "Acts", text)
    assert title > lead > passing > 0


def test_bodies_laws_and_officials_outrank_firms_and_places() -> None:
    m, text = at("title", 0), "plain text"
    weights = {k: score(k, m, "Name acts", text) for k in EntityKind}
    assert weights[EntityKind.BODY] == weights[EntityKind.LAW] > weights[EntityKind.FIRM]
    assert weights[EntityKind.PERSON] > weights[EntityKind.FIRM] > weights[EntityKind.PLACE]


def test_a_name_in_a_list_counts_less() -> None:
    listed = "他能呆在北京、上海、深圳这样的城市工作"
    alone = "深圳市政府发布了新的数据安全规定，要求企业"
    in_list = Mention("shenzhen", "深圳", listed.index("深圳"), listed.index("深圳") + 2)
    subject = Mention("shenzhen", "深圳", 0, 2)
    assert relevance.in_list(in_list, "", listed)
    assert not relevance.in_list(subject, "", alone)
    assert score(EntityKind.PLACE, in_list, "t", listed) < score(
        EntityKind.PLACE, subject, "t", alone
    )
    english = "Firms such as Alibaba, Tencent and Baidu filed reports."
    start = english.index("Tencent")
    assert relevance.in_list(Mention("t", "Tencent", start, start + 7), "", english)


def test_an_item_on_the_desks_subject_outranks_one_off_it() -> None:
    on = relevance.item_relevance([0.9], "Xi speaks on chips", TECH_TEXT)
    off = relevance.item_relevance([0.9], "Xi speaks on party history", "History lessons.")
    assert on == relevance.item_relevance([0.9], "Xi visits", TECH_TEXT) > off
    assert off < 0.5  # below the default floor whatever it names


def test_china_and_its_technology_in_a_title_count_without_a_tracked_name_there() -> None:
    text = "Graphs. " * 50 + "Alibaba released a model."
    with_china = relevance.item_relevance([0.05], "Where China leads on AI", text)
    without = relevance.item_relevance([0.05], "Where Canada leads on AI", text)
    assert with_china >= 0.5 > without


def test_more_entities_raise_an_item_without_passing_one() -> None:
    assert relevance.combine([0.5, 0.5]) == 0.75
    assert relevance.combine([1.0, 1.0]) == 1.0
    assert relevance.combine([]) == 0.0


def test_any_label_outranks_any_mention() -> None:
    lowest_label = relevance.labelled_relevance(Stance.CORROBORATES, 0.0)
    best_mention = relevance.item_relevance([1.0, 1.0], "China's AI law", TECH_TEXT)
    assert lowest_label > best_mention
    assert relevance.labelled_relevance(Stance.CONTRADICTS, 0.5) > relevance.labelled_relevance(
        Stance.CORROBORATES, 0.5
    )
