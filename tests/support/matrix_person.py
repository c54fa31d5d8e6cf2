"""A person on Matrix, for tests: plain Client-Server API calls over httpx.

Reads and writes rooms the way a human's client would, against a real homeserver. It does
no end-to-end encryption: in an encrypted room it sees ``m.room.encrypted`` events, which
is how a test checks that ciphertext, not plaintext, went over the wire. ``nio_person``
reads encrypted rooms.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import quote

import httpx

from support.synapse_register import RegisteredUser

_API = "/_matrix/client/v3"
ENCRYPTION_ALGORITHM = "m.megolm.v1.aes-sha2"


class MatrixRequestError(RuntimeError):
    """The homeserver answered with an error; ``errcode`` is its Matrix error code."""

    def __init__(self, method: str, path: str, status: int, body: dict[str, Any]) -> None:
        self.status = status
        self.errcode = str(body.get("errcode", ""))
        self.body = body
        super().__init__(f"{method} {path} -> {status} {self.errcode}: {body.get('error', '')}")


@dataclass(frozen=True)
class TextMessage:
    """One ``m.room.message`` event as a person sees it."""

    event_id: str
    sender: str
    body: str
    msgtype: str


class Person:
    """One user's client session. Close it, or use it as a context manager."""

    def __init__(self, homeserver_url: str, user: RegisteredUser) -> None:
        self.user = user
        self._http = httpx.Client(
            base_url=homeserver_url + _API,
            headers={"Authorization": f"Bearer {user.access_token}"},
            timeout=30.0,
            trust_env=False,
        )
        self._txn = itertools.count()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self._http.close()

    @property
    def user_id(self) -> str:
        """This person's Matrix ID."""
        return self.user.user_id

    def create_room(
        self, *, name: str | None = None, invite: Iterable[str] = (), encrypted: bool = False
    ) -> str:
        """Create a private room, optionally end-to-end encrypted; return its room ID."""
        body: dict[str, Any] = {"preset": "private_chat", "invite": list(invite)}
        if name is not None:
            body["name"] = name
        if encrypted:
            body["initial_state"] = [encryption_state()]
        room_id: str = self._request("POST", "/createRoom", body)["room_id"]
        return room_id

    def invite(self, room_id: str, user_id: str) -> None:
        """Invite ``user_id`` into the room."""
        self._request("POST", f"/rooms/{quote(room_id)}/invite", {"user_id": user_id})

    def join(self, room_id: str) -> None:
        """Join a room this person was invited to (or a public one)."""
        self._request("POST", f"/join/{quote(room_id)}", {})

    def send_text(self, room_id: str, body: str, *, msgtype: str = "m.text") -> str:
        """Send a plain-text message; return its event ID.

        Raises:
            MatrixRequestError: refused, e.g. ``M_LIMIT_EXCEEDED`` when rate-limited.
        """
        txn = f"person-{time.monotonic_ns()}-{next(self._txn)}"
        path = f"/rooms/{quote(room_id)}/send/m.room.message/{txn}"
        event_id: str = self._request("PUT", path, {"msgtype": msgtype, "body": body})["event_id"]
        return event_id

    def events(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """Return the room's latest ``limit`` timeline events, oldest first."""
        path = f"/rooms/{quote(room_id)}/messages"
        answer = self._request("GET", path, params={"dir": "b", "limit": limit})
        return list(reversed(answer["chunk"]))

    def texts(self, room_id: str, limit: int = 100) -> list[TextMessage]:
        """Return the room's readable messages among its latest ``limit`` events, oldest first."""
        return [
            TextMessage(e["event_id"], e["sender"], e["content"]["body"], e["content"]["msgtype"])
            for e in self.events(room_id, limit)
            if e["type"] == "m.room.message" and "body" in e.get("content", {})
        ]

    def wait_for_text(self, room_id: str, contains: str, timeout: float = 10.0) -> TextMessage:
        """Poll the room until a message whose body contains ``contains`` appears.

        Raises:
            TimeoutError: none appeared within ``timeout`` seconds; lists what was seen.
        """
        deadline = time.monotonic() + timeout
        while True:
            seen = self.texts(room_id)
            found = [message for message in seen if contains in message.body]
            if found:
                return found[-1]
            if time.monotonic() >= deadline:
                bodies = [message.body for message in seen]
                raise TimeoutError(f"no message containing {contains!r} in {room_id}: {bodies}")
            time.sleep(0.2)

    def joined_rooms(self) -> list[str]:
        """Return the IDs of the rooms this person has joined."""
        rooms: list[str] = self._request("GET", "/joined_rooms")["joined_rooms"]
        return rooms

    def _request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        response = self._http.request(method, path, json=body, params=params)
        answer: dict[str, Any] = response.json()
        if response.status_code != 200:
            raise MatrixRequestError(method, path, response.status_code, answer)
        return answer


def encryption_state() -> dict[str, Any]:
    """Return the ``m.room.encryption`` initial-state event that makes a room encrypted."""
    return {
        "type": "m.room.encryption",
        "state_key": "",
        "content": {"algorithm": ENCRYPTION_ALGORITHM},
    }
