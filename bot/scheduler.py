"""What runs in the long-running service: the polling engine, and APScheduler jobs beside
it: one that builds the digests that are due, one for the outbox, one that picks up
config edits made by other instances, and one that reloads the config files when they
change.

Polls are not APScheduler jobs: :mod:`bot.engine` claims due feeds from the database
in a loop of its own, so a round of slow polls can never make a job "miss" its time
and be dropped, and the jobs here run in their own threads, never waiting for polls.

Digests are not APScheduler triggers either: a trigger counts from when it was added,
so a restart or a config edit would postpone every route. The digests job asks the
service which routes are due, from each route's stored last digest time and its
schedule.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.commands.editor import ConfigEditor
from bot.engine import PollEngine
from bot.service import Service

log = logging.getLogger(__name__)

DELIVERY_EVERY = timedelta(seconds=15)
DIGESTS_EVERY = timedelta(seconds=10)
RELOAD_EVERY = timedelta(seconds=30)
# Reading and hashing the config files costs well under a millisecond (bench/config_watch.py).
FILES_EVERY = timedelta(seconds=3)


def _digests(service: Service) -> None:
    if service.build_due_digests():
        service.deliver()


def _reload(editor: ConfigEditor) -> None:
    editor.reload_if_edited(editor.service.clock())


def _reload_files(editor: ConfigEditor) -> None:
    editor.reload_if_files_changed(editor.service.clock())


def install_jobs(
    scheduler: BackgroundScheduler, service: Service, editor: ConfigEditor | None = None
) -> None:
    """Add the digest, outbox and config jobs, unless they are there already.

    They do not depend on the config, so a config change (a reload every few seconds,
    even) postpones none of them; feeds are the engine's, which reads the config at each
    claim. ``editor`` is the one the service's config edits go through (it knows which
    stored edits are its own, and the stance model to rebuild with); by default one
    without a stance model, as for a service built without one.
    """
    if scheduler.get_job("digests") is not None:
        return
    editor = editor or ConfigEditor(service)
    scheduler.add_job(
        _digests,
        IntervalTrigger(seconds=int(DIGESTS_EVERY.total_seconds()), timezone="UTC"),
        args=(service,),
        id="digests",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        service.deliver,
        IntervalTrigger(seconds=int(DELIVERY_EVERY.total_seconds())),
        id="outbox",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        _reload,
        IntervalTrigger(seconds=int(RELOAD_EVERY.total_seconds())),
        args=(editor,),
        id="config-reload",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )
    scheduler.add_job(
        _reload_files,
        IntervalTrigger(seconds=int(FILES_EVERY.total_seconds())),
        args=(editor,),
        id="config-files",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )


@dataclass
class Running:
    """The engine and the scheduler of a running service."""

    engine: PollEngine
    scheduler: BackgroundScheduler

    def shutdown(self, wait: bool = True) -> None:
        """Stop the jobs, then the engine (polls in hand finish)."""
        self.scheduler.shutdown(wait=wait)
        self.engine.stop()


def start_scheduler(service: Service, editor: ConfigEditor | None = None) -> Running:
    """Start the polling engine and the jobs in background threads.

    The engine reads the config at each claim, so feeds added, removed or changed by
    an edit or a reload are followed without restarting anything.
    """
    scheduler = BackgroundScheduler(timezone="UTC", executors={"default": ThreadPoolExecutor(4)})
    install_jobs(scheduler, service, editor or ConfigEditor(service))
    scheduler.start()
    service.engine.start()
    log.debug("engine and scheduler started: %d jobs", len(scheduler.get_jobs()))
    return Running(service.engine, scheduler)
