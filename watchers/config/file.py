"""Reading, validating and writing a watch configuration directory.

A directory holds ``entities.yaml`` and ``claims.yaml`` (required) and ``feeds.yaml``,
``routes.yaml`` and ``settings.yaml`` (optional: missing means none, or defaults). Each
file has one top-level key named like the file; other files in the directory are
ignored. :func:`load_config` reads them (and :func:`config_fingerprint` tells whether they
changed since); :func:`parse_config` validates values already
parsed from YAML the same way, so a config edited from chat is checked exactly like one
read from disk. Both raise :class:`ConfigError` at the first problem, naming the file
and the path inside it (``feeds[3].interval``). :func:`dump_config` writes a config back.

This module reads the directory; the rest lives beside it and is importable from here:
YAML text with line numbers in :mod:`watchers.config.yamltext`, whole documents in
:mod:`watchers.config.documents`, writing in :mod:`watchers.config.writer` and the
shipped config's location in :mod:`watchers.config.bundle`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from watchers.config.bundle import bundled_config_dir
from watchers.config.documents import FILES, REQUIRED_FILES, parse_config
from watchers.config.schema import (
    AdminSettings,
    ClaimsPageSettings,
    Destination,
    FetchSettings,
    MatrixSettings,
    Platform,
    RouteSpec,
    Schedule,
    Settings,
    WatchConfig,
    format_duration,
    parse_destination,
    parse_duration,
    parse_schedule,
)
from watchers.config.writer import dump_config
from watchers.config.yamltext import parse_yaml, with_line
from watchers.errors import ConfigError

__all__ = [
    "FILES",
    "REQUIRED_FILES",
    "AdminSettings",
    "ClaimsPageSettings",
    "ConfigError",
    "Destination",
    "FetchSettings",
    "MatrixSettings",
    "Platform",
    "RouteSpec",
    "Schedule",
    "Settings",
    "WatchConfig",
    "bundled_config_dir",
    "config_fingerprint",
    "dump_config",
    "format_duration",
    "load_config",
    "parse_config",
    "parse_destination",
    "parse_duration",
    "parse_schedule",
]


def load_config(directory: Path) -> WatchConfig:
    """Read and validate the config files in ``directory``.

    Raises :class:`ConfigError` at the first problem: a missing required file, bad YAML
    (with line and column), or anything :func:`parse_config` rejects (with the line of
    the offending key added to the message).
    """
    if not directory.is_dir():
        raise ConfigError(str(directory), "", "config directory not found")
    sources = {name: _read(directory / name) for name in FILES if (directory / name).exists()}
    documents = {name: parse_yaml(name, source) for name, source in sources.items()}
    try:
        return parse_config(documents, directory)
    except ConfigError as exc:
        raise with_line(exc, sources.get(exc.file)) from None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        raise ConfigError(path.name, "", message) from None
    except OSError as exc:
        raise ConfigError(path.name, "", f"cannot read {path}: {exc.strerror}") from None


def config_fingerprint(directory: Path) -> str:
    """A digest of the config files in ``directory`` as they are now: which exist and what
    they hold. Two calls give the same digest exactly when a load would read the same
    bytes, so a change is noticed without parsing, whatever the file times say (an edit
    within the same second, a file swapped in by rename, a clock set back)."""
    digest = hashlib.sha256()
    for name in FILES:
        try:
            data = b"+" + hashlib.sha256((directory / name).read_bytes()).digest()
        except FileNotFoundError:
            data = b"-"
        except OSError as exc:  # unreadable now: noticed as a change, reported by the load
            data = f"!{exc.errno}".encode()
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()
