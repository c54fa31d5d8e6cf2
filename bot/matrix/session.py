"""Logging the bot in, once: its device and access token are kept for later runs.

A homeserver de-duplicates transaction ids per device, so resending a digest after a crash
is only safe from the same device: the session (device id and token of a password login)
is written to ``session.json`` in the Matrix state directory and reused on every start.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nio import AsyncClient, ErrorResponse, LoginResponse, WhoamiResponse

from bot.matrix.errors import REFUSED_CREDENTIALS, LoginError, Unavailable
from bot.matrix.settings import MatrixEnv

SESSION_FILE = "session.json"
DEVICE_NAME = "policywatch"


@dataclass(frozen=True)
class Session:
    """A logged-in device of the bot's account."""

    homeserver: str
    user_id: str
    device_id: str
    access_token: str


def load_session(path: Path) -> Session | None:
    """The session saved at ``path``; None when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Session(**{key: str(data[key]) for key in Session.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_session(path: Path, session: Session) -> None:
    """Write ``session`` to ``path``, readable by the owner only, replacing it atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(asdict(session), out)
    partial.replace(path)


async def log_in(client: AsyncClient, env: MatrixEnv, saved: Path) -> Session:
    """Make ``client`` logged in as ``env.user_id`` and return its session.

    An access token from the environment is used as given. Otherwise the session saved at
    ``saved`` is reused while the homeserver accepts it; a password login (keeping the
    saved device id, if any) replaces it when not.

    Raises:
        LoginError: the token or password was refused, or belongs to another user.
        Unavailable, aiohttp.ClientError, TimeoutError: the homeserver could not be reached
            or answered with a temporary error.
    """
    if env.access_token:
        session = await _check(client, env, env.access_token)
        if session is None:
            raise LoginError(f"{env.homeserver} refused MATRIX_ACCESS_TOKEN for {env.user_id}")
    else:
        stored = load_session(saved)
        usable = stored and (stored.homeserver, stored.user_id) == (env.homeserver, env.user_id)
        session = await _check(client, env, stored.access_token) if stored and usable else None
        if session is None:
            session = await _password_login(client, env, stored.device_id if stored else "")
            save_session(saved, session)
    client.restore_login(session.user_id, session.device_id, session.access_token)
    return session


async def _check(client: AsyncClient, env: MatrixEnv, token: str) -> Session | None:
    """The session of ``token`` when the homeserver still accepts it, else None."""
    client.user_id, client.access_token = env.user_id, token
    answer: Any = await client.whoami()
    if isinstance(answer, ErrorResponse) and answer.status_code in REFUSED_CREDENTIALS:
        client.access_token = ""
        return None
    if not isinstance(answer, WhoamiResponse):
        raise Unavailable(f"{env.homeserver} could not say who {env.user_id} is: {answer}")
    if answer.user_id != env.user_id:
        raise LoginError(f"the access token belongs to {answer.user_id}, not {env.user_id}")
    if not answer.device_id:
        raise LoginError(f"the access token of {env.user_id} has no device; log in to get one")
    return Session(env.homeserver, env.user_id, answer.device_id, token)


async def _password_login(client: AsyncClient, env: MatrixEnv, device_id: str) -> Session:
    if not env.password:
        raise LoginError(f"no usable session for {env.user_id} and no MATRIX_PASSWORD")
    client.user_id, client.device_id = env.user_id, device_id or None
    answer: Any = await client.login(env.password, device_name=DEVICE_NAME)
    if isinstance(answer, ErrorResponse) and answer.status_code not in REFUSED_CREDENTIALS:
        raise Unavailable(f"{env.homeserver} could not log {env.user_id} in: {answer}")
    if not isinstance(answer, LoginResponse):
        raise LoginError(f"{env.homeserver} refused the password of {env.user_id}: {answer}")
    return Session(env.homeserver, answer.user_id, answer.device_id, answer.access_token)
