"""When a route's next digest is due, from its last digest time and its schedule."""

from datetime import UTC, datetime, timedelta

from watchers.schedules import next_digest, parse_schedule

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
HOURLY = parse_schedule("every 1h")
MORNINGS = parse_schedule("0 8 * * *")


def test_an_interval_counts_from_the_last_digest() -> None:
    last = NOW - timedelta(minutes=20)
    assert next_digest(HOURLY, last, NOW) == last + timedelta(hours=1)
    assert next_digest(HOURLY, None, NOW) == NOW  # never sent: due now


def test_a_long_gap_makes_a_route_due_once_not_once_per_missed_interval() -> None:
    last = NOW - timedelta(hours=5)
    assert next_digest(HOURLY, last, NOW) <= NOW
    assert next_digest(HOURLY, NOW, NOW) == NOW + timedelta(hours=1)


def test_cron_fires_at_its_first_calendar_time_after_the_last_digest() -> None:
    yesterday = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
    assert next_digest(MORNINGS, yesterday, NOW) == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    today = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
    assert next_digest(MORNINGS, today, NOW) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert next_digest(MORNINGS, None, NOW) == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_cron_days_of_week_mean_what_crontab_says() -> None:
    weekdays = parse_schedule("0 9 * * 1-5")
    saturday = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert next_digest(weekdays, saturday, saturday) == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
