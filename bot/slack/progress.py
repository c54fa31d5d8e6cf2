"""The record of how far a digest's delivery to Slack got, kept in ``kv`` between attempts.

It lives under :data:`PROGRESS_PREFIX` plus the outbox entry's transaction id, as JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PROGRESS_PREFIX = "slack-progress:"


@dataclass(frozen=True)
class Progress:
    """How far a digest's delivery got: the channel (Slack's id once a part is posted,
    the route's address before), the ts of each posted part, and whether a post was
    under way (sent, its answer not recorded) when the record was last written."""

    channel: str = ""
    parts: tuple[str, ...] = ()
    in_flight: bool = False

    @property
    def thread(self) -> str | None:
        return self.parts[0] if self.parts else None

    def to_json(self) -> str:
        data = {"channel": self.channel, "parts": list(self.parts), "in_flight": self.in_flight}
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str | None) -> Progress:
        if not text:
            return cls()
        data = json.loads(text)
        parts = tuple(str(p) for p in data["parts"])
        return cls(str(data["channel"]), parts, bool(data.get("in_flight", False)))
