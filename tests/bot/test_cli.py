"""The ``policywatch`` command as a new user runs it."""

import json
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from watchers.config.file import bundled_config_dir


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(d))
    monkeypatch.delenv("POLICYWATCH_DATABASE_URL", raising=False)
    monkeypatch.delenv("POLICYWATCH_CONFIG", raising=False)
    return d


def test_run_once_on_the_bundled_config_shows_every_kind_of_change(data_dir, capsys):
    assert main(["run", "--once"]) == 0
    out = capsys.readouterr().out
    assert "[CONTRADICTS]" in out and "[CORROBORATES]" in out and "[EDITED]" in out
    assert "== Mentions ==" in out and "  • " in out
    assert "evidence: “" in out and "claim " in out
    assert (data_dir / "policywatch.sqlite3").exists()
    # A second round finds nothing new to report.
    assert main(["run", "--once"]) == 0
    second = capsys.readouterr()
    assert "policywatch digest" not in second.out
    assert "No digest: no feed is due" in second.err


def test_a_bad_config_is_rejected_before_anything_runs(tmp_path, data_dir, capsys):
    config = tmp_path / "config"
    shutil.copytree(bundled_config_dir(), config)
    feeds = (config / "feeds.yaml").read_text(encoding="utf-8")
    (config / "feeds.yaml").write_text(feeds.replace("interval: 1m", "interval: soon", 1))
    assert main(["run", "--once", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "feeds.yaml: feeds[0].interval:" in err and "'soon'" in err
    assert not data_dir.exists()


def test_check_config(capsys):
    assert main(["check-config"]) == 0
    assert "entities" in capsys.readouterr().out


def test_stance_command_labels_given_pairs(tmp_path, capsys):
    def jsonl(name, rows):
        path = tmp_path / name
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        return str(path)

    claims = jsonl(
        "c.jsonl", [{"id": "c1", "text": "The Data Security Law took effect on September 1, 2021."}]
    )
    items = jsonl(
        "i.jsonl",
        [
            {
                "id": "a",
                "title": "DSL",
                "text": "The Data Security Law took effect on June 1, 2021.",
            },
            {"id": "b", "title": "数据安全法", "text": "《数据安全法》自2021年9月1日起施行。"},
            {"id": "c", "title": "Football", "text": "The match ended in a draw."},
        ],
    )
    pairs = jsonl("p.jsonl", [{"item_id": i, "claim_id": "c1"} for i in "abc"])
    assert main(["stance", "--claims", claims, "--items", items, "--pairs", pairs]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["stance"] for r in rows] == ["contradicts", "corroborates", "unrelated"]
    assert rows[0]["evidence"].startswith("The Data Security Law took effect on June 1")
    assert set(rows[0]) == {"item_id", "claim_id", "stance", "score", "evidence", "reason"}


def test_stance_input_errors_name_file_and_line(tmp_path, capsys):
    bad = tmp_path / "c.jsonl"
    bad.write_text('{"id": "c1", "text": "x"}\nnot json\n')
    items = tmp_path / "i.jsonl"
    items.write_text('{"id": "a", "title": "t", "text": "x"}\n')
    assert main(["stance", "--claims", str(bad), "--items", str(items)]) == 2
    assert f"{bad}:2: not JSON" in capsys.readouterr().err


def test_status_shows_feed_health(data_dir, capsys):
    main(["run", "--once"])
    capsys.readouterr()
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "demo_policy_wire_en: ok" in out and "Digests waiting to be sent: 0" in out


def test_export_config_round_trips(tmp_path, data_dir, capsys):
    out = tmp_path / "export"
    assert main(["export-config", str(out)]) == 0
    assert main(["check-config", "--config", str(out)]) == 0
    assert Path(out / "claims.yaml").exists()
