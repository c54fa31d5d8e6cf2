"""Web API clients, all pointed at the same base URL."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler

from bot.credentials import CredentialCheck, CredentialsError, NotReached
from bot.slack.settings import SlackSettings

TIMEOUT = 15


def make_client(settings: SlackSettings, *, retry_rate_limits: bool) -> WebClient:
    """A client for the bot token.

    The digest sink passes ``retry_rate_limits=False``: the outbox reschedules a failed
    send itself, so the client must fail fast rather than wait. Command replies wait
    out a rate limit (twice at most) because someone is waiting for them.
    """
    handlers: list[RetryHandler] = (
        [RateLimitErrorRetryHandler(max_retry_count=2)] if retry_rate_limits else []
    )
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url or WebClient.BASE_URL,
        timeout=TIMEOUT,
        retry_handlers=handlers,
    )


# Answers of auth.test that mean the token itself is wrong; any other error may pass.
REFUSED_TOKEN = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)


_BOT_TOKEN_FIX = (
    "set it to the app's Bot User OAuth Token (xoxb-…) from api.slack.com/apps → OAuth & "
    "Permissions"
)
_APP_TOKEN_FIX = (
    "set it to an app-level token (xapp-…) with the connections:write scope, from "
    "api.slack.com/apps → Basic Information → App-Level Tokens"
)


def credential_check(settings: SlackSettings) -> CredentialCheck:
    """auth.test with the bot token, and in Socket Mode apps.connections.open with the
    app-level token: a refused token is named (``SLACK_BOT_TOKEN``, ``SLACK_APP_TOKEN``);
    an unreachable Slack is asked again."""
    client = make_client(settings, retry_rate_limits=True)
    app = WebClient(
        token=settings.app_token,
        base_url=settings.api_url or WebClient.BASE_URL,
        timeout=TIMEOUT,
    )

    def check() -> None:
        _ask("SLACK_BOT_TOKEN", _BOT_TOKEN_FIX, client.auth_test)
        if settings.mode == "socket" and settings.app_token:
            _ask(
                "SLACK_APP_TOKEN",
                _APP_TOKEN_FIX,
                lambda: app.apps_connections_open(app_token=settings.app_token),
            )

    return CredentialCheck("Slack", check)


def _ask(variable: str, fix: str, method: Callable[[], object]) -> None:
    """Call a Web API method that proves a token, raising CredentialsError naming the
    variable when Slack refuses the token and NotReached when Slack cannot be asked."""
    try:
        method()
    except SlackApiError as error:
        code = str(error.response.get("error", ""))
        if code in REFUSED_TOKEN:
            raise CredentialsError(f"Slack refused {variable} ({code}): {fix}") from None
        raise NotReached(f"Slack refused a check of {variable}: {code or error}") from None
    except (SlackClientError, OSError) as error:
        raise NotReached(str(error) or type(error).__name__) from None
