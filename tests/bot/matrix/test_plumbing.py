"""The Matrix adapter's plumbing: its loop thread, saved sessions, destinations, part ids."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.delivery import DeliveryError
from bot.matrix.loop import LoopStopped, LoopThread
from bot.matrix.session import Session, load_session, save_session
from bot.matrix.sink import part_txn_id, room_address


@pytest.fixture
def loop() -> Iterator[LoopThread]:
    thread = LoopThread("test")
    yield thread
    thread.stop()


def test_the_loop_runs_coroutines_from_other_threads(loop: LoopThread) -> None:
    async def where() -> str:
        await asyncio.sleep(0)
        return threading.current_thread().name

    assert loop.run(where(), 5) == "test"


def test_errors_of_the_coroutine_reach_the_caller_as_they_are(loop: LoopThread) -> None:
    async def fails() -> None:
        raise TimeoutError("the coroutine's own")

    with pytest.raises(TimeoutError, match="the coroutine's own"):
        loop.run(fails(), 5)


def test_a_slow_coroutine_is_cancelled_at_the_timeout(loop: LoopThread) -> None:
    cancelled = threading.Event()

    async def slow() -> None:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    with pytest.raises(TimeoutError, match=r"gave up after 0\.2s"):
        loop.run(slow(), 0.2)
    assert cancelled.wait(5)


def test_a_stopped_loop_takes_no_more_work() -> None:
    thread = LoopThread("short-lived")
    thread.stop()

    async def nothing() -> None:
        return None

    assert not thread.alive
    with pytest.raises(LoopStopped):
        thread.run(nothing(), 1)


def test_sessions_are_saved_for_the_owner_only_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "matrix" / "session.json"
    session = Session("https://m.example", "@pw:m.example", "DEVICE", "syt_token")
    save_session(path, session)
    assert load_session(path) == session
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_unreadable_session_counts_as_none(tmp_path: Path) -> None:
    path = tmp_path / "session.json"
    assert load_session(path) is None
    path.write_text('{"homeserver": "x"}')
    assert load_session(path) is None
    path.write_text("not json")
    assert load_session(path) is None


@pytest.mark.parametrize(
    ("destination", "address"),
    [
        ("matrix:!abc:example.org", "!abc:example.org"),
        ("matrix:!abcdefghijklmnop", "!abcdefghijklmnop"),
        ("matrix:#desk:example.org", "#desk:example.org"),
        ("matrix:@alice:example.org", "@alice:example.org"),
    ],
)
def test_destinations_name_rooms_aliases_or_users(destination: str, address: str) -> None:
    assert room_address(destination) == address


@pytest.mark.parametrize("destination", ["slack:#desk", "matrix:desk", "console"])
def test_other_destinations_are_refused(destination: str) -> None:
    with pytest.raises(DeliveryError):
        room_address(destination)


def test_parts_after_the_first_get_their_own_stable_transaction_ids() -> None:
    assert part_txn_id("abc", 0) == "abc"
    assert [part_txn_id("abc", n) for n in (1, 2)] == ["abc.1", "abc.2"]
