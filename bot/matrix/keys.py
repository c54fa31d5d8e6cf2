"""Encryption upkeep of the bot's device, done after each sync.

The device must publish its keys (so people's clients can encrypt commands for it), learn
the devices of the members of its encrypted rooms, claim one-time keys to open sessions
with new devices, and send the room keys it has queued for them.
"""

from __future__ import annotations

import logging

from nio import AsyncClient
from nio.exceptions import LocalProtocolError

log = logging.getLogger(__name__)


async def upkeep(client: AsyncClient) -> None:
    """Do whatever key work ``client`` says is due; nothing without encryption.

    Raises:
        aiohttp.ClientError, TimeoutError: the homeserver could not be reached; the next
            sync tries again.
    """
    if client.olm is None:
        return
    try:
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()
    except LocalProtocolError as error:
        # A send to an encrypted room did the same work a moment ago.
        log.debug("Matrix key upkeep skipped: %s", error)
