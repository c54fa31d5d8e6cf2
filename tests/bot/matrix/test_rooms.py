"""Room creators: unlimited power in rooms of version 12 and later."""

from __future__ import annotations

import pytest
from nio import MatrixRoom

from bot.matrix.rooms import CREATOR_POWER, creators_of, creators_privileged, power_of


def test_creators_are_the_sender_and_the_additional_creators() -> None:
    event = {
        "sender": "@a:x.org",
        "content": {"room_version": "12", "additional_creators": ["@b:x.org", 7]},
    }
    assert creators_of(event) == {"@a:x.org", "@b:x.org"}
    assert creators_of({"sender": "@a:x.org", "content": {}}) == {"@a:x.org"}


@pytest.mark.parametrize(
    ("version", "privileged"),
    [
        ("1", False),
        ("10", False),
        ("11", False),
        ("12", True),
        ("13", True),
        ("org.matrix.hydra.11", True),
        ("org.example.custom", False),
    ],
)
def test_which_room_versions_privilege_creators(version: str, privileged: bool) -> None:
    assert creators_privileged(version) is privileged


def test_power_comes_from_power_levels_unless_a_creator_of_a_new_room() -> None:
    room = MatrixRoom("!r", "@bot:x.org")
    room.power_levels.users = {"@mod:x.org": 50}
    creators = frozenset({"@a:x.org"})
    assert power_of(room, "@mod:x.org", creators) == 50
    assert power_of(room, "@a:x.org", creators) == 0  # version 1: creators are not special
    room.room_version = "12"
    assert power_of(room, "@a:x.org", creators) == CREATOR_POWER
    assert power_of(None, "@a:x.org", creators) == 0
