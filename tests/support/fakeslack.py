"""A local fake of Slack's Web API: a real HTTP server on 127.0.0.1 for tests.

``FakeSlack`` serves ``http://127.0.0.1:PORT/api/<method>`` (GET with a query string, or
POST with a form-encoded or JSON body, as ``slack_sdk.WebClient`` sends them) and
``/response/<id>`` for the ``response_url`` of slash commands and interactions. It checks
what Slack checks, in Slack's words: the bot token (``not_authed``, ``invalid_auth``), the
channel (``channel_not_found``, ``not_in_channel``, ``is_archived``; a private channel the
bot is not in does not exist for it, and ``chat:write.public`` lets it post to a public one
it has not joined), the content
(``no_text``, ``msg_too_long``, ``invalid_blocks`` with ``response_metadata.messages``,
``msg_blocks_too_long``; see ``support.blockkit_limits``), threads (``thread_not_found``) and,
for reading history, the bot's scopes (``missing_scope``; all granted unless ``scopes`` says).
Like Slack, every answer to a call made with the bot token names the token's scopes in the
``x-oauth-scopes`` header.

Messages keep the ``metadata`` they were posted with; ``conversations.history`` (top-level
messages, newest first) and ``conversations.replies`` (a thread, oldest first) return it when
asked with ``include_all_metadata``, and page with ``oldest``/``latest``/``inclusive``,
``limit`` and ``cursor`` as Slack does.

Accepted messages are kept per channel for assertions (``messages``, ``replies``), every
request is logged (``requests``), and failures are injected on demand: ``fail_next`` answers
the next API calls with 429 + ``Retry-After`` or a 5xx, ``go_down``/``come_back`` stop and
resume listening on the same port so a client sees connection refused in between.

The module also builds what Slack sends to the bot: ``slash_command_body``,
``block_action_body`` and ``signed_request_headers`` (``X-Slack-Signature`` v0).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from support.blockkit_limits import (
    BLOCKS_JSON_MAX,
    MESSAGE_TEXT_MAX,
    blocks_json_length,
    validate_blocks,
    validate_view,
)

JsonObject = dict[str, Any]

DEFAULT_TOKEN = "xoxb-1000000001-2000000002-policywatchfaketoken"
DEFAULT_SIGNING_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
DEFAULT_APP_TOKEN = "xapp-1-A0POLICY01-3000000003-policywatchfakeapptoken"
# Methods called with the app-level token (xapp-…) rather than the bot token.
APP_LEVEL_METHODS = frozenset({"apps.connections.open"})
VERIFICATION_TOKEN = "policywatch-fake-verification-token"
TEAM_ID = "T0POLICY01"
TEAM_DOMAIN = "policywatch-test"
API_APP_ID = "A0POLICY01"
BOT_USER_ID = "U0BOT00001"
BOT_ID = "B0BOT00001"
BOT_NAME = "policywatch"
TRIGGER_ID = "1700000000123.1000000001.0a1b2c3d4e5f60718293a4b5c6d7e8f9"
RESPONSE_URL_USES = 5

_TRIGGER_RE = re.compile(r"^\d+\.\d+\.[0-9a-f]+$")


@dataclass(frozen=True)
class Channel:
    """A conversation of the fake workspace; ``is_member`` is whether the bot is in it."""

    id: str
    name: str
    is_member: bool = True
    is_private: bool = False
    is_archived: bool = False
    members: frozenset[str] = frozenset()

    def as_slack(self) -> JsonObject:
        """The channel object as ``conversations.info``/``conversations.list`` return it."""
        is_im = self.id.startswith("D")
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not is_im and not self.is_private,
            "is_group": False,
            "is_im": is_im,
            "is_private": self.is_private,
            "is_archived": self.is_archived,
            "is_member": self.is_member,
            "num_members": len(self.members),
        }


@dataclass(frozen=True)
class User:
    """A person of the fake workspace."""

    id: str
    name: str
    real_name: str = ""
    is_admin: bool = False
    deleted: bool = False
    tz: str = "UTC"

    def as_slack(self) -> JsonObject:
        """The user object as ``users.info`` returns it."""
        real_name = self.real_name or self.name
        return {
            "id": self.id,
            "team_id": TEAM_ID,
            "name": self.name,
            "real_name": real_name,
            "deleted": self.deleted,
            "is_admin": self.is_admin,
            "is_owner": False,
            "is_bot": False,
            "tz": self.tz,
            "profile": {"real_name": real_name, "display_name": self.name},
        }


@dataclass(frozen=True)
class PostedMessage:
    """A message the fake accepted. ``visible_to`` is set for ephemeral messages only."""

    channel: str
    ts: str
    text: str
    blocks: list[Any] | None
    thread_ts: str | None
    user: str
    bot_id: str | None = BOT_ID
    visible_to: str | None = None
    edited: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)
    metadata: JsonObject | None = None

    def as_slack(self, *, with_metadata: bool = False) -> JsonObject:
        """The message object as Slack returns it (``chat.postMessage``'s ``message``; the
        history methods with ``with_metadata`` when asked for ``include_all_metadata``)."""
        message: JsonObject = {"type": "message", "user": self.user, "text": self.text}
        message["ts"] = self.ts
        if self.bot_id is not None:
            message["bot_id"] = self.bot_id
        if self.blocks is not None:
            message["blocks"] = self.blocks
        if self.thread_ts is not None:
            message["thread_ts"] = self.thread_ts
        if with_metadata and self.metadata is not None:
            message["metadata"] = self.metadata
        return message


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received and what it answered.

    ``method`` is the Web API method (``chat.postMessage``) or ``response_url``; ``body``
    holds the parsed arguments (query string and body); ``response`` the JSON answered.
    """

    method: str
    http_method: str
    path: str
    headers: Mapping[str, str]
    body: JsonObject
    status: int
    response: JsonObject


