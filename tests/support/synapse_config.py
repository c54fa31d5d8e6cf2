"""Builds the configuration of a loopback-only Synapse homeserver for tests.

Pure functions from values to config dictionaries; writing them out and running Synapse
happens in ``synapse.py``. Everything here keeps the homeserver from reaching any host but
127.0.0.1: no federation listener, no federation sending, no key servers, no stats, no push,
no URL previews, and every outbound address range blocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Every rate limiter a client can trip. They are opened wide so tests never wait on them;
# ``rc_message`` alone can be set strict on purpose.
_RELAXED_LIMITERS = (
    "rc_message",
    "rc_registration",
    "rc_login.address",
    "rc_login.account",
    "rc_login.failed_attempts",
    "rc_admin_redaction",
    "rc_joins.local",
    "rc_joins.remote",
    "rc_joins_per_room",
    "rc_key_requests",
    "rc_invites.per_room",
    "rc_invites.per_user",
    "rc_invites.per_issuer",
    "rc_media_create",
    "rc_presence.per_user",
    "rc_room_creation",
    "rc_user_directory",
    "rc_profile",
)
_RELAXED = {"per_second": 1000.0, "burst_count": 10000}


@dataclass(frozen=True)
class RateLimit:
    """A Synapse token-bucket limit: ``burst_count`` actions at once, refilled at ``per_second``."""

    per_second: float
    burst_count: int

    def __post_init__(self) -> None:
        if self.per_second <= 0 or self.burst_count < 1:
            raise ValueError(f"rate limit needs per_second > 0 and burst_count >= 1: {self}")


@dataclass(frozen=True)
class HomeserverSettings:
    """What differs between one test homeserver and another.

    ``message_limit`` of None leaves message sending effectively unlimited; a strict value
    lets a test provoke ``M_LIMIT_EXCEEDED``.
    """

    data_dir: Path
    port: int
    registration_secret: str
    macaroon_secret: str
    form_secret: str
    message_limit: RateLimit | None = None

    @property
    def server_name(self) -> str:
        """The homeserver's name, the part after the colon in its user IDs."""
        return f"localhost:{self.port}"

    @property
    def base_url(self) -> str:
        """Where clients reach the homeserver."""
        return f"http://127.0.0.1:{self.port}"


def rate_limits(message_limit: RateLimit | None) -> dict[str, Any]:
    """Return the ``rc_*`` config entries: everything relaxed, messages as ``message_limit``."""
    config: dict[str, Any] = {}
    for dotted in _RELAXED_LIMITERS:
        parts = dotted.split(".")
        section = config
        for part in parts[:-1]:
            section = section.setdefault(part, {})
        section[parts[-1]] = dict(_RELAXED)
    if message_limit is not None:
        config["rc_message"] = {
            "per_second": message_limit.per_second,
            "burst_count": message_limit.burst_count,
        }
    return config


def homeserver_config(settings: HomeserverSettings) -> dict[str, Any]:
    """Return the ``homeserver.yaml`` content for ``settings``."""
    data = settings.data_dir
    return {
        "server_name": settings.server_name,
        "public_baseurl": settings.base_url + "/",
        "pid_file": str(data / "homeserver.pid"),
        "listeners": [_client_listener(settings.port)],
        "database": {"name": "sqlite3", "args": {"database": str(data / "homeserver.db")}},
        "log_config": str(data / "log.config.yaml"),
        "media_store_path": str(data / "media_store"),
        "signing_key_path": str(data / "signing.key"),
        "registration_shared_secret": settings.registration_secret,
        "macaroon_secret_key": settings.macaroon_secret,
        "form_secret": settings.form_secret,
        "enable_registration": False,
        # Bcrypt's minimum cost: test passwords need no protection, and each of the default
        # 12 rounds doubles the time of every registration and login.
        "bcrypt_rounds": 4,
        **_isolation(),
        **rate_limits(settings.message_limit),
    }


def _client_listener(port: int) -> dict[str, Any]:
    # Only the client resource (which also serves /_synapse/admin): no federation listener.
    return {
        "port": port,
        "bind_addresses": ["127.0.0.1"],
        "type": "http",
        "tls": False,
        "x_forwarded": False,
        "resources": [{"names": ["client"], "compress": False}],
    }


def _isolation() -> dict[str, Any]:
    """Settings that keep the homeserver from contacting anything off this machine."""
    return {
        "report_stats": False,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        # An empty list names no instance as the federation sender, so nothing is sent.
        "federation_sender_instances": [],
        # Synapse's outbound HTTP clients refuse blocked ranges; this blocks them all.
        "ip_range_blacklist": ["0.0.0.0/0", "::/0"],
        "url_preview_enabled": False,
        "push": {"enabled": False},
        "presence": {"enabled": False},
        "enable_metrics": False,
    }


def log_config(log_path: Path) -> dict[str, Any]:
    """Return a logging config that writes every INFO line straight to ``log_path``.

    Unbuffered on purpose: when a start fails, the log tail in the error must be complete.
    """
    return {
        "version": 1,
        "formatters": {
            "precise": {
                "format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - "
                "%(request)s - %(message)s"
            }
        },
        "handlers": {
            "file": {
                "class": "logging.FileHandler",
                "formatter": "precise",
                "filename": str(log_path),
                "encoding": "utf8",
            }
        },
        "loggers": {"synapse.storage.SQL": {"level": "INFO"}},
        "root": {"level": "INFO", "handlers": ["file"]},
        "disable_existing_loggers": False,
    }
