"""Joining the rooms the bot is invited to by people it trusts, and refusing the rest."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nio import AsyncClient, InviteMemberEvent, JoinResponse, RoomLeaveResponse

from bot.matrix.errors import TRANSIENT
from bot.matrix.settings import InviterRules

log = logging.getLogger(__name__)


def inviter_of(invite_state: Iterable[Mapping[str, Any]], bot_user_id: str) -> str | None:
    """Who invited the bot, read from an invited room's stripped state; None if unknown."""
    for event in invite_state:
        content = event.get("content")
        if (
            event.get("type") == "m.room.member"
            and event.get("state_key") == bot_user_id
            and isinstance(content, Mapping)
            and content.get("membership") == "invite"
        ):
            sender = event.get("sender")
            return sender if isinstance(sender, str) else None
    return None


def member_event(event: InviteMemberEvent) -> dict[str, Any]:
    """A stripped membership event as JSON (nio keeps its content in attributes only)."""
    return {
        "type": "m.room.member",
        "sender": event.sender,
        "state_key": event.state_key,
        "content": {"membership": event.membership},
    }


class InviteHandler:
    """Answers invites: join when the inviter is allowed, reject otherwise.

    A join that fails for a passing reason is tried again with the next sync; the
    homeserver would not repeat the invite.
    """

    def __init__(self, bot_user_id: str, rules: Callable[[], InviterRules]) -> None:
        self._bot = bot_user_id
        self._rules = rules
        self._retry: dict[str, str] = {}

    async def handle(self, client: AsyncClient, invited: Mapping[str, Any]) -> None:
        """Answer the invites of one sync (nio's ``rooms.invite``) and any left to retry."""
        for room_id, info in invited.items():
            state = [member_event(e) for e in info.invite_state if isinstance(e, InviteMemberEvent)]
            await self._answer(client, room_id, inviter_of(state, self._bot))
        for room_id, inviter in list(self._retry.items()):
            await self._answer(client, room_id, inviter)

    async def _answer(self, client: AsyncClient, room_id: str, inviter: str | None) -> None:
        self._retry.pop(room_id, None)
        allowed = inviter is not None and self._rules().allows(inviter)
        try:
            answer: Any = await (client.join(room_id) if allowed else client.room_leave(room_id))
        except TRANSIENT as error:
            log.warning("Matrix: invite to %s not answered yet: %s", room_id, error)
            self._retry[room_id] = inviter or ""
            return
        if allowed and isinstance(answer, JoinResponse):
            log.info("Matrix: joined %s, invited by %s", room_id, inviter)
        elif not allowed and isinstance(answer, RoomLeaveResponse):
            log.warning("Matrix: refused the invite of %s to %s", inviter or "someone", room_id)
        else:
            log.warning("Matrix: answering the invite to %s failed: %s", room_id, answer)
