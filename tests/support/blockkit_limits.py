"""Block Kit limits as Slack's Web API enforces them, for the local fake Web API.

``validate_blocks`` walks a ``blocks`` array and returns every breach as a
``BlockError`` whose ``render()`` is worded like Slack's own
``response_metadata.messages`` entries, e.g.
``[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]``.

The numbers are Slack's documented per-field limits (Block Kit reference: section,
header, context, actions, image, button, text object). Two are choices of ours:

* ``BLOCKS_JSON_MAX``: Slack also rejects a message whose blocks are too large as a
  whole (``msg_blocks_too_long``) but does not document the bound; reports put it near
  12,000 characters of text plus some allowance for the block containers. We compare
  the compact JSON of the blocks (containers included) with 12,000 characters, which is
  stricter than Slack, so a message the fake accepts is accepted by Slack too.
* ``MESSAGE_TEXT_MAX``: Slack documents truncation of ``text`` beyond 40,000 characters
  and errors with ``msg_too_long``; the display cut-off is about 4,000
  (``MESSAGE_TEXT_DISPLAY``), which the fake does not enforce.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Literal

MAX_BLOCKS_MESSAGE = 50
MAX_BLOCKS_MODAL = 100
SECTION_TEXT_MAX = 3000
SECTION_FIELDS_MAX = 10
SECTION_FIELD_TEXT_MAX = 2000
HEADER_TEXT_MAX = 150
CONTEXT_ELEMENTS_MAX = 10
ACTIONS_ELEMENTS_MAX = 25
BUTTON_TEXT_MAX = 75
ACTION_ID_MAX = 255
BUTTON_VALUE_MAX = 2000
URL_MAX = 3000
BLOCK_ID_MAX = 255
IMAGE_ALT_TEXT_MAX = 2000
IMAGE_TITLE_MAX = 2000
INPUT_LABEL_MAX = 2000
MODAL_TITLE_MAX = 24
# Not a documented number: a guard so a runaway rich_text tree is reported, not walked.
RICH_TEXT_ITEMS_MAX = 1000
MESSAGE_TEXT_MAX = 40_000
MESSAGE_TEXT_DISPLAY = 4_000
BLOCKS_JSON_MAX = 12_000

Surface = Literal["message", "modal"]

TEXT_TYPES = ("plain_text", "mrkdwn")
PLAIN = ("plain_text",)
RICH_TEXT_CONTAINERS = frozenset(
    {"rich_text_section", "rich_text_list", "rich_text_preformatted", "rich_text_quote"}
)
# Interactive elements other than buttons: only their action_id is checked here.
OTHER_INTERACTIVE = frozenset(
    {
        "static_select",
        "multi_static_select",
        "external_select",
        "multi_external_select",
        "users_select",
        "multi_users_select",
        "conversations_select",
        "multi_conversations_select",
        "channels_select",
        "multi_channels_select",
        "overflow",
        "datepicker",
        "timepicker",
        "datetimepicker",
        "checkboxes",
        "radio_buttons",
        "plain_text_input",
    }
)


@dataclass(frozen=True)
class BlockError:
    """One breach: Slack's wording of what is wrong and the JSON pointer to where."""

    message: str
    pointer: str

    def render(self) -> str:
        """The entry as Slack writes it in ``response_metadata.messages``."""
        return f"[ERROR] {self.message} [json-pointer:{self.pointer}]"


def validate_blocks(
    blocks: object, *, pointer: str = "/blocks", surface: Surface = "message"
) -> list[BlockError]:
    """Every Block Kit breach in ``blocks`` (empty when valid), in document order.

    ``pointer`` is where the array sits in the request (``/view/blocks`` for views);
    ``surface`` picks the block count limit and whether ``input`` blocks are allowed.
    """
    check = _Checker(surface)
    limit = MAX_BLOCKS_MESSAGE if surface == "message" else MAX_BLOCKS_MODAL
    items = check.array(blocks, pointer, max_items=limit, min_items=0)
    for index, block in enumerate(items or []):
        check.block(block, f"{pointer}/{index}")
    return check.errors


