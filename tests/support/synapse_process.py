"""Operating-system plumbing for running Synapse: ports, the child process, its memory."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO


@dataclass(frozen=True)
class MemoryUse:
    """Resident memory of a process, in KiB: now and at its peak."""

    rss_kib: int
    peak_kib: int


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on at the moment of the call."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def port_in_use(port: int) -> bool:
    """Return whether something accepts connections on 127.0.0.1:``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def spawn(command: list[str], cwd: Path, output: IO[bytes]) -> subprocess.Popen[bytes]:
    """Start ``command`` in ``cwd`` with stdout and stderr into ``output``.

    The child gets no proxy settings and ends with the thread that spawned it.
    """
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdout=output,
        stderr=subprocess.STDOUT,
        env=_offline_environment(),
        preexec_fn=_die_with_parent,
    )


def terminate(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM ``process``; SIGKILL it if it is still alive after ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def memory_of(pid: int) -> MemoryUse:
    """Return the resident memory of process ``pid``, read from ``/proc/<pid>/status``."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    return MemoryUse(_kib(fields["VmRSS"]), _kib(fields["VmHWM"]))


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM the child when its parent dies without stopping it.

    Runs in the child between fork and exec. Without it, a killed test run would leave a
    homeserver holding its port.
    """
    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _offline_environment() -> dict[str, str]:
    # No proxy settings reach the child: anything it might send must fail here, not travel.
    return {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}


def _kib(value: str) -> int:
    """Parse a ``/proc/<pid>/status`` size such as ``'  123456 kB'``."""
    return int(value.split()[0])
