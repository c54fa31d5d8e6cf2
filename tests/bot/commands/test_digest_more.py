"""A digest over real stored items: one line per story, routine runs folded, the off-topic
left out, and ``digest more`` showing what was left out."""

from bot.digest import digest_from_dict
from support.service import rss

RULES = "网信办 issues new rules on algorithm platforms"
WIRE_A = rss(
    ("a1", RULES, "The CAC published rules for recommendation algorithms on Monday."),
    ("a2", "A football match", "Two teams played on Sunday. " * 20 + "网信办 sent a team."),
    *(
        (f"g{n}", f"{name}（公报2021年第14号）", "")
        for n, name in enumerate(
            ("网信办关于开展数据出境安全评估的通知", "网信办任免人员", "网信办发布年度工作要点")
        )
    ),
)
WIRE_B = rss(("b1", RULES + " (updated)", "The CAC published rules on Monday."))


def test_one_line_per_story_series_folded_rest_reachable(commands_factory, feed_server):
    c = commands_factory(
        {
            "wire_a": feed_server.serve("/a.xml", WIRE_A),
            "wire_b": feed_server.serve("/b.xml", WIRE_B),
        }
    )
    c.service.poll_due()
    [entry_id] = c.service.build_digests()
    [entry] = [e for e in c.harness.store.outbox() if e.id == entry_id]
    digest = digest_from_dict(entry.payload)
    titles = [ln.title for ln in digest.lines]
    assert titles.count(RULES) + titles.count(RULES + " (updated)") == 1
    [story] = [ln for ln in digest.lines if ln.title.startswith(RULES)]
    # Both feeds call themselves "Test feed": their ids tell them apart.
    assert {story.source, *story.also_in} == {"Test feed (wire_a)", "Test feed (wire_b)"}
    [series] = [ln for ln in digest.lines + digest.more if ln.folded]
    assert series.folded == 3 and "公报2021年第14号" in series.title
    assert [ln.title for ln in digest.more if "football" in ln.title]
    assert not [ln for ln in digest.lines if "football" in ln.title]

    reply = c.text("digest more")
    assert reply.startswith("Left out of the ")
    assert "A football match — Test feed (wire_a)" in reply


def test_digest_more_before_any_digest_and_for_an_unknown_route(commands):
    assert commands.text("digest more") == "Route desk has sent no digest yet."
    assert "no route 'nope'" in commands.text("digest more nope")
