"""What can go wrong talking to the homeserver, sorted by whether waiting helps."""

from __future__ import annotations

import asyncio

from aiohttp import ClientError
from nio.exceptions import LocalProtocolError, SendRetryError

from bot.matrix.loop import LoopStopped
from watchers.errors import PolicywatchError


class LoginError(PolicywatchError):
    """The homeserver refused the bot's credentials; trying again will not help."""


class Unavailable(PolicywatchError):
    """The homeserver could not be reached or answered with a temporary error."""


# Raised by nio or aiohttp when a request does not get through; all pass with time.
TRANSIENT: tuple[type[BaseException], ...] = (
    ClientError,
    OSError,
    asyncio.TimeoutError,
    LocalProtocolError,
    SendRetryError,
    Unavailable,
    LoopStopped,
)

REFUSED_CREDENTIALS = frozenset({"M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN"})

# Everything that leaves an outgoing message unsent and worth sending again later.
NOT_SENT: tuple[type[BaseException], ...] = (LoginError, *TRANSIENT)
