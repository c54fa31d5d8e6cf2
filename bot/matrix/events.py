"""Reading commands out of Matrix events and writing replies: pure functions of event JSON.

Events are the plain dictionaries of the Client-Server API (``event.source`` in nio; the
decrypted payload for encrypted rooms), so these functions know nothing of the client.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from bot.render.matrix import defuse, reply_html
from watchers.config.schema import Settings


def command_text(event: Mapping[str, Any], prefix: str, bot_user_id: str) -> str | None:
    """The command line after ``prefix`` in a person's text message; None if it is none.

    ``!policywatch status`` gives ``"status"``; ``!policywatch`` alone gives ``""``. The
    bot's own messages, notices (other bots), and edits of earlier messages are not
    commands. A quoted reply fallback before the command is skipped.
    """
    content = event.get("content")
    if event.get("type") != "m.room.message" or not isinstance(content, Mapping):
        return None
    if event.get("sender") == bot_user_id or content.get("msgtype") != "m.text":
        return None
    relation = content.get("m.relates_to")
    if isinstance(relation, Mapping) and relation.get("rel_type") == "m.replace":
        return None
    body = content.get("body")
    if not isinstance(body, str):
        return None
    text = strip_reply_fallback(body).strip()
    rest = text[len(prefix) :]
    if not text.lower().startswith(prefix.lower()) or (rest and not rest[0].isspace()):
        return None
    return rest.strip()


def strip_reply_fallback(body: str) -> str:
    """``body`` without the ``> quoted`` lines older clients put before a reply."""
    lines = body.split("\n")
    if not lines[0].startswith("> "):
        return body
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).lstrip("\n")


def event_time_ms(event: Mapping[str, Any]) -> int:
    """The homeserver's timestamp of the event, in ms since the epoch (0 if missing)."""
    stamp = event.get("origin_server_ts")
    return stamp if isinstance(stamp, int) else 0


def is_admin(user_id: str, power_level: int, settings: Settings) -> bool:
    """Whether the user may run admin commands: allowlisted, or powerful enough in the room."""
    allowed = user_id in settings.admins.matrix_users
    return allowed or power_level >= settings.matrix.admin_power_level


def reply_content(
    text: str, asking: Mapping[str, Any], *, preformatted: bool = False
) -> dict[str, Any]:
    """An ``m.notice`` answering the ``asking`` event in its thread.

    A command outside a thread starts one at itself; one inside a thread is answered in
    that thread. Either way ``m.in_reply_to`` names the command, for clients without
    threads. Reply text mentions nobody, even if it quotes feed text.
    """
    relation = asking.get("content", {}).get("m.relates_to")
    asking_id = str(asking.get("event_id", ""))
    if isinstance(relation, Mapping) and relation.get("rel_type") == "m.thread":
        root, falling_back = str(relation.get("event_id", asking_id)), False
    else:
        root, falling_back = asking_id, True
    return {
        "msgtype": "m.notice",
        "body": defuse(text),
        "format": "org.matrix.custom.html",
        "formatted_body": reply_html(text, preformatted=preformatted),
        "m.mentions": {},
        "m.relates_to": {
            "rel_type": "m.thread",
            "event_id": root,
            "is_falling_back": falling_back,
            "m.in_reply_to": {"event_id": asking_id},
        },
    }


def reply_txn_id(event_id: str) -> str:
    """The transaction id of the reply to ``event_id``: the same on every attempt."""
    return "reply-" + hashlib.sha256(event_id.encode("utf-8")).hexdigest()[:32]
