"""The heartbeat that keeps an instance's poll leases alive while its polls go on.

Leases are short (``settings.polling.lease``, 30 s by default) so that the feeds of an
instance that stops are polled again soon; a poll may take longer than that (a slow
server, a large feed, a database that is down for a while), so every third of a lease
the instance extends all the leases it holds in one statement. A lease that is no
longer its own (it ran out while the database was unreachable and another instance
took the feed) is reported as lost: that poll's outcome will not be stored.

Leases whose polls failed to store (the database went away mid-poll) are handed back
here once the database answers again, so the feeds are polled at once rather than
when the lease runs out.

Digests being sent are leased the same way (:mod:`bot.delivery`), with a heartbeat of
their own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.ops.logs import brief

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)


class Heartbeat(Generic[K]):
    """Renews ``held()``'s leases every third of ``lease()`` until stopped.

    ``renew(keys, until)`` extends the leases this instance holds on ``keys`` and
    returns the keys it still held; ``release(keys)`` hands leases back. ``what``
    names the leases in the log and the thread.
    """

    def __init__(
        self,
        renew: Callable[[set[K], datetime], set[K]],
        release: Callable[[set[K]], None],
        *,
        held: Callable[[], set[K]],
        lost: Callable[[set[K]], None],
        lease: Callable[[], timedelta],
        clock: Callable[[], datetime],
        what: str = "poll",
    ) -> None:
        self._renew = renew
        self._release = release
        self._what = what
        self._held = held
        self._lost = lost
        self._lease = lease
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._release_lock = threading.Lock()
        self._to_release: set[K] = set()

    def start(self) -> None:
        self._stop.clear()
        name = f"{self._what}-leases"
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def release_later(self, key: K) -> None:
        """Hand the lease back at the next beat that reaches the database."""
        with self._release_lock:
            self._to_release.add(key)

    def beat(self) -> None:
        """Renew every held lease and hand back those waiting; raises database errors."""
        held = self._held()
        if held:
            kept = self._renew(held, self._clock() + self._lease())
            # A poll that stored its outcome meanwhile released its lease: not lost.
            gone = held - kept
            if gone:
                self._lost(gone)
        with self._release_lock:
            waiting, self._to_release = self._to_release - held, set()
        try:
            self._release(waiting)
        except SQLAlchemyError:
            with self._release_lock:
                self._to_release |= waiting
            raise

    def _run(self) -> None:
        failing = False
        while not self._stop.wait(self._lease().total_seconds() / 3):
            try:
                self.beat()
            except SQLAlchemyError as error:
                if not failing:
                    log.warning("%s leases not renewed, will retry: %s", self._what, brief(error))
                failing = True
                continue
            if failing:
                log.info("%s leases renewed again", self._what)
            failing = False
