"""Feed documents parsed in other processes, so that polls use more than one core.

Parsing a document (decoding it, reading its XML, turning HTML into text) is a third of
a poll's work, and it needs nothing of the service: bytes in, items out
(:func:`watchers.parser.parse_feed`). Threads cannot share that work out, since
Python runs one of them at a time; so :class:`ParserPool` hands each document to one
of a few worker processes and the poll's thread waits for the items, while the
service's own process matches, labels and stores other feeds' items meanwhile.

A worker is a fresh interpreter running this module (``python -m bot.parsers``): it
imports the parser alone (30 MB, some 55 MB at its peak), where a copy of the service
would hold the stance model and the numeric libraries. It reads one pickled request at
a time on its standard input and writes the answer on its standard output. Workers start with the
first document that needs one; documents under :data:`IN_PLACE_BYTES` are parsed
where they are, which keeps a service with only small feeds (the bundled demo, the
tests) from starting any. A worker that dies while reading a document is started
again and the document counts as unreadable (:class:`FeedParseError`): the feed backs
off as for any document that cannot be read. Where no worker can be started at all,
documents are parsed in place, as they were before there were workers.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Collection, Mapping
from concurrent.futures import Future
from typing import IO, Any

from watchers.feedfields import ParsedFeed

log = logging.getLogger(__name__)

IN_PLACE_BYTES = 32_768
"""Documents smaller than this are parsed in the calling thread. Starting a worker
takes about half a second; a document of this size takes about a millisecond."""

_HEADER = struct.Struct("!I")


def default_workers() -> int:
    """One worker per core beyond the first (the service's own), at least one, at most four."""
    return max(1, min(4, (os.cpu_count() or 1) - 1))


class ParserPool:
    """Worker processes that run :func:`watchers.parser.parse_feed`; thread-safe.

    :meth:`parse_feed` takes the same arguments and gives the same result, or raises
    the same :class:`FeedParseError`, as the function it stands for.
    """

    def __init__(self, workers: int | None = None) -> None:
        self._size = workers or default_workers()
        self._jobs: queue.Queue[tuple[dict[str, Any], Future[ParsedFeed]] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._closed = False

    def parse_feed(
        self,
        body: bytes,
        *,
        feed_id: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        language: str = "",
        seen: Collection[str] = (),
    ) -> ParsedFeed:
        """:func:`watchers.parser.parse_feed` of the document, in a worker when it is
        large enough to be worth sending there."""
        from watchers.parser import parse_feed

        request: dict[str, Any] = {
            "body": body,
            "feed_id": feed_id,
            "url": url,
            "headers": dict(headers or {}),
            "language": language,
            "seen": tuple(seen),
        }
        if len(body) < IN_PLACE_BYTES or not self._start():
            return parse_feed(**request)
        answer: Future[ParsedFeed] = Future()
        self._jobs.put((request, answer))
        return answer.result()

    def close(self) -> None:
        """Stop the workers once the documents handed to them are parsed."""
        with self._lock:
            self._closed = True
            threads, self._threads = self._threads, []
        for _ in threads:
            self._jobs.put(None)
        for thread in threads:
            thread.join()

    def _start(self) -> bool:
        """Start the workers if they are not running; False once closed."""
        with self._lock:
            if self._closed:
                return False
            while len(self._threads) < self._size:
                thread = threading.Thread(
                    target=self._serve, name=f"parser-{len(self._threads)}", daemon=True
                )
                thread.start()
                self._threads.append(thread)
            return True

    def _serve(self) -> None:
        """Feed one worker process the queued documents, one at a time."""
        worker: subprocess.Popen[bytes] | None = None
        try:
            while (job := self._jobs.get()) is not None:
                request, answer = job
                if worker is None or worker.poll() is not None:
                    worker = _spawn()
                if worker is None:
                    _in_place(request, answer)
                    continue
                try:
                    assert worker.stdin is not None and worker.stdout is not None
                    _send(worker.stdin, request)
                    status, value = _receive(worker.stdout)
                except (OSError, EOFError, pickle.UnpicklingError) as error:
                    log.warning("parser process stopped reading %s: %s", request["url"], error)
                    _end(worker)
                    worker = None
                    answer.set_exception(_unreadable(request["url"]))
                    continue
                if status == "ok":
                    answer.set_result(value)
                else:
                    answer.set_exception(value)
        finally:
            if worker is not None:
                _end(worker)


def _in_place(request: dict[str, Any], answer: Future[ParsedFeed]) -> None:
    """Parse here, when no worker could be started."""
    from watchers.parser import parse_feed

    try:
        answer.set_result(parse_feed(**request))
    except Exception as error:  # FeedParseError, or a bug the poll logs
        answer.set_exception(error)


def _unreadable(url: str) -> Exception:
    from watchers.errors import FeedParseError

    return FeedParseError(url, "not a feed: the parser process stopped while reading it")


def _spawn() -> subprocess.Popen[bytes] | None:
    """A worker with this process's module path, so it imports the same code; None
    (and a warning) when none can be started, and documents are parsed in place."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.parsers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
    except OSError as error:
        log.warning("no parser process could be started, parsing in place: %s", error)
        return None


def _end(worker: subprocess.Popen[bytes]) -> None:
    for stream in (worker.stdin, worker.stdout):
        if stream is not None:
            stream.close()
    try:
        worker.wait(timeout=5)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _send(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError("the worker closed its output")
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the worker's answer was cut short")
    return pickle.loads(data)


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """A worker's loop: parse each request until the input closes."""
    from watchers.errors import FeedParseError
    from watchers.parser import parse_feed

    while True:
        try:
            request = _receive(requests)
        except EOFError:
            return
        try:
            parsed = parse_feed(**request)
            for item in parsed.items:
                item.content_hash  # noqa: B018 -- computed here, carried in the pickle
            answer: tuple[str, object] = ("ok", parsed)
        except FeedParseError as error:
            answer = ("error", error)
        except Exception as error:  # a bug: told to the poll, which logs it
            answer = ("error", RuntimeError(f"parser process: {error!r}"))
        _send(answers, answer)


if __name__ == "__main__":
    # The service stops its workers by closing their input; an interrupt at the terminal
    # is the service's to handle, not each worker's.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Answers go out on a copy of the standard output; whatever else writes there (a
    # library's print) goes to the standard error, not into the answers.
    _answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    serve(sys.stdin.buffer, _answers)
