"""Where the config shipped with policywatch is, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

from watchers.errors import ConfigError


def bundled_config_dir() -> Path:
    """The config shipped with policywatch.

    In a source or editable checkout that is ``<repo>/config``; an installed wheel
    carries it as ``bot/bundled_config``. Raises :class:`ConfigError` if neither exists.
    """
    root = Path(__file__).resolve().parents[2]
    candidates = (root / "bot" / "bundled_config", root / "config")
    for candidate in candidates:
        if (candidate / "entities.yaml").is_file():
            return candidate
    raise ConfigError(
        "entities.yaml", "", f"no bundled config in {candidates[0]} or {candidates[1]}"
    )


def bundled_demo_dir() -> Path:
    """The demo feeds shipped with the bundled config: local files any config may read."""
    return bundled_config_dir() / "demo"
