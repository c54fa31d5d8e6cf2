"""The Slack connection's settings, read from the environment (secrets live nowhere else).

``SLACK_BOT_TOKEN`` turns Slack on. Socket Mode (the default) needs ``SLACK_APP_TOKEN``
and no public URL; HTTP mode (``POLICYWATCH_SLACK_MODE=http``) needs
``SLACK_SIGNING_SECRET`` and listens on ``POLICYWATCH_HTTP_HOST`` (default 127.0.0.1)
port ``POLICYWATCH_HTTP_PORT`` (default 3000). ``POLICYWATCH_SLACK_API_URL`` points the
Web API elsewhere (a proxy, or a local fake in tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from watchers.errors import ConfigError

_WHERE = "environment"
MODES = ("socket", "http")
DEFAULT_PORT = 3000


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str
    mode: str = "socket"
    app_token: str = ""
    signing_secret: str = ""
    api_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = DEFAULT_PORT

    def __repr__(self) -> str:
        # Never print a token, even in a traceback's locals.
        return f"SlackSettings(mode={self.mode!r}, api_url={self.api_url!r})"


def slack_settings(env: Mapping[str, str]) -> SlackSettings | None:
    """The settings in ``env``, or None when ``SLACK_BOT_TOKEN`` is unset.

    Raises ConfigError naming the variable when one that is needed is missing or wrong.
    """
    token = env.get("SLACK_BOT_TOKEN", "").strip()
    if not token:
        return None
    mode = env.get("POLICYWATCH_SLACK_MODE", "socket").strip().lower() or "socket"
    if mode not in MODES:
        raise ConfigError(
            _WHERE, "POLICYWATCH_SLACK_MODE", f"expected socket or http, got {mode!r}"
        )
    settings = SlackSettings(
        bot_token=token,
        mode=mode,
        app_token=env.get("SLACK_APP_TOKEN", "").strip(),
        signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
        api_url=_api_url(env.get("POLICYWATCH_SLACK_API_URL", "")),
        http_host=env.get("POLICYWATCH_HTTP_HOST", "").strip() or "127.0.0.1",
        http_port=_port(env.get("POLICYWATCH_HTTP_PORT", "")),
    )
    if mode == "socket" and not settings.app_token.startswith("xapp-"):
        raise ConfigError(
            _WHERE, "SLACK_APP_TOKEN", "Socket Mode needs the app-level token (xapp-…)"
        )
    if mode == "http" and not settings.signing_secret:
        raise ConfigError(
            _WHERE, "SLACK_SIGNING_SECRET", "HTTP mode needs the app's signing secret"
        )
    return settings


def _api_url(value: str) -> str:
    url = value.strip()
    if not url:
        return ""
    if not url.startswith(("http://", "https://")):
        raise ConfigError(
            _WHERE, "POLICYWATCH_SLACK_API_URL", f"expected an http(s) URL, got {url!r}"
        )
    return url if url.endswith("/") else url + "/"


def _port(value: str) -> int:
    text = value.strip()
    if not text:
        return DEFAULT_PORT
    if not text.isdigit() or int(text) > 65535:
        raise ConfigError(_WHERE, "POLICYWATCH_HTTP_PORT", f"expected a port number, got {text!r}")
    return int(text)
