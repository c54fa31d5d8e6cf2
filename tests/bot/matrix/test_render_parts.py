"""Long digests split into Matrix events that fit, and links that never become pills."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from bot.render.matrix import content_bytes, render_matrix, render_matrix_parts
from watchers.model import Digest, DigestLine, Label

WHEN = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def line(n: int, **fields: str) -> DigestLine:
    values = {
        "title": f"Item {n}",
        "link": f"https://news.example/{n}",
        "evidence": "The Data Security Law took effect on June 1, 2021. " * 4,
    }
    values.update(fields)
    return DigestLine(Label.CONTRADICTS, **values)


def digest(*groups: tuple[str, int]) -> Digest:
    total = sum(count for _, count in groups)
    return Digest("desk", WHEN, tuple(line(n) for n in range(total)))


def test_a_short_digest_is_one_unlabelled_part() -> None:
    small = digest(("cac", 2))
    assert render_matrix_parts(small) == [render_matrix(small)]


def test_a_long_digest_is_split_in_order_with_every_line_once() -> None:
    long = digest(("cac", 30), ("dsl", 30))
    parts = render_matrix_parts(long, max_bytes=8000)

    assert len(parts) > 2
    assert all(content_bytes(p) <= 8000 for p in parts)
    bodies = "".join(p["body"] for p in parts)
    positions = [bodies.index(f"Item {n} <") for n in range(60)]
    assert positions == sorted(positions)
    assert all(bodies.count(f"Item {n} <") == 1 for n in range(60))
    for number, part in enumerate(parts, 1):
        label = f"(part {number} of {len(parts)})"
        assert label in part["body"].split("\n", 1)[0]
        assert label in part["formatted_body"]
        assert part["m.mentions"] == {} and part["msgtype"] == "m.notice"


def test_each_part_repeats_the_heading_of_the_section_it_continues() -> None:
    parts = render_matrix_parts(digest(("cac", 40)), max_bytes=6000)
    assert all("<h5>Contradictions</h5>" in p["formatted_body"] for p in parts)


def test_a_line_too_big_for_any_part_is_clipped() -> None:
    huge = Digest("desk", WHEN, (line(0, evidence="x" * 50_000),))
    [part] = render_matrix_parts(huge, max_bytes=8000)
    assert content_bytes(part) <= 8000
    assert "…" in part["body"]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name == "href"]


def test_a_feed_link_to_a_matrix_user_is_shown_as_text_not_as_a_pill() -> None:
    pill = "https://matrix.to/#/@alice:example.org"
    content = render_matrix(Digest("d", WHEN, (line(0, link=pill), line(1))))
    links = Links()
    links.feed(content["formatted_body"])
    assert links.hrefs == ["https://news.example/1"]


def test_every_part_counts_the_whole_digest() -> None:
    parts = render_matrix_parts(digest(("cac", 40)), max_bytes=6000)
    assert all("· 40 contradictions" in p["body"].split("\n", 1)[0] for p in parts)
    assert all("· 40 contradictions" in p["formatted_body"].split("</h4>")[0] for p in parts)
