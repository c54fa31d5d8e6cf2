"""``policywatch match``: the mentions the matcher finds, so that admins can check an alias.

It reads items as JSON lines, ``{"id", "title", "text"}`` ("title" may be left
out), and writes one line per item::

    {"id": ..., "mentions": [{"entity": ID, "alias": ..., "field": "title" | "text",
                              "start": ..., "end": ...}]}

``alias`` is the alias as configured (or, for an abbreviation the item defines
itself, as the item writes it); ``start`` and ``end`` are offsets in characters (code
points) into the original title or text, whatever script or folding matched it. The
matching is :meth:`~watchers.matcher.Matcher.find_in_item`'s, as the service does it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from bot.jsonl import InputError, numbered_lines, parse_record
from watchers.config.file import load_config
from watchers.matcher import Matcher
from watchers.model import Item, Mention


def run_match(
    *, file: Path | None, text: str | None, config: Path, stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    """Match ``text`` (one item, id null), or each JSON line of ``file`` (``stdin`` when
    None or "-"). Returns 0, or 2 if any line was bad: each bad line is named on
    ``err`` and skipped, the others still matched.
    """
    matcher = Matcher.build(load_config(config).entities)
    if text is not None:
        _write(out, None, matcher.find_in_item(_item("", text)))
        return 0
    if file is None or str(file) == "-":
        return _match_lines(matcher, stdin, "<stdin>", out, err)
    try:
        with file.open(encoding="utf-8") as lines:
            return _match_lines(matcher, lines, str(file), out, err)
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None


def _match_lines(
    matcher: Matcher, lines: Iterable[str], source: str, out: TextIO, err: TextIO
) -> int:
    bad = 0
    try:
        for number, line in numbered_lines(lines):
            where = f"{source}:{number}"
            try:
                record = parse_record(line, where, ("id", "text"), ("title", "text"))
            except InputError as error:
                print(f"policywatch: {error}", file=err)
                bad += 1
                continue
            item = _item(record.get("title") or "", record["text"] or "")
            _write(out, record["id"], matcher.find_in_item(item))
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: not UTF-8 text ({error.reason})") from None
    return 2 if bad else 0


def _item(title: str, text: str) -> Item:
    return Item(feed_id="input", title=title, text=text, guid="input")


def _write(out: TextIO, item_id: Any, mentions: list[Mention]) -> None:
    record = {"id": item_id, "mentions": [_mention(m) for m in mentions]}
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()  # an admin piping one line at a time sees each answer at once


def _mention(m: Mention) -> dict[str, Any]:
    return {
        "entity": m.entity_id,
        "alias": m.alias,
        "field": m.field,
        "start": m.start,
        "end": m.end,
    }
