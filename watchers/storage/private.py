"""Files only the service's user may read: the data directory, the database, chat state.

Modes are set explicitly after creating, not left to the umask: a umask of 022 (the
usual default) would make the database and the Matrix keys readable by every local
user. Directories get 0700, files 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """``path`` created if missing (with its parents) and made 0700; returns it."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty if missing and made 0600, its directory 0700; returns it.

    Creating the file before a library does means it is never readable by others, not
    even for a moment; SQLite gives its journal files the database file's mode.
    """
    private_dir(path.parent)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    os.chmod(path, FILE_MODE)
    return path


def private_tree(path: Path) -> Path:
    """Everything under ``path`` made private: directories 0700, files 0600."""
    private_dir(path)
    for root, dirs, files in os.walk(path):
        for name in dirs:
            os.chmod(Path(root) / name, DIR_MODE)
        for name in files:
            os.chmod(Path(root) / name, FILE_MODE)
    return path
