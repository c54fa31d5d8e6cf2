"""Routes deliver on time across restarts and config edits, with a fake clock.

A restart is a new service on the same database; a config edit replaces the service's
watch. Neither may postpone a digest, and one missed while the service was down is sent
once when it starts again.
"""

from datetime import UTC, datetime, timedelta

from bot.service import utcnow
from support.service import Harness, make_service, write_config
from watchers.config.file import load_config
from watchers.model import Alert, AlertKind
from watchers.watch import Watch

START = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def news(h: Harness) -> None:
    """Something for the next digest to carry."""
    h.store.add_alert(
        Alert(AlertKind.MENTION, "cac", title="网信办 issues data security rules"), h.now[0]
    )


def digests_at(h: Harness) -> list[datetime]:
    return [e.created_at for e in h.store.outbox()]


def config_with(tmp_path, schedule: str):
    config = write_config(tmp_path / "config", {})
    (config / "routes.yaml").write_text(
        f"routes:\n  - {{id: desk, destination: console, schedule: '{schedule}'}}\n",
        encoding="utf-8",
    )
    return config


def restart(h: Harness, config, db, at: datetime) -> Harness:
    h.store.close()
    return make_service(config, db, start=at)


def test_hourly_digests_keep_their_times_across_restarts_and_edits(tmp_path) -> None:
    config, db = config_with(tmp_path, "every 1h"), tmp_path / "db.sqlite3"
    h = make_service(config, db, start=START)
    assert h.service.build_due_digests() == []  # first round, nothing to say yet
    news(h)
    h = restart(h, config, db, START + timedelta(minutes=40))
    assert h.service.build_due_digests() == []
    h.advance(timedelta(minutes=10))
    h.service.replace_watch(Watch.build(load_config(config)))  # a config edit at 09:50
    assert h.service.build_due_digests() == []
    assert h.service.next_digest_at(h.service.watch.config.routes[0]) == START + timedelta(hours=1)
    h.advance(timedelta(minutes=10, seconds=7))  # the check runs a few seconds late
    assert len(h.service.build_due_digests()) == 1
    assert digests_at(h) == [START + timedelta(hours=1)]
    news(h)
    h = restart(h, config, db, START + timedelta(hours=1, minutes=59))
    assert h.service.build_due_digests() == []
    h.advance(timedelta(minutes=1))
    assert len(h.service.build_due_digests()) == 1
    assert digests_at(h)[-1] == START + timedelta(hours=2)
    h.store.close()


def test_a_digest_missed_while_down_is_sent_once_at_start(tmp_path) -> None:
    config, db = config_with(tmp_path, "every 1h"), tmp_path / "db.sqlite3"
    h = make_service(config, db, start=START)
    h.service.build_due_digests()
    news(h)
    h = restart(h, config, db, START + timedelta(hours=4, minutes=20))
    assert len(h.service.build_due_digests()) == 1
    h.advance(timedelta(seconds=10))
    news(h)
    assert h.service.build_due_digests() == []
    assert digests_at(h) == [START + timedelta(hours=4, minutes=20)]
    route = h.service.watch.config.routes[0]
    assert h.service.next_digest_at(route) == START + timedelta(hours=5, minutes=20)
    h.store.close()


def test_cron_digests_follow_the_calendar_and_catch_up_once(tmp_path) -> None:
    config, db = config_with(tmp_path, "0 8 * * *"), tmp_path / "db.sqlite3"
    h = make_service(config, db, start=START)  # 09:00: the day's 08:00 is past
    assert h.service.build_due_digests() == []
    news(h)
    h = restart(h, config, db, START + timedelta(hours=23))  # 08:00 next day
    assert len(h.service.build_due_digests()) == 1
    news(h)
    # Down from 08:30 to the day after next, 09:30: that day's 08:00 went by.
    h = restart(h, config, db, START + timedelta(days=2, minutes=30))
    assert len(h.service.build_due_digests()) == 1
    news(h)
    h.advance(timedelta(minutes=1))
    assert h.service.build_due_digests() == []
    assert digests_at(h) == [START + timedelta(hours=23), START + timedelta(days=2, minutes=30)]
    route = h.service.watch.config.routes[0]
    assert h.service.next_digest_at(route) == START + timedelta(days=2, hours=23)
    h.store.close()


def test_two_instances_send_a_due_digest_once(tmp_path) -> None:
    config, db = config_with(tmp_path, "every 1h"), tmp_path / "db.sqlite3"
    a = make_service(config, db, start=START, owner="a")
    b = make_service(config, db, start=START, owner="b")
    a.service.build_due_digests()
    news(a)
    for h in (a, b):
        h.advance(timedelta(hours=1))
    queued = a.service.build_due_digests() + b.service.build_due_digests()
    assert len(queued) == 1 and len(a.store.outbox()) == 1
    a.store.close()
    b.store.close()


def test_status_says_when_each_routes_next_digest_is_due(tmp_path) -> None:
    from bot.commands.views import status_text

    config, db = config_with(tmp_path, "every 1h"), tmp_path / "db.sqlite3"
    h = make_service(config, db, start=START)
    assert "  desk → console: due now (every 1h)" in status_text(h.service)
    h.service.build_due_digests()
    assert "  desk → console: 2026-11-22 10:00 UTC (every 1h)" in status_text(h.service)
    h.store.close()


def test_a_new_route_gets_its_first_digest_with_a_running_clock(tmp_path):
    # Every reading of a real clock is later than the one before; a route with no digest
    # yet is due at the round's own time, not at a later reading.
    h = make_service(config_with(tmp_path, "1h"), tmp_path / "db.sqlite3")
    h.service.clock = utcnow
    news(h)
    assert len(h.service.build_due_digests()) == 1
    _, last = h.store.route_cursor("desk")
    assert last is not None
    assert h.service.next_digest_at(h.service.watch.config.routes[0]) == last + timedelta(hours=1)
    h.store.close()
