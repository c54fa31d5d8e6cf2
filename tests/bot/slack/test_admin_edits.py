"""Admins edit the watch config from Slack: validated, applied at once, kept, audited."""

import re
import shutil

import yaml

from support.postgres import fresh_schema
from support.service import rss
from watchers.config.file import bundled_config_dir, parse_config
from watchers.storage.adminlog import audit_entries

from .conftest import ADMIN, ROUTES

NEW_CLAIM = "The Cyberspace Administration of China was established in May 2011."


def done_id(reply: str, kind: str) -> str:
    """The id an edit's confirmation names: ``Done: claim add ID: …``."""
    match = re.search(rf"Done: {kind} add ([a-z0-9_-]+)", reply)
    assert match, reply
    return match.group(1)


def test_an_added_feed_is_polled_and_reported(bot_factory, feed_server):
    url = feed_server.serve(
        "/new.xml", rss(("x1", "Data Security Law news", "The Data Security Law took effect."))
    )
    bot = bot_factory()
    reply = bot.text_of(f"feed add {url} every 10m as newswire", user=ADMIN)
    assert reply.startswith("Done: feed add")
    assert bot.service.watch.feeds["newswire"].url == url
    bot.round()
    assert len(feed_server.requests_for("/new.xml")) == 1
    assert "Data Security Law news" in str(bot.digests()[0].blocks)
    assert "newswire · every 10m · ok" in bot.text_of("list feeds")


def test_an_added_claim_labels_the_next_item(bot_factory, feed_server):
    feed = feed_server.serve("/cac.xml", rss(("c0", "Weather", "Nothing to see.")))
    bot = bot_factory({"wire": feed})
    bot.round()
    claim_id = done_id(bot.text_of(f'claim add "{NEW_CLAIM}"', user=ADMIN), "claim")
    claim = bot.service.watch.claims[claim_id]
    assert claim.entities == ("cac",) and claim.facts, "derived like a claim from the files"
    assert claim.source.article.startswith(f"added in chat by slack:{ADMIN}")
    feed_server.serve(
        "/cac.xml",
        rss(
            ("c1", "CAC history", "The Cyberspace Administration of China was established in 2014.")
        ),
    )
    bot.advance(__import__("datetime").timedelta(minutes=6))
    bot.round()
    evidence = bot.service.store.evidence_on([claim_id])
    assert [e.title for e in evidence] == ["CAC history"]
    assert f"claim {claim_id}" in str(bot.digests()[-1].blocks)
    assert "CAC history" in bot.text_of(f"claim {claim_id}")


def test_audit_shows_who_changed_what(bot_factory, feed_server):
    bot = bot_factory()
    bot.command("feed add https://example.org/rss.xml", user=ADMIN)
    bot.command(f'claim add "{NEW_CLAIM}" source https://example.org/cac', user=ADMIN)
    audit = bot.text_of("audit")
    lines = audit.splitlines()[1:]
    assert "applied: claim add" in lines[0] and f"slack:{ADMIN}" in lines[0]
    assert "applied: feed add https://example.org/rss.xml as example-org-rss" in lines[1]
    entry = audit_entries(bot.service.store)[1]
    assert entry.before == "" and "url: https://example.org/rss.xml" in entry.after


def test_an_edit_that_would_break_the_config_is_refused_naming_the_path(bot_factory):
    routes = (
        "routes:\n"
        "  - {id: desk, destination: 'slack:#policy-digest', schedule: 1h, feeds: [wire]}\n"
    )
    bot = bot_factory({"wire": "https://example.org/w.xml"}, routes=routes)
    before = bot.service.watch.config
    reply = bot.text_of("feed remove wire", user=ADMIN)
    assert reply == "Not changed: routes.yaml: routes[0].feeds[0]: unknown feed 'wire'"
    reply = bot.text_of("feed interval wire soon", user=ADMIN)
    assert reply.startswith("Not changed: feeds.yaml: feeds[0].interval: expected a duration")
    reply = bot.text_of("entity add tc260 committee TC260", user=ADMIN)
    assert reply.startswith("Not changed: entities.yaml: entities[2].kind: expected one of body")
    assert "there is no feed 'nope'" in bot.text_of("feed remove nope", user=ADMIN)
    assert bot.service.watch.config == before
    assert all(e.action.startswith("rejected") for e in audit_entries(bot.service.store))


