"""The doctor's Matrix checks: the login (whoami and device), the key store's
permissions, and whether the bot is in each route's room."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from nio import AsyncClient, JoinedRoomsResponse

from bot.matrix.connection import MatrixConnection
from bot.matrix.errors import TRANSIENT, LoginError
from bot.ops.findings import DestinationCheck, Finding, ok, problem

TIMEOUT = 30.0
LOGIN_FIX = (
    "set MATRIX_ACCESS_TOKEN to a token of MATRIX_USER_ID (or MATRIX_PASSWORD to log in "
    "with a password); see docs/matrix.md"
)


def check_matrix(connection: MatrixConnection) -> tuple[list[Finding], DestinationCheck | None]:
    """Findings about the login and the key store, and a check for rooms (None when
    the bot cannot log in). The caller closes ``connection``."""
    env = connection.env
    store = connection.state_dir / "store"
    # Logging in makes the key store private again: judge it as it was found.
    found = _stat(store)
    try:
        client = connection.run(connection.client(), TIMEOUT)
        joined: Any = connection.run(client.joined_rooms(), TIMEOUT)
    except LoginError as error:
        return [problem("matrix", f"login failed: {error}", LOGIN_FIX)], None
    except TRANSIENT as error:
        fix = "check that MATRIX_HOMESERVER is the client API URL and the server is up"
        return [problem("matrix", f"cannot reach {env.homeserver}: {error!r}", fix)], None
    findings = [ok("matrix", f"logged in as {env.user_id} on device {client.device_id}")]
    findings.append(_key_store(store, connection.encryption, found or _stat(store)))
    if not isinstance(joined, JoinedRoomsResponse):
        findings.append(problem("matrix rooms", f"cannot list joined rooms: {joined}", ""))
        return findings, None
    rooms = set(joined.rooms)
    return findings, lambda route, target: _destination(connection, client, rooms, route, target)


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def _key_store(path: Path, encryption: bool, info: os.stat_result | None) -> Finding:
    """The device's keys are secrets: the directory must be this user's alone."""
    if not encryption:
        return ok("matrix key store", "none (the e2e extra is not installed)")
    if info is None:
        return problem("matrix key store", f"{path} is missing", "start policywatch once")
    mode = stat.S_IMODE(info.st_mode)
    if info.st_uid != os.geteuid():
        fix = f"chown -R {os.geteuid()} {path}  (run policywatch as the user that owns it)"
        return problem("matrix key store", f"{path} belongs to uid {info.st_uid}", fix)
    if mode & 0o077:
        return problem(
            "matrix key store",
            f"{path} is open to other users (mode {mode:o})",
            f"chmod -R go-rwx {path}",
        )
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        return problem("matrix key store", f"{path} is not writable", f"chmod u+rwx {path}")
    return ok("matrix key store", f"{path} (mode {mode:o})")


def _destination(
    connection: MatrixConnection, client: AsyncClient, rooms: set[str], subject: str, target: str
) -> Finding:
    room = target
    if target.startswith("#"):
        try:
            room = connection.run(connection.resolve_alias(target), TIMEOUT)
        except TRANSIENT as error:
            fix = "create the alias, or put the room id (!…) in routes.yaml"
            return problem(subject, f"{target} does not resolve: {error}", fix)
    if room not in rooms:
        fix = f"invite {client.user_id} to {target} (it accepts invites from admins)"
        return problem(subject, f"the bot is not in {target}", fix)
    return ok(subject, f"the bot is in {target}")
