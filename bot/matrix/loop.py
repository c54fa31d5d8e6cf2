"""An asyncio event loop running in a thread of its own.

matrix-nio is asynchronous while the scheduler's jobs (which call sinks) are plain
threads: the Matrix client lives on this loop, and other threads hand it coroutines.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

_T = TypeVar("_T")


class LoopStopped(RuntimeError):
    """The loop was stopped before the work handed to it could finish."""


class LoopThread:
    """A daemon thread running one event loop until ``stop``."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    @property
    def alive(self) -> bool:
        """Whether the loop still accepts work."""
        return self._thread.is_alive() and not self.loop.is_closed()

    def submit(self, coro: Coroutine[Any, Any, _T]) -> concurrent.futures.Future[_T]:
        """Schedule ``coro`` on the loop; the future holds its result.

        Raises:
            LoopStopped: the loop no longer runs.
        """
        if not self.alive:
            coro.close()
            raise LoopStopped(f"{self._thread.name}: the loop has stopped")
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def run(self, coro: Coroutine[Any, Any, _T], timeout: float) -> _T:
        """Run ``coro`` on the loop and wait for its result.

        Raises:
            TimeoutError: it took longer than ``timeout`` seconds; it is cancelled.
            LoopStopped: the loop stopped (and cancelled it) first.
            RuntimeError: called from the loop's own thread, where waiting would deadlock.
        """
        if threading.current_thread() is self._thread:
            raise RuntimeError("LoopThread.run called from its own loop; await the coroutine")
        future = self.submit(coro)
        # Waiting apart from taking the result: a TimeoutError raised by ``coro`` itself
        # must reach the caller as it is.
        done, _ = concurrent.futures.wait([future], timeout)
        if not done:
            future.cancel()
            raise TimeoutError(f"gave up after {timeout:g}s")
        if future.cancelled():
            raise LoopStopped(f"{self._thread.name}: stopped while the work was running")
        return future.result()

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel what still runs on the loop, end the thread and close the loop."""
        if not self.alive:
            return
        self.run(_cancel_others(), timeout)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self.loop.close()


async def _cancel_others() -> None:
    current = asyncio.current_task()
    tasks = [task for task in asyncio.all_tasks() if task is not current]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
