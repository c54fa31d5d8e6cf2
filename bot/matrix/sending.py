"""Sending one event with a fixed transaction id, waiting out short rate limits.

The transaction id makes the send idempotent: the homeserver answers a repeat (same
device, same id) with the event it stored the first time instead of storing another.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from nio import AsyncClient, ErrorResponse, RoomSendResponse

from bot.delivery import DeliveryError
from bot.matrix.errors import TRANSIENT

log = logging.getLogger(__name__)

LIMIT_EXCEEDED = "M_LIMIT_EXCEEDED"
# Rate-limit waits up to this long happen in place; longer ones go back to the outbox.
MAX_INLINE_WAIT = timedelta(seconds=10)
INLINE_WAITS = 5


async def send_event(
    client: AsyncClient,
    room_id: str,
    content: dict[str, Any],
    txn_id: str,
    *,
    max_inline_wait: timedelta = MAX_INLINE_WAIT,
) -> str:
    """Send ``content`` as an ``m.room.message`` with ``txn_id``; return the event id.

    Encrypted rooms get it encrypted, for every device of their members (see docs/matrix.md
    on trust). ``M_LIMIT_EXCEEDED`` with a short ``retry_after_ms`` is waited out here.

    Raises:
        DeliveryError: the homeserver refused or could not be reached; ``retry_after`` is
            what it asked for, if anything.
    """
    for _ in range(INLINE_WAITS + 1):
        try:
            answer: Any = await client.room_send(
                room_id, "m.room.message", content, tx_id=txn_id, ignore_unverified_devices=True
            )
        except TRANSIENT as error:
            raise DeliveryError(f"{room_id}: {type(error).__name__}: {error}") from error
        if isinstance(answer, RoomSendResponse):
            return str(answer.event_id)
        wait = retry_after(answer)
        if wait is None or wait > max_inline_wait:
            raise DeliveryError(f"{room_id}: {answer}", retry_after=wait)
        log.info("Matrix: rate-limited in %s; waiting %.1fs", room_id, wait.total_seconds())
        await asyncio.sleep(wait.total_seconds())
    raise DeliveryError(f"{room_id}: still rate-limited after {INLINE_WAITS} waits", wait)


def retry_after(answer: object) -> timedelta | None:
    """How long a rate-limit refusal asks to wait; None for any other answer."""
    if not isinstance(answer, ErrorResponse) or answer.status_code != LIMIT_EXCEEDED:
        return None
    return timedelta(milliseconds=answer.retry_after_ms or 1000)
