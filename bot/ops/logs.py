"""Logging for the command line: levels, quiet third-party loggers, and JSON lines.

``POLICYWATCH_LOG_FORMAT=json`` writes one JSON object per line. The ids of what
is being worked on (feed, item, route, digest) are fields of their own, set for a
block of work with ``log_fields`` or for one call with ``extra=``; the text format
shows them as ``key=value`` after the message.
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TextIO

from watchers.errors import ConfigError

FIELDS = ("feed", "item", "route", "digest")
FORMATS = ("text", "json")
OWN = ("policywatch", "bot", "watchers")
# Loggers that warn about what is no operator's business at the default level: nio
# warns about every event from the homeserver that fails its schema validation.
NOISY = {"nio": logging.ERROR}

_fields: contextvars.ContextVar[Mapping[str, str] | None] = contextvars.ContextVar(
    "policywatch_log_fields", default=None
)


@contextmanager
def log_fields(**ids: object) -> Iterator[None]:
    """Attach ``ids`` (feed=..., route=...) to every record logged in the block."""
    token = _fields.set({**(_fields.get() or {}), **{k: str(v) for k, v in ids.items()}})
    try:
        yield
    finally:
        _fields.reset(token)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time (it is swapped in tests)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


_handler: logging.Handler | None = None


class _AddFields(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in (_fields.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, the ids, any exception."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        out.update(_ids(record))
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(f"{k}={v}" for k, v in _ids(record).items())
        return f"{line} [{ids}]" if ids else line


def _ids(record: logging.LogRecord) -> dict[str, str]:
    return {k: str(getattr(record, k)) for k in FIELDS if getattr(record, k, None) is not None}


def log_format(env: Mapping[str, str]) -> str:
    """``POLICYWATCH_LOG_FORMAT``: text (the default) or json."""
    value = env.get("POLICYWATCH_LOG_FORMAT", "").strip().lower() or "text"
    if value not in FORMATS:
        raise ConfigError(
            "environment", "POLICYWATCH_LOG_FORMAT", f"expected text or json, got {value!r}"
        )
    return value


def configure_logging(verbosity: int, fmt: str, stream: TextIO | None = None) -> None:
    """Add policywatch's handler to the root logger (replacing its own earlier one).

    Default: policywatch's own INFO and up, other libraries WARNING and up (so no
    APScheduler tick is logged) and NOISY quieter still. ``-v`` lets every library's
    INFO through; ``-vv`` is DEBUG everywhere.
    """
    global _handler
    handler = logging.StreamHandler(stream) if stream else _StderrHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(_AddFields())
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    root.addHandler(handler)
    _handler = handler
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    root.setLevel(levels[min(verbosity, 2)])
    for name in OWN:
        logging.getLogger(name).setLevel(logging.DEBUG if verbosity > 1 else logging.INFO)
    for name, level in NOISY.items():
        logging.getLogger(name).setLevel(level if verbosity == 0 else logging.NOTSET)


def brief(error: BaseException) -> str:
    """An error's first line (a database error's text goes on with the SQL and a link)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