DEFAULT_CHANNELS = (
    Channel("C0DIGEST01", "policy-digest", members=frozenset({"U0ANALYST1", "U0EDITOR01"})),
    Channel("C0ALERTS01", "policy-alerts", members=frozenset({"U0ANALYST1"})),
    Channel("C0PRIVATE1", "policy-private", is_private=True, members=frozenset({"U0EDITOR01"})),
    Channel("C0RANDOM01", "random", is_member=False, members=frozenset({"U0ANALYST1"})),
    Channel("C0ARCHIVE1", "old-digest", is_archived=True),
)
DEFAULT_USERS = (
    User("U0ANALYST1", "analyst", "Lin Analyst", tz="Asia/Shanghai"),
    User("U0EDITOR01", "editor", "Sam Editor", is_admin=True),
    User("U0GONE0001", "former", "Former Member", deleted=True),
)
# Lets chat.postMessage post to public channels the bot has not joined.
PUBLIC_WRITE_SCOPE = "chat:write.public"
# The scopes the history methods need, by conversation kind (see ``_kind``).
HISTORY_SCOPES = {
    "public_channel": "channels:history",
    "private_channel": "groups:history",
    "im": "im:history",
}
DEFAULT_SCOPES = frozenset(
    {
        "chat:write",
        PUBLIC_WRITE_SCOPE,
        "commands",
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "im:write",
        "usergroups:read",
        "users:read",
        "channels:read",
        "groups:read",
    }
)
DEFAULT_USERGROUPS: Mapping[str, tuple[str, ...]] = {
    "S0EDITORS1": ("U0EDITOR01",),
    "S0ANALYST1": ("U0ANALYST1", "U0EDITOR01"),
}


