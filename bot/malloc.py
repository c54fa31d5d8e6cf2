"""Fewer malloc arenas for the poll threads, so that memory freed after a poll is reused.

glibc gives each thread that allocates at the same time as another an arena of its own,
up to eight per core, and keeps the memory freed in each. Sixteen poll threads, each
parsing and labelling a feed of up to a megabyte, left a cycle of 1,000 feeds at a peak
of 549 MB, against 269 MB for the same polls one after another; with two arenas a cycle
of 300 feeds peaked at 324 MB instead of 473 MB, in the same time
(``bench/poll_cycle.py``). Nothing changes where the C library is not glibc, or when
``MALLOC_ARENA_MAX`` is set: the operator's value stands.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import platform

ARENAS = 2
_M_ARENA_MAX = -8  # from glibc's malloc.h


@functools.cache
def limit_arenas(count: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas at ``count`` for this process; whether it was done.

    Only arenas made after the call are affected: call it before threads start.
    """
    if os.environ.get("MALLOC_ARENA_MAX") or platform.libc_ver()[0] != "glibc":
        return False
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    return bool(ctypes.CDLL(name).mallopt(_M_ARENA_MAX, count))
