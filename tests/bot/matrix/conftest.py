"""A policywatch Matrix bot against a real Synapse on 127.0.0.1, driven like a person would.

``bot_factory`` builds the service (small config, SQLite, a settable clock), the Matrix
connection, sink and adapter, and starts the sync loop; everything is stopped after the
test. Usernames are unique per call, so tests share the session's homeserver freely.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from nio import MegolmEvent, RoomMessageFormatted

from bot.commands.router import CommandRouter
from bot.delivery import ConsoleSink, Deliverer
from bot.matrix.adapter import MatrixAdapter
from bot.matrix.connection import MatrixConnection
from bot.matrix.loop import LoopThread
from bot.matrix.settings import InviterRules, MatrixEnv
from bot.matrix.sink import MatrixSink
from bot.service import Service
from support.matrix_person import Person
from support.nio_person import CryptoPerson
from support.service import write_config
from support.synapse import Homeserver, RegisteredUser
from watchers.config.file import load_config
from watchers.storage import Store
from watchers.watch import Watch

SYNC_TIMEOUT_MS = 2_000


def unique(prefix: str) -> str:
    """A username no other test uses on the shared homeserver."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def wait_until(check: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """Poll ``check`` until it returns something truthy; return that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.1)


def write_routes(config_dir: Path, room: str, route_id: str = "desk") -> None:
    """Point the config's one route at ``room`` (an id or an alias)."""
    (config_dir / "routes.yaml").write_text(
        f"routes:\n  - {{id: {route_id}, destination: 'matrix:{room}', schedule: 1h}}\n",
        encoding="utf-8",
    )


def add_alias(homeserver: Homeserver, user: RegisteredUser, room_id: str) -> str:
    """Give the room a fresh alias on ``homeserver`` (as ``user``, a member); return it.

    Routes name rooms by alias in these tests: the config accepts only room ids with a
    server part, which rooms of version 12 (Synapse's default) no longer have.
    """
    alias = f"#{unique('desk')}:{homeserver.server_name}"
    response = httpx.put(
        f"{homeserver.url}/_matrix/client/v3/directory/room/{quote(alias)}",
        json={"room_id": room_id},
        headers={"Authorization": f"Bearer {user.access_token}"},
        trust_env=False,
    )
    response.raise_for_status()
    return alias


@dataclass
class Bot:
    """One running bot: its service (with a clock the test moves) and Matrix pieces."""

    user: RegisteredUser
    service: Service
    store: Store
    connection: MatrixConnection
    sink: MatrixSink
    adapter: MatrixAdapter
    config_dir: Path
    now: list[datetime] = field(default_factory=list)

    def advance(self, delta: timedelta) -> None:
        self.now[0] += delta

    def stop(self) -> None:
        self.adapter.stop()
        self.connection.close()
        self.store.close()


@dataclass
class BotFactory:
    """Starts bots; ``stop_all`` ends them (the fixture calls it)."""

    tmp_path: Path
    bots: list[Bot] = field(default_factory=list)

    def register(self, homeserver: Homeserver, prefix: str = "bot") -> RegisteredUser:
        return homeserver.register(unique(prefix), "bot-password")

    def start(
        self,
        homeserver: Homeserver,
        user: RegisteredUser,
        *,
        feeds: dict[str, str] | None = None,
        room: str = "",
        inviters: InviterRules | None = None,
        password_login: bool = False,
        settings: str = "",
        name: str = "bot",
        sink_options: dict[str, Any] | None = None,
        loop: LoopThread | None = None,
    ) -> Bot:
        """Build and start a bot whose data lives in ``tmp_path / name`` (reused if it exists)."""
        home = self.tmp_path / name
        config_dir = home / "config"
        if not config_dir.exists():
            write_config(config_dir, feeds or {}, settings)
            if room:
                write_routes(config_dir, room)
        env = MatrixEnv(
            homeserver.url,
            user.user_id,
            access_token="" if password_login else user.access_token,
            password=user.password,
            allowed_inviters=inviters,
        )
        connection = MatrixConnection(env, home / "matrix", loop=loop)
        store = Store.open(f"sqlite:///{home / 'db.sqlite3'}")
        sink = MatrixSink(connection, store=store, **(sink_options or {}))
        now = [datetime.now(UTC)]
        deliverer = Deliverer(
            store, {"console": ConsoleSink(), "matrix": sink}, f"test-{name}", random.Random(0)
        )
        watch = Watch.build(load_config(config_dir), None)
        service = Service(watch, store, deliverer, clock=lambda: now[0], rng=random.Random(0))
        router = CommandRouter(service)
        adapter = MatrixAdapter(
            connection,
            store,
            router.dispatch,
            lambda: service.watch.config.settings,
            destinations=lambda: [route.destination for route in service.routes()],
            sync_timeout_ms=SYNC_TIMEOUT_MS,
        )
        bot = Bot(user, service, store, connection, sink, adapter, config_dir, now)
        self.bots.append(bot)
        adapter.start()
        assert adapter.wait_synced(30), "the bot did not finish its first sync"
        return bot

    def stop_all(self) -> None:
        for bot in self.bots:
            bot.stop()