class SlackError(Exception):
    """An error answer: ``{"ok": false, "error": code}`` plus Slack's detail messages."""

    def __init__(
        self,
        code: str,
        messages: Iterable[str] = (),
        status: int = 200,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.messages = list(messages)
        self.status = status
        self.extra = dict(extra or {})

    def payload(self) -> JsonObject:
        """The JSON body Slack answers with for this error (``extra``: fields such as
        ``missing_scope``'s ``needed`` and ``provided``)."""
        body: JsonObject = {"ok": False, "error": self.code, **self.extra}
        if self.messages:
            body["errors"] = [m.removeprefix("[ERROR] ") for m in self.messages]
            body["response_metadata"] = {"messages": self.messages}
        return body


@dataclass(frozen=True)
class _Failure:
    status: int
    retry_after: int | None
    body: JsonObject


def _failure(status: int, retry_after: int | None, body: JsonObject | None) -> _Failure:
    """An error answer: ``ratelimited`` (with ``Retry-After: 2`` unless given) for a 429,
    ``service_unavailable`` for a 503, ``internal_error`` otherwise, unless ``body``."""
    if status < 400:
        raise ValueError(f"a failure needs an error status, got {status}")
    if retry_after is None and status == 429:
        retry_after = 2
    default = {429: "ratelimited", 503: "service_unavailable"}.get(status, "internal_error")
    return _Failure(status, retry_after, body or {"ok": False, "error": default})


@dataclass(frozen=True)
class _Reply:
    status: int
    body: JsonObject
    method: str
    args: JsonObject
    headers: Mapping[str, str] = field(default_factory=dict)


class _Workspace:
    """The fake workspace's state and its Web API methods; callers hold the lock."""

    def __init__(
        self,
        *,
        token: str,
        app_token: str = DEFAULT_APP_TOKEN,
        channels: Iterable[Channel],
        users: Iterable[User],
        usergroups: Mapping[str, tuple[str, ...]],
        first_ts: str,
        text_limit: int,
        scopes: frozenset[str] = DEFAULT_SCOPES,
    ) -> None:
        self.token = token
        self.app_token = app_token
        self.scopes = scopes
        self.channels = {channel.id: channel for channel in channels}
        self.users = {user.id: user for user in users}
        self.usergroups = dict(usergroups)
        self.text_limit = text_limit
        self.messages: dict[str, list[PostedMessage]] = {}
        self.ephemerals: dict[str, list[PostedMessage]] = {}
        self.views: list[JsonObject] = []
        self.responses: dict[str, list[JsonObject]] = {}
        seconds, _, micros = first_ts.partition(".")
        self.next_micros = int(seconds) * 1_000_000 + int(micros[:6].ljust(6, "0"))
        self.methods: dict[str, Callable[[JsonObject], JsonObject]] = {
            "apps.connections.open": self.connections_open,
            "auth.test": self.auth_test,
            "chat.postMessage": self.post_message,
            "chat.postEphemeral": self.post_ephemeral,
            "chat.update": self.update,
            "conversations.history": self.conversations_history,
            "conversations.info": self.conversations_info,
            "conversations.list": self.conversations_list,
            "conversations.open": self.conversations_open,
            "conversations.replies": self.conversations_replies,
            "users.info": self.users_info,
            "usergroups.users.list": self.usergroup_users,
            "views.open": self.views_open,
        }

    def call(self, method: str, args: JsonObject, token: str | None) -> JsonObject:
        """Run one Web API method; raises ``SlackError`` for an error answer."""
        handler = self.methods.get(method)
        if handler is None:
            raise SlackError("unknown_method")
        if not token:
            raise SlackError("not_authed")
        expected = self.app_token if method in APP_LEVEL_METHODS else self.token
        if not hmac.compare_digest(token, expected):
            raise SlackError("invalid_auth")
        return {"ok": True, **handler(args)}

    # -- lookups and checks shared by methods ---------------------------------

    def next_ts(self) -> str:
        # 100 µs apart, like busy channels: unique and increasing, as Slack's ts are.
        self.next_micros += 100
        return f"{self.next_micros // 1_000_000}.{self.next_micros % 1_000_000:06d}"

    def resolve(self, ref: object, *, by_name: bool) -> Channel:
        """The channel for an ID, or (when ``by_name``) a ``#name``, a name or a user ID;
        only one the bot can see (see ``_visible``)."""
        if not isinstance(ref, str) or not ref:
            raise SlackError("channel_not_found")
        if ref in self.channels:
            found = [self.channels[ref]]
        elif not by_name:
            raise SlackError("channel_not_found")
        elif ref in self.users and not self.users[ref].deleted:
            return self.direct_channel(ref)
        else:
            name = ref.removeprefix("#")
            found = [channel for channel in self.channels.values() if channel.name == name]
        if not found or not _visible(found[0]):
            raise SlackError("channel_not_found")
        return found[0]

    def direct_channel(self, user_id: str) -> Channel:
        # Posting to a user ID lands in the bot's direct conversation with that user.
        dm_id = "D" + user_id[1:]
        if dm_id not in self.channels:
            self.channels[dm_id] = Channel(
                dm_id, user_id, is_private=True, members=frozenset({user_id})
            )
        return self.channels[dm_id]

    def writable(self, ref: object, *, public: bool = False) -> Channel:
        """A channel the bot may post in: one it is in or, when ``public`` (as for
        chat.postMessage) and its token has ``chat:write.public``, any public channel."""
        channel = self.resolve(ref, by_name=True)
        if channel.is_archived:
            raise SlackError("is_archived")
        if not channel.is_member and not (public and PUBLIC_WRITE_SCOPE in self.scopes):
            raise SlackError("not_in_channel")
        return channel

    def readable(self, ref: object) -> Channel:
        """A channel (by ID only) whose history the bot may read, as the history methods
        check it: the scope for its kind, then membership (a private channel the bot is not
        in does not exist for it)."""
        channel = self.resolve(ref, by_name=False)
        needed = HISTORY_SCOPES[_kind(channel)]
        if needed not in self.scopes:
            provided = ",".join(sorted(self.scopes))
            raise SlackError("missing_scope", extra={"needed": needed, "provided": provided})
        if not channel.is_member:
            raise SlackError("channel_not_found" if channel.is_private else "not_in_channel")
        return channel

    def user(self, ref: object) -> User:
        user = self.users.get(ref) if isinstance(ref, str) else None
        if user is None:
            raise SlackError("user_not_found")
        return user

    def content(self, args: JsonObject) -> tuple[str, list[Any] | None]:
        """The message's fallback ``text`` and ``blocks``, checked as Slack checks them."""
        text = args.get("text")
        if text is not None and not isinstance(text, str):
            raise SlackError(
                "invalid_arguments", ["[ERROR] must provide a string [json-pointer:/text]"]
            )
        blocks = _parse_json_argument(args.get("blocks"), "invalid_blocks_format", list)
        if not text and not blocks and not args.get("attachments"):
            raise SlackError("no_text")
        if blocks:
            errors = validate_blocks(blocks)
            if errors:
                raise SlackError("invalid_blocks", [error.render() for error in errors])
            if blocks_json_length(blocks) > BLOCKS_JSON_MAX:
                raise SlackError("msg_blocks_too_long")
        if text and len(text) > self.text_limit:
            raise SlackError("msg_too_long")
        return text or "", blocks

    def thread(self, channel: Channel, thread_ts: object) -> str | None:
        if thread_ts in (None, ""):
            return None
        if not any(m.ts == thread_ts for m in self.messages.get(channel.id, [])):
            raise SlackError("thread_not_found")
        return str(thread_ts)

    # -- methods --------------------------------------------------------------

    def connections_open(self, args: JsonObject) -> JsonObject:
        # A Socket Mode URL nobody listens on: the fake speaks no WebSocket.
        return {"url": "wss://127.0.0.1:9/link/?ticket=policywatch-fake"}

    def auth_test(self, args: JsonObject) -> JsonObject:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": TEAM_DOMAIN,
            "user": BOT_NAME,
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def post_message(self, args: JsonObject) -> JsonObject:
        channel = self.writable(args.get("channel"), public=True)
        text, blocks = self.content(args)
        thread_ts = self.thread(channel, args.get("thread_ts"))
        metadata = _metadata(args.get("metadata"))
        message = PostedMessage(
            channel.id,
            self.next_ts(),
            text,
            blocks,
            thread_ts,
            BOT_USER_ID,
            extra=_extra(args),
            metadata=metadata,
        )
        self.messages.setdefault(channel.id, []).append(message)
        return {"channel": channel.id, "ts": message.ts, "message": message.as_slack()}

    def post_ephemeral(self, args: JsonObject) -> JsonObject:
        channel = self.writable(args.get("channel"))
        user = self.user(args.get("user"))
        if user.id not in channel.members:
            raise SlackError("user_not_in_channel")
        text, blocks = self.content(args)
        thread_ts = self.thread(channel, args.get("thread_ts"))
        ts = self.next_ts()
        message = PostedMessage(
            channel.id,
            ts,
            text,
            blocks,
            thread_ts,
            BOT_USER_ID,
            visible_to=user.id,
            extra=_extra(args),
        )
        self.ephemerals.setdefault(channel.id, []).append(message)
        return {"message_ts": ts}

    def update(self, args: JsonObject) -> JsonObject:
        channel = self.resolve(args.get("channel"), by_name=False)
        stored = self.messages.get(channel.id, [])
        index = next((i for i, m in enumerate(stored) if m.ts == args.get("ts")), None)
        if index is None:
            raise SlackError("message_not_found")
        if stored[index].bot_id != BOT_ID:
            raise SlackError("cant_update_message")
        text, blocks = self.content(args)
        stored[index] = replace(stored[index], text=text, blocks=blocks, edited=True)
        message = stored[index]
        return {
            "channel": channel.id,
            "ts": message.ts,
            "text": text,
            "message": message.as_slack(),
        }

    def conversations_info(self, args: JsonObject) -> JsonObject:
        return {"channel": self.resolve(args.get("channel"), by_name=False).as_slack()}

    def conversations_list(self, args: JsonObject) -> JsonObject:
        kinds = set(str(args.get("types") or "public_channel").split(","))
        exclude_archived = str(args.get("exclude_archived", "")).lower() in ("1", "true")
        matching = [
            c.as_slack()
            for c in self.channels.values()
            if _kind(c) in kinds and _visible(c) and not (exclude_archived and c.is_archived)
        ]
        start = _cursor_offset(args.get("cursor"))
        limit = _page_limit(args.get("limit"))
        page = matching[start : start + limit]
        more = start + limit < len(matching)
        cursor = _encode_cursor(start + limit) if more else ""
        return {"channels": page, "response_metadata": {"next_cursor": cursor}}

    def conversations_open(self, args: JsonObject) -> JsonObject:
        users = str(args.get("users") or "").split(",")
        if len(users) != 1:
            raise SlackError("not_enough_users" if users == [""] else "too_many_users")
        user = self.user(users[0])
        if user.deleted:
            raise SlackError("user_disabled")
        return {"channel": {"id": self.direct_channel(user.id).id}}

    def conversations_history(self, args: JsonObject) -> JsonObject:
        channel = self.readable(args.get("channel"))
        stored = self.messages.get(channel.id, [])
        top_level = [m for m in stored if m.thread_ts is None]
        return _history_page(list(reversed(top_level)), args)

    def conversations_replies(self, args: JsonObject) -> JsonObject:
        channel = self.readable(args.get("channel"))
        stored = self.messages.get(channel.id, [])
        asked = next((m for m in stored if m.ts == args.get("ts")), None)
        if asked is None:
            raise SlackError("thread_not_found")
        # A reply's ts stands for its whole thread, as in Slack.
        root = asked.thread_ts or asked.ts
        return _history_page([m for m in stored if root in (m.ts, m.thread_ts)], args)

    def users_info(self, args: JsonObject) -> JsonObject:
        return {"user": self.user(args.get("user")).as_slack()}

    def usergroup_users(self, args: JsonObject) -> JsonObject:
        group = args.get("usergroup")
        if not isinstance(group, str) or group not in self.usergroups:
            raise SlackError("no_such_subteam")
        return {"users": list(self.usergroups[group])}

    def views_open(self, args: JsonObject) -> JsonObject:
        trigger_id = args.get("trigger_id")
        if not isinstance(trigger_id, str) or not _TRIGGER_RE.match(trigger_id):
            raise SlackError("invalid_trigger_id")
        view = _parse_json_argument(args.get("view"), "invalid_arguments", dict)
        errors = validate_view(view)
        if errors:
            raise SlackError("invalid_arguments", [error.render() for error in errors])
        opened = {**(view or {}), "id": f"V{len(self.views) + 1:09d}", "state": {"values": {}}}
        self.views.append(opened)
        return {"view": opened}

    def respond(self, response_id: str, body: JsonObject) -> None:
        """Record a post to a ``response_url``; Slack allows five per URL."""
        posted = self.responses.setdefault(response_id, [])
        if len(posted) >= RESPONSE_URL_USES:
            raise SlackError("used_url", status=404)
        try:
            # Deleting the original message is the one post that needs no content.
            if not body.get("delete_original"):
                self.content(body)
        except SlackError as error:
            raise SlackError(error.code, error.messages, status=400) from None
        posted.append(body)


def _parse_json_argument(value: object, error: str, kind: type) -> Any:
    """A JSON argument given as a value (JSON body) or as a JSON string (form body)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise SlackError(error) from None
    if not isinstance(value, kind):
        raise SlackError(error)
    return value


def _extra(args: JsonObject) -> JsonObject:
    known = {"channel", "text", "blocks", "thread_ts", "token", "user", "metadata"}
    return {key: value for key, value in args.items() if key not in known}


def _metadata(value: object) -> JsonObject | None:
    """Message metadata as Slack checks it: an ``event_type`` and an ``event_payload`` object."""
    metadata = _parse_json_argument(value, "invalid_metadata_format", dict)
    if metadata is None:
        return None
    if not isinstance(metadata.get("event_type"), str) or not metadata["event_type"]:
        raise SlackError("invalid_metadata_schema", ["[ERROR] missing required field: event_type"])
    if not isinstance(metadata.get("event_payload"), dict):
        raise SlackError(
            "invalid_metadata_schema", ["[ERROR] missing required field: event_payload"]
        )
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


def _history_page(messages: list[PostedMessage], args: JsonObject) -> JsonObject:
    """One page of ``messages`` (already in answer order) within ``oldest``/``latest``.

    Both bounds are exclusive unless ``inclusive`` is set, as in Slack; metadata is shown
    only with ``include_all_metadata``.
    """
    oldest = _ts_bound(args.get("oldest"), "invalid_ts_oldest")
    latest = _ts_bound(args.get("latest"), "invalid_ts_latest")
    inclusive = _flag(args.get("inclusive"))

    def within(ts: str) -> bool:
        value = _ts_value(ts)
        above = oldest is None or value > oldest or (inclusive and value == oldest)
        below = latest is None or value < latest or (inclusive and value == latest)
        return above and below

    matching = [m for m in messages if within(m.ts)]
    start = _cursor_offset(args.get("cursor"))
    limit = _page_limit(args.get("limit"))
    more = start + limit < len(matching)
    with_metadata = _flag(args.get("include_all_metadata"))
    return {
        "messages": [m.as_slack(with_metadata=with_metadata) for m in matching[start:][:limit]],
        "has_more": more,
        "response_metadata": {"next_cursor": _encode_cursor(start + limit) if more else ""},
    }


def _ts_value(ts: str) -> tuple[int, int]:
    seconds, _, micros = ts.partition(".")
    return int(seconds), int(micros.ljust(6, "0")[:6] or 0)


def _ts_bound(value: object, error: str) -> tuple[int, int] | None:
    if value in (None, ""):
        return None
    text = str(value)
    if not re.fullmatch(r"\d+(\.\d*)?", text):
        raise SlackError(error)
    return _ts_value(text)


def _flag(value: object) -> bool:
    return str(value).lower() in ("1", "true")


def _visible(channel: Channel) -> bool:
    """Whether the bot sees the channel at all: a private one only when it is a member."""
    return channel.is_member or not channel.is_private


def _kind(channel: Channel) -> str:
    if channel.id.startswith("D"):
        return "im"
    return "private_channel" if channel.is_private else "public_channel"


def _page_limit(value: object) -> int:
    if value in (None, "", 0):
        return 100
    if not str(value).isdigit():
        raise SlackError("invalid_limit")
    return min(max(int(str(value)), 1), 1000)


def _encode_cursor(offset: int) -> str:
    return f"offset:{offset}"


def _cursor_offset(cursor: object) -> int:
    if cursor in (None, ""):
        return 0
    text = str(cursor)
    if not text.startswith("offset:") or not text[7:].isdigit():
        raise SlackError("invalid_cursor")
    return int(text[7:])


def parse_arguments(
    http_method: str, query: str, content_type: str, raw: bytes
) -> tuple[JsonObject, bool]:
    """The request's arguments and whether its body was JSON.

    Raises ``SlackError`` (``invalid_json``, ``invalid_form_data``) for a body that Slack
    could not read either.
    """
    args: JsonObject = dict(parse_qsl(query, keep_blank_values=True))
    media_type = content_type.split(";")[0].strip().lower()
    if http_method != "POST" or not raw:
        return args, False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SlackError("invalid_form_data") from None
    if media_type == "application/json":
        try:
            body = json.loads(text)
        except ValueError:
            raise SlackError("invalid_json") from None
        if not isinstance(body, dict):
            raise SlackError("invalid_json")
        return {**args, **body}, True
    if media_type == "application/x-www-form-urlencoded":
        return {**args, **dict(parse_qsl(text, keep_blank_values=True))}, False
    raise SlackError("invalid_form_data")


def bearer_token(headers: Mapping[str, str], args: JsonObject, is_json: bool) -> str | None:
    """The token of a request: the ``Authorization: Bearer`` header, else the ``token``
    argument of a form body (Slack ignores a ``token`` inside a JSON body)."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), None)
    if auth is not None:
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None
    token = args.get("token")
    return token if isinstance(token, str) and not is_json else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, fake: FakeSlack) -> None:
        self.fake = fake
        super().__init__(("127.0.0.1", port), _Handler)


