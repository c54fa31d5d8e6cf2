"""``policywatch doctor``: check everything a running service needs, say what is wrong
and how to fix it.

It reads and asks, and changes nothing: no migration, no poll state saved. The checks
go in the order a newcomer would fix things: config, database, chat logins, each
route's destination, each feed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path

from bot.delivery import platform_of
from bot.ops.doctor_feeds import check_database, check_feed
from bot.ops.findings import DestinationCheck, Finding, ok, problem, skipped
from bot.service import fetch_policy
from watchers.config.file import load_config
from watchers.config.schema import WatchConfig
from watchers.errors import ConfigError
from watchers.model import FeedState
from watchers.storage import Store
from watchers.storage.database import database_url
from watchers.watch import Watch

CONFIG_FIX = "correct the file at that path; `policywatch check-config` checks it again"
ENV_FIX = "correct that environment variable (see deploy/.env.example)"


def diagnose(config_dir: Path, env: Mapping[str, str]) -> Iterator[Finding]:
    """Every finding, as each check completes."""
    with ExitStack() as cleanup:
        config = None
        try:
            config = load_config(config_dir)
            yield ok("config", _config_summary(config, config_dir))
        except ConfigError as error:
            yield problem("config", str(error), CONFIG_FIX)
        found, store = check_database(database_url())
        yield found
        if store is not None:
            cleanup.callback(store.close)
        checks: dict[str, DestinationCheck | None] = {"console": _console}
        for platform, (findings, check) in _platforms(env, cleanup):
            yield from findings
            checks[platform] = check
        if config is None:
            return
        yield from _routes(config, checks)
        yield from _feeds(config, store)


def _config_summary(config: WatchConfig, where: Path) -> str:
    return (
        f"{where}: {len(config.entities)} entities, {len(config.claims)} claims, "
        f"{len(config.feeds)} feeds, {len(config.routes)} routes"
    )


def _platforms(
    env: Mapping[str, str], cleanup: ExitStack
) -> Iterator[tuple[str, tuple[list[Finding], DestinationCheck | None]]]:
    """Each configured chat platform's findings and destination check."""
    from bot.matrix.settings import matrix_env
    from bot.slack.settings import slack_settings

    try:
        slack = slack_settings(env)
    except ConfigError as error:
        yield "slack", ([problem("slack", str(error), ENV_FIX)], None)
    else:
        if slack is not None:
            from bot.slack.doctor import check_slack

            yield "slack", check_slack(slack)
    try:
        matrix = matrix_env(env)
    except ConfigError as error:
        yield "matrix", ([problem("matrix", str(error), ENV_FIX)], None)
    else:
        if matrix is not None:
            from bot.matrix.connection import MatrixConnection
            from bot.matrix.doctor import check_matrix

            connection = MatrixConnection(matrix)
            cleanup.callback(connection.close)
            yield "matrix", check_matrix(connection)


def _console(subject: str, target: str) -> Finding:
    return ok(subject, "printed on standard output")


def _routes(
    config: WatchConfig, checks: Mapping[str, DestinationCheck | None]
) -> Iterator[Finding]:
    for route in config.routes:
        subject = f"route {route.id}"
        platform = platform_of(route.destination)
        target = route.destination.partition(":")[2]
        if platform not in checks:
            yield problem(
                subject,
                f"{route.destination}: {platform} is not configured, so its digests "
                "would only be printed",
                f"set the {platform} variables (docs/{platform}.md)",
            )
            continue
        check = checks[platform]
        if check is None:
            yield skipped(subject, f"{route.destination} not checked: {platform} login failed")
            continue
        yield check(subject, target)


def _feeds(config: WatchConfig, store: Store | None) -> Iterator[Finding]:
    policy = fetch_policy(Watch.build(config, None))
    # Stored validators make it a conditional GET, as the next poll will be.
    migrated = store is not None and store.schema_status().is_current
    states = {s.feed_id: s for s in store.feed_states()} if store and migrated else {}
    for index, spec in enumerate(config.feeds):
        state = states.get(spec.id, FeedState(spec.id))
        yield check_feed(spec, state, policy, f"feeds.yaml: feeds[{index}].url")
