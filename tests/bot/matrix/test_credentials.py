"""A refused Matrix password or token stops ``policywatch run`` at start, naming it."""

from __future__ import annotations

import pytest

from bot.cli import main
from support.service import write_config
from support.synapse import Homeserver

pytestmark = pytest.mark.matrix


@pytest.mark.parametrize(
    ("variable", "value"),
    [("MATRIX_PASSWORD", "not-the-password"), ("MATRIX_ACCESS_TOKEN", "syt_not_a_token")],
)
def test_refused_credentials_stop_run_naming_the_variable(
    synapse: Homeserver, bot_factory, tmp_path, monkeypatch, capsys, variable, value
) -> None:
    user = bot_factory.register(synapse)
    for name in ("MATRIX_PASSWORD", "MATRIX_ACCESS_TOKEN", "SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("POLICYWATCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("POLICYWATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("POLICYWATCH_STANCE_MODEL", "none")
    monkeypatch.setenv("MATRIX_HOMESERVER", synapse.url)
    monkeypatch.setenv("MATRIX_USER_ID", user.user_id)
    monkeypatch.setenv(variable, value)
    config = write_config(tmp_path / "config", {})
    assert main(["run", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert f"Matrix refused {variable} for {user.user_id}" in err
    assert f"fix {variable}" in err
