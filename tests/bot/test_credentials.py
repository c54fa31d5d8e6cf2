"""Checking credentials at start: refused stops at once, unreachable is asked again."""

import pytest

from bot.credentials import CredentialCheck, CredentialsError, NotReached, verify


def flaky(outcomes: list[Exception | None]) -> CredentialCheck:
    def check() -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    return CredentialCheck("Chat", check)


def test_an_unreachable_platform_is_asked_again_with_growing_pauses() -> None:
    pauses: list[float] = []
    check = flaky([NotReached("down"), NotReached("down"), NotReached("down"), None])
    verify([check], sleep=pauses.append)
    assert pauses == [1.0, 2.0, 4.0]


def test_a_refused_credential_stops_at_once() -> None:
    pauses: list[float] = []
    refused = flaky([CredentialsError("Chat refused CHAT_TOKEN")])
    with pytest.raises(CredentialsError, match="CHAT_TOKEN"):
        verify([flaky([None]), refused], sleep=pauses.append)
    assert pauses == []


def test_a_bound_on_attempts_says_the_platform_was_not_reached() -> None:
    check = flaky([NotReached("connection refused")] * 3)
    with pytest.raises(CredentialsError, match="Chat could not be reached: connection refused"):
        verify([check], sleep=lambda _: None, attempts=3)
