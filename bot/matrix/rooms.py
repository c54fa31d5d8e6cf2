"""Power in a room: its power levels, and (from room version 12 on) its creators.

Room version 12 gives a room's creators a power above every power level, and they are
not listed in ``m.room.power_levels``; nio does not keep who they are, so the bot notes
them from the ``m.room.create`` events that syncs carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nio import MatrixRoom, RoomCreateEvent

# Above any power level a room can hold (canonical JSON integers stay below 2**53).
CREATOR_POWER = 2**53


def creators_of(create_event: Mapping[str, Any]) -> frozenset[str]:
    """The creators an ``m.room.create`` event names: its sender and ``additional_creators``."""
    content = create_event.get("content", {})
    extra = content.get("additional_creators", []) if isinstance(content, Mapping) else []
    names = [create_event.get("sender"), *(extra if isinstance(extra, list) else [])]
    return frozenset(name for name in names if isinstance(name, str))


def creators_privileged(room_version: str) -> bool:
    """Whether rooms of ``room_version`` give their creators unlimited power (12 and later)."""
    if room_version.isdigit():
        return int(room_version) >= 12
    return room_version.startswith("org.matrix.hydra.")


class RoomCreators:
    """The creators of each room seen in a sync, by room id."""

    def __init__(self) -> None:
        self._by_room: dict[str, frozenset[str]] = {}

    def note(self, joined: Mapping[str, Any]) -> None:
        """Remember the creators of the rooms in one sync's ``rooms.join``."""
        for room_id, info in joined.items():
            events: Iterable[Any] = [*info.state, *info.timeline.events]
            for event in events:
                if isinstance(event, RoomCreateEvent):
                    self._by_room[room_id] = creators_of(event.source)

    def get(self, room_id: str) -> frozenset[str]:
        return self._by_room.get(room_id, frozenset())


def power_of(room: MatrixRoom | None, user_id: str, creators: frozenset[str]) -> int:
    """The user's power in the room; 0 for a room the bot has no state of."""
    if room is None:
        return 0
    if user_id in creators and creators_privileged(str(room.room_version)):
        return CREATOR_POWER
    return int(room.power_levels.get_user_level(user_id))
