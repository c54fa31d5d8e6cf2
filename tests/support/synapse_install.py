"""Installs Synapse into a virtual environment of its own, once per machine.

Synapse pins many of its dependencies; keeping it out of the project's environment means
neither set of pins has to give way. The environment lives at ``<repo>/.venv-synapse`` unless
``POLICYWATCH_SYNAPSE_VENV`` names another path.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

SYNAPSE_VERSION = "1.163.2"
VENV_ENV_VAR = "POLICYWATCH_SYNAPSE_VENV"
REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT_SECONDS = 900.0


class SynapseInstallError(RuntimeError):
    """Synapse could not be installed; the message carries the tail of pip's output."""


def default_venv() -> Path:
    """Return where Synapse's environment lives: ``$POLICYWATCH_SYNAPSE_VENV`` or the repo's."""
    configured = os.environ.get(VENV_ENV_VAR, "").strip()
    return Path(configured).resolve() if configured else REPO_ROOT / ".venv-synapse"


def venv_python(venv: Path) -> Path:
    """Return the interpreter of the environment at ``venv``."""
    return venv / "bin" / "python"


def _marker(venv: Path) -> Path:
    # Written only after pip succeeds, so a half-finished install is never mistaken for one.
    return venv / f".policywatch-synapse-{SYNAPSE_VERSION}"


def ensure_synapse(venv: Path | None = None) -> Path:
    """Make sure Synapse ``SYNAPSE_VERSION`` is installed in ``venv``; return the venv path.

    Idempotent, and safe to call from several processes at once: an exclusive file lock
    beside the environment lets one process install while the others wait, then find the
    finished install. An environment left without its completion marker (an interrupted
    install, or another Synapse version) is removed and built again.

    Raises:
        SynapseInstallError: ``venv`` or pip failed; the message includes pip's output tail.
    """
    venv = venv or default_venv()
    if _marker(venv).is_file():
        return venv
    venv.parent.mkdir(parents=True, exist_ok=True)
    lock_path = venv.with_name(venv.name + ".lock")
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _marker(venv).is_file():
                _install(venv)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return venv


def _install(venv: Path) -> None:
    if venv.exists():
        shutil.rmtree(venv)
    log_path = venv.with_name(venv.name + ".install.log")
    log_path.unlink(missing_ok=True)
    _run([sys.executable, "-m", "venv", str(venv)], log_path)
    pip = [str(venv_python(venv)), "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run([*pip, "install", f"matrix-synapse=={SYNAPSE_VERSION}"], log_path)
    _marker(venv).write_text(f"matrix-synapse=={SYNAPSE_VERSION}\n")


def _run(command: list[str], log_path: Path) -> None:
    """Run ``command`` with its output appended to ``log_path``; raise with the tail on failure."""
    with log_path.open("a") as log:
        log.write(f"$ {' '.join(command)}\n")
        log.flush()
        try:
            result = subprocess.run(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=INSTALL_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise SynapseInstallError(f"{command[0]} timed out: {_tail(log_path)}") from exc
    if result.returncode != 0:
        raise SynapseInstallError(
            f"{' '.join(command)} exited with {result.returncode}; "
            f"output tail ({log_path}):\n{_tail(log_path)}"
        )


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
