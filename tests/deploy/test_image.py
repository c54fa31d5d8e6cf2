"""The container image, built from deploy/Dockerfile with podman and run.

Slow (a Debian root file system, then the image: minutes) and needs podman and
debootstrap, so it runs only with POLICYWATCH_IMAGE_TEST=1: `.ci/run` sets it in a step
of its own, which POLICYWATCH_SKIP_IMAGE_TEST=1 skips on machines where podman cannot run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.podman import ensure_base_image, podman, podman_env
from support.running import free_port, wait_for

REPO = Path(__file__).resolve().parents[2]
IMAGE = "localhost/policywatch:test"
POSTGRES_IMAGE = "localhost/policywatch-test-postgres:latest"

pytestmark = pytest.mark.skipif(
    os.environ.get("POLICYWATCH_IMAGE_TEST") != "1",
    reason="builds the container image: set POLICYWATCH_IMAGE_TEST=1 (.ci/run does)",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The podman environment, with the image built."""
    for tool in ("podman", "debootstrap"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed (Debian: apt-get install podman debootstrap)")
    workdir = tmp_path_factory.mktemp("image")
    env = podman_env(workdir)
    ensure_base_image(env, workdir)
    build = podman(
        env,
        "build",
        "--pull=never",
        "--format=docker",  # OCI images have no HEALTHCHECK
        "--network=host",
        "-f",
        "deploy/Dockerfile",
        "-t",
        IMAGE,
        str(REPO),
    )
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    yield env


def test_run_once_in_the_container_prints_the_demo_digest(built):
    once = podman(built, "run", "--rm", "--network=host", IMAGE, "run", "--once", timeout=600)
    assert once.returncode == 0, once.stderr
    assert "policywatch digest · policy_desk" in once.stdout
    assert "[CONTRADICTS]" in once.stdout


def test_the_container_answers_readyz_as_an_unprivileged_user(built):
    port = free_port()
    name = f"policywatch-test-{port}"
    started = podman(
        built,
        "run",
        "-d",
        "--rm",
        "--name",
        name,
        "--network=host",
        "-e",
        f"POLICYWATCH_OPS_ADDR=127.0.0.1:{port}",
        IMAGE,
    )
    assert started.returncode == 0, started.stderr
    try:
        ready = wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/readyz"), "/readyz", 300)
        health = podman(built, "healthcheck", "run", name)
        user = podman(built, "exec", name, "id", "-u")
    finally:
        podman(built, "stop", "-t", "30", name)
    assert ready.status_code == 200, ready.text
    assert "database: ok" in ready.text
    assert health.returncode == 0, health.stdout + health.stderr
    assert user.stdout.strip() == "10001"


# Builds the PostgreSQL image and starts two containers: longer than the suite's 300 s
# default on a busy machine, so the wait below names what failed instead.
@pytest.mark.timeout(900)
def test_compose_comes_up_with_postgresql_and_the_app_is_ready(built, tmp_path):
    """deploy/compose.yaml with a local PostgreSQL image (tests/deploy/postgres) in place
    of the official one, and the image built above as policywatch's."""
    compose = shutil.which("podman-compose") or str(
        Path(sys.executable).with_name("podman-compose")
    )
    postgres = podman(
        built,
        "build",
        "--pull=never",
        "--format=docker",
        "-t",
        POSTGRES_IMAGE,
        str(REPO / "tests/deploy/postgres"),
    )
    assert postgres.returncode == 0, postgres.stderr[-4000:]
    assert podman(built, "tag", IMAGE, "localhost/policywatch:latest").returncode == 0
    # The compose file in a directory of its own, beside the .env it reads.
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    shutil.copy(REPO / "deploy/compose.yaml", deploy / "compose.yaml")
    port = free_port()
    (deploy / ".env").write_text(
        f"POSTGRES_PASSWORD=compose-test-{port}\nPOSTGRES_IMAGE={POSTGRES_IMAGE}\n"
        f"POLICYWATCH_OPS_PORT={port}\nPOLICYWATCH_STANCE_MODEL=none\n",
        encoding="utf-8",
    )
    project = ["-p", f"policywatch-test-{port}", "-f", str(deploy / "compose.yaml")]

    def compose_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [compose, *project, *args],
            env=built,
            cwd=deploy,
            capture_output=True,
            text=True,
            timeout=600,
        )

    up = compose_run("up", "-d", "--no-build")
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        try:
            ready = wait_for(
                lambda: (
                    (r := httpx.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200 and r
                ),
                "/readyz of the compose project",
                300,
            )
        except pytest.fail.Exception:
            logs = compose_run("logs", "--tail", "60")
            pytest.fail(f"/readyz never answered 200; the project's logs:\n{logs.stdout[-6000:]}")
    finally:
        compose_run("down", "-v")
    assert "database: ok" in ready.text
