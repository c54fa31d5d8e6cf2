"""Modules as another git revision has them, to time the code before a change in the
same run as the code after it (two runs on shared cores are not comparable)."""

from __future__ import annotations

import subprocess
import time
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def module_at(revision: str, path: str) -> types.ModuleType:
    """``path`` (e.g. ``watchers/htmltext.py``) as of ``revision``, loaded as a module of
    its own; it imports what it imports from the current tree."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"{revision}:{path}")
    module.__file__ = f"{revision}:{path}"
    exec(compile(source, module.__file__, "exec"), module.__dict__)
    return module


def seconds(read: Callable[[T], object], inputs: Iterable[T]) -> float:
    """How long ``read`` takes on all ``inputs``, one after another."""
    started = time.perf_counter()
    for value in inputs:
        read(value)
    return time.perf_counter() - started
