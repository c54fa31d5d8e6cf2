"""The one line logged at start, saying what this process runs and where."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import make_url

from bot.slack.settings import SlackSettings
from watchers.config.schema import RouteSpec
from watchers.model import FeedSpec


def database_label(url: str) -> str:
    """``sqlite (/path/db.sqlite3)`` or ``postgresql (host:port/db)``; never a password."""
    parsed = make_url(url)
    kind = parsed.get_backend_name()
    if kind == "sqlite":
        return f"sqlite ({parsed.database or 'memory'})"
    where = f"{parsed.host or 'local socket'}"
    if parsed.port:
        where += f":{parsed.port}"
    return f"{kind} ({where}/{parsed.database or ''})"


def startup_line(
    *,
    feeds: Sequence[FeedSpec],
    routes: Sequence[RouteSpec],
    slack: SlackSettings | None,
    matrix_user: str,
    database_url: str,
    ops: tuple[str, int] | None,
) -> str:
    slack_part = "off"
    if slack is not None:
        slack_part = (
            "socket mode"
            if slack.mode == "socket"
            else (f"HTTP mode on {slack.http_host}:{slack.http_port}")
        )
    ops_part = f"http://{_host(ops[0])}:{ops[1]}" if ops else "off"
    return (
        f"policywatch started: {len(feeds)} feeds ({_names(f.id for f in feeds)}); "
        f"{len(routes)} routes ({_names(f'{r.id}→{r.destination}' for r in routes)}); "
        f"Slack {slack_part}; Matrix {matrix_user or 'off'}; "
        f"database {database_label(database_url)}; ops endpoint {ops_part}"
    )


def _names(names: Iterable[str]) -> str:
    listed = list(names)
    shown = ", ".join(listed[:10])
    return shown + (f", … {len(listed) - 10} more" if len(listed) > 10 else "") or "none"


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
