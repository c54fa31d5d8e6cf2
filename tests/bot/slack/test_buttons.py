"""A digest line's buttons: "Wrong label" feedback and "Mute", as signed interactions."""

import json
from datetime import timedelta

from bot.cli import main
from bot.render.slack import MUTE_ACTION, RELABEL_ACTION
from support.fakeslack import block_action_body
from support.service import rss

from .conftest import ANALYST

ITEM = ("g1", "DSL anniversary", "The Data Security Law took effect on June 1, 2021.")


def line_actions(message, action_id):
    """The (block_id, element) pairs of ``action_id`` in a posted message."""
    for block in message.blocks:
        if block["type"] == "actions":
            for element in block["elements"]:
                if element["action_id"] == action_id:
                    yield {**element, "block_id": block["block_id"]}


def first_digest(bot_factory, feed_server):
    bot = bot_factory({"wire": feed_server.serve("/a.xml", rss(ITEM))})
    bot.round()
    (message,) = bot.digests()
    return bot, message


def test_wrong_label_feedback_is_kept_shown_and_exported(bot_factory, feed_server, tmp_path):
    bot, message = first_digest(bot_factory, feed_server)
    (select,) = line_actions(message, RELABEL_ACTION)
    assert {o["value"] for o in select["options"]} == {"corroborates", "mentions", "unrelated"}
    reply = bot.click({**select, "selected_option": "mentions"}, message.as_slack())
    item_id = bot.service.store.evidence_on(["dsl_effective"])[0].item_id
    assert reply == (
        f"Thanks: noted that item {item_id} mentions claim dsl_effective "
        "(labelled contradicts). It shows in `claim dsl_effective`."
    )
    assert f"feedback: slack:{ANALYST} says mentions" in bot.text_of("claim dsl_effective")
    out = tmp_path / "feedback.jsonl"
    assert main(["feedback-export", "--config", str(bot.config_dir), str(out)]) == 0
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row["item_title"] == "DSL anniversary" and "June 1, 2021" in row["item_text"]
    assert row["claim_text"] == "The Data Security Law took effect on September 1, 2021."
    assert (row["given_label"], row["corrected_label"]) == ("contradicts", "mentions")


def test_mute_hides_the_item_from_later_digests(bot_factory, feed_server):
    bot, message = first_digest(bot_factory, feed_server)
    mute = next(line_actions(message, MUTE_ACTION))
    reply = bot.click(mute, message.as_slack())
    assert reply.startswith(f"Muted item {mute['value']}")
    assert bot.service.store.item(int(mute["value"]))["muted"]
    # The item is edited; the edit would be news, but the item is muted.
    feed_server.serve("/a.xml", rss((*ITEM[:2], ITEM[2] + " Officials said so again.")))
    bot.advance(timedelta(minutes=6))
    bot.round()
    assert len(bot.digests()) == 1
    assert f"applied: mute item {mute['value']}" in bot.text_of("audit")


def test_a_forged_click_is_refused(bot_factory, feed_server):
    bot, message = first_digest(bot_factory, feed_server)
    mute = next(line_actions(message, MUTE_ACTION))
    body = block_action_body(
        response_url=bot.fake.response_url("forged"),
        action_id=MUTE_ACTION,
        value=mute["value"],
        block_id=mute["block_id"],
    )
    headers = bot.fake.sign(body, 0)  # signed in 1970
    assert bot.post(body, headers)[0] == 401
    assert not bot.service.store.item(int(mute["value"]))["muted"]
