"""Where digests go: the console, a Slack channel or a Matrix room, written as one string."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_SLACK_CHANNEL = re.compile(r"#[a-z0-9][a-z0-9._-]{0,79}")
_SLACK_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
# Room ids carry their server before room version 12 and none from it on; aliases always do.
_MATRIX_ROOM = re.compile(r"![^:\s]+(?::[A-Za-z0-9.-]+(?::\d+)?)?|#[^:\s]+:[A-Za-z0-9.-]+(?::\d+)?")


class Platform(StrEnum):
    """The kinds of place a digest can be sent to."""

    CONSOLE = "console"
    SLACK = "slack"
    MATRIX = "matrix"


@dataclass(frozen=True)
class Destination:
    """Where a route posts: the console, a Slack channel (name or id) or a Matrix room."""

    platform: Platform
    address: str = ""

    def __str__(self) -> str:
        return f"{self.platform}:{self.address}" if self.address else str(self.platform)


def parse_destination(text: str) -> Destination:
    """Parse ``console``, ``slack:#channel``, ``slack:C0123`` or ``matrix:!room:server``.

    A Matrix room alias (``matrix:#room:server``) is accepted too. Raises ``ValueError``.
    """
    platform, _, address = text.strip().partition(":")
    if platform == "console" and not address:
        return Destination(Platform.CONSOLE)
    if platform == "slack" and (_SLACK_CHANNEL.fullmatch(address) or _SLACK_ID.fullmatch(address)):
        return Destination(Platform.SLACK, address)
    if platform == "matrix" and _MATRIX_ROOM.fullmatch(address):
        return Destination(Platform.MATRIX, address)
    raise ValueError(
        f"expected console, slack:#channel, slack:C0123 or matrix:!room:server, got {text!r}"
    )
