"""Reading JSON lines given to the command line (``policywatch stance`` and ``match``).

Each record is checked where it is read, so that a bad line is reported by its
source and line number ("items.jsonl:7: missing text") rather than failing later
with nothing to go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from watchers.errors import PolicywatchError


class InputError(PolicywatchError):
    """A JSON-lines input is malformed; the message names the source and line."""


def parse_record(
    line: str, where: str, required: Sequence[str], strings: Sequence[str] = ()
) -> dict[str, Any]:
    """The JSON object on ``line``, which must hold every ``required`` key and, for each
    of ``strings`` it holds, a string or null; ``where`` ("file:line") names it in errors.
    """
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: expected a JSON object, not {type(record).__name__}")
    missing = [k for k in required if k not in record]
    if missing:
        raise InputError(f"{where}: missing {', '.join(missing)}")
    wrong = [k for k in strings if record.get(k) is not None and not isinstance(record[k], str)]
    if wrong:
        raise InputError(f"{where}: {', '.join(wrong)} must be a string")
    return record


def numbered_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` for each line that is not blank, numbered from 1."""
    return ((n, line) for n, line in enumerate(lines, start=1) if line.strip())


def read_jsonl(
    path: Path, required: Sequence[str], strings: Sequence[str] = ()
) -> Iterator[dict[str, Any]]:
    """Each record of the file at ``path`` (see :func:`parse_record`); stops at the first
    bad line with an :class:`InputError`, and at an unreadable file with one too."""
    try:
        with path.open(encoding="utf-8") as f:
            for number, line in numbered_lines(f):
                yield parse_record(line, f"{path}:{number}", required, strings)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason})") from None
