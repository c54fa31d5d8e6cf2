"""Chat edits are kept as operations and replayed over the YAML files at startup."""

from datetime import UTC, datetime

from sqlalchemy import delete

from bot.commands.configops import ConfigOp
from bot.commands.editor import ConfigEditor, apply_stored_edits, revision_mark
from watchers.config.file import load_config
from watchers.model import Alert, AlertKind
from watchers.storage import tables as t
from watchers.storage.adminlog import audit_entries, revisions

from .conftest import ADMIN

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def test_an_edit_is_stored_as_its_operation_with_an_audit_entry(commands):
    editor = ConfigEditor(commands.service)
    op = ConfigOp("feed.add", {"id": "b", "url": "https://b.example/rss", "interval": "5m"})
    reply = editor.apply(op, ADMIN, NOW)
    assert reply.ok and not reply.ephemeral
    (revision,) = revisions(commands.service.store)
    assert revision.operation == op.to_json() and revision.actor == "slack:U0ADMIN"
    (entry,) = audit_entries(commands.service.store)
    assert entry.action == "applied: feed add https://b.example/rss every 5m as b"
    assert entry.after == "id: b\nurl: https://b.example/rss\ninterval: 5m"
    assert commands.service.store.feed_state("b").feed_id == "b"


def test_replay_applies_stored_edits_over_the_files_in_order(commands):
    editor = ConfigEditor(commands.service)
    editor.apply(ConfigOp("alias.add", {"entity": "cac", "alias": "Cyber Admin"}), ADMIN, NOW)
    editor.apply(ConfigOp("claim.retire", {"id": "dsl_effective"}), ADMIN, NOW)
    files = load_config(commands.service.watch.config.directory)
    replayed = apply_stored_edits(files, commands.service.store, NOW)
    assert replayed == commands.service.watch.config
    assert replayed != files


def test_replay_skips_what_no_longer_fits_and_audits_each_reason_once(commands):
    store = commands.service.store
    editor = ConfigEditor(commands.service)
    editor.apply(ConfigOp("feed.add", {"id": "b", "url": "https://b.example/rss"}), ADMIN, NOW)
    editor.apply(ConfigOp("feed.remove", {"id": "b"}), ADMIN, NOW)
    editor.apply(ConfigOp("claim.retire", {"id": "dsl_effective"}), ADMIN, NOW)
    files = load_config(commands.service.watch.config.directory)
    # The first edit is lost (say, a database restored from elsewhere): the removal
    # that follows it no longer applies, the retirement still does.
    with store.engine.begin() as c:
        c.execute(delete(t.config_revisions).where(t.config_revisions.c.id == 1))
    for _ in range(2):
        config = apply_stored_edits(files, store, NOW)
    assert config.claims[0].retired and not config.feeds
    skipped = [e for e in audit_entries(store) if e.action.startswith("skipped")]
    assert [e.action for e in skipped] == ["skipped: stored edit #2 by slack:U0ADMIN"]
    assert skipped[0].after.startswith("there is no feed 'b'")


def test_a_new_route_starts_at_the_newest_alert(commands):
    store = commands.service.store
    store.add_alert(Alert(AlertKind.MENTION, "cac", title="old news"), NOW)
    commands.run("route add late console 1h", ADMIN)
    assert store.route_cursor("late") == (store.last_alert_id(), NOW)
    assert commands.service.build_digest(commands.service.watch.config.routes[1]) is None


def test_a_check_with_nothing_new_keeps_the_running_watch(commands):
    editor = commands.router.editor
    watch = commands.service.watch
    assert not editor.reload_if_edited(NOW)
    assert not editor.reload_if_edited(NOW)
    assert commands.service.watch is watch
    assert commands.run("claim retire dsl_effective", ADMIN).ok
    edited = commands.service.watch
    assert edited is not watch and editor.seen == revision_mark(commands.service.store)
    assert not editor.reload_if_edited(NOW)
    assert commands.service.watch is edited


def test_a_check_picks_up_edits_stored_by_another_service(commands_factory):
    a, b = commands_factory(), commands_factory()
    assert a.run('alias add cac "Cyber Admin"', ADMIN).ok
    assert b.router.editor.reload_if_edited(NOW)
    assert b.service.watch.config == a.service.watch.config


def test_config_files_that_no_longer_load_keep_the_running_config(commands_factory, caplog):
    a, b = commands_factory(), commands_factory()
    claims = b.service.watch.config.directory / "claims.yaml"
    good = claims.read_text(encoding="utf-8")
    assert a.run("claim retire dsl_effective", ADMIN).ok
    claims.write_text("claims: [oops", encoding="utf-8")
    watch = b.service.watch
    assert not b.router.editor.reload_if_edited(NOW)
    assert b.service.watch is watch
    assert "not applied" in caplog.text and "claims.yaml" in caplog.text
    claims.write_text(good, encoding="utf-8")
    assert b.router.editor.reload_if_edited(NOW)
    assert b.service.watch.claims["dsl_effective"].retired


def test_a_route_added_from_chat_takes_a_floor_and_a_mentions_policy(commands):
    reply = commands.run("route add firms console 1h cac min 0.3 mentions top 5", ADMIN)
    assert reply.text == (
        "Done: route add firms console 1h cac min 0.3 mentions top 5. It applies now and is kept."
    )
    route = commands.service.watch.config.routes[1]
    assert (route.entities, route.min_relevance, str(route.mentions)) == (("cac",), 0.3, "top 5")
    bad = commands.run("route add other console 1h mentions some", ADMIN)
    assert not bad.ok and "routes[2].mentions: expected 'none', 'all' or 'top N'" in bad.text
    assert "`min` takes a number" in commands.run("route add x console 1h min lots", ADMIN).text
