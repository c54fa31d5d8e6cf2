"""``policywatch stance`` on bad input: never a traceback, always file and line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from bot.stancecli import items_from


def write_jsonl(path: Path, rows: Sequence[object]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return str(path)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (None, None),
        ("2025-07-01", datetime(2025, 7, 1, tzinfo=UTC)),
        ("2025-07", datetime(2025, 7, 1, tzinfo=UTC)),
        ("2025-07 (approx.)", datetime(2025, 7, 1, tzinfo=UTC)),
        ("July 2025", datetime(2025, 7, 1, tzinfo=UTC)),
        ("2025年7月1日", datetime(2025, 7, 1, tzinfo=UTC)),
        (2025, datetime(2025, 1, 1, tzinfo=UTC)),
        ("sometime", None),
        (["2025"], None),
        (True, None),
    ],
)
def test_published_is_read_as_well_as_it_can_be(published: object, expected: object) -> None:
    item = items_from([{"id": "a", "text": "x", "published": published}])["a"]
    assert item.published == expected
    assert items_from([{"id": "b", "text": "x"}])["b"].published is None


def test_items_with_odd_dates_are_labelled(tmp_path, capsys) -> None:
    claims = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "c1", "text": "The CAC was founded in 2014."}]
    )
    dates = [None, "2025-07", "2025-07 (approx.)", "July 2025", "2025年7月1日", "n.d.", 7]
    rows: list[dict[str, object]] = [
        {"id": f"i{n}", "title": "CAC", "text": "The CAC met.", "published": d}
        for n, d in enumerate(dates)
    ]
    rows.append({"id": "nodate", "title": "CAC", "text": "The CAC met."})
    items = write_jsonl(tmp_path / "i.jsonl", rows)
    pairs = write_jsonl(
        tmp_path / "p.jsonl", [{"item_id": r["id"], "claim_id": "c1"} for r in rows]
    )
    assert (
        main(["stance", "--claims", claims, "--items", items, "--pairs", pairs, "--no-model"]) == 0
    )
    assert len(capsys.readouterr().out.splitlines()) == len(rows)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "2: not JSON: Expecting value (column 1)"),
        ('{"id": "b", "text": "x"', "2: not JSON: Expecting ',' delimiter (column 24)"),
        ('["b", "x"]', "2: expected a JSON object, not list"),
        ('{"text": "x"}', "2: missing id"),
        ('{"id": "b"}', "2: missing text"),
        ('{"id": "b", "text": ["x"]}', "2: text must be a string"),
        ('{"id": "b", "title": 3, "text": "x"}', "2: title must be a string"),
    ],
)
def test_a_bad_item_line_is_named_by_file_and_line(tmp_path, capsys, line, message) -> None:
    claims = write_jsonl(tmp_path / "c.jsonl", [{"id": "c1", "text": "x"}])
    items = tmp_path / "i.jsonl"
    items.write_text('{"id": "a", "text": "x"}\n' + line + "\n")
    assert main(["stance", "--claims", claims, "--items", str(items), "--no-model"]) == 2
    assert capsys.readouterr().err == f"policywatch: {items}:{message}\n"


def test_a_claim_without_text_and_a_missing_file_are_named(tmp_path, capsys) -> None:
    claims = write_jsonl(tmp_path / "c.jsonl", [{"id": "c1"}])
    items = write_jsonl(tmp_path / "i.jsonl", [{"id": "a", "text": "x"}])
    assert main(["stance", "--claims", claims, "--items", items, "--no-model"]) == 2
    assert f"{claims}:1: missing text" in capsys.readouterr().err
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "c1", "text": "x"}])
    absent = tmp_path / "absent.jsonl"
    assert main(["stance", "--claims", good, "--items", str(absent), "--no-model"]) == 2
    assert capsys.readouterr().err.startswith(f"policywatch: {absent}: cannot read")