def validate_view(view: object, *, pointer: str = "/view") -> list[BlockError]:
    """Every breach in a modal ``view`` object (as sent to ``views.open``)."""
    check = _Checker("modal")
    obj = check.obj(view, pointer)
    if obj is None:
        return check.errors
    allowed = (
        *("type", "title", "blocks", "close", "submit", "private_metadata", "callback_id"),
        *("clear_on_close", "notify_on_close", "external_id", "submit_disabled"),
    )
    if not check.props(obj, pointer, allowed, ("type", "title", "blocks")):
        return check.errors
    if obj["type"] != "modal":
        check.fail(f"{pointer}/type", "must be one of: modal")
    check.text(obj["title"], f"{pointer}/title", max_len=MODAL_TITLE_MAX, kinds=PLAIN)
    for key in ("close", "submit"):
        if key in obj:
            check.text(obj[key], f"{pointer}/{key}", max_len=MODAL_TITLE_MAX, kinds=PLAIN)
    blocks = check.array(
        obj["blocks"], f"{pointer}/blocks", max_items=MAX_BLOCKS_MODAL, min_items=0
    )
    for index, block in enumerate(blocks or []):
        check.block(block, f"{pointer}/blocks/{index}")
    return check.errors


def blocks_json_length(blocks: object) -> int:
    """Length in characters of the compact JSON of ``blocks`` (see ``BLOCKS_JSON_MAX``)."""
    return len(json.dumps(blocks, separators=(",", ":"), ensure_ascii=False))


