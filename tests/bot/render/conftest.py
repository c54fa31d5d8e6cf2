from datetime import UTC, datetime

import pytest

from watchers.model import Digest, DigestLine, Label

EVIL = (
    "<!channel> <@U123> <#C999> <https://evil.example|innocent> & *bold* @room <script>x</script>"
)


def line(label=Label.CONTRADICTS, title="Title", **kw):
    base = dict(
        label=label,
        title=title,
        link="https://news.example/a",
        source="Demo wire",
        evidence="The law took effect on June 1, 2021.",
        claim_id="dsl_effective",
        claim_text="The Data Security Law took effect on September 1, 2021.",
        claim_source="002_bada2d1eba9f2444.txt",
        alias="DSL",
        reason="date-mismatch",
        score=0.9,
    )
    base.update(kw)
    return DigestLine(**base)


@pytest.fixture
def make_line():
    return line


@pytest.fixture
def digest():
    return Digest(
        "desk",
        datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
        (line(), line(Label.CORROBORATES, "Second"), line(Label.MENTIONS, "Third")),
    )


@pytest.fixture
def evil_digest():
    return Digest(
        "desk",
        datetime(2026, 11, 22, 9, 0, tzinfo=UTC),
        (line(title=EVIL, evidence=EVIL, link="https://ok.example/x"),),
    )
