"""The fake Slack Web API, exercised through the real slack-sdk and slack-bolt clients."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_bolt import Ack, App, BoltRequest, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.signature import Clock, SignatureVerifier
from slack_sdk.webhook import WebhookClient

from support.fakeslack import (
    DEFAULT_CHANNELS,
    DEFAULT_SCOPES,
    DEFAULT_SIGNING_SECRET,
    PUBLIC_WRITE_SCOPE,
    TRIGGER_ID,
    Channel,
    FakeSlack,
    block_action_body,
    signed_request_headers,
    slash_command_body,
)

JsonObject = dict[str, Any]
DIGEST = "C0DIGEST01"


@pytest.fixture
def client(fake_slack: FakeSlack) -> WebClient:
    """A client that surfaces every answer at once (no built-in connection retry)."""
    return WebClient(token=fake_slack.token, base_url=fake_slack.url, retry_handlers=[])


def plain(text: str) -> JsonObject:
    return {"type": "plain_text", "text": text}


def section(text: str, **extra: Any) -> JsonObject:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}


def button(**overrides: Any) -> JsonObject:
    return {"type": "button", "text": plain("Open"), "action_id": "open", "value": "v", **overrides}


def actions(*elements: JsonObject) -> JsonObject:
    return {"type": "actions", "elements": list(elements)}


def error_of(call: Any, **kwargs: Any) -> JsonObject:
    """The error body slack-sdk raised for ``call(**kwargs)``."""
    with pytest.raises(SlackApiError) as caught:
        call(**kwargs)
    data = caught.value.response.data
    assert isinstance(data, dict)
    return data


def raw_post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, JsonObject]:
    """POST with urllib, returning the status and JSON body whatever the status."""
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


DIGEST_BLOCKS: list[JsonObject] = [
    {"type": "header", "text": plain("Policy digest: 3 new items")},
    section(
        "*CAC* draft rules on generative AI labelling",
        block_id="item-1",
        accessory=button(action_id="open-item-1", url="https://example.org/a"),
    ),
    {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": "*Stance*\ncorroborates"},
            {"type": "mrkdwn", "text": "*Source*\nXinhua"},
        ],
    },
    {"type": "context", "elements": [{"type": "mrkdwn", "text": "网信办 · 2 sources"}]},
    {"type": "divider"},
    {
        "type": "rich_text",
        "elements": [
            {"type": "rich_text_section", "elements": [{"type": "text", "text": "Claims: "}]},
            {
                "type": "rich_text_list",
                "style": "bullet",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "c1"}]}
                ],
            },
        ],
    },
    {"type": "image", "image_url": "https://example.org/chart.png", "alt_text": "trend"},
    actions(
        button(action_id="ack", text=plain("Acknowledge"), style="primary"),
        button(action_id="mute", text=plain("Mute entity"), style="danger", value="e1"),
    ),
]


# -- auth ---------------------------------------------------------------------


def test_auth_test_names_the_bot(client: WebClient) -> None:
    data = client.auth_test().data
    assert isinstance(data, dict)
    assert (data["ok"], data["user_id"], data["bot_id"]) == (True, "U0BOT00001", "B0BOT00001")


def test_missing_token_is_not_authed(fake_slack: FakeSlack) -> None:
    anonymous = WebClient(base_url=fake_slack.url, retry_handlers=[])
    assert error_of(anonymous.auth_test) == {"ok": False, "error": "not_authed"}


def test_wrong_token_is_invalid_auth(fake_slack: FakeSlack) -> None:
    wrong = WebClient(token="xoxb-0-0-wrong", base_url=fake_slack.url, retry_handlers=[])
    data = error_of(wrong.chat_postMessage, channel=DIGEST, text="hi")
    assert data == {"ok": False, "error": "invalid_auth"}
    assert fake_slack.messages(DIGEST) == []


def test_token_in_form_body_counts_but_not_in_json_body(fake_slack: FakeSlack) -> None:
    url = fake_slack.url + "auth.test"
    form = f"token={fake_slack.token}".encode()
    status, data = raw_post(url, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, data["ok"]) == (200, True)
    as_json = json.dumps({"token": fake_slack.token}).encode()
    _, data = raw_post(url, as_json, {"Content-Type": "application/json; charset=utf-8"})
    assert data == {"ok": False, "error": "not_authed"}


def test_unknown_method(client: WebClient) -> None:
    data = error_of(client.api_call, api_method="chat.postMessages", json={"text": "x"})
    assert data == {"ok": False, "error": "unknown_method"}


def test_unreadable_json_body_is_invalid_json(fake_slack: FakeSlack) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {fake_slack.token}"}
    _, data = raw_post(fake_slack.url + "chat.postMessage", b"{not json", headers)
    assert data == {"ok": False, "error": "invalid_json"}


# -- channels and content -----------------------------------------------------


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        ("C0NOPE0001", "channel_not_found"),
        ("#no-such-channel", "channel_not_found"),
        ("", "channel_not_found"),
        ("C0ARCHIVE1", "is_archived"),
    ],
)
def test_channel_must_exist_and_be_open(client: WebClient, channel: str, error: str) -> None:
    assert error_of(client.chat_postMessage, channel=channel, text="hi")["error"] == error


SECRET = Channel("C0SECRET01", "policy-secret", is_private=True, is_member=False)


def test_chat_write_public_posts_to_public_channels_the_bot_is_not_in() -> None:
    with FakeSlack(channels=(*DEFAULT_CHANNELS, SECRET)) as fake:
        client = WebClient(token=fake.token, base_url=fake.url, retry_handlers=[])
        assert client.chat_postMessage(channel="#random", text="hi")["channel"] == "C0RANDOM01"
        assert [m.text for m in fake.messages("C0RANDOM01")] == ["hi"]
        ephemeral = {"channel": "C0RANDOM01", "user": "U0ANALYST1", "text": "psst"}
        assert error_of(client.chat_postEphemeral, **ephemeral)["error"] == "not_in_channel"
        # A private channel the bot is not in does not exist for it, whatever its scopes.
        for ref in ("C0SECRET01", "#policy-secret"):
            assert error_of(client.chat_postMessage, channel=ref, text="hi")["error"] == (
                "channel_not_found"
            )
        secret = error_of(client.conversations_info, channel="C0SECRET01")
        assert secret["error"] == "channel_not_found"
        listed = client.conversations_list(types="public_channel,private_channel")
        assert "C0SECRET01" not in [c["id"] for c in listed["channels"]]
    with FakeSlack(scopes=DEFAULT_SCOPES - {PUBLIC_WRITE_SCOPE}) as narrow:
        client = WebClient(token=narrow.token, base_url=narrow.url, retry_handlers=[])
        for ref in ("C0RANDOM01", "#random"):
            assert error_of(client.chat_postMessage, channel=ref, text="hi")["error"] == (
                "not_in_channel"
            )


def test_answers_name_the_token_scopes_in_a_header(client: WebClient) -> None:
    scopes = client.auth_test().headers["x-oauth-scopes"]
    assert set(scopes.split(",")) == DEFAULT_SCOPES
    refused = error_of(client.chat_postMessage, channel="C0NOPE0001", text="hi")
    assert refused["error"] == "channel_not_found"
    with FakeSlack(scopes={"chat:write"}) as narrow:
        limited = WebClient(token=narrow.token, base_url=narrow.url, retry_handlers=[])
        assert limited.auth_test().headers["x-oauth-scopes"] == "chat:write"
        stranger = WebClient(token="xoxb-wrong", base_url=narrow.url, retry_handlers=[])
        with pytest.raises(SlackApiError) as caught:
            stranger.auth_test()
        assert "x-oauth-scopes" not in caught.value.response.headers


@pytest.mark.parametrize("ref", ["C0DIGEST01", "#policy-digest", "policy-digest"])
def test_channel_resolves_by_id_or_name(client: WebClient, fake_slack: FakeSlack, ref: str) -> None:
    assert client.chat_postMessage(channel=ref, text="hi")["channel"] == DIGEST
    assert [m.text for m in fake_slack.messages("#policy-digest")] == ["hi"]


def test_user_id_posts_into_the_direct_conversation(
    client: WebClient, fake_slack: FakeSlack
) -> None:
    response = client.chat_postMessage(channel="U0ANALYST1", text="your alert")
    assert response["channel"] == "D0ANALYST1"
    assert [m.text for m in fake_slack.messages("D0ANALYST1")] == ["your alert"]


@pytest.mark.filterwarnings("ignore:The top-level `text` argument is missing")
def test_message_needs_text_or_blocks(client: WebClient) -> None:
    assert error_of(client.chat_postMessage, channel=DIGEST)["error"] == "no_text"
    assert error_of(client.chat_postMessage, channel=DIGEST, text="")["error"] == "no_text"


def test_valid_block_kit_message_is_accepted_and_stored(
    client: WebClient, fake_slack: FakeSlack
) -> None:
    response = client.chat_postMessage(
        channel="#policy-digest", text="3 new items", blocks=DIGEST_BLOCKS, unfurl_links=False
    )
    assert (response["ok"], response["channel"]) == (True, DIGEST)
    assert response["message"]["blocks"] == DIGEST_BLOCKS
    [stored] = fake_slack.messages(DIGEST)
    assert (stored.ts, stored.text, stored.blocks) == (response["ts"], "3 new items", DIGEST_BLOCKS)
    assert (stored.thread_ts, stored.user, stored.extra) == (
        None,
        "U0BOT00001",
        {"unfurl_links": 0},
    )


def test_form_encoded_blocks_are_validated_too(client: WebClient, fake_slack: FakeSlack) -> None:
    params = {"channel": DIGEST, "text": "x", "blocks": json.dumps([section("y" * 3001)])}
    data = error_of(client.api_call, api_method="chat.postMessage", params=params)
    assert data["error"] == "invalid_blocks"
    assert fake_slack.requests[-1].headers["Content-Type"] == "application/x-www-form-urlencoded"
    params["blocks"] = json.dumps([section("fine")])
    assert client.api_call("chat.postMessage", params=params)["ok"] is True


def test_blocks_that_are_not_an_array_are_invalid_blocks_format(client: WebClient) -> None:
    params = {"channel": DIGEST, "text": "x", "blocks": '{"type": "divider"}'}
    data = error_of(client.api_call, api_method="chat.postMessage", params=params)
    assert data["error"] == "invalid_blocks_format"


LIMIT_CASES: list[tuple[str, list[JsonObject], str]] = [
    (
        "section text over 3000",
        [section("x" * 3001)],
        "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ),
    (
        "more than 50 blocks",
        [{"type": "divider"}] * 51,
        "no more than 50 items allowed [json-pointer:/blocks]",
    ),
    (
        "more than 10 fields",
        [{"type": "section", "fields": [plain("f")] * 11}],
        "no more than 10 items allowed [json-pointer:/blocks/0/fields]",
    ),
    (
        "field over 2000",
        [{"type": "section", "fields": [plain("f"), plain("f" * 2001)]}],
        "must be less than 2001 characters [json-pointer:/blocks/0/fields/1/text]",
    ),
    (
        "header over 150",
        [{"type": "header", "text": plain("h" * 151)}],
        "must be less than 151 characters [json-pointer:/blocks/0/text/text]",
    ),
    (
        "header in mrkdwn",
        [{"type": "header", "text": {"type": "mrkdwn", "text": "*h*"}}],
        "must be one of: plain_text [json-pointer:/blocks/0/text/type]",
    ),
    (
        "more than 10 context elements",
        [{"type": "context", "elements": [plain("c")] * 11}],
        "no more than 10 items allowed [json-pointer:/blocks/0/elements]",
    ),
    (
        "button text over 75",
        [actions(button(text=plain("b" * 76)))],
        "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
    ),
    (
        "action_id over 255",
        [actions(button(action_id="a" * 256))],
        "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]",
    ),
    (
        "button value over 2000",
        [actions(button(value="v" * 2001))],
        "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
    ),
    (
        "button url over 3000",
        [section("s", accessory=button(url="https://e.org/" + "u" * 2987))],
        "must be less than 3001 characters [json-pointer:/blocks/0/accessory/url]",
    ),
    (
        "more than 25 action elements",
        [actions(*[button(action_id=f"b{i}") for i in range(26)])],
        "no more than 25 items allowed [json-pointer:/blocks/0/elements]",
    ),
    (
        "block_id over 255",
        [section("s", block_id="b" * 256)],
        "must be less than 256 characters [json-pointer:/blocks/0/block_id]",
    ),
    (
        "duplicate block_id",
        [section("a", block_id="item"), section("b", block_id="item")],
        "duplicate block_id: item [json-pointer:/blocks/1/block_id]",
    ),
    (
        "unknown block type",
        [{"type": "table", "rows": []}],
        "unsupported type: table [json-pointer:/blocks/0/type]",
    ),
    (
        "block without type",
        [{"text": plain("t")}],
        "missing required field: type [json-pointer:/blocks/0]",
    ),
    (
        "section without text or fields",
        [{"type": "section"}],
        "must provide either text or fields [json-pointer:/blocks/0]",
    ),
    (
        "unknown text object type",
        [{"type": "section", "text": {"type": "markdown", "text": "t"}}],
        "must be one of: plain_text, mrkdwn [json-pointer:/blocks/0/text/type]",
    ),
    (
        "empty text",
        [section("")],
        "must be more than 0 characters [json-pointer:/blocks/0/text/text]",
    ),
    (
        "string instead of text object",
        [{"type": "section", "text": "bare"}],
        "must provide an object [json-pointer:/blocks/0/text]",
    ),
    (
        "misspelt property",
        [section("s", colour="red")],
        "invalid additional property: colour [json-pointer:/blocks/0]",
    ),
    (
        "image without alt_text",
        [{"type": "image", "image_url": "https://e.org/i.png"}],
        "missing required field: alt_text [json-pointer:/blocks/0]",
    ),
    (
        "input block in a message",
        [{"type": "input", "label": plain("l"), "element": {"type": "plain_text_input"}}],
        "unsupported type: input [json-pointer:/blocks/0/type]",
    ),
]


@pytest.mark.parametrize(
    ("blocks", "message"), [case[1:] for case in LIMIT_CASES], ids=[c[0] for c in LIMIT_CASES]
)
def test_block_kit_limit_is_rejected_with_a_json_pointer(
    client: WebClient, fake_slack: FakeSlack, blocks: list[JsonObject], message: str
) -> None:
    data = error_of(client.chat_postMessage, channel=DIGEST, text="fallback", blocks=blocks)
    assert data["error"] == "invalid_blocks"
    assert data["response_metadata"]["messages"] == [f"[ERROR] {message}"]
    assert data["errors"] == [message]
    assert fake_slack.messages(DIGEST) == []


AT_LIMIT_CASES: list[tuple[str, list[JsonObject]]] = [
    ("section text of 3000", [section("x" * 3000)]),
    ("50 blocks", [{"type": "divider"}] * 50),
    ("10 fields", [{"type": "section", "fields": [plain("f" * 100)] * 10}]),
    ("field of 2000", [{"type": "section", "fields": [plain("f" * 2000)]}]),
    ("header of 150", [{"type": "header", "text": plain("h" * 150)}]),
    ("10 context elements", [{"type": "context", "elements": [plain("c")] * 10}]),
    ("25 action elements", [actions(*[button(action_id=f"b{i}") for i in range(25)])]),
    (
        "button at its limits",
        [
            actions(
                button(
                    text=plain("b" * 75),
                    action_id="a" * 255,
                    value="v" * 2000,
                    url="https://e.org/" + "u" * 2986,
                )
            )
        ],
    ),
    ("block_id of 255", [section("s", block_id="b" * 255)]),
]


@pytest.mark.parametrize(
    "blocks", [case[1] for case in AT_LIMIT_CASES], ids=[c[0] for c in AT_LIMIT_CASES]
)
def test_block_kit_limits_are_inclusive(client: WebClient, blocks: list[JsonObject]) -> None:
    assert client.chat_postMessage(channel=DIGEST, text="fallback", blocks=blocks)["ok"] is True


def test_all_breaches_are_reported_in_document_order(client: WebClient) -> None:
    blocks = [section("x" * 3001), {"type": "header", "text": plain("h" * 151)}]
    data = error_of(client.chat_postMessage, channel=DIGEST, text="t", blocks=blocks)
    assert [m.split("json-pointer:")[1] for m in data["errors"]] == [
        "/blocks/0/text/text]",
        "/blocks/1/text/text]",
    ]


def test_blocks_too_long_as_a_whole(client: WebClient) -> None:
    # Each section is within its own limit; together they pass the cumulative bound.
    blocks = [section("x" * 2900) for _ in range(5)]
    data = error_of(client.chat_postMessage, channel=DIGEST, text="t", blocks=blocks)
    assert data == {"ok": False, "error": "msg_blocks_too_long"}


def test_fallback_text_limit(client: WebClient) -> None:
    assert client.chat_postMessage(channel=DIGEST, text="t" * 40_000)["ok"] is True
    data = error_of(client.chat_postMessage, channel=DIGEST, text="t" * 40_001)
    assert data == {"ok": False, "error": "msg_too_long"}


# -- threads, updates, other methods ------------------------------------------


def test_thread_reply_is_stored_under_its_parent(client: WebClient, fake_slack: FakeSlack) -> None:
    parent = client.chat_postMessage(channel=DIGEST, text="digest")["ts"]
    reply = client.chat_postMessage(channel=DIGEST, text="details", thread_ts=parent)
    assert reply["message"]["thread_ts"] == parent
    assert [m.text for m in fake_slack.replies(DIGEST, parent)] == ["details"]
    assert [(m.text, m.thread_ts) for m in fake_slack.messages(DIGEST)] == [
        ("digest", None),
        ("details", parent),
    ]


def test_thread_must_exist_in_that_channel(client: WebClient, fake_slack: FakeSlack) -> None:
    elsewhere = client.chat_postMessage(channel="C0ALERTS01", text="alert")["ts"]
    for thread_ts in ("1600000000.000100", elsewhere):
        data = error_of(client.chat_postMessage, channel=DIGEST, text="r", thread_ts=thread_ts)
        assert data["error"] == "thread_not_found"
    seeded = fake_slack.seed_message(DIGEST, "a question from a person")
    assert client.chat_postMessage(channel=DIGEST, text="answer", thread_ts=seeded)["ok"]


def test_ts_values_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel=DIGEST, text=str(i))["ts"] for i in range(5)]
    assert stamps == sorted(stamps, key=float)
    assert len(set(stamps)) == 5
    assert all(len(ts.split(".")[1]) == 6 for ts in stamps)


def test_post_ephemeral(client: WebClient, fake_slack: FakeSlack) -> None:
    response = client.chat_postEphemeral(channel=DIGEST, user="U0EDITOR01", text="only you")
    [stored] = fake_slack.ephemerals(DIGEST)
    assert (stored.ts, stored.visible_to, stored.text) == (
        response["message_ts"],
        "U0EDITOR01",
        "only you",
    )
    assert fake_slack.messages(DIGEST) == []
    kwargs = {"channel": "C0ALERTS01", "user": "U0EDITOR01", "text": "x"}
    assert error_of(client.chat_postEphemeral, **kwargs)["error"] == "user_not_in_channel"
    kwargs["user"] = "U0NOBODY01"
    assert error_of(client.chat_postEphemeral, **kwargs)["error"] == "user_not_found"


def test_chat_update_replaces_the_stored_message(client: WebClient, fake_slack: FakeSlack) -> None:
    ts = client.chat_postMessage(channel=DIGEST, text="draft")["ts"]
    response = client.chat_update(channel=DIGEST, ts=ts, text="final", blocks=[section("final")])
    assert response["message"]["text"] == "final"
    [stored] = fake_slack.messages(DIGEST)
    assert (stored.ts, stored.text, stored.blocks, stored.edited) == (
        ts,
        "final",
        [section("final")],
        True,
    )
    missing = error_of(client.chat_update, channel=DIGEST, ts="1600000000.000001", text="x")
    assert missing["error"] == "message_not_found"
    human = fake_slack.seed_message(DIGEST, "not yours")
    assert error_of(client.chat_update, channel=DIGEST, ts=human, text="x")["error"] == (
        "cant_update_message"
    )


def test_conversations_info_and_list(client: WebClient) -> None:
    info = client.conversations_info(channel="C0PRIVATE1")["channel"]
    assert (info["name"], info["is_private"], info["is_member"]) == ("policy-private", True, True)
    assert error_of(client.conversations_info, channel="#policy-digest")["error"] == (
        "channel_not_found"
    )
    first = client.conversations_list(limit=2)
    assert [c["id"] for c in first["channels"]] == ["C0DIGEST01", "C0ALERTS01"]
    rest = client.conversations_list(limit=2, cursor=first["response_metadata"]["next_cursor"])
    assert [c["id"] for c in rest["channels"]] == ["C0RANDOM01", "C0ARCHIVE1"]
    assert rest["response_metadata"]["next_cursor"] == ""
    private = client.conversations_list(types="private_channel")["channels"]
    assert [c["id"] for c in private] == ["C0PRIVATE1"]
    live = client.conversations_list(exclude_archived=True)["channels"]
    assert "C0ARCHIVE1" not in [c["id"] for c in live]
    assert error_of(client.conversations_list, limit="many")["error"] == "invalid_limit"
    assert error_of(client.conversations_list, cursor="bogus")["error"] == "invalid_cursor"


def meta(part: int) -> JsonObject:
    return {"event_type": "digest", "event_payload": {"txn_id": "t1", "part": part}}


def test_history_returns_top_level_messages_newest_first_with_metadata_on_request(
    client: WebClient, fake_slack: FakeSlack
) -> None:
    first = client.chat_postMessage(channel=DIGEST, text="one", metadata=meta(1))["ts"]
    reply = client.chat_postMessage(channel=DIGEST, text="r", thread_ts=first, metadata=meta(2))
    person = fake_slack.seed_message(DIGEST, "hello")
    history = client.conversations_history(channel=DIGEST)
    assert [m["ts"] for m in history["messages"]] == [person, first]
    assert all("metadata" not in m for m in history["messages"])
    assert history["has_more"] is False
    shown = client.conversations_history(channel=DIGEST, include_all_metadata=True)
    assert [m.get("metadata") for m in shown["messages"]] == [None, meta(1)]
    thread = client.conversations_replies(channel=DIGEST, ts=first, include_all_metadata=True)
    assert [m["ts"] for m in thread["messages"]] == [first, reply["ts"]]
    assert thread["messages"][1]["metadata"] == meta(2)
    # A reply's ts stands for its thread.
    again = client.conversations_replies(channel=DIGEST, ts=reply["ts"])
    assert [m["ts"] for m in again["messages"]] == [first, reply["ts"]]


def test_history_bounds_and_pages_like_slack(client: WebClient, fake_slack: FakeSlack) -> None:
    ts = [fake_slack.seed_message(DIGEST, f"m{i}") for i in range(5)]
    after = client.conversations_history(channel=DIGEST, oldest=ts[1], latest=ts[4])
    assert [m["ts"] for m in after["messages"]] == [ts[3], ts[2]]  # both bounds exclusive
    both = client.conversations_history(channel=DIGEST, oldest=ts[1], latest=ts[4], inclusive=True)
    assert [m["ts"] for m in both["messages"]] == [ts[4], ts[3], ts[2], ts[1]]
    page = client.conversations_history(channel=DIGEST, limit=2)
    assert page["has_more"] is True and [m["ts"] for m in page["messages"]] == [ts[4], ts[3]]
    cursor = page["response_metadata"]["next_cursor"]
    rest = client.conversations_history(channel=DIGEST, limit=2, cursor=cursor)
    assert [m["ts"] for m in rest["messages"]] == [ts[2], ts[1]]
    last = client.conversations_history(
        channel=DIGEST, limit=2, cursor=rest["response_metadata"]["next_cursor"]
    )
    assert [m["ts"] for m in last["messages"]] == [ts[0]]
    assert last["has_more"] is False and last["response_metadata"]["next_cursor"] == ""
    bad = error_of(client.conversations_history, channel=DIGEST, oldest="yesterday")
    assert bad["error"] == "invalid_ts_oldest"


def test_history_checks_token_channel_membership_and_scope(
    client: WebClient, fake_slack: FakeSlack
) -> None:
    stranger = WebClient(token="xoxb-wrong", base_url=fake_slack.url, retry_handlers=[])
    assert error_of(stranger.conversations_history, channel=DIGEST)["error"] == "invalid_auth"
    by_name = error_of(client.conversations_history, channel="#policy-digest")
    assert by_name["error"] == "channel_not_found"
    outside = error_of(client.conversations_history, channel="C0RANDOM01")
    assert outside["error"] == "not_in_channel"
    missing = error_of(client.conversations_replies, channel=DIGEST, ts="1.000001")
    assert missing["error"] == "thread_not_found"
    with FakeSlack(scopes={"chat:write"}) as narrow:
        limited = WebClient(token=narrow.token, base_url=narrow.url, retry_handlers=[])
        refused = error_of(limited.conversations_history, channel="C0PRIVATE1")
        assert (refused["error"], refused["needed"]) == ("missing_scope", "groups:history")


def test_conversations_open_and_message_metadata_checks(client: WebClient) -> None:
    opened = client.conversations_open(users="U0ANALYST1")["channel"]["id"]
    assert opened == "D0ANALYST1"
    posted = client.chat_postMessage(channel="U0ANALYST1", text="hi", metadata=meta(1))
    assert posted["channel"] == opened
    assert error_of(client.conversations_open, users="U0GONE0001")["error"] == "user_disabled"
    bad = error_of(client.chat_postMessage, channel=DIGEST, text="x", metadata={"a": 1})
    assert bad["error"] == "invalid_metadata_schema"


def test_users_info_and_usergroup_members(client: WebClient) -> None:
    user = client.users_info(user="U0EDITOR01")["user"]
    assert (user["name"], user["is_admin"]) == ("editor", True)
    assert error_of(client.users_info, user="U0NOBODY01")["error"] == "user_not_found"
    members = client.usergroups_users_list(usergroup="S0ANALYST1")["users"]
    assert members == ["U0ANALYST1", "U0EDITOR01"]
    data = error_of(client.usergroups_users_list, usergroup="S0NOTHING1")
    assert data["error"] == "no_such_subteam"


def test_views_open(client: WebClient, fake_slack: FakeSlack) -> None:
    view = {"type": "modal", "title": plain("Mute entity"), "blocks": [section("Sure?")]}
    opened = client.views_open(trigger_id=TRIGGER_ID, view=view)["view"]
    assert opened["title"] == plain("Mute entity")
    assert fake_slack.views == [opened]
    bad_trigger = error_of(client.views_open, trigger_id="nope", view=view)
    assert bad_trigger["error"] == "invalid_trigger_id"
    long_title = {**view, "title": plain("t" * 25)}
    data = error_of(client.views_open, trigger_id=TRIGGER_ID, view=long_title)
    assert data["error"] == "invalid_arguments"
    assert data["response_metadata"]["messages"] == [
        "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"
    ]


def test_request_log_keeps_method_headers_and_parsed_body(
    client: WebClient, fake_slack: FakeSlack
) -> None:
    client.chat_postMessage(channel=DIGEST, text="hi", blocks=[section("hi")])
    error_of(client.chat_postMessage, channel="C0NOPE0001", text="hi")
    ok, rejected = fake_slack.calls("chat.postMessage")
    assert ok.headers["Authorization"] == f"Bearer {fake_slack.token}"
    assert ok.headers["Content-Type"].startswith("application/json")
    assert ok.body == {"channel": DIGEST, "text": "hi", "blocks": [section("hi")]}
    assert (ok.status, rejected.status, rejected.response["error"]) == (
        200,
        200,
        "channel_not_found",
    )


# -- failure injection --------------------------------------------------------


def test_rate_limit_is_visible_to_slack_sdk(client: WebClient, fake_slack: FakeSlack) -> None:
    fake_slack.fail_next(1, status=429, retry_after=2)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel=DIGEST, text="digest")
    response = caught.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "2"
    assert response.data == {"ok": False, "error": "ratelimited"}
    assert fake_slack.messages(DIGEST) == []
    assert client.chat_postMessage(channel=DIGEST, text="digest")["ok"] is True


def test_rate_limit_retry_handler_retries_after_the_pause(fake_slack: FakeSlack) -> None:
    handler = RateLimitErrorRetryHandler(max_retry_count=1)
    client = WebClient(token=fake_slack.token, base_url=fake_slack.url, retry_handlers=[handler])
    fake_slack.fail_next(1, status=429, retry_after=0)
    assert client.chat_postMessage(channel=DIGEST, text="digest")["ok"] is True
    assert [r.status for r in fake_slack.calls("chat.postMessage")] == [429, 200]
    assert [m.text for m in fake_slack.messages(DIGEST)] == ["digest"]


def test_server_errors(fake_slack: FakeSlack, client: WebClient) -> None:
    fake_slack.fail_next(1, status=500)
    with pytest.raises(SlackApiError) as failed:
        client.chat_postMessage(channel=DIGEST, text="x")
    assert failed.value.response.data == {"ok": False, "error": "internal_error"}
    assert "Retry-After" not in failed.value.response.headers
    fake_slack.fail_next(1, status=503, retry_after=30)
    with pytest.raises(SlackApiError) as caught:
        client.auth_test()
    assert (caught.value.response.status_code, caught.value.response.headers["Retry-After"]) == (
        503,
        "30",
    )


def test_server_error_retry_handler_retries(fake_slack: FakeSlack) -> None:
    no_wait = FixedValueRetryIntervalCalculator(fixed_internal=0.0)
    handler = ServerErrorRetryHandler(max_retry_count=2, interval_calculator=no_wait)
    client = WebClient(token=fake_slack.token, base_url=fake_slack.url, retry_handlers=[handler])
    fake_slack.fail_next(2, status=500)
    assert client.chat_postMessage(channel=DIGEST, text="x")["ok"] is True
    assert [r.status for r in fake_slack.calls("chat.postMessage")] == [500, 500, 200]


def test_outage_refuses_connections_until_it_ends(fake_slack: FakeSlack, client: WebClient) -> None:
    before = client.chat_postMessage(channel=DIGEST, text="before")["ts"]
    url = fake_slack.url
    fake_slack.go_down()
    assert not fake_slack.is_up
    with pytest.raises(urllib.error.URLError) as caught:
        client.chat_postMessage(channel=DIGEST, text="during")
    assert isinstance(caught.value.reason, ConnectionRefusedError)
    fake_slack.come_back()
    assert fake_slack.url == url
    after = client.chat_postMessage(channel=DIGEST, text="after")["ts"]
    assert [m.ts for m in fake_slack.messages(DIGEST)] == [before, after]
    assert [r.body["text"] for r in fake_slack.calls("chat.postMessage")] == ["before", "after"]


def test_fail_all_answers_every_call_with_the_error_until_it_stops(
    fake_slack: FakeSlack, client: WebClient
) -> None:
    fake_slack.fail_all(status=429, retry_after=7)
    for text in ("one", "two"):
        with pytest.raises(SlackApiError) as caught:
            client.chat_postMessage(channel=DIGEST, text=text)
        assert caught.value.response.status_code == 429
        assert caught.value.response.headers["Retry-After"] == "7"
    fake_slack.stop_failing()
    client.chat_postMessage(channel=DIGEST, text="three")
    assert [m.text for m in fake_slack.messages(DIGEST)] == ["three"]
    assert [r.status for r in fake_slack.calls("chat.postMessage")] == [429, 429, 200]


def test_a_late_answer_comes_after_the_message_is_posted(
    fake_slack: FakeSlack, client: WebClient
) -> None:
    fake_slack.answer_late(2.0)
    answers: list[Any] = []
    poster = threading.Thread(
        target=lambda: answers.append(client.chat_postMessage(channel=DIGEST, text="slow"))
    )
    poster.start()
    while not fake_slack.messages(DIGEST):
        time.sleep(0.01)
    assert poster.is_alive() and answers == []  # posted, not answered yet
    poster.join()
    assert answers[0]["ts"] == fake_slack.messages(DIGEST)[0].ts


def test_fail_next_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="fail_next"):
        FakeSlack().fail_next(0)
    with pytest.raises(ValueError, match="error status"):
        FakeSlack().fail_all(status=200)


# -- response_url -------------------------------------------------------------


def test_response_url_records_posts(fake_slack: FakeSlack) -> None:
    webhook = WebhookClient(fake_slack.response_url("cmd-1"))
    response = webhook.send(text="Muted.", response_type="ephemeral")
    assert response.status_code == 200
    assert fake_slack.responses("cmd-1") == [{"text": "Muted.", "response_type": "ephemeral"}]
    bad = webhook.send(text="x", blocks=[section("x" * 3001)])
    assert (bad.status_code, json.loads(bad.body)["error"]) == (400, "invalid_blocks")
    assert webhook.send(response_type="in_channel").status_code == 400


def test_response_url_delete_needs_no_content_but_json(fake_slack: FakeSlack) -> None:
    url = fake_slack.response_url("act-3")
    assert WebhookClient(url).send_dict({"delete_original": True}).status_code == 200
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert raw_post(url, b"text=hi", form) == (400, {"ok": False, "error": "invalid_payload"})
    assert fake_slack.responses("act-3") == [{"delete_original": True}]


def test_unknown_path_is_not_found(fake_slack: FakeSlack) -> None:
    status, data = raw_post(fake_slack.url.replace("/api/", "/hooks/x"), b"{}", {})
    assert (status, data["error"]) == (404, "not_found")


def test_seed_message_needs_a_known_channel(fake_slack: FakeSlack) -> None:
    with pytest.raises(ValueError, match="C0NOPE0001"):
        fake_slack.seed_message("C0NOPE0001", "hello")


def test_response_url_allows_five_uses(fake_slack: FakeSlack) -> None:
    webhook = WebhookClient(fake_slack.response_url("cmd-2"))
    statuses = [webhook.send(text=str(i)).status_code for i in range(6)]
    assert statuses == [200] * 5 + [404]
    assert len(fake_slack.responses("cmd-2")) == 5


# -- what Slack sends to the bot ----------------------------------------------


class _FixedClock(Clock):
    def __init__(self, now: float) -> None:
        self._now = now

    def now(self) -> float:
        return self._now


def test_signed_headers_verify_with_slack_sdk() -> None:
    body = slash_command_body(response_url="http://127.0.0.1:1/response/x", text="status")
    headers = signed_request_headers(DEFAULT_SIGNING_SECRET, body, 1_700_000_000)
    verifier = SignatureVerifier(DEFAULT_SIGNING_SECRET, clock=_FixedClock(1_700_000_010))
    assert verifier.is_valid_request(body, headers)
    assert verifier.is_valid_request(body.encode(), headers)
    assert not verifier.is_valid_request(body + "&x=1", headers)
    other = SignatureVerifier("another-secret", clock=_FixedClock(1_700_000_010))
    assert not other.is_valid_request(body, headers)
    stale = SignatureVerifier(DEFAULT_SIGNING_SECRET, clock=_FixedClock(1_700_000_400))
    assert not stale.is_valid_request(body, headers)


def test_slash_command_body_has_slacks_fields_in_order() -> None:
    body = slash_command_body(
        response_url="http://127.0.0.1:1/response/x", text="mute 网信办", user_id="U0EDITOR01"
    )
    fields = parse_qsl(body, keep_blank_values=True)
    assert [name for name, _ in fields] == [
        *("token", "team_id", "team_domain", "channel_id", "channel_name", "user_id"),
        *("user_name", "command", "text", "api_app_id", "is_enterprise_install"),
        *("response_url", "trigger_id"),
    ]
    assert dict(fields)["text"] == "mute 网信办"
    assert "command=%2Fpolicywatch" in body
    assert "text=mute+%E7%BD%91" in body


def _signed(fake: FakeSlack, body: str) -> BoltRequest:
    """The request Slack would make with ``body``, signed now as Bolt expects."""
    headers: dict[str, str | Sequence[str]] = {**fake.sign(body, int(time.time()))}
    return BoltRequest(body=body, headers=headers)


def _bolt_app(fake: FakeSlack) -> App:
    client = WebClient(token=fake.token, base_url=fake.url, retry_handlers=[])
    return App(signing_secret=fake.signing_secret, client=client, process_before_response=True)


def test_slash_command_round_trip_through_bolt(fake_slack: FakeSlack) -> None:
    app = _bolt_app(fake_slack)
    seen: list[JsonObject] = []

    @app.command("/policywatch")
    def on_command(ack: Ack, command: JsonObject, respond: Respond) -> None:
        ack()
        seen.append(command)
        respond(text=f"status for {command['user_id']}", response_type="ephemeral")

    body = slash_command_body(response_url=fake_slack.response_url("cmd"), text="status")
    response = app.dispatch(_signed(fake_slack, body))
    assert response.status == 200
    assert [(c["text"], c["channel_id"]) for c in seen] == [("status", DIGEST)]
    assert fake_slack.responses("cmd") == [
        {"text": "status for U0ANALYST1", "response_type": "ephemeral"}
    ]
    signed = _signed(fake_slack, body)
    tampered = BoltRequest(body=body.replace("status", "purge"), headers=signed.headers)
    assert app.dispatch(tampered).status == 401


def test_block_action_round_trip_through_bolt(client: WebClient, fake_slack: FakeSlack) -> None:
    posted = client.chat_postMessage(channel=DIGEST, text="digest", blocks=DIGEST_BLOCKS)
    app = _bolt_app(fake_slack)
    clicks: list[JsonObject] = []

    @app.action("mute")
    def on_mute(ack: Ack, body: JsonObject, respond: Respond) -> None:
        ack()
        clicks.append(body)
        respond(text="Muted.", replace_original=False)

    body = block_action_body(
        response_url=fake_slack.response_url("act"),
        action_id="mute",
        value="e1",
        message=posted["message"],
        user_id="U0EDITOR01",
    )
    response = app.dispatch(_signed(fake_slack, body))
    assert response.status == 200
    [click] = clicks
    assert (click["actions"][0]["value"], click["container"]["message_ts"]) == ("e1", posted["ts"])
    assert click["user"]["id"] == "U0EDITOR01"
    assert fake_slack.responses("act") == [{"text": "Muted.", "replace_original": False}]


def test_fixture_points_the_env_var_at_the_fake(fake_slack: FakeSlack) -> None:
    import os

    assert os.environ["POLICYWATCH_SLACK_API_URL"] == fake_slack.url
    assert fake_slack.url.startswith("http://127.0.0.1:") and fake_slack.url.endswith("/api/")
