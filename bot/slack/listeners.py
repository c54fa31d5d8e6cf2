"""Slack payloads in, command replies out: the slash command, buttons, mentions and DMs.

Every input becomes a command line and a :class:`Caller` for the router, which decides
and checks permissions; a button press is the command it stands for (``mute 12``,
``relabel 12 CLAIM LABEL``). Replies go back the way the input came: through the
``response_url`` (ephemeral or in channel), in the mention's thread, or in the DM.
A reply too long for a few messages goes to the asker by direct message, in a thread.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from http.client import HTTPException
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.commands.base import Caller, Reply
from bot.commands.router import CommandRouter
from bot.render.slack import MUTE_ACTION, RELABEL_ACTION, parse_line_block_id
from bot.service import Service
from bot.slack.admins import AdminCheck
from bot.slack.replies import MAX_RESPONSE_PIECES, pieces, unwrap_markup
from watchers.storage.chatstate import claim_event

log = logging.getLogger(__name__)

COMMAND = "/policywatch"
_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")
# Slack's names for conversations that have no #name.
_NAMELESS = {"directmessage", "privategroup", "mpdm"}

Respond = Callable[..., Any]


class SlackChat:
    """The bolt listeners; ``register`` attaches them to an app."""

    def __init__(
        self, service: Service, router: CommandRouter, admins: AdminCheck, client: WebClient
    ) -> None:
        self.service = service
        self.router = router
        self.admins = admins
        self.client = client

    def register(self, app: App) -> None:
        app.command(COMMAND)(self.on_command)
        app.action(RELABEL_ACTION)(self.on_relabel)
        app.action(MUTE_ACTION)(self.on_mute)
        app.event("app_mention")(self.on_mention)
        app.event("message")(self.on_message)
        app.error(self.on_error)

    # -- inputs -------------------------------------------------------------------------

    def on_command(
        self, ack: Callable[[], Any], command: Mapping[str, Any], respond: Respond
    ) -> None:
        # Slack wants an answer within three seconds; the reply follows on response_url.
        ack()
        caller = self._caller(
            str(command["user_id"]),
            str(command.get("channel_id") or ""),
            event_id=str(command.get("trigger_id") or ""),
            room_names=_room_names(command.get("channel_name")),
        )
        self.run(str(command.get("text") or ""), caller, respond=respond)

    def on_relabel(self, ack: Callable[[], Any], body: Mapping[str, Any], respond: Respond) -> None:
        ack()
        action = body["actions"][0]
        ref = parse_line_block_id(str(action.get("block_id") or ""))
        correct = str((action.get("selected_option") or {}).get("value") or "")
        caller = self._action_caller(body)
        if ref is None or not correct:
            self.answer(
                Reply("That menu is not from a policywatch digest.", ok=False), caller, respond
            )
            return
        self.run(f"relabel {ref.item_id} {ref.claim_id} {correct}", caller, respond=respond)

    def on_mute(self, ack: Callable[[], Any], body: Mapping[str, Any], respond: Respond) -> None:
        ack()
        value = str(body["actions"][0].get("value") or "")
        caller = self._action_caller(body)
        if not value.isdigit():
            self.answer(
                Reply("That button is not from a policywatch digest.", ok=False), caller, respond
            )
            return
        self.run(f"mute {value}", caller, respond=respond)

    def on_mention(self, event: Mapping[str, Any], body: Mapping[str, Any]) -> None:
        if not self._first_time(body):
            return
        caller = self._caller(
            str(event.get("user") or ""),
            str(event.get("channel") or ""),
            event_id=str(body.get("event_id") or ""),
        )
        text = _LEADING_MENTION.sub("", str(event.get("text") or ""))
        self.run(text, caller, thread_ts=str(event.get("thread_ts") or event.get("ts") or ""))

    def on_message(self, event: Mapping[str, Any], body: Mapping[str, Any]) -> None:
        # Direct messages to the bot are commands; other messages are none of its business.
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        if not self._first_time(body):
            return
        caller = self._caller(
            str(event.get("user") or ""),
            str(event.get("channel") or ""),
            event_id=str(body.get("event_id") or ""),
        )
        self.run(str(event.get("text") or ""), caller, direct=True)

    def on_error(self, error: Exception, body: Mapping[str, Any]) -> None:
        log.error("Slack request failed: %r (type %s)", error, body.get("type"), exc_info=error)

    # -- running and answering -----------------------------------------------------------

    def run(
        self,
        text: str,
        caller: Caller,
        *,
        respond: Respond | None = None,
        thread_ts: str = "",
        direct: bool = False,
    ) -> None:
        reply = self.router.dispatch(unwrap_markup(text), caller)
        self.answer(reply, caller, respond, thread_ts=thread_ts, direct=direct)

    def answer(
        self,
        reply: Reply,
        caller: Caller,
        respond: Respond | None,
        *,
        thread_ts: str = "",
        direct: bool = False,
    ) -> None:
        """Post ``reply`` the way the request came; never raises (failures are logged)."""
        parts = pieces(reply.text, code=reply.preformatted)
        try:
            if len(parts) > MAX_RESPONSE_PIECES and not direct:
                self._direct_thread(caller.user_id, parts)
                note = (
                    f"The answer is long, so it went to you by direct message ({len(parts)} parts)."
                )
                parts = pieces(note)
                reply = Reply(note)
            for part in parts:
                self._post(part, reply, caller, respond, thread_ts, direct)
        except (SlackApiError, OSError, HTTPException, ValueError) as error:
            log.warning("could not answer %s in Slack: %s", caller.actor, error)

    def _post(
        self,
        text: str,
        reply: Reply,
        caller: Caller,
        respond: Respond | None,
        thread_ts: str,
        direct: bool,
    ) -> None:
        if respond is not None:
            kind = "ephemeral" if reply.ephemeral else "in_channel"
            respond(text=text, response_type=kind, replace_original=False)
        elif reply.ephemeral and not direct:
            self.client.chat_postEphemeral(
                channel=caller.room, user=caller.user_id, text=text, thread_ts=thread_ts or None
            )
        else:
            # A user id as channel is the bot's direct conversation with that user.
            channel = caller.user_id if direct else caller.room
            self.client.chat_postMessage(channel=channel, text=text, thread_ts=thread_ts or None)

    def _direct_thread(self, user_id: str, parts: list[str]) -> None:
        first = self.client.chat_postMessage(channel=user_id, text=parts[0])
        channel, ts = str(first["channel"]), str(first["ts"])
        for part in parts[1:]:
            self.client.chat_postMessage(channel=channel, text=part, thread_ts=ts)

    # -- callers -------------------------------------------------------------------------

    def _caller(
        self, user_id: str, room: str, *, event_id: str = "", room_names: tuple[str, ...] = ()
    ) -> Caller:
        return Caller(
            platform="slack",
            user_id=user_id,
            room=room,
            is_admin=bool(user_id) and self.admins.is_admin(user_id),
            event_id=event_id,
            room_names=room_names,
        )

    def _action_caller(self, body: Mapping[str, Any]) -> Caller:
        channel = body.get("channel") or {}
        return self._caller(
            str(body["user"]["id"]),
            str(channel.get("id") or ""),
            event_id=str(body.get("trigger_id") or ""),
            room_names=_room_names(channel.get("name")),
        )

    def _first_time(self, body: Mapping[str, Any]) -> bool:
        # Slack redelivers an event it thinks went unanswered; answer each once.
        event_id = str(body.get("event_id") or "")
        return not event_id or claim_event(
            self.service.store, f"slack:{event_id}", self.service.clock()
        )


def _room_names(name: object) -> tuple[str, ...]:
    """The ``#name`` a route destination may use for a channel; none for DMs and the like."""
    text = str(name or "")
    return (f"#{text}",) if text and text not in _NAMELESS else ()
