"""Building and running policywatch's container image with podman and no image registry.

The Dockerfile's base image is made here: a ``debootstrap --variant=minbase bookworm``
root file system, given the host's CA certificates (so that pip and apt verify TLS as
the host does, whatever proxy it trusts), imported with ``podman import`` under the
name the Dockerfile's FROM uses. Builds use ``--pull=never``. A containers.conf picks
the runc runtime and ulimits no higher than this machine's, which nested containers
need.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
from pathlib import Path

BASE_IMAGE = "docker.io/library/debian:bookworm-slim"  # deploy/Dockerfile's FROM
MIRROR = os.environ.get("POLICYWATCH_DEBIAN_MIRROR", "http://deb.debian.org/debian")
HOST_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
LOCAL_CAS = Path("/usr/local/share/ca-certificates")


def podman_env(workdir: Path) -> dict[str, str]:
    """This environment plus CONTAINERS_CONF pointing at a config written in ``workdir``."""
    # Podman's defaults are above this machine's limits, and a nested container may not
    # raise them: runc then fails with "error setting rlimit ... operation not permitted".
    nofile = _limit(resource.RLIMIT_NOFILE, 65536)
    nproc = _limit(resource.RLIMIT_NPROC, 4096)
    conf = workdir / "containers.conf"
    conf.write_text(
        "[containers]\n"
        f'default_ulimits = ["nofile={nofile}:{nofile}", "nproc={nproc}:{nproc}"]\n'
        "[engine]\n"
        'runtime = "runc"\n'
        'cgroup_manager = "cgroupfs"\n'
        'events_logger = "file"\n'
        # Compose services find each other by name through aardvark-dns, which only the
        # netavark backend runs (the CNI backend needs a plugin Debian does not install).
        "[network]\n"
        'network_backend = "netavark"\n',
        encoding="utf-8",
    )
    return {**os.environ, "CONTAINERS_CONF": str(conf)}


def _limit(kind: int, ceiling: int) -> int:
    soft, _ = resource.getrlimit(kind)
    return ceiling if soft == resource.RLIM_INFINITY else min(soft, ceiling)


def podman(
    env: dict[str, str], *args: str, timeout: float = 1800
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["podman", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def ensure_base_image(env: dict[str, str], workdir: Path) -> None:
    """Import a minbase bookworm as BASE_IMAGE unless an image of that name exists."""
    if podman(env, "image", "exists", BASE_IMAGE).returncode == 0:
        return
    rootfs = workdir / "rootfs"
    subprocess.run(
        ["debootstrap", "--variant=minbase", "bookworm", str(rootfs), MIRROR],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    trust_host_cas(rootfs)
    with subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE) as tar:
        imported = subprocess.run(
            ["podman", "import", "-", BASE_IMAGE], env=env, stdin=tar.stdout, capture_output=True
        )
    if imported.returncode != 0:
        raise RuntimeError(f"podman import failed: {imported.stderr.decode()}")
    shutil.rmtree(rootfs, ignore_errors=True)


def trust_host_cas(rootfs: Path) -> None:
    """The host's CA bundle, kept when the image installs ca-certificates, and used by pip."""
    (rootfs / "etc/ssl/certs").mkdir(parents=True, exist_ok=True)
    shutil.copy(HOST_BUNDLE, rootfs / "etc/ssl/certs/ca-certificates.crt")
    local = rootfs / "usr/local/share/ca-certificates"
    local.mkdir(parents=True, exist_ok=True)
    for cert in LOCAL_CAS.glob("*.crt") if LOCAL_CAS.is_dir() else ():
        shutil.copy(cert, local / cert.name)
    # pip trusts its own CA list unless told otherwise.
    (rootfs / "etc/pip.conf").write_text(
        "[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n", encoding="utf-8"
    )
