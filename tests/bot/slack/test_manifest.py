"""The shipped app manifest asks for what the bot uses, and nothing is left to guess."""

from pathlib import Path

import yaml

from bot.slack.destinations import PUBLIC_WRITE_SCOPE
from bot.slack.listeners import COMMAND

MANIFEST = Path(__file__).resolve().parents[3] / "deploy" / "slack" / "manifest.yaml"


def test_manifest_declares_the_command_scopes_events_and_socket_mode():
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    (command,) = manifest["features"]["slash_commands"]
    assert command["command"] == COMMAND and command["should_escape"] is False
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"chat:write", "commands", "usergroups:read", "users:read", "channels:read"} <= scopes
    assert {"app_mentions:read", "im:history", "im:write"} <= scopes
    # Routes to public channels the bot has not joined rely on it (bot.slack.destinations).
    assert PUBLIC_WRITE_SCOPE in scopes
    settings = manifest["settings"]
    assert settings["socket_mode_enabled"] is True
    assert settings["interactivity"]["is_enabled"] is True
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert len(manifest["display_information"]["name"]) <= 35