@pytest.fixture
def bot_factory(tmp_path: Path) -> Iterator[BotFactory]:
    factory = BotFactory(tmp_path)
    yield factory
    factory.stop_all()


class NoticeReader(CryptoPerson):
    """A person's encrypting client that also reads notices (the bot's), keeping contents."""

    contents: dict[str, list[dict[str, Any]]]

    def _keep(self, room_id: str, events: Iterable[object]) -> None:
        kept = self.__dict__.setdefault("contents", {})
        for event in events:
            if isinstance(event, RoomMessageFormatted):
                self._texts.setdefault(room_id, []).append(event.body)
                kept.setdefault(room_id, []).append(event.source["content"])
            elif isinstance(event, MegolmEvent):
                self._undecrypted[room_id] = self._undecrypted.get(room_id, 0) + 1

    def content_of(self, room_id: str, body_part: str) -> dict[str, Any]:
        """The content of the room's latest message whose body contains ``body_part``."""
        found = [c for c in self.contents.get(room_id, []) if body_part in c.get("body", "")]
        return found[-1]


@pytest.fixture
def crypto_person(
    shared_loop: LoopThread, tmp_path: Path
) -> Iterator[Callable[[Homeserver, RegisteredUser], NoticeReader]]:
    """Logs a registered user in as an encrypting client on ``shared_loop``."""
    readers: list[NoticeReader] = []

    def login(homeserver: Homeserver, user: RegisteredUser) -> NoticeReader:
        store = tmp_path / "crypto" / user.user_id
        reader = shared_loop.run(NoticeReader.login(homeserver.url, user, store), 30)
        readers.append(reader)
        return reader

    yield login
    for reader in readers:
        shared_loop.run(reader.close(), 30)


@pytest.fixture
def shared_loop() -> Iterator[LoopThread]:
    """One loop thread for the bot and a test's encrypting person (see MatrixConnection)."""
    loop = LoopThread("test matrix loop")
    yield loop
    loop.stop()


@pytest.fixture
def person_factory() -> Iterator[Callable[[Homeserver, str], Person]]:
    """Registers a fresh person on a homeserver and opens their plain client."""
    people: list[Person] = []

    def make(homeserver: Homeserver, prefix: str = "alice") -> Person:
        person = Person(homeserver.url, homeserver.register(unique(prefix), "person-password"))
        people.append(person)
        return person

    yield make
    for person in people:
        person.close()


class Rooms:
    """What people see in rooms, and waiting for it (the ``rooms`` fixture)."""

    @staticmethod
    def wait_until(check: Callable[[], Any], timeout: float = 15.0, what: str = "it") -> Any:
        return wait_until(check, timeout, what)

    @staticmethod
    def joined(person: Person, room_id: str, user_id: str) -> bool:
        """Whether ``user_id`` is a joined member of the room, as ``person`` sees it."""
        return Rooms.membership(person, room_id, user_id) == "join"

    @staticmethod
    def membership(person: Person, room_id: str, user_id: str) -> str:
        """The latest membership of ``user_id`` in the room's timeline ("" if none)."""
        states = [
            e["content"].get("membership", "")
            for e in person.events(room_id)
            if e["type"] == "m.room.member" and e.get("state_key") == user_id
        ]
        return states[-1] if states else ""

    @staticmethod
    def notices_from(person: Person, room_id: str, sender: str) -> list[dict[str, Any]]:
        """The ``m.notice`` events ``sender`` posted in the room, oldest first (plain rooms)."""
        return [
            e
            for e in person.events(room_id, limit=200)
            if e["type"] == "m.room.message"
            and e["sender"] == sender
            and e["content"].get("msgtype") == "m.notice"
        ]

    add_alias = staticmethod(add_alias)

    @staticmethod
    def event(person: Person, room_id: str, event_id: str) -> dict[str, Any]:
        """One event of the room's recent timeline, by id."""
        return next(e for e in person.events(room_id, limit=200) if e["event_id"] == event_id)


@pytest.fixture
def rooms() -> Rooms:
    return Rooms()
