"""The one error hierarchy of policywatch."""

from __future__ import annotations

from datetime import timedelta


class PolicywatchError(Exception):
    """Base of every error policywatch raises on purpose."""


class ConfigError(PolicywatchError):
    """A config file is invalid. ``where`` names the file and the path inside it."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file = file
        self.path = path
        self.message = message
        where = f"{file}: {path}" if path else file
        super().__init__(f"{where}: {message}")


class FetchError(PolicywatchError):
    """A feed could not be fetched (network, HTTP status, size, timeout).

    ``status`` is the HTTP status, 0 when no response was read. ``retry_after``
    is how long the server asked us to wait (429 and 503 responses), if it said.
    ``kind`` groups failures for metrics and the doctor: timeout, network, http,
    redirect, address (refused by the address guard), too_large, body (bad encoding or
    compression), file or url; by
    default http when a status was read, else network.
    """

    def __init__(
        self,
        url: str,
        message: str,
        *,
        status: int = 0,
        retry_after: timedelta | None = None,
        kind: str = "",
    ) -> None:
        self.url = url
        self.status = status
        self.kind = kind or ("http" if status else "network")
        self.retry_after = retry_after
        super().__init__(f"{url}: {message}")


class AddressRefused(PolicywatchError):
    """A fetch would have connected to an address the address guard refuses.

    ``host`` is the host name as the URL gave it; the message says which address it
    resolved to and why that address is refused.
    """

    def __init__(self, host: str, message: str) -> None:
        self.host = host
        super().__init__(message)


class FeedParseError(PolicywatchError):
    """A feed body is not a feed that can be read."""

    kind = "parse"

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        self.message = message
        super().__init__(f"{url}: {message}")

    def __reduce__(self) -> tuple[type[FeedParseError], tuple[str, str]]:
        # Raised in a parser process (bot.parsers) and raised again in the service's.
        return FeedParseError, (self.url, self.message)


class CommandError(PolicywatchError):
    """A chat command was used wrongly; the message is shown to the user."""


class LeaseLost(PolicywatchError):
    """Another instance holds a feed's poll lease now, so this poll's outcome is not stored.

    It happens when an instance stalled or lost the database for longer than the lease
    and another took the feed over; the other instance's poll is the one that counts.
    """

    def __init__(self, feed_id: str) -> None:
        self.feed_id = feed_id
        super().__init__(f"feed {feed_id}: its poll lease was taken over; nothing stored")
