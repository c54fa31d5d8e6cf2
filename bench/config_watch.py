"""Cost of noticing a change of the config files, against loading them.

Run as ``.venv/bin/python bench/config_watch.py [N]``. Takes the fingerprint of the
bundled config directory (reading and hashing every config file, as the scheduler does
every few seconds) N times (default 300), then loads and validates the same directory
N / 30 times, as a reload does. Prints the time of each and how many fingerprints cost
one load, measured in this one process.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from watchers.config.file import bundled_config_dir, config_fingerprint, load_config  # noqa: E402


def per_call(call: object, n: int) -> float:
    assert callable(call)
    started = time.perf_counter()
    for _ in range(n):
        call()
    return (time.perf_counter() - started) / n


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    directory = bundled_config_dir()
    size = sum(p.stat().st_size for p in directory.glob("*.yaml"))
    config_fingerprint(directory)  # warm the page cache
    fingerprint = per_call(lambda: config_fingerprint(directory), n)
    load = per_call(lambda: load_config(directory), max(1, n // 30))
    print(f"config directory {directory} ({size} bytes of YAML)")
    print(f"  fingerprint (read + sha256): {fingerprint * 1000:8.3f} ms")
    print(f"  load_config (parse + check): {load * 1000:8.3f} ms")
    print(f"  ratio load / fingerprint   : {load / fingerprint:8.0f}x")


if __name__ == "__main__":
    main()
