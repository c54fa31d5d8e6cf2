"""Applying config edits made from chat, keeping them, and replaying them at startup.

An edit is an operation (:mod:`bot.commands.configops`). It is applied to the documents
of the running config, validated by ``parse_config`` exactly as the files are, built
into a new :class:`Watch`, stored (with its audit entry, in one transaction) and only
then switched to. At startup :func:`apply_stored_edits` loads the stored operations and
replays them, in order, over the config read from the YAML files: YAML edits and chat
edits both survive, and an operation that no longer fits the files is skipped with a
warning in the log and in the audit log.

Edits of the files themselves apply without a restart: :meth:`ConfigEditor.reload_files`
(on SIGHUP) and :meth:`ConfigEditor.reload_if_files_changed` (asked every few seconds)
read them again, validate the whole and switch to it, or log why not.

Instances sharing a database learn of each other's edits through
:meth:`ConfigEditor.reload_if_edited`, which the scheduler runs every half minute: when
the stored edits changed, it rebuilds the config exactly as startup does and switches to
it if it differs from the running one.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select

from bot.commands.base import Caller, Reply
from bot.commands.configops import ConfigOp, Documents, apply_op, documents_of, record_text
from bot.service import Service
from watchers.config.file import WatchConfig, config_fingerprint, load_config, parse_config
from watchers.errors import CommandError, ConfigError
from watchers.stance.base import StanceModel
from watchers.storage import Store
from watchers.storage import tables as t
from watchers.storage.adminlog import add_audit, record_edit, revisions, start_route_cursor
from watchers.storage.chatstate import get_value, set_value
from watchers.watch import Watch

log = logging.getLogger(__name__)

# One edit or reload at a time in this process, whichever chat or job it comes from:
# each starts from the config the previous one left.
_EDIT_LOCK = threading.Lock()


class RevisionMark(NamedTuple):
    """How many config edits are stored, and the newest one's id.

    The total catches an edit whose id is below the newest (ids are handed out before
    their transactions commit, so they may become visible out of order).
    """

    total: int
    last_id: int


def revision_mark(store: Store) -> RevisionMark:
    """The mark of the stored config edits now: one cheap query."""
    ids = t.config_revisions.c.id
    with store.engine.connect() as c:
        count, last = c.execute(select(func.count(ids), func.coalesce(func.max(ids), 0))).one()
    return RevisionMark(int(count), int(last))


class ConfigEditor:
    """Applies operations to a running service's config; see the module docstring.

    Use one per service: it remembers the mark of the stored edits its running config
    reflects (``seen``; None until the first check), so that its own edits do not make
    it rebuild again.
    """

    def __init__(self, service: Service, model: StanceModel | None = None) -> None:
        self.service = service
        self.model = model
        self.seen: RevisionMark | None = None
        # The config files as last read (see ``config_fingerprint``); the running
        # config's own when it comes from the files read then.
        self.files_seen = config_fingerprint(service.watch.config.directory)
        self._settling: str | None = None  # files seen changed once, to be read if they stay

    def documents(self) -> Documents:
        """The running config as parsed documents."""
        return documents_of(self.service.watch.config)

    def apply(self, op: ConfigOp, caller: Caller, now: datetime) -> Reply:
        """Validate, keep and switch to ``op`` applied to the running config.

        An operation that cannot apply or would make the config invalid changes nothing;
        the reply says why (naming the file and path for a validation error) and the
        audit log records the rejection.
        """
        if op.kind == "route.add":
            # Asked before the lock: the platform may take a while to answer.
            problem = self.service.check_destination(str(op.args.get("destination", "")))
            if problem:
                action = f"rejected: {op.describe()}"
                add_audit(self.service.store, now, caller.actor, action, after=problem)
                return Reply(f"Not changed: {problem}.", ok=False)
        with _EDIT_LOCK:
            # Edit what other instances have made of the config, not an older copy.
            self._catch_up(now)
            seen = self.seen
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
            revision = record_edit(
                self.service.store,
                now,
                caller.actor,
                op.to_json(),
                action=f"applied: {op.describe()}",
                before=record_text(change.before),
                after=record_text(change.after),
            )
            self.service.replace_watch(watch)
            self._note_own(seen, revision)
        log.info("config edit by %s: %s", caller.actor, op.describe())
        return Reply(f"Done: {op.describe()}. It applies now and is kept.", ephemeral=False)

    def reload_if_edited(self, now: datetime) -> bool:
        """Switch to the config as startup would build it, if the stored edits changed.

        True when the service got a new watch. Nothing is rebuilt while the mark of the
        stored edits is the one last seen, nor when the rebuilt config equals the running
        one. Config files that no longer load are logged and the running config is kept;
        the next check tries again.
        """
        with _EDIT_LOCK:
            return self._catch_up(now)

    def reload_files(self, now: datetime, what: str = "config reload") -> bool:
        """Re-read the config files (on SIGHUP) with the stored edits replayed over them.

        The new config is validated whole; an invalid one is logged with its file and
        path and the running config stays. True when the service got a new watch.
        """
        with _EDIT_LOCK:
            mark = revision_mark(self.service.store)
            outcome = self._rebuild(now, mark, what, logging.ERROR)
        self.service.metrics.config_reload(outcome)
        return outcome == "applied"

    def reload_if_files_changed(self, now: datetime) -> bool:
        """Reload as on SIGHUP when the config files changed since they were last read and
        have stayed the same since the previous call (the scheduler calls every few
        seconds), so that files still being written are not read half-way. Content that
        failed to load is not tried again until it changes. True when the service got a
        new watch."""
        current = config_fingerprint(self.service.watch.config.directory)
        if current == self.files_seen or current != self._settling:
            self._settling = None if current == self.files_seen else current
            return False
        self._settling = None
        return self.reload_files(now, "config files changed")

    def _catch_up(self, now: datetime) -> bool:
        mark = revision_mark(self.service.store)
        if mark == self.seen:
            return False
        what = "config edits of other instances"
        return self._rebuild(now, mark, what, logging.WARNING) == "applied"

    def _rebuild(self, now: datetime, mark: RevisionMark, what: str, level: int) -> str:
        """Load the files with the stored edits over them and switch to the result:
        ``applied``, ``unchanged`` (it equals the running config) or ``refused``."""
        running = self.service.watch.config
        # Noted before reading: a change made while the files are read is seen next time.
        self.files_seen = config_fingerprint(running.directory)
        try:
            config = apply_stored_edits(load_config(running.directory), self.service.store, now)
        except ConfigError as error:
            log.log(level, "%s: invalid config not applied, the running one stays: %s", what, error)
            return "refused"
        self.seen = mark
        if config == running:
            log.info("%s: nothing changed", what)
            return "unchanged"
        self.service.replace_watch(Watch.build(config, self.model))
        log.info(
            "%s: now %d feeds, %d routes; stored edits %d, newest #%d",
            what,
            len(config.feeds),
            len(config.routes),
            mark.total,
            mark.last_id,
        )
        return "applied"

    def _note_own(self, seen: RevisionMark | None, revision: int) -> None:
        # The running config is the stored one only if no other edit came in meanwhile;
        # otherwise leave ``seen`` behind so that the next check replays them all.
        if seen is None:
            return
        expected = RevisionMark(seen.total + 1, revision)
        if revision_mark(self.service.store) == expected:
            self.seen = expected


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
