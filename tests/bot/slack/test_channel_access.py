"""``route add`` and ``policywatch doctor`` judge a Slack destination alike: a channel the
bot is in, or a public one when its token has ``chat:write.public``, takes digests; a
private channel it is not in, an archived one or one that does not exist does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from support.fakeslack import (
    DEFAULT_CHANNELS,
    DEFAULT_SCOPES,
    PUBLIC_WRITE_SCOPE,
    Channel,
    FakeSlack,
)

from .conftest import ADMIN

SECRET = Channel("C0SECRET01", "policy-secret", is_private=True, is_member=False)
NOT_IN_RANDOM = "the bot is not in #random and its token lacks the chat:write.public scope"
NO_SECRET = "the bot sees no channel {}"
# Destination → what both say: None when the bot can post there, else the problem.
WITH_PUBLIC_WRITE = {
    "#policy-digest": None,
    "#random": None,
    "C0RANDOM01": None,
    "#policy-secret": NO_SECRET.format("#policy-secret"),
    "C0SECRET01": NO_SECRET.format("C0SECRET01"),
    "#old-digest": "#old-digest is archived",
    "#no-such-channel": NO_SECRET.format("#no-such-channel"),
}
WITHOUT_PUBLIC_WRITE = {**WITH_PUBLIC_WRITE, "#random": NOT_IN_RANDOM, "C0RANDOM01": NOT_IN_RANDOM}


@pytest.fixture
def fake_slack(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FakeSlack]:
    """The fake workspace with a private channel the bot is not in, and the bot token's
    scopes the test asks for."""
    scopes = getattr(request, "param", DEFAULT_SCOPES)
    with FakeSlack(channels=(*DEFAULT_CHANNELS, SECRET), scopes=scopes) as fake:
        monkeypatch.setenv("POLICYWATCH_SLACK_API_URL", fake.url)
        yield fake


def doctor_says(config: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str | None]:
    """Each route's finding from `policywatch doctor`: None for ok, else the problem."""
    destinations = list(WITH_PUBLIC_WRITE)
    routes = [
        f"  - {{id: r{n}, destination: 'slack:{d}', schedule: 1h}}"
        for n, d in enumerate(destinations)
    ]
    (config / "routes.yaml").write_text("routes:\n" + "\n".join(routes) + "\n", encoding="utf-8")
    main(["doctor", "--config", str(config)])
    lines = capsys.readouterr().out.splitlines()
    said: dict[str, str | None] = {}
    for n, destination in enumerate(destinations):
        (line,) = [ln for ln in lines if f" route r{n}: " in ln]
        status, _, text = line.partition(f" route r{n}: ")
        said[destination] = None if status.strip() == "ok" else text
    return said


@pytest.mark.parametrize(
    ("fake_slack", "expected"),
    [
        (DEFAULT_SCOPES, WITH_PUBLIC_WRITE),
        (DEFAULT_SCOPES - {PUBLIC_WRITE_SCOPE}, WITHOUT_PUBLIC_WRITE),
    ],
    indirect=["fake_slack"],
    ids=["with-chat-write-public", "without-chat-write-public"],
)
def test_route_add_and_doctor_agree(bot_factory, fake_slack, capsys, expected):
    bot = bot_factory()
    added: dict[str, str | None] = {}
    for n, destination in enumerate(expected):
        reply = bot.text_of(f"route add extra{n} slack:{destination} 1h", user=ADMIN)
        assert reply.startswith(("Done: ", "Not changed: ")), reply
        added[destination] = None if reply.startswith("Done: ") else reply
    config = bot.config_dir
    capsys.readouterr()
    doctor = doctor_says(config, capsys)
    assert {d: p is None for d, p in doctor.items()} == {d: p is None for d, p in expected.items()}
    assert {d: p is None for d, p in added.items()} == {d: p is None for d, p in expected.items()}
    for destination, problem in expected.items():
        if problem is None:
            continue
        assert doctor[destination] == problem
        assert added[destination] is not None
        assert added[destination].startswith(f"Not changed: {problem}; ")
    if expected["#random"] is not None:
        assert "or add the scope to the app (deploy/slack/manifest.yaml)" in str(added["#random"])
