"""The Matrix settings read from the environment, and whose invites are accepted."""

from __future__ import annotations

import pytest

from bot.matrix.settings import (
    InviterRules,
    default_inviters,
    matrix_env,
    parse_inviters,
    server_of,
)
from watchers.errors import ConfigError

BASE = {"MATRIX_HOMESERVER": "https://matrix.example.org/", "MATRIX_USER_ID": "@pw:example.org"}


def test_no_homeserver_means_no_matrix() -> None:
    assert matrix_env({}) is None
    assert matrix_env({"MATRIX_USER_ID": "@pw:example.org"}) is None


def test_a_complete_environment_is_read() -> None:
    env = matrix_env({**BASE, "MATRIX_ACCESS_TOKEN": " syt_abc "})
    assert env is not None
    assert env.homeserver == "https://matrix.example.org"
    assert (env.user_id, env.access_token, env.password) == ("@pw:example.org", "syt_abc", "")
    assert env.allowed_inviters is None


def test_a_password_will_do_instead_of_a_token() -> None:
    env = matrix_env({**BASE, "MATRIX_PASSWORD": "secret"})
    assert env is not None and env.password == "secret"


@pytest.mark.parametrize(
    ("variables", "path"),
    [
        ({**BASE, "MATRIX_HOMESERVER": "matrix.example.org"}, "MATRIX_HOMESERVER"),
        ({**BASE, "MATRIX_USER_ID": "pw", "MATRIX_PASSWORD": "x"}, "MATRIX_USER_ID"),
        ({**BASE, "MATRIX_USER_ID": "@pw"}, "MATRIX_USER_ID"),
        (BASE, "MATRIX_ACCESS_TOKEN"),
        (
            {**BASE, "MATRIX_PASSWORD": "x", "POLICYWATCH_MATRIX_ALLOWED_INVITERS": "bob"},
            "POLICYWATCH_MATRIX_ALLOWED_INVITERS",
        ),
    ],
)
def test_a_bad_environment_names_the_variable(variables: dict[str, str], path: str) -> None:
    with pytest.raises(ConfigError) as error:
        matrix_env(variables)
    assert error.value.file == "environment"
    assert error.value.path == path


def test_inviters_are_users_or_servers() -> None:
    rules = parse_inviters(" @alice:example.org, :partner.example ,,")
    assert rules == InviterRules(frozenset({"@alice:example.org"}), frozenset({"partner.example"}))
    assert rules.allows("@alice:example.org")
    assert rules.allows("@anyone:partner.example")
    assert not rules.allows("@mallory:example.org")
    assert not rules.allows("@x:evil.partner.example")


def test_an_empty_inviter_list_allows_no_one() -> None:
    env = matrix_env({**BASE, "MATRIX_PASSWORD": "x", "POLICYWATCH_MATRIX_ALLOWED_INVITERS": ""})
    assert env is not None and env.allowed_inviters == InviterRules()
    assert not env.allowed_inviters.allows("@pw:example.org")


def test_by_default_admins_and_the_bots_own_server_may_invite() -> None:
    rules = default_inviters(["@chief:other.example"], "@pw:example.org:8448")
    assert rules.allows("@chief:other.example")
    assert rules.allows("@colleague:example.org:8448")
    assert not rules.allows("@stranger:other.example")
    assert server_of("@pw:example.org:8448") == "example.org:8448"
