"""The Matrix connection's settings, read from the environment, and who may invite the bot.

Secrets never live in config files, so the homeserver, the account and its credentials
come from ``MATRIX_*`` variables. Everything here is pure: ``matrix_env`` takes the
environment as a mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from watchers.errors import ConfigError

INVITERS_VAR = "POLICYWATCH_MATRIX_ALLOWED_INVITERS"
_WHERE = "environment"


@dataclass(frozen=True)
class MatrixEnv:
    """How to reach the homeserver and as whom. One of ``access_token`` and ``password`` is set.

    ``allowed_inviters`` is None when the variable is unset: the default rules apply.
    """

    homeserver: str
    user_id: str
    access_token: str = ""
    password: str = ""
    allowed_inviters: InviterRules | None = None


@dataclass(frozen=True)
class InviterRules:
    """Users whose invites the bot accepts: by exact user id, or by their server."""

    users: frozenset[str] = frozenset()
    servers: frozenset[str] = frozenset()

    def allows(self, user_id: str) -> bool:
        """Whether an invite from ``user_id`` is accepted."""
        return user_id in self.users or server_of(user_id) in self.servers


def server_of(user_id: str) -> str:
    """``@alice:example.org`` → ``example.org`` (the part after the first colon)."""
    return user_id.partition(":")[2]


def is_user_id(text: str) -> bool:
    """Whether ``text`` looks like a Matrix user id, ``@localpart:server``."""
    local, colon, server = text.partition(":")
    return text.startswith("@") and len(local) > 1 and bool(colon) and bool(server)


def parse_inviters(text: str) -> InviterRules:
    """Read ``@alice:example.org, :example.org`` into rules.

    Raises ``ValueError`` naming an entry that is neither a user id nor ``:server``.
    """
    users, servers = set(), set()
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        if entry.startswith(":") and len(entry) > 1:
            servers.add(entry[1:])
        elif is_user_id(entry):
            users.add(entry)
        else:
            raise ValueError(f"expected @user:server or :server, got {entry!r}")
    return InviterRules(frozenset(users), frozenset(servers))


def default_inviters(admins: Iterable[str], bot_user_id: str) -> InviterRules:
    """The configured Matrix admins, and everyone on the bot's own homeserver."""
    return InviterRules(frozenset(admins), frozenset({server_of(bot_user_id)}))


def matrix_env(environ: Mapping[str, str]) -> MatrixEnv | None:
    """The Matrix settings in ``environ``; None when ``MATRIX_HOMESERVER`` is unset.

    Raises:
        ConfigError: a variable is missing or malformed; the path names it.
    """
    homeserver = environ.get("MATRIX_HOMESERVER", "").strip().rstrip("/")
    if not homeserver:
        return None
    url = urlsplit(homeserver)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise ConfigError(_WHERE, "MATRIX_HOMESERVER", f"expected an http(s) URL: {homeserver!r}")
    user_id = environ.get("MATRIX_USER_ID", "").strip()
    if not is_user_id(user_id):
        raise ConfigError(_WHERE, "MATRIX_USER_ID", f"expected @user:server, got {user_id!r}")
    token = environ.get("MATRIX_ACCESS_TOKEN", "").strip()
    password = environ.get("MATRIX_PASSWORD", "")
    if not token and not password:
        raise ConfigError(_WHERE, "MATRIX_ACCESS_TOKEN", "set it, or MATRIX_PASSWORD, to log in")
    return MatrixEnv(homeserver, user_id, token, password, _inviters(environ))


def _inviters(environ: Mapping[str, str]) -> InviterRules | None:
    text = environ.get(INVITERS_VAR)
    if text is None:
        return None
    try:
        return parse_inviters(text)
    except ValueError as error:
        raise ConfigError(_WHERE, INVITERS_VAR, str(error)) from None
