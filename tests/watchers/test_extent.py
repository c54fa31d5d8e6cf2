"""What is read of an item: the excerpt the matcher, the labeller and the scores share."""

from __future__ import annotations

import pytest

from watchers.extent import (
    FAR_CHARS,
    SCAN_CHARS,
    SENTENCES,
    TEXT_CHARS,
    TITLE_CHARS,
    excerpt,
    kept,
)
from watchers.matcher import Matcher
from watchers.model import Alias, Claim, Entity, EntityKind, Item, Mention, SourceRef, Stance
from watchers.stance import Labeller

FILLER = "Farmers in the county brought the autumn harvest in two weeks early this year. "
NAMED = "The National Data Bureau opened a regional office in Chengdu. "
LATE = "The National Data Bureau was set up in March 2021. "


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.build(
        [
            Entity("ndb", EntityKind.BODY, "National Data Bureau", aliases=(Alias("NDB"),)),
            Entity("cac", EntityKind.BODY, "Cyberspace Administration of China"),
        ]
    )


def filler(chars: int) -> str:
    return FILLER * (chars // len(FILLER) + 1)


def read(matcher: Matcher, item: Item) -> tuple[Item, list[Mention]]:
    return excerpt(item, matcher.find_in_item(item))


def test_an_item_within_the_limits_is_read_as_it_is(matcher: Matcher) -> None:
    item = Item("f", "The NDB reorganises", NAMED + filler(TEXT_CHARS - 200)[: TEXT_CHARS - 200])
    mentions = matcher.find_in_item(item)
    assert excerpt(item, mentions) == (item, mentions)


def test_a_long_text_is_read_as_its_head_and_the_later_sentences_naming_entities(
    matcher: Matcher,
) -> None:
    text = NAMED + filler(TEXT_CHARS) + NAMED + filler(30_000) + LATE + filler(20_000)
    read_as, mentions = read(matcher, Item("f", "Harvest news", text))
    head, *later = read_as.text.split("\n\n")
    assert head.startswith(NAMED) and TEXT_CHARS <= len(head) < TEXT_CHARS + len(FILLER)
    assert later == [NAMED.strip(), LATE.strip()]
    assert [read_as.text[m.start : m.end] for m in mentions] == ["National Data Bureau"] * 3


def test_later_sentences_are_read_up_to_their_limit(matcher: Matcher) -> None:
    many = NAMED * (2 * FAR_CHARS // len(NAMED))
    item = Item("f", "", filler(TEXT_CHARS) + many)
    mentions = matcher.find_in_item(item)
    read_as, inside = excerpt(item, mentions)
    later = read_as.text.split("\n\n")[1:]
    assert FAR_CHARS - len(NAMED) < sum(map(len, later)) <= FAR_CHARS
    assert len(mentions) == len(inside) == len(later)
    # What the matcher keeps is what is read: the same excerpt again.
    assert excerpt(item, mentions) == (read_as, inside)


def test_nothing_past_the_scan_is_searched(matcher: Matcher) -> None:
    item = Item("f", "", filler(SCAN_CHARS) + NAMED)
    assert matcher.find_in_item(item) == []


def test_a_long_title_is_read_up_to_its_limit(matcher: Matcher) -> None:
    title = "The NDB " + "and the harvest " * (TITLE_CHARS // 8) + "the CAC"
    item = Item("f", title, "Short text.")
    read_as, mentions = read(matcher, item)
    assert len(read_as.title) == TITLE_CHARS and read_as.text == item.text
    assert [m.entity_id for m in mentions] == ["ndb"]


def test_no_more_sentences_are_read_than_the_limit(matcher: Matcher) -> None:
    short = "The NDB met.\n"
    item = Item("f", "", short * (2 * SENTENCES))
    read_as, mentions = read(matcher, item)
    assert read_as.text.count("NDB") == len(mentions) == SENTENCES


def test_a_mention_across_the_end_of_the_head_is_left_out() -> None:
    head = filler(TEXT_CHARS)
    text = head + NAMED
    later = text.rindex("National")
    across = Mention("ndb", "harvest in", len(head) - 10, len(head) + 3)
    inside = Mention("ndb", "National Data Bureau", later, later + 20)
    assert kept(text, [across, inside]) == [inside]


def test_a_long_item_is_labelled_from_what_is_read(matcher: Matcher) -> None:
    claim = Claim("c1", "The National Data Bureau was set up in October 2023.", (), SourceRef("t"))
    labeller = Labeller([claim], matcher)
    # The contradicting sentence is read where it is among the later sentences naming
    # the bureau, and not where it lies past the scan.
    text = NAMED + filler(60_000) + LATE + filler(60_000)
    item = Item("f", "Bureau news", text)
    (verdict,) = labeller.label_item(item, matcher.find_in_item(item))
    assert verdict.stance is Stance.CONTRADICTS and verdict.evidence == LATE.strip()
    unread = Item("f", "Bureau news", NAMED + filler(SCAN_CHARS) + LATE)
    (verdict,) = labeller.label_item(unread, matcher.find_in_item(unread))
    assert verdict.stance is Stance.MENTIONS and verdict.evidence == NAMED.strip()
