"""Web API clients, all pointed at the same base URL."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler

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
