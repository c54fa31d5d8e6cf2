import gzip
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from watchers.errors import FeedParseError
from watchers.model import Item
from watchers.parser import ParsedFeed, parse_feed

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "datasets"
REAL_FEEDS = SHARED / "real-feeds"
FEEDPARSER_CORPUS = SHARED / "feedparser-corpus"

# --- fixtures beside their expected values ---------------------------------------------------


def _fixture_documents() -> list[Path]:
    return sorted(p for p in FIXTURES.iterdir() if not p.name.endswith(".expected.yaml"))


def _expected(document: Path) -> dict[str, Any]:
    stem = document.name.rsplit(".", 1)[0]
    loaded = yaml.safe_load((FIXTURES / f"{stem}.expected.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _check_item(item: Item, expected: dict[str, Any], feed_id: str) -> None:
    assert item.feed_id == feed_id
    for field in ("guid", "link", "title", "language"):
        if field in expected:
            assert getattr(item, field) == expected[field], field
    for field in ("published", "updated"):
        if field in expected:
            assert _iso(getattr(item, field)) == expected[field], field
    assert item.text.startswith(expected.get("text_startswith", ""))
    assert item.text.endswith(expected.get("text_endswith", ""))


@pytest.mark.parametrize("document", _fixture_documents(), ids=lambda p: p.name)
def test_fixture_feed(document: Path) -> None:
    expected = _expected(document)
    url = f"https://feeds.example/{document.name}"

    def parse() -> ParsedFeed:
        return parse_feed(
            document.read_bytes(),
            feed_id=document.stem,
            url=url,
            headers=expected.get("headers"),
            language=expected.get("language", ""),
        )

    if "error" in expected:
        with pytest.raises(FeedParseError) as caught:
            parse()
        assert str(caught.value) == f"{url}: {expected['error']}"
        return
    feed = parse()
    assert feed.title == expected["title"]
    assert len(feed.items) == expected["count"]
    if "warnings" in expected:
        assert list(feed.warnings) == expected["warnings"]
    if "warnings_contain" in expected:
        assert any(expected["warnings_contain"] in w for w in feed.warnings), feed.warnings
    if "first" in expected:
        _check_item(feed.items[0], expected["first"], document.stem)
    if "last" in expected:
        _check_item(feed.items[-1], expected["last"], document.stem)


def test_every_fixture_has_expected_values() -> None:
    documents = _fixture_documents()
    assert len(documents) >= 9
    for document in documents:
        assert _expected(document), document.name


# --- plain-text guarantees -------------------------------------------------------------------

RSS_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>T</title>
<item><title>{title}</title><link>{link}</link><description>{description}</description>
<pubDate>{date}</pubDate></item></channel></rss>"""


def _one_item(**fields: str) -> Item:
    values = {"title": "t", "link": "https://x.example/a", "description": "d", "date": ""} | fields
    body = RSS_TEMPLATE.format(**values).encode("utf-8")
    (item,) = parse_feed(body, feed_id="f", url="https://x.example/rss").items
    return item


def test_titles_and_text_are_plain_text() -> None:
    item = _one_item(
        title="&lt;i&gt;网信办&lt;/i&gt; &amp;amp; MIIT",
        description="&lt;p&gt;One &amp;amp; two&lt;/p&gt;"
        "&lt;p&gt;Three &amp;lt;four&amp;gt;&lt;/p&gt;",
    )
    assert item.title == "网信办 & MIIT"
    assert item.text == "One & two\nThree <four>"


def test_control_characters_are_stripped() -> None:
    item = _one_item(title="Law\x01 passed\x7f", description="Text\x0b with\x1f controls")
    assert item.title == "Law passed"
    assert item.text == "Text with controls"


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("Tue, 01 Jul 2025 08:00:00 +0800", "2025-07-01T00:00:00+00:00"),
        ("2025-07-01T08:00:00+08:00", "2025-07-01T00:00:00+00:00"),
        ("2025-07-01T08:00:00Z", "2025-07-01T08:00:00+00:00"),
        ("2025-07-01", "2025-07-01T00:00:00+00:00"),
        ("2020/1/10 14:33:00", "2020-01-10T14:33:00+00:00"),
        ("2025年3月4日 08:05", "2025-03-04T08:05:00+00:00"),
        ("2025.03.04", "2025-03-04T00:00:00+00:00"),
        ("Tue, 01 Jul 2025 08:00:00 EST", "2025-07-01T13:00:00+00:00"),
        ("next Tuesday", None),
        ("2025-13-45", None),
        ("", None),
    ],
)
def test_dates_become_aware_utc_or_none(date: str, iso: str | None) -> None:
    assert _iso(_one_item(date=date).published) == iso


def test_relative_links_resolve_against_the_feed_url() -> None:
    assert _one_item(link="/news/1.html").link == "https://x.example/news/1.html"


def test_language_falls_back_to_the_argument() -> None:
    body = RSS_TEMPLATE.format(title="t", link="", description="d", date="").encode()
    (item,) = parse_feed(body, feed_id="f", url="u", language="zh-CN").items
    assert item.language == "zh-cn"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "the document is empty"),
        (b"  \r\n ", "the document is empty"),
        (gzip.compress(b"<rss/>"), "gzip data"),
        (b"\x00\x01\x02<binary>\x00", "binary data"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "'items' is not a list"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', "invalid JSON"),
        (b"[1, 2, 3]", "JSON without a JSON Feed version"),
        (b"<html><body><p>Just a page</p></body></html>", "an HTML page"),
        (b"<note><to>someone</to></note>", "no RSS, RDF or Atom root element"),
    ],
)
def test_not_a_feed(body: bytes, reason: str) -> None:
    with pytest.raises(FeedParseError, match="not a feed") as caught:
        parse_feed(body, feed_id="f", url="https://x.example/feed")
    assert reason in str(caught.value)
    assert caught.value.url == "https://x.example/feed"


def test_entity_expansion_bomb_is_not_expanded() -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}]>'
        '<rss version="2.0"><channel><title>&l9;</title>'
        "<item><title>x</title></item></channel></rss>"
    ).encode()
    # Expanded, the title would hold a billion "lol"s; the parser must refuse or keep it
    # unexpanded (an expansion would also not finish in any test's lifetime).
    try:
        feed = parse_feed(body, feed_id="f", url="u")
    except FeedParseError:
        pass
    else:
        assert len(feed.title) < 10_000


def test_feed_parsers_are_imported_only_by_the_parser() -> None:
    importers = sorted(
        str(path.relative_to(REPO))
        for package in ("watchers", "bot")
        for path in (REPO / package).rglob("*.py")
        if re.search(r"^\s*(import|from)\s+feedparser(_rs)?\b", path.read_text(), re.M)
    )
    assert importers == ["watchers/fastfeed.py", "watchers/parser.py"]


# --- real-world documents --------------------------------------------------------------------


def _documents(root: Path, every: int = 1) -> list[Path]:
    if not root.is_dir():
        return []
    found = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md")
    found = [p for p in found if p.name not in ("LICENSE", "SOURCES.md")]
    return found[::every]


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.suffix == ".gz" else raw


def _parse_or_reject(path: Path) -> ParsedFeed | FeedParseError:
    try:
        return parse_feed(_read(path), feed_id=path.stem, url=path.as_uri())
    except FeedParseError as exc:
        return exc


REAL = _documents(REAL_FEEDS)
CORPUS_SAMPLE = _documents(FEEDPARSER_CORPUS, every=10)


@pytest.mark.skipif(not REAL, reason="shared real-feeds data set not present")
@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(REAL_FEEDS)))
def test_real_feed_parses_or_is_rejected_cleanly(path: Path) -> None:
    outcome = _parse_or_reject(path)
    if isinstance(outcome, ParsedFeed):
        for item in outcome.items:
            assert item.published is None or item.published.tzinfo == UTC
            assert "<p>" not in item.text and "<iframe" not in item.text


@pytest.mark.skipif(not CORPUS_SAMPLE, reason="shared feedparser corpus not present")
@pytest.mark.parametrize("path", CORPUS_SAMPLE, ids=lambda p: str(p.relative_to(FEEDPARSER_CORPUS)))
def test_feedparser_corpus_parses_or_is_rejected_cleanly(path: Path) -> None:
    assert isinstance(_parse_or_reject(path), ParsedFeed | FeedParseError)


# What SOURCES.md says about particular real feeds, checked.
REJECTED = {
    "encodings-and-odd/hexun-feed-url-returns-gbk-html-maintenance-page.html": "an HTML page",
    "encodings-and-odd/feed-url-returns-js-antibot-challenge.html": "JavaScript",
    "encodings-and-odd/v2ex-jsonfeed-broken-syntax.json": "invalid JSON",
}
KNOWN = {
    # path: (item count, a substring of the first item's title, first published as ISO or None)
    "zh/kc0011-gb2312-dvbbs.rss.xml": (20, "建国35周年纪念", "2020-01-10T14:33:00+00:00"),
    "zh/wechatfeeds-cac-wangxinzhongguo.rss.xml": (16, "神舟十二号", "2021-06-17T03:38:09+00:00"),
    "zh/oschina-industry-news.rss.xml": (50, "Chrome OS", "2020-04-06T00:28:46+00:00"),
    "zh/ruanyifeng-blog.atom.xml": (3, "科技爱好者周刊", "2020-04-10T01:07:36+00:00"),
    "zh/v2ex.jsonfeed.json": (1, "JSON 格式化", "2020-01-31T15:05:16+00:00"),
    "en-news/inessential-blog.jsonfeed.json": (20, "James Dempsey", "2017-06-03T05:05:47+00:00"),
    "en-news/dw-world.rdf.xml": (141, "France arrests", None),
    "en-news/time-world-contentencoded-1MB.rss.xml": (100, "European", "2026-02-16T20:00:14+00:00"),
    "encodings-and-odd/declares-utf16-actually-utf8.rss.xml": (877, "転勤", None),
    "encodings-and-odd/utf8-bom-zh-caogen.rss.xml": (22, "疫情之后形势预判", None),
    "encodings-and-odd/whitespace-before-xml-declaration-zh.rss.xml": (20, "起跑线", None),
    "encodings-and-odd/windows-1251-ru-news.rss.xml": (10, "В Бузулуке", None),
    "encodings-and-odd/undeclared-latin1-no-xml-decl-uol.rss.xml": (15, "simulações", None),
    "encodings-and-odd/gzipped-body-invalid-xml-chars.rss.xml.gz": (25, "NSOperation", None),
}


@pytest.mark.skipif(not REAL, reason="shared real-feeds data set not present")
@pytest.mark.parametrize("name", sorted(REJECTED))
def test_real_non_feeds_are_rejected_with_a_reason(name: str) -> None:
    outcome = _parse_or_reject(REAL_FEEDS / name)
    assert isinstance(outcome, FeedParseError)
    assert "not a feed" in str(outcome) and REJECTED[name] in str(outcome)


@pytest.mark.skipif(not REAL, reason="shared real-feeds data set not present")
@pytest.mark.parametrize("name", sorted(KNOWN))
def test_real_feeds_read_correctly(name: str) -> None:
    count, title, published = KNOWN[name]
    outcome = _parse_or_reject(REAL_FEEDS / name)
    assert isinstance(outcome, ParsedFeed), outcome
    assert len(outcome.items) == count
    first = outcome.items[0]
    assert title in first.title
    if published is not None:
        assert _iso(first.published) == published


@pytest.mark.skipif(not REAL, reason="shared real-feeds data set not present")
def test_real_gb2312_feed_has_correct_chinese_throughout() -> None:
    feed = _parse_or_reject(REAL_FEEDS / "zh/kc0011-gb2312-dvbbs.rss.xml")
    assert isinstance(feed, ParsedFeed)
    assert feed.title == "投资资讯网交易在线--流通纪念币最新20篇论坛主题-全文"
    assert all(item.language == "zh-cn" for item in feed.items)
    assert not any("\ufffd" in item.title + item.text for item in feed.items)
