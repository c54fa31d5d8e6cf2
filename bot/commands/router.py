"""The one entry point of chat commands, for every platform.

``CommandRouter.dispatch(text, caller)`` reads the command line, finds the verb (two
words first, so ``claim add`` and ``claim ID`` are different verbs), checks permission
(the only place that does: ``Verb.admin`` against ``Caller.is_admin``), runs it, and
turns every failure into a short reply: wrong usage gets the verb's usage line, and
anything unexpected is logged and answered with an apology, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from bot.commands.base import Caller, Reply, Verb, split_args
from bot.commands.editing import editing_verbs
from bot.commands.editor import ConfigEditor
from bot.commands.personal import personal_verbs
from bot.commands.queue import queue_verbs
from bot.commands.reading import reading_verbs
from bot.service import Service
from watchers.errors import CommandError
from watchers.stance.base import StanceModel
from watchers.storage.adminlog import add_audit

log = logging.getLogger(__name__)

APOLOGY = "Sorry, that command failed on our side. It has been logged; please try again later."


class CommandRouter:
    """Runs chat commands against a service. One per process is enough; it is thread-safe.

    ``model`` is the stance model the service's watch was built with, so that config
    edits rebuild the watch the same way.
    """

    def __init__(
        self,
        service: Service,
        *,
        model: StanceModel | None = None,
        verbs: Sequence[Verb] | None = None,
    ) -> None:
        self.service = service
        self.editor = ConfigEditor(service, model)
        if verbs is None:
            verbs = [
                *reading_verbs(service),
                *personal_verbs(service),
                *queue_verbs(service),
                *editing_verbs(self.editor),
            ]
        help_verb = Verb("help", "help [VERB]", "what each command does", self._help)
        self.verbs = {v.name: v for v in (help_verb, *verbs)}

    def dispatch(self, text: str, caller: Caller) -> Reply:
        """The reply to one command line from ``caller``. Never raises."""
        try:
            return self._dispatch(text, caller, self.service.clock())
        except Exception:
            log.exception("command %r from %s failed", text, caller.actor)
            return Reply(APOLOGY, ok=False)

    def _dispatch(self, text: str, caller: Caller, now: datetime) -> Reply:
        try:
            words = split_args(text)
        except CommandError as error:
            return Reply(f"{error}. Quote sentences with double quotes.", ok=False)
        if not words:
            return self._help([], caller, now)
        verb, args = self._find(words)
        if verb is None:
            return self._unknown(words[0])
        if verb.admin and not caller.is_admin:
            add_audit(self.service.store, now, caller.actor, f"refused: {text.strip()}")
            return Reply(
                f"Sorry, only policywatch admins can use `{verb.name}`. "
                "Ask one of them, or see `help` for what you can do.",
                ok=False,
            )
        try:
            return verb.handler(args, caller, now)
        except CommandError as error:
            return Reply(f"{error}\nUsage: {verb.usage}", ok=False)

    def _find(self, words: Sequence[str]) -> tuple[Verb | None, Sequence[str]]:
        first = words[0].lower()
        if len(words) > 1 and (two := f"{first} {words[1].lower()}") in self.verbs:
            return self.verbs[two], words[2:]
        return self.verbs.get(first), words[1:]

    def _unknown(self, word: str) -> Reply:
        group = [v for v in self.verbs.values() if v.name.startswith(word.lower() + " ")]
        if group:
            usages = "\n".join(f"  {v.usage}" for v in group)
            return Reply(f"Usage:\n{usages}", ok=False)
        return Reply(f"Unknown command {word!r}. Try `help`.", ok=False)

    def _help(self, args: Sequence[str], caller: Caller, now: datetime) -> Reply:
        if args:
            wanted = " ".join(args).lower()
            found = [
                v
                for v in self.verbs.values()
                if v.name == wanted or v.name.startswith(wanted + " ")
            ]
            if not found:
                return Reply(f"No command {wanted!r}. Try `help`.", ok=False)
            return Reply("\n".join(f"{v.usage}: {v.summary}" for v in found))
        everyone = [v for v in self.verbs.values() if not v.admin]
        admins = [v for v in self.verbs.values() if v.admin]
        lines = ["policywatch commands:"]
        lines += [f"  {v.usage} · {v.summary}" for v in everyone]
        lines.append("Admins only (config edits, and digests set aside as failed):")
        lines += [f"  {v.usage} · {v.summary}" for v in admins]
        return Reply("\n".join(lines))
