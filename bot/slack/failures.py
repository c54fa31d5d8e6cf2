"""What a failed Slack Web API call means for the outbox: a :class:`DeliveryError`.

A 429 carries Slack's ``Retry-After``; a 5xx and a refusal (``not_in_channel``…) say
what happened, a refusal with a hint at the fix when there is a usual one.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from slack_sdk.web import SlackResponse

from bot.delivery import DeliveryError

_HINTS = {
    "not_in_channel": "invite the bot to the channel (/invite @policywatch)",
    "channel_not_found": "check the route's destination; private channels need the bot invited",
    "invalid_auth": "SLACK_BOT_TOKEN is not valid",
    "not_authed": "SLACK_BOT_TOKEN is missing",
    "is_archived": "the channel is archived",
}


def delivery_error(response: SlackResponse) -> DeliveryError:
    """What a failed Web API call means for the outbox."""
    status = response.status_code
    code = error_code(response)
    if status == 429:
        wait = _retry_after(response.headers)
        return DeliveryError(f"Slack rate limit; retry after {wait.total_seconds():g}s", wait)
    if status >= 500:
        return DeliveryError(f"Slack answered HTTP {status} ({code or 'no error code'})")
    hint = f"; {_HINTS[code]}" if code in _HINTS else ""
    return DeliveryError(f"Slack refused the digest: {code or f'HTTP {status}'}{hint}")


def error_code(response: SlackResponse) -> str:
    """Slack's ``error`` code in a failed answer (``not_in_channel``), or ``""``."""
    return str(response.get("error") or "") if isinstance(response.data, dict) else ""


def _retry_after(headers: Any) -> timedelta:
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            text = str(value[0] if isinstance(value, list) else value).strip()
            if text.isdigit():
                return timedelta(seconds=int(text))
    return timedelta(seconds=30)