class _Checker:
    """Collects breaches while walking one blocks array."""

    def __init__(self, surface: Surface) -> None:
        self.surface = surface
        self.errors: list[BlockError] = []
        self.block_ids: set[str] = set()
        self.by_type: dict[str, Callable[[dict[str, Any], str], None]] = {
            "section": self.section,
            "header": self.header,
            "context": self.context,
            "divider": self.divider,
            "actions": self.actions,
            "rich_text": self.rich_text,
            "image": self.image_block,
        }
        if surface == "modal":
            self.by_type["input"] = self.input

    # -- generic checks -------------------------------------------------------

    def fail(self, pointer: str, message: str) -> None:
        self.errors.append(BlockError(message, pointer))

    def obj(self, value: object, pointer: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.fail(pointer, "must provide an object")
        return None

    def array(
        self, value: object, pointer: str, *, max_items: int, min_items: int = 1
    ) -> list[Any] | None:
        if not isinstance(value, list):
            self.fail(pointer, "must provide an array")
            return None
        if len(value) < min_items:
            self.fail(pointer, f"must provide at least {min_items} items")
        if len(value) > max_items:
            self.fail(pointer, f"no more than {max_items} items allowed")
        return value

    def string(self, value: object, pointer: str, *, max_len: int) -> None:
        if not isinstance(value, str):
            self.fail(pointer, "must provide a string")
        elif not value:
            self.fail(pointer, "must be more than 0 characters")
        elif len(value) > max_len:
            self.fail(pointer, f"must be less than {max_len + 1} characters")

    def props(
        self,
        obj: dict[str, Any],
        pointer: str,
        allowed: Collection[str] | None,
        required: Collection[str],
    ) -> bool:
        """Check the keys of ``obj`` (any allowed when ``allowed`` is None).

        Returns False when a required key is missing, so callers stop descending.
        """
        extra = [key for key in obj if key not in allowed] if allowed is not None else []
        for key in extra:
            self.fail(pointer, f"invalid additional property: {key}")
        missing = [key for key in required if key not in obj]
        for key in missing:
            self.fail(pointer, f"missing required field: {key}")
        return not missing

    def text(
        self,
        value: object,
        pointer: str,
        *,
        max_len: int,
        kinds: tuple[str, ...] = TEXT_TYPES,
    ) -> None:
        obj = self.obj(value, pointer)
        if obj is None:
            return
        allowed = ("type", "text", "emoji", "verbatim")
        if not self.props(obj, pointer, allowed, ("type", "text")):
            return
        if obj["type"] not in kinds:
            self.fail(f"{pointer}/type", f"must be one of: {', '.join(kinds)}")
        self.string(obj["text"], f"{pointer}/text", max_len=max_len)

    # -- blocks ---------------------------------------------------------------

    def block(self, value: object, pointer: str) -> None:
        block = self.obj(value, pointer)
        if block is None:
            return
        kind = block.get("type")
        if kind is None:
            self.fail(pointer, "missing required field: type")
            return
        handler = self.by_type.get(kind) if isinstance(kind, str) else None
        if handler is None:
            self.fail(f"{pointer}/type", f"unsupported type: {kind}")
            return
        if "block_id" in block:
            self.block_id(block["block_id"], f"{pointer}/block_id")
        handler(block, pointer)

    def block_id(self, value: object, pointer: str) -> None:
        self.string(value, pointer, max_len=BLOCK_ID_MAX)
        if isinstance(value, str) and value in self.block_ids:
            self.fail(pointer, f"duplicate block_id: {value}")
        elif isinstance(value, str):
            self.block_ids.add(value)

    def section(self, block: dict[str, Any], pointer: str) -> None:
        allowed = ("type", "block_id", "text", "fields", "accessory", "expand")
        self.props(block, pointer, allowed, ())
        if "text" not in block and "fields" not in block:
            self.fail(pointer, "must provide either text or fields")
        if "text" in block:
            self.text(block["text"], f"{pointer}/text", max_len=SECTION_TEXT_MAX)
        if "fields" in block:
            fields = self.array(block["fields"], f"{pointer}/fields", max_items=SECTION_FIELDS_MAX)
            for index, field in enumerate(fields or []):
                self.text(field, f"{pointer}/fields/{index}", max_len=SECTION_FIELD_TEXT_MAX)
        if "accessory" in block:
            self.element(block["accessory"], f"{pointer}/accessory", allow_image=True)

    def header(self, block: dict[str, Any], pointer: str) -> None:
        if self.props(block, pointer, ("type", "block_id", "text"), ("text",)):
            self.text(block["text"], f"{pointer}/text", max_len=HEADER_TEXT_MAX, kinds=PLAIN)

    def context(self, block: dict[str, Any], pointer: str) -> None:
        if not self.props(block, pointer, ("type", "block_id", "elements"), ("elements",)):
            return
        where = f"{pointer}/elements"
        elements = self.array(block["elements"], where, max_items=CONTEXT_ELEMENTS_MAX)
        for index, element in enumerate(elements or []):
            item = f"{where}/{index}"
            if isinstance(element, dict) and element.get("type") == "image":
                self.image_element(element, item)
            else:
                self.text(element, item, max_len=SECTION_TEXT_MAX)

    def divider(self, block: dict[str, Any], pointer: str) -> None:
        self.props(block, pointer, ("type", "block_id"), ())

    def actions(self, block: dict[str, Any], pointer: str) -> None:
        if not self.props(block, pointer, ("type", "block_id", "elements"), ("elements",)):
            return
        where = f"{pointer}/elements"
        elements = self.array(block["elements"], where, max_items=ACTIONS_ELEMENTS_MAX)
        for index, element in enumerate(elements or []):
            self.element(element, f"{where}/{index}", allow_image=False)

    def rich_text(self, block: dict[str, Any], pointer: str) -> None:
        if not self.props(block, pointer, ("type", "block_id", "elements"), ("elements",)):
            return
        where = f"{pointer}/elements"
        containers = self.array(block["elements"], where, max_items=RICH_TEXT_ITEMS_MAX) or []
        for index, container in enumerate(containers):
            self.rich_text_container(container, f"{where}/{index}")

    def rich_text_container(self, value: object, pointer: str) -> None:
        container = self.obj(value, pointer)
        if container is None or not self.props(container, pointer, None, ("type", "elements")):
            return
        if container["type"] not in RICH_TEXT_CONTAINERS:
            self.fail(f"{pointer}/type", f"unsupported type: {container['type']}")
            return
        where = f"{pointer}/elements"
        items = self.array(container["elements"], where, max_items=RICH_TEXT_ITEMS_MAX) or []
        for index, item in enumerate(items):
            if container["type"] == "rich_text_list":
                self.rich_text_container(item, f"{where}/{index}")
            else:
                self.rich_text_leaf(item, f"{where}/{index}")

    def rich_text_leaf(self, value: object, pointer: str) -> None:
        leaf = self.obj(value, pointer)
        if leaf is None or not self.props(leaf, pointer, None, ("type",)):
            return
        # Rich text leaves have no documented length limit; only their shape is checked.
        is_text = leaf["type"] == "text" and self.props(leaf, pointer, None, ("text",))
        if is_text and not isinstance(leaf["text"], str):
            self.fail(f"{pointer}/text", "must provide a string")

    def image_block(self, block: dict[str, Any], pointer: str) -> None:
        allowed = ("type", "block_id", "image_url", "slack_file", "alt_text", "title")
        if not self.props(block, pointer, allowed, ("alt_text",)):
            return
        self.image_source(block, pointer)
        self.string(block["alt_text"], f"{pointer}/alt_text", max_len=IMAGE_ALT_TEXT_MAX)
        if "title" in block:
            self.text(block["title"], f"{pointer}/title", max_len=IMAGE_TITLE_MAX, kinds=PLAIN)

    def input(self, block: dict[str, Any], pointer: str) -> None:
        allowed = ("type", "block_id", "label", "element", "hint", "optional", "dispatch_action")
        if not self.props(block, pointer, allowed, ("label", "element")):
            return
        self.text(block["label"], f"{pointer}/label", max_len=INPUT_LABEL_MAX, kinds=PLAIN)
        self.element(block["element"], f"{pointer}/element", allow_image=False)

    # -- elements -------------------------------------------------------------

    def element(self, value: object, pointer: str, *, allow_image: bool) -> None:
        element = self.obj(value, pointer)
        if element is None:
            return
        kind = element.get("type")
        if kind == "button":
            self.button(element, pointer)
        elif kind == "image" and allow_image:
            self.image_element(element, pointer)
        elif kind in OTHER_INTERACTIVE:
            if "action_id" in element:
                self.string(element["action_id"], f"{pointer}/action_id", max_len=ACTION_ID_MAX)
        else:
            self.fail(f"{pointer}/type", f"unsupported type: {kind}")

    def button(self, element: dict[str, Any], pointer: str) -> None:
        allowed = ("type", "text", "action_id", "url", "value", "style", "confirm")
        if not self.props(element, pointer, (*allowed, "accessibility_label"), ("text",)):
            return
        self.text(element["text"], f"{pointer}/text", max_len=BUTTON_TEXT_MAX, kinds=PLAIN)
        limits = {"action_id": ACTION_ID_MAX, "value": BUTTON_VALUE_MAX, "url": URL_MAX}
        for key, max_len in limits.items():
            if key in element:
                self.string(element[key], f"{pointer}/{key}", max_len=max_len)
        if "style" in element and element["style"] not in ("primary", "danger"):
            self.fail(f"{pointer}/style", "must be one of: primary, danger")

    def image_element(self, element: dict[str, Any], pointer: str) -> None:
        allowed = ("type", "image_url", "slack_file", "alt_text")
        if self.props(element, pointer, allowed, ("alt_text",)):
            self.image_source(element, pointer)
            self.string(element["alt_text"], f"{pointer}/alt_text", max_len=IMAGE_ALT_TEXT_MAX)

    def image_source(self, image: dict[str, Any], pointer: str) -> None:
        if "image_url" in image:
            self.string(image["image_url"], f"{pointer}/image_url", max_len=URL_MAX)
        elif "slack_file" not in image:
            self.fail(pointer, "must provide either image_url or slack_file")
