"""Chat credentials checked once at start: refused ones stop the service, naming the variable.

A platform that cannot be reached is asked again after a growing pause (1 s, 2 s, 4 s …
up to a minute), for as long as it takes: an outage at start delays the chat commands
(``policywatch run`` polls and queues digests meanwhile), a wrong token or password
stops the service with a message saying which variable to fix.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from watchers.errors import PolicywatchError

log = logging.getLogger(__name__)

MAX_PAUSE = 60.0


class CredentialsError(PolicywatchError):
    """A platform refused a credential; the message names the environment variable."""


class NotReached(Exception):
    """The platform could not be asked (network, timeout, a server error): try again."""


@dataclass(frozen=True)
class CredentialCheck:
    """One platform's check: raises CredentialsError, NotReached, or returns when accepted."""

    platform: str
    check: Callable[[], None]


def pause_after(failures: int) -> float:
    return min(MAX_PAUSE, 2.0 ** max(0, failures - 1))


def verify(
    checks: list[CredentialCheck],
    *,
    sleep: Callable[[float], None] = time.sleep,
    attempts: int | None = None,
) -> None:
    """Run every check until its platform answers; raise the first CredentialsError.

    ``attempts`` bounds the tries per platform (None: no bound); when they run out the
    last NotReached is raised as a CredentialsError saying the platform was not reached.
    """
    for item in checks:
        failures = 0
        while True:
            try:
                item.check()
                break
            except NotReached as error:
                failures += 1
                if attempts is not None and failures >= attempts:
                    raise CredentialsError(
                        f"{item.platform} could not be reached: {error}"
                    ) from None
                pause = pause_after(failures)
                log.warning(
                    "%s not reached (%s); asking again in %.0fs", item.platform, error, pause
                )
                sleep(pause)