class _Handler(BaseHTTPRequestHandler):
    """Hands every request to the fake. Speaks HTTP/1.0 (the default), so each request
    has its own connection and ``go_down`` leaves no kept-alive connection served."""

    server: _Server

    def do_GET(self) -> None:
        self.server.fake._serve(self)

    def do_POST(self) -> None:
        self.server.fake._serve(self)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean; ``FakeSlack.requests`` is the log."""


class FakeSlack:
    """The fake Web API server. Use as a context manager, or ``start()``/``stop()``.

    ``url`` is the base URL for ``slack_sdk.WebClient(base_url=...)``; it stays the same
    across ``go_down``/``come_back``. All accessors return copies and are thread-safe.
    ``scopes`` are the bot token's scopes; the history methods check them, and
    chat.postMessage posts to public channels the bot is not in only with
    ``chat:write.public``.
    """

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        app_token: str = DEFAULT_APP_TOKEN,
        signing_secret: str = DEFAULT_SIGNING_SECRET,
        channels: Iterable[Channel] = DEFAULT_CHANNELS,
        users: Iterable[User] = DEFAULT_USERS,
        usergroups: Mapping[str, tuple[str, ...]] = DEFAULT_USERGROUPS,
        first_ts: str = "1700000000.000000",
        text_limit: int = MESSAGE_TEXT_MAX,
        scopes: Iterable[str] = DEFAULT_SCOPES,
    ) -> None:
        self.token = token
        self.app_token = app_token
        self.signing_secret = signing_secret
        self._lock = threading.Lock()
        self._workspace = _Workspace(
            token=token,
            app_token=app_token,
            channels=channels,
            users=users,
            usergroups=usergroups,
            first_ts=first_ts,
            text_limit=text_limit,
            scopes=frozenset(scopes),
        )
        self._failures: list[_Failure] = []
        self._failing: _Failure | None = None
        self._late: dict[str, float] = {}
        self._requests: list[RecordedRequest] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._port = 0

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> FakeSlack:
        """Listen on an ephemeral port of 127.0.0.1 (the same one again after a stop)."""
        if self._server is not None:
            raise RuntimeError("FakeSlack is already listening")
        self._server = _Server(self._port, self)
        self._port = self._server.server_address[1]
        # A short poll keeps stop() (which waits for the serving loop to notice) quick.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name=f"fakeslack-{self._port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening; requests then get connection refused. Idempotent."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def go_down(self) -> None:
        """Simulate an outage: stop listening until ``come_back``; state is kept."""
        self.stop()

    def come_back(self) -> None:
        """End an outage: listen again on the same port, so ``url`` still works."""
        self.start()

    @property
    def is_up(self) -> bool:
        return self._server is not None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        """Base URL of the Web API, e.g. ``http://127.0.0.1:PORT/api/``."""
        return f"http://127.0.0.1:{self._port}/api/"

    def response_url(self, response_id: str) -> str:
        """A ``response_url`` served by this fake; posts to it land in ``responses``."""
        return f"http://127.0.0.1:{self._port}/response/{response_id}"

    # -- failure injection ----------------------------------------------------

    def fail_next(
        self,
        n: int = 1,
        *,
        status: int = 429,
        retry_after: int | None = None,
        body: JsonObject | None = None,
    ) -> None:
        """Answer the next ``n`` Web API calls with HTTP ``status`` instead of running them.

        ``retry_after`` is sent as the ``Retry-After`` header (seconds); it defaults to 2 for
        a 429 and to no header otherwise. The body is ``{"ok": false, "error": ...}`` with
        ``ratelimited`` (429), ``service_unavailable`` (503) or ``internal_error``, unless
        ``body`` is given. Calls that fail are logged in ``requests`` but not run.
        """
        if n < 1:
            raise ValueError(f"fail_next needs n >= 1, got {n}")
        failure = _failure(status, retry_after, body)
        with self._lock:
            self._failures.extend([failure] * n)

    def fail_all(self, *, status: int = 503, retry_after: int | None = None) -> None:
        """Answer every Web API call with HTTP ``status`` until :meth:`stop_failing`: an
        outage in which Slack still answers (5xx, or 429 with ``retry_after``). The
        answers are those of :meth:`fail_next`; calls are logged in ``requests``."""
        failure = _failure(status, retry_after, None)
        with self._lock:
            self._failing = failure

    def answer_late(self, seconds: float, method: str = "chat.postMessage") -> None:
        """Answer calls of ``method`` ``seconds`` late, after they took effect: a slow
        Slack, and a window in which the caller may die before it hears that its
        message was posted."""
        with self._lock:
            self._late[method] = seconds

    def stop_failing(self) -> None:
        """End :meth:`fail_all`: calls are run again."""
        with self._lock:
            self._failing = None

    # -- workspace setup and assertions ---------------------------------------

    def seed_message(self, channel: str, text: str, *, user: str = "U0ANALYST1") -> str:
        """Put a message from a person into ``channel`` (an ID) and return its ts."""
        with self._lock:
            if channel not in self._workspace.channels:
                raise ValueError(f"seed_message: no channel with ID {channel!r} in the fake")
            ts = self._workspace.next_ts()
            message = PostedMessage(channel, ts, text, None, None, user, bot_id=None)
            self._workspace.messages.setdefault(channel, []).append(message)
            return ts

    def messages(self, channel: str) -> list[PostedMessage]:
        """Every message in ``channel`` (ID or ``#name``), thread replies included, in order."""
        with self._lock:
            channel_id = self._channel_id(channel)
            return list(self._workspace.messages.get(channel_id, []))

    def replies(self, channel: str, thread_ts: str) -> list[PostedMessage]:
        """The replies in the thread of ``thread_ts`` in ``channel``, in order."""
        return [m for m in self.messages(channel) if m.thread_ts == thread_ts]

    def ephemerals(self, channel: str) -> list[PostedMessage]:
        """Ephemeral messages posted in ``channel`` (ID or ``#name``), in order."""
        with self._lock:
            return list(self._workspace.ephemerals.get(self._channel_id(channel), []))

    def responses(self, response_id: str) -> list[JsonObject]:
        """The bodies posted to ``response_url(response_id)``, in order."""
        with self._lock:
            return list(self._workspace.responses.get(response_id, []))

    @property
    def views(self) -> list[JsonObject]:
        """Views opened with ``views.open``, in order."""
        with self._lock:
            return list(self._workspace.views)

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received, failed and rejected ones included, in order."""
        with self._lock:
            return list(self._requests)

    def calls(self, method: str) -> list[RecordedRequest]:
        """The received requests for one Web API method (or ``response_url``)."""
        return [r for r in self.requests if r.method == method]

    def sign(self, body: str | bytes, timestamp: int) -> dict[str, str]:
        """``signed_request_headers`` with this workspace's signing secret."""
        return signed_request_headers(self.signing_secret, body, timestamp)

    def _channel_id(self, channel: str) -> str:
        try:
            return self._workspace.resolve(channel, by_name=True).id
        except SlackError:
            return channel

    # -- HTTP -----------------------------------------------------------------

    def _serve(self, handler: _Handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length > 0 else b""
        headers = dict(handler.headers.items())
        split = urlsplit(handler.path)
        with self._lock:
            try:
                reply = self._dispatch(handler.command, split.path, split.query, headers, raw)
            except Exception as error:
                # A bug in the fake itself: answer so the test sees it instead of a hang-up.
                body = {"ok": False, "error": "fatal_error", "detail": repr(error)}
                reply = _Reply(500, body, split.path, {})
            self._requests.append(
                RecordedRequest(
                    reply.method,
                    handler.command,
                    handler.path,
                    headers,
                    reply.args,
                    reply.status,
                    reply.body,
                )
            )
            late = self._late.get(reply.method, 0.0)
        time.sleep(late)
        data = json.dumps(reply.body).encode("utf-8")
        handler.send_response(reply.status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _dispatch(
        self, http_method: str, path: str, query: str, headers: Mapping[str, str], raw: bytes
    ) -> _Reply:
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        method = path.removeprefix("/api/") if path.startswith("/api/") else path
        if path.startswith("/response/"):
            method = "response_url"
        try:
            args, is_json = parse_arguments(http_method, query, content_type, raw)
        except SlackError as error:
            return _Reply(error.status, error.payload(), method, {})
        if path.startswith("/api/"):
            return self._api(method, args, bearer_token(headers, args, is_json))
        if path.startswith("/response/") and http_method == "POST":
            return self._respond(path.removeprefix("/response/"), args, is_json)
        return _Reply(404, {"ok": False, "error": "not_found"}, method, args)

    def _api(self, method: str, args: JsonObject, token: str | None) -> _Reply:
        failure = self._failures.pop(0) if self._failures else self._failing
        if failure is not None:
            retry = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
            return _Reply(failure.status, failure.body, method, args, retry)
        # Slack names a valid token's scopes in a header of every answer, errors included.
        headers = {}
        if token == self._workspace.token and method not in APP_LEVEL_METHODS:
            headers["x-oauth-scopes"] = ",".join(sorted(self._workspace.scopes))
        try:
            body = self._workspace.call(method, args, token)
            return _Reply(200, body, method, args, headers)
        except SlackError as error:
            return _Reply(error.status, error.payload(), method, args, headers)

    def _respond(self, response_id: str, args: JsonObject, is_json: bool) -> _Reply:
        if not is_json:
            return _Reply(400, {"ok": False, "error": "invalid_payload"}, "response_url", args)
        try:
            self._workspace.respond(response_id, args)
        except SlackError as error:
            return _Reply(error.status, error.payload(), "response_url", args)
        return _Reply(200, {"ok": True}, "response_url", args)


# -- what Slack sends to the bot ----------------------------------------------


def signed_request_headers(secret: str, body: str | bytes, timestamp: int) -> dict[str, str]:
    """Headers Slack sends with a request body: its v0 signature, timestamp and content type.

    The signature is ``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{body}`` keyed by the
    app's signing secret.
    """
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    base = f"v0:{timestamp}:{text}".encode()
    digest = hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(timestamp),
        "X-Slack-Signature": f"v0={digest}",
    }


def slash_command_body(
    *,
    response_url: str,
    command: str = "/policywatch",
    text: str = "",
    user_id: str = "U0ANALYST1",
    user_name: str = "analyst",
    channel_id: str = "C0DIGEST01",
    channel_name: str = "policy-digest",
    trigger_id: str = TRIGGER_ID,
    team_id: str = TEAM_ID,
    team_domain: str = TEAM_DOMAIN,
) -> str:
    """A slash-command request body, form-encoded with Slack's fields in Slack's order."""
    return urlencode(
        [
            ("token", VERIFICATION_TOKEN),
            ("team_id", team_id),
            ("team_domain", team_domain),
            ("channel_id", channel_id),
            ("channel_name", channel_name),
            ("user_id", user_id),
            ("user_name", user_name),
            ("command", command),
            ("text", text),
            ("api_app_id", API_APP_ID),
            ("is_enterprise_install", "false"),
            ("response_url", response_url),
            ("trigger_id", trigger_id),
        ]
    )


def block_action_body(
    *,
    response_url: str,
    action_id: str,
    value: str = "",
    block_id: str = "actions",
    button_text: str = "Button",
    message: JsonObject | None = None,
    message_ts: str = "1700000000.000100",
    user_id: str = "U0ANALYST1",
    user_name: str = "analyst",
    channel_id: str = "C0DIGEST01",
    channel_name: str = "policy-digest",
    trigger_id: str = TRIGGER_ID,
    action_ts: str = "1700000100.000200",
) -> str:
    """A button click's interaction body: ``payload=`` + the JSON Slack sends, form-encoded.

    ``message`` is the clicked message (e.g. ``PostedMessage.as_slack()``); its ``ts``
    wins over ``message_ts``.
    """
    clicked = message or {"type": "message", "ts": message_ts, "text": ""}
    payload: JsonObject = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_name, "name": user_name, "team_id": TEAM_ID},
        "api_app_id": API_APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": {
            "type": "message",
            "message_ts": clicked["ts"],
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id,
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_name},
        "message": clicked,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": action_ts,
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})
