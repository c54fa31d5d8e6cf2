"""The Matrix session and key store are readable by the service's user only."""

from __future__ import annotations

import os
import stat

import pytest

from support.synapse import Homeserver

pytestmark = pytest.mark.matrix


def test_session_and_key_store_are_owner_only_whatever_the_umask(
    synapse: Homeserver, bot_factory, tmp_path
) -> None:
    old = os.umask(0)
    try:
        user = bot_factory.register(synapse)
        bot_factory.start(synapse, user, password_login=True)
    finally:
        os.umask(old)
    state = tmp_path / "bot" / "matrix"
    paths = [state, *state.rglob("*")]
    assert state / "session.json" in paths
    assert [p for p in paths if p.is_file() and p.parent.name == "store"], "no key store"
    modes = {p.relative_to(tmp_path): stat.S_IMODE(p.stat().st_mode) for p in paths}
    assert modes == {p.relative_to(tmp_path): 0o700 if p.is_dir() else 0o600 for p in paths}