def test_edits_survive_a_restart_beside_yaml_edits(bot_factory):
    bot = bot_factory()
    bot.command("feed add https://example.org/a.xml as a", user=ADMIN)
    bot.command(
        'entity add tc260 body "National Information Security Standardization '
        'Technical Committee" "全国信息安全标准化技术委员会"',
        user=ADMIN,
    )
    bot.command("alias add tc260 TC260", user=ADMIN)
    bot.command("route add here-desk here every 2h tc260", user=ADMIN)
    effective = bot.service.watch.config
    # Someone edits the YAML while the bot is down.
    feeds = bot.config_dir / "feeds.yaml"
    feeds.write_text("feeds:\n  - {id: yaml_feed, url: 'https://example.org/y.xml'}\n")
    again = bot_factory.restart(bot)
    config = again.service.watch.config
    assert [f.id for f in config.feeds] == ["yaml_feed", "a"]
    assert config.entities == effective.entities
    assert config.routes == effective.routes
    assert config.routes[1].destination == "slack:C0DIGEST01"
    assert "here-desk: nothing new" in again.text_of("digest now")


def test_a_stored_edit_that_no_longer_fits_is_skipped_and_audited_once(bot_factory):
    bot = bot_factory()
    bot.command("alias add data_security_law DSL", user=ADMIN)
    entities = yaml.safe_load((bot.config_dir / "entities.yaml").read_text())
    entities["entities"] = [e for e in entities["entities"] if e["id"] != "data_security_law"]
    (bot.config_dir / "entities.yaml").write_text(yaml.safe_dump(entities, allow_unicode=True))
    again = bot_factory.restart(bot)
    assert "data_security_law" not in again.service.watch.entities
    again = bot_factory.restart(again)
    skipped = [e for e in audit_entries(again.service.store) if e.action.startswith("skipped")]
    assert len(skipped) == 1
    assert skipped[0].action == f"skipped: stored edit #1 by slack:{ADMIN}"
    assert "no entity 'data_security_law'" in skipped[0].after
    assert "skipped: stored edit #1" in again.text_of("audit")


def test_export_round_trips_through_a_direct_message(bot_factory, tmp_path):
    config = tmp_path / "bundled"
    shutil.copytree(bundled_config_dir(), config)
    (config / "routes.yaml").write_text(ROUTES)
    (config / "settings.yaml").write_text(
        "settings:\n  admins: {slack_users: [U0EDITOR01]}\n  fetch: {allow_files: [demo]}\n"
    )
    bot = bot_factory(config=config)
    # Slack escapes what people type: this is "... 55 articles & <no> tricks."
    bot.command(
        'claim add "The Data Security Law has 55 articles &amp; &lt;no&gt; tricks."', user=ADMIN
    )
    (note,) = bot.command("export", user=ADMIN)
    assert "direct message" in note["text"]
    posted = [m for m in bot.fake.messages(ADMIN) if m.bot_id]
    assert len(posted) > 4 and all(m.thread_ts == posted[0].ts for m in posted[1:])
    text = "\n".join(_unfence(m.text) for m in posted)
    documents = {}
    for chunk in text.split("# --- ")[1:]:
        name, _, body = chunk.partition("\n")
        documents[name] = yaml.safe_load(body)
    assert set(documents) == {
        "entities.yaml",
        "claims.yaml",
        "articles.yaml",
        "feeds.yaml",
        "routes.yaml",
        "settings.yaml",
    }
    effective = bot.service.watch.config
    assert parse_config(documents, effective.directory) == effective
    assert any("& <no> tricks" in c.text for c in effective.claims)


def _unfence(text: str) -> str:
    assert text.startswith("```\n") and text.endswith("\n```")
    body = text[4:-4]
    assert "<" not in body
    return body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_the_admin_edit_path_on_postgresql(bot_factory, monkeypatch, feed_server):
    with fresh_schema() as url:
        monkeypatch.setenv("POLICYWATCH_DATABASE_URL", url)
        bot = bot_factory()
        bot.command(f'claim add "{NEW_CLAIM}"', user=ADMIN)
        assert "only policywatch admins" in bot.text_of("claim retire dsl_effective")
        bot.command("claim retire dsl_effective", user=ADMIN)
        again = bot_factory.restart(bot)
        claims = again.service.watch.claims
        assert claims["dsl_effective"].retired
        assert any(c.text == NEW_CLAIM for c in claims.values())
        actions = [e.action for e in audit_entries(again.service.store)]
        assert actions[0] == "applied: claim retire dsl_effective"
        assert actions[1] == "refused: claim retire dsl_effective"
        again.slack.stop()
        again.app.close()


def test_export_config_folds_chat_edits_into_the_files(bot_factory, tmp_path):
    from bot.cli import main

    bot = bot_factory()
    bot.command("feed add https://example.org/a.xml every 10m as a", user=ADMIN)
    bot.command(f'claim add "{NEW_CLAIM}"', user=ADMIN)
    bot.command("claim retire dsl_effective", user=ADMIN)
    bot.command("feed interval a 20m", user=ADMIN)
    effective = bot.service.watch.config
    out = tmp_path / "effective"
    assert main(["export-config", "--config", str(bot.config_dir), str(out)]) == 0
    for written in out.iterdir():
        shutil.copy(written, bot.config_dir / written.name)
    again = bot_factory.restart(bot)
    assert again.service.watch.config == effective
