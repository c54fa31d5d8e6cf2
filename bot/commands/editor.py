"""Applying config edits made from chat, keeping them, and replaying them at startup.

An edit is an operation (:mod:`bot.commands.configops`). It is applied to the documents
of the running config, validated by ``parse_config`` exactly as the files are, built
into a new :class:`Watch`, stored (with its audit entry, in one transaction) and only
then switched to. At startup :func:`apply_stored_edits` loads the stored operations and
replays them, in order, over the config read from the YAML files: YAML edits and chat
edits both survive, and an operation that no longer fits the files is skipped with a
warning in the log and in the audit log.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from bot.commands.base import Caller, Reply
from bot.commands.configops import ConfigOp, Documents, apply_op, documents_of, record_text
from bot.service import Service
from watchers.configfile import WatchConfig, parse_config
from watchers.errors import CommandError, ConfigError
from watchers.stance.base import StanceModel
from watchers.storage import Store
from watchers.storage.adminlog import add_audit, record_edit, revisions, start_route_cursor
from watchers.storage.chatstate import get_value, set_value
from watchers.watch import Watch

log = logging.getLogger(__name__)

# One edit at a time in this process, whichever chat it comes from: each edit starts
# from the config the previous one left.
_EDIT_LOCK = threading.Lock()


class ConfigEditor:
    """Applies operations to a running service's config; see the module docstring."""

    def __init__(self, service: Service, model: StanceModel | None = None) -> None:
        self.service = service
        self.model = model

    def documents(self) -> Documents:
        """The running config as parsed documents."""
        return documents_of(self.service.watch.config)

    def apply(self, op: ConfigOp, caller: Caller, now: datetime) -> Reply:
        """Validate, keep and switch to ``op`` applied to the running config.

        An operation that cannot apply or would make the config invalid changes nothing;
        the reply says why (naming the file and path for a validation error) and the
        audit log records the rejection.
        """
        with _EDIT_LOCK:
            config = self.service.watch.config
            try:
                change = apply_op(documents_of(config), op)
                new_config = parse_config(change.documents, config.directory)
            except (CommandError, ConfigError) as error:
                add_audit(
                    self.service.store,
                    now,
                    caller.actor,
                    f"rejected: {op.describe()}",
                    after=str(error),
                )
                return Reply(f"Not changed: {error}", ok=False)
            watch = Watch.build(new_config, self.model)
            if op.kind == "route.add":
                start_route_cursor(self.service.store, str(op.args["id"]), now)
            record_edit(
                self.service.store,
                now,
                caller.actor,
                op.to_json(),
                action=f"applied: {op.describe()}",
                before=record_text(change.before),
                after=record_text(change.after),
            )
            self.service.replace_watch(watch)
        log.info("config edit by %s: %s", caller.actor, op.describe())
        return Reply(f"Done: {op.describe()}. It applies now and is kept.", ephemeral=False)


def apply_stored_edits(config: WatchConfig, store: Store, now: datetime) -> WatchConfig:
    """``config`` (as read from the files) with every stored chat edit replayed in order.

    An edit that no longer applies or validates is skipped: logged as a warning, and
    noted in the audit log once for each new reason.
    """
    stored = revisions(store)
    if not stored:
        return config
    docs = documents_of(config)
    for revision in stored:
        try:
            op = ConfigOp.from_json(revision.operation)
            change = apply_op(docs, op)
            parse_config(change.documents, config.directory)
        except (CommandError, ConfigError) as error:
            _note_skipped(store, revision.id, revision.actor, str(error), now)
            continue
        docs = change.documents
    return parse_config(docs, config.directory)


def _note_skipped(store: Store, revision_id: int, actor: str, reason: str, now: datetime) -> None:
    log.warning("stored config edit #%d (by %s) skipped: %s", revision_id, actor, reason)
    key = f"config-skip:{revision_id}"
    if get_value(store, key) == reason:
        return
    set_value(store, key, reason)
    add_audit(
        store, now, "policywatch", f"skipped: stored edit #{revision_id} by {actor}", after=reason
    )
