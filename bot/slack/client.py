"""Web API clients, all pointed at the same base URL."""

from __future__ import annotations

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


def credential_check(settings: SlackSettings) -> CredentialCheck:
    """auth.test with the bot token: refused names ``SLACK_BOT_TOKEN``; unreachable retries."""
    client = make_client(settings, retry_rate_limits=True)

    def check() -> None:
        try:
            client.auth_test()
        except SlackApiError as error:
            code = str(error.response.get("error", ""))
            if code in REFUSED_TOKEN:
                raise CredentialsError(
                    f"Slack refused SLACK_BOT_TOKEN ({code}): set it to the app's Bot User "
                    "OAuth Token (xoxb-…) from api.slack.com/apps → OAuth & Permissions"
                ) from None
            raise NotReached(f"auth.test failed: {code or error}") from None
        except (SlackClientError, OSError) as error:
            raise NotReached(str(error) or type(error).__name__) from None

    return CredentialCheck("Slack", check)
