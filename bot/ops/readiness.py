"""Whether this instance can do its work: what ``/readyz`` and the start line report.

A check is a name and a function returning None when all is well, else the reason
in words an operator can act on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from watchers.storage import Store

Check = Callable[[], str | None]


@dataclass(frozen=True)
class ChatState:
    """How a chat connection stands: ``words`` for ``status`` in chat, and ``problem``,
    what keeps it from serving (None when nothing does), for ``/readyz``."""

    words: str
    problem: str | None = None


@dataclass(frozen=True)
class Readiness:
    ok: bool
    lines: tuple[str, ...]  # "name: ok" or "name: reason", one per check


def evaluate(checks: Sequence[tuple[str, Check]]) -> Readiness:
    """Run every check (a failing one does not hide the others)."""
    lines = []
    ok = True
    for name, check in checks:
        try:
            reason = check()
        except Exception as error:  # a broken check is a reason too, never a 500
            reason = f"check failed: {error}"
        ok = ok and reason is None
        lines.append(f"{name}: {reason or 'ok'}")
    return Readiness(ok, tuple(lines))


def database_check(store: Store) -> Check:
    """Reachable, and migrated to the schema this version needs."""

    def check() -> str | None:
        try:
            status = store.schema_status()
        except SQLAlchemyError as error:
            return f"unreachable ({_first_line(error)})"
        if not status.is_current:
            return f"schema at {status.current or 'nothing'}, needs {status.head}"
        return None

    return check


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
