"""The platform-neutral command interface.

A chat adapter turns its payload into a ``Caller`` and the command text, calls
``CommandRouter.dispatch`` and posts the ``Reply`` its own way. Nothing here
knows about Slack or Matrix.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TypeVar

from watchers.errors import CommandError

T = TypeVar("T")


@dataclass(frozen=True)
class Caller:
    """Who is asking, from where, and whether the platform says they are an admin.

    ``is_admin`` is decided by the adapter from what only it can see (Slack user
    groups, Matrix power levels) together with the configured allowlists.
    """

    platform: str  # "slack", "matrix" or "console"
    user_id: str
    room: str = ""
    is_admin: bool = False
    event_id: str = ""
    # Other names of ``room`` that a route destination may use (Slack's "#name").
    room_names: tuple[str, ...] = ()

    @property
    def actor(self) -> str:
        """How the caller is named in the audit log: ``slack:U0123``."""
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class Reply:
    """What to answer. ``ephemeral`` replies are shown only to the asker where possible."""

    text: str
    ephemeral: bool = True
    ok: bool = True
    # Data to show as is, in a fixed-width block (an export's YAML).
    preformatted: bool = False


@dataclass(frozen=True)
class Verb:
    """One command: its name, usage line, whether only admins may run it, and its handler."""

    name: str
    usage: str
    summary: str
    handler: Callable[[Sequence[str], Caller, datetime], Reply]
    admin: bool = False
    subverbs: tuple[str, ...] = field(default=())


def bound_verb(
    target: T,
    name: str,
    usage: str,
    summary: str,
    handler: Callable[[T, Sequence[str], Caller, datetime], Reply],
) -> Verb:
    """A verb whose handler takes ``target`` (the service, say) as its first argument."""
    return Verb(name, usage, summary, partial(handler, target))


def split_args(text: str) -> list[str]:
    """Words of a command line; double quotes keep a sentence together."""
    try:
        return shlex.split(text.replace("“", '"').replace("”", '"'))
    except ValueError as error:
        raise CommandError(f"could not read the command: {error}") from None
