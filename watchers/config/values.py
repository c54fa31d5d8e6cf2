"""Checks on single config values, as YAML produced them, with where they came from.

Each check takes a plain value and an :class:`At` (the file and the path inside it)
and returns the value typed, or raises :class:`~watchers.errors.ConfigError` naming
that place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from watchers.errors import ConfigError
from watchers.schedules import format_duration, parse_duration

ENTITY_ID = re.compile(r"[a-z0-9_]+")
RECORD_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class At:
    """A place in a config file: the file's name and the path inside it."""

    file: str
    path: str = ""

    def key(self, name: object) -> At:
        return At(self.file, f"{self.path}.{name}" if self.path else str(name))

    def index(self, i: int) -> At:
        return At(self.file, f"{self.path}[{i}]")

    def error(self, message: str) -> ConfigError:
        return ConfigError(self.file, self.path, message)


def describe(value: object) -> str:
    """How a wrong value is named in an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({value})"


def fields(
    value: object, at: At, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, object]:
    """Check that ``value`` is a mapping with only known keys and every required one.

    Returns it without optional keys whose value is null, so ``note:`` means no note.
    """
    if not isinstance(value, dict):
        raise at.error(f"expected a mapping, got {describe(value)}")
    allowed = required + optional
    for key in value:
        if key not in allowed:
            raise at.key(key).error(f"unknown key; expected one of {', '.join(allowed)}")
    for key in required:
        if key not in value:
            raise at.key(key).error("missing required key")
    return {k: v for k, v in value.items() if v is not None or k in required}


def text(value: object, at: At, *, empty: bool = False) -> str:
    """A string; blank only if ``empty`` allows it."""
    if not isinstance(value, str):
        raise at.error(f"expected text, got {describe(value)}")
    if not empty and not value.strip():
        raise at.error("expected text, got an empty string")
    return value


def flag(value: object, at: At) -> bool:
    """A YAML boolean (``true``/``false``)."""
    if not isinstance(value, bool):
        raise at.error(f"expected true or false, got {describe(value)}")
    return value


def integer(value: object, at: At, low: int, high: int | None = None) -> int:
    """A whole number from ``low`` to ``high`` (inclusive; no upper bound if None)."""
    # bool is an int subclass; "max_bytes: yes" is a mistake, not 1.
    if not isinstance(value, int) or isinstance(value, bool):
        raise at.error(f"expected a whole number, got {describe(value)}")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise at.error(f"expected a number {bounds}, got {value}")
    return value


def listed(value: object, at: At) -> list[object]:
    """A list, with null read as an empty one."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise at.error(f"expected a list, got {describe(value)}")
    return value


def texts(value: object, at: At) -> tuple[str, ...]:
    """A list of non-empty strings, each unique."""
    result = tuple(text(v, at.index(i)) for i, v in enumerate(listed(value, at)))
    for i, item in enumerate(result):
        if item in result[:i]:
            raise at.index(i).error(f"{item!r} is listed twice")
    return result


def identifier(value: object, at: At, pattern: re.Pattern[str] = RECORD_ID) -> str:
    """An id matching ``pattern`` (:data:`RECORD_ID` or :data:`ENTITY_ID`)."""
    ident = text(value, at)
    if not pattern.fullmatch(ident):
        allowed = "a-z, 0-9 and _" if pattern is ENTITY_ID else "a-z, 0-9, _ and -"
        raise at.error(f"an id uses only {allowed}, got {ident!r}")
    return ident


def duration(value: object, at: At, minimum: timedelta = timedelta(0)) -> timedelta:
    """A duration string (see :func:`parse_duration`) of at least ``minimum``."""
    if not isinstance(value, str):
        raise at.error(f"expected a duration such as 30m, got {describe(value)}")
    try:
        result = parse_duration(value)
    except ValueError as exc:
        raise at.error(str(exc)) from None
    if result < minimum:
        raise at.error(f"must be at least {format_duration(minimum)}, got {value!r}")
    return result


def references(value: object, at: At, known: frozenset[str], what: str) -> tuple[str, ...]:
    """A list of ids, each of which must name a declared ``what`` (entity, feed)."""
    ids = texts(value, at)
    for i, ident in enumerate(ids):
        if ident not in known:
            raise at.index(i).error(f"unknown {what} {ident!r}")
    return ids
