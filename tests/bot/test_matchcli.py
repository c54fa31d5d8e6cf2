"""``policywatch match``: what an admin sees when checking an alias."""

from __future__ import annotations

import io
import json

import pytest

from bot.cli import main


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))


def covered(record: dict[str, object], fields: dict[str, str]) -> list[tuple[str, str, str]]:
    """(entity, alias, original text covered) of each mention in a written record."""
    mentions = record["mentions"]
    assert isinstance(mentions, list)
    return [(m["entity"], m["alias"], fields[m["field"]][m["start"] : m["end"]]) for m in mentions]


def test_items_from_a_file_give_one_line_each_with_offsets_into_the_original(
    tmp_path, capsys
) -> None:
    items = [
        {"id": "hk", "title": "網信辦約談平台", "text": "馬興瑞不再兼任新疆黨委書記。"},
        {"id": 7, "text": "The Cyber-\nspace Administration of China (CAC) met; the CAC said"},
        {"id": "cut", "title": "清华为什么", "text": "其中共享数据的平台"},
    ]
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items))
    assert main(["match", str(path)]) == 0
    out = lines(capsys.readouterr().out)
    assert [r["id"] for r in out] == ["hk", 7, "cut"]
    hk = {"title": items[0]["title"], "text": items[0]["text"]}
    assert covered(out[0], hk) == [
        ("cac", "网信办", "網信辦"),
        ("ma_xingrui", "马兴瑞", "馬興瑞"),
        ("xinjiang", "新疆", "新疆"),
    ]
    assert [m["field"] for m in out[0]["mentions"]] == ["title", "text", "text"]
    cac = covered(out[1], {"title": "", "text": str(items[1]["text"])})
    assert cac == [
        ("cac", "Cyberspace Administration of China", "Cyber-\nspace Administration of China"),
        ("cac", "CAC", "CAC"),
        ("cac", "CAC", "CAC"),
    ]
    assert out[2]["mentions"] == []
    assert set(out[0]["mentions"][0]) == {"entity", "alias", "field", "start", "end"}


def test_stdin_is_read_when_no_file_is_given(monkeypatch, capsys) -> None:
    feed_stdin(monkeypatch, '{"id": "a", "title": "", "text": "国家发展改革委印发"}\n')
    assert main(["match"]) == 0
    assert lines(capsys.readouterr().out) == [
        {
            "id": "a",
            "mentions": [
                {"entity": "ndrc", "alias": "国家发展改革委", "field": "text", "start": 0, "end": 7}
            ],
        }
    ]


def test_one_text_given_on_the_command_line(capsys) -> None:
    assert main(["match", "--text", "腾讯、阿里等平台企业"]) == 0
    out = lines(capsys.readouterr().out)
    assert out[0]["id"] is None
    assert [m["entity"] for m in out[0]["mentions"]] == ["tencent", "alibaba"]


def test_bad_lines_are_named_and_skipped_and_the_exit_status_is_2(monkeypatch, capsys) -> None:
    feed_stdin(
        monkeypatch,
        '{"id": "a", "text": "the CAC and 网信办"}\n'
        "not json\n"
        "\n"
        '["a list"]\n'
        '{"id": "b"}\n'
        '{"id": "c", "text": 5}\n'
        '{"id": "d", "title": null, "text": "国家数据局"}\n',
    )
    assert main(["match", "-"]) == 2
    captured = capsys.readouterr()
    assert [r["id"] for r in lines(captured.out)] == ["a", "d"]
    errors = captured.err.splitlines()
    assert errors == [
        "policywatch: <stdin>:2: not JSON: Expecting value (column 1)",
        "policywatch: <stdin>:4: expected a JSON object, not list",
        "policywatch: <stdin>:5: missing text",
        "policywatch: <stdin>:6: text must be a string",
    ]


def test_a_missing_file_or_bytes_that_are_not_utf8_exit_2(tmp_path, capsys) -> None:
    assert main(["match", str(tmp_path / "absent.jsonl")]) == 2
    assert "absent.jsonl: cannot read" in capsys.readouterr().err
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(b'{"id": "a", "text": "caf\xe9"}\n')
    assert main(["match", str(latin)]) == 2
    assert f"{latin}: not UTF-8 text" in capsys.readouterr().err
