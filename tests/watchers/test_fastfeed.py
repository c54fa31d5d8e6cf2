"""The fast reader gives feedparser's reading or none: checked on every shared document."""

import gzip
from dataclasses import replace
from pathlib import Path

import pytest

from watchers.errors import FeedParseError
from watchers.fastfeed import read_fast
from watchers.parser import ParsedFeed, parse_feed

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "datasets"
REAL_FEEDS = SHARED / "real-feeds"
FEEDPARSER_CORPUS = SHARED / "feedparser-corpus"
URL = "https://feeds.example/feed"


def _documents(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".md")
    return [p for p in found if p.name not in ("LICENSE", "SOURCES.md")]


def _read(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if raw.startswith(b"\x1f\x8b") else raw


def _outcome(body: bytes, *, fast: bool, language: str = "") -> ParsedFeed | str:
    headers = {"Content-Language": language} if language else {}
    try:
        parsed = parse_feed(body, feed_id="f", url=URL, headers=headers, fast=fast)
    except FeedParseError as exc:
        return str(exc)
    # The entry digests are of each reader's own reading (one reader's None is the
    # other's ""), which may differ where the items agree: a document reads with one
    # reader every time, and another reader only makes every entry read again.
    return replace(parsed, entries=())


def _disagreements(paths: list[Path], language: str = "") -> list[str]:
    return [
        p.name
        for p in paths
        if _outcome(_read(p), fast=True, language=language)
        != _outcome(_read(p), fast=False, language=language)
    ]


REAL = _documents(REAL_FEEDS)
CORPUS = _documents(FEEDPARSER_CORPUS)
# The corpus by its top folder (wellformed, encoding, ...), so that a
# failure names a part of it without making two thousand test cases.
CORPUS_PARTS = sorted({p.relative_to(FEEDPARSER_CORPUS).parts[0] for p in CORPUS})


@pytest.mark.skipif(not REAL, reason="shared real-feeds data set not present")
@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(REAL_FEEDS)))
@pytest.mark.parametrize("language", ["", "de-DE"])
def test_real_feed_reads_the_same_either_way(path: Path, language: str) -> None:
    assert _disagreements([path], language) == []


@pytest.mark.skipif(not CORPUS, reason="shared feedparser corpus not present")
@pytest.mark.parametrize("part", CORPUS_PARTS)
def test_feedparser_corpus_reads_the_same_either_way(part: str) -> None:
    paths = [p for p in CORPUS if p.relative_to(FEEDPARSER_CORPUS).parts[0] == part]
    assert _disagreements(paths) == []


@pytest.mark.skipif(not REAL, reason="shared real-feeds data set not present")
def test_most_real_feeds_take_the_fast_path() -> None:
    xml = [p for p in REAL if p.suffix != ".json" and p.suffix != ".html"]
    taken = {p.name for p in xml if read_fast(_read(p)) is not None}
    # Plain RSS, big and small, in English and Chinese.
    assert {"time-world-contentencoded-1MB.rss.xml", "bbc-world.rss.xml"} <= taken
    assert "wechatfeeds-xinhua.rss.xml" in taken
    # Empty <description/> elements are written out for the fast parser.
    assert "economist-asia.rss.xml" in taken
    # dc:date, media:description, ill-formed XML: feedparser's.
    apart = {"dw-world.rdf.xml", "nyt-world.rss.xml", "oschina-industry-news.rss.xml"}
    assert not apart & taken
    assert len(taken) >= len(xml) * 2 // 3


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>Regulator notices</title><language>en</language>
{items}
</channel></rss>"""
PLAIN_ITEM = """<item><title>The office &lt;b&gt;publishes&lt;/b&gt; a draft</title>
<link>https://example.org/a</link><guid>a-1</guid>
<description>&lt;p&gt;Comments are open until &lt;i&gt;May&lt;/i&gt;.&lt;/p&gt;</description>
<pubDate>Tue, 01 Jul 2025 08:00:00 +0800</pubDate></item>"""


def _both(document: str) -> tuple[ParsedFeed | str, ParsedFeed | str]:
    body = document.encode()
    return _outcome(body, fast=True), _outcome(body, fast=False)


def test_a_plain_document_is_read_fast_and_alike() -> None:
    document = RSS.format(items=PLAIN_ITEM * 2)
    assert read_fast(document.encode()) is not None
    fast, slow = _both(document)
    assert fast == slow
    assert isinstance(fast, ParsedFeed)
    assert fast.items[0].title == "The office publishes a draft"  # HTML by its look
    assert fast.items[0].text == "Comments are open until May."
    assert fast.items[0].updated is None  # only pubDate: no separate update date


@pytest.mark.parametrize(
    "item",
    [
        # dc:date is an update date to feedparser, a publication date to the other.
        "<item><title>t</title><dc:date>2025-03-01T00:00:00Z</dc:date></item>",
        # A Windows-1252 character reference.
        "<item><title>t</title><description>It&#146;s out</description></item>",
        # An item whose image lends it a link in the fast parser.
        "<item><category>c<image><link>https://example.org/i</link></image></category></item>",
        # Not well-formed.
        "<item><title>t &amp broken</title></item>",
    ],
)
def test_what_the_fast_parser_reads_apart_goes_to_feedparser(item: str) -> None:
    document = RSS.format(items=item)
    assert read_fast(document.encode()) is None
    fast, slow = _both(document)
    assert fast == slow


def test_an_empty_text_element_stays_empty() -> None:
    # Read as written, the fast parser would take the link for the description.
    item = "<item><title>t</title><description/><link>https://example.org/b</link></item>"
    document = RSS.format(items=item)
    assert read_fast(document.encode()) is not None
    fast, slow = _both(document)
    assert fast == slow
    assert isinstance(fast, ParsedFeed)
    assert (fast.items[0].text, fast.items[0].link) == ("", "https://example.org/b")


def test_atom_0_3_goes_to_feedparser() -> None:
    document = (
        '<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old</title>'
        "<entry><title>e</title><issued>2004-01-01T00:00:00Z</issued></entry></feed>"
    )
    assert read_fast(document.encode()) is None
    fast, _ = _both(document)
    assert isinstance(fast, ParsedFeed) and fast.items[0].title == "e"


def test_content_language_is_the_language_either_way() -> None:
    document = RSS.format(items=PLAIN_ITEM).replace("<language>en</language>", "")
    fast = _outcome(document.encode(), fast=True, language="de-DE")
    assert fast == _outcome(document.encode(), fast=False, language="de-DE")
    assert isinstance(fast, ParsedFeed) and fast.items[0].language == "de-de"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Standards board</title>{entries}</feed>"""
ATOM_SOURCE = """<source><id>urn:wire</id><title>Wire service</title>
<link href="https://wire.example/"/><updated>2024-02-02T00:00:00Z</updated>
<author><name>Wire desk</name></author></source>"""
ATOM_ENTRY = """<title>The board adopts a grid code</title><link href="https://example.org/g"/>
<id>urn:g-1</id><updated>2025-05-05T00:00:00Z</updated>
<summary>It takes effect in June.</summary>"""
CDATA_CONTENT = "<content type='html'><![CDATA[<p xml:lang='fr'>Texte</p>]]></content>"
CONTRIBUTOR = "<contributor><name>A. Editor</name><uri>https://people.example/a</uri></contributor>"


@pytest.mark.parametrize(
    "document",
    [
        # Where the entry got it from: feedparser keeps a source's fields apart, as does
        # the fast parser, before or after the entry's own, or with none of its own.
        RSS.format(
            items=PLAIN_ITEM.replace(
                "<guid>", '<source url="https://wire.example/rss">Wire</source><guid>'
            )
        ),
        RSS.format(
            items='<item><source url="https://wire.example/rss">Wire</source><title>t</title></item>'
        ),
        RSS.format(
            items='<item><title>t</title><source url="https://wire.example/rss"/><link>https://example.org/c</link></item>'
        ),
        ATOM.format(
            entries=f"<entry>{ATOM_ENTRY}{ATOM_SOURCE}</entry><entry>{ATOM_SOURCE}</entry>"
        ),
        # Who else wrote it: no field that is stored.
        ATOM.format(
            entries=f"<entry>{CONTRIBUTOR}{ATOM_ENTRY}</entry><entry>{CONTRIBUTOR}</entry>"
        ),
        # xml:lang written inside character data is text, not a language.
        ATOM.format(entries=f"<entry>{ATOM_ENTRY}{CDATA_CONTENT}</entry>"),
    ],
)
def test_sources_and_contributors_are_read_fast_and_alike(document: str) -> None:
    assert read_fast(document.encode()) is not None
    fast, slow = _both(document)
    assert fast == slow
    assert isinstance(fast, ParsedFeed) and fast.items


def test_an_empty_source_does_not_take_the_next_field() -> None:
    item = '<item><title>t</title><source url="https://wire.example/rss"/><link>https://example.org/c</link></item>'
    fast, _ = _both(RSS.format(items=item))
    assert isinstance(fast, ParsedFeed) and fast.items[0].link == "https://example.org/c"


TWO_ALTERNATES = (
    '<link href="https://example.org/x"/><link rel="alternate" href="https://example.org/y"/>'
)
SECOND_DATE = "<pubDate>Wed, 02 Jul 2025 08:00:00 +0800</pubDate><guid>"


@pytest.mark.parametrize(
    "document",
    [
        # A language or base that feedparser applies to the element's texts and links.
        RSS.replace("<rss ", '<rss lang="fr" ').format(items=PLAIN_ITEM),
        RSS.format(items=PLAIN_ITEM.replace("<title>", '<title xml:lang="fr">')),
        ATOM.format(entries='<entry base="https://other.example/d/"><link href="p"/></entry>'),
        ATOM.format(entries=f'<entry xml:base="https://other.example/d/">{ATOM_ENTRY}</entry>'),
        # A field given twice: one parser keeps the first, the other the last.
        RSS.format(items="<item><title>Earlier name</title><title>Later name</title></item>"),
        RSS.format(items=PLAIN_ITEM.replace("<guid>", SECOND_DATE)),
        RSS.replace("<language>", "<title>Second title</title><language>").format(items=""),
        ATOM.format(entries="<entry><title>t</title><id>urn:first</id><id>urn:second</id></entry>"),
        ATOM.format(entries=f"<entry><title>t</title>{TWO_ALTERNATES}</entry>"),
        # An Atom source before the entry's own fields (end tags are not looked at).
        ATOM.format(entries=f"<entry>{ATOM_SOURCE}{ATOM_ENTRY}</entry>"),
    ],
)
def test_a_language_base_or_repeated_field_goes_to_feedparser(document: str) -> None:
    assert read_fast(document.encode()) is None
    fast, slow = _both(document)
    assert fast == slow


def test_links_other_than_the_alternate_one_may_repeat() -> None:
    links = '<link rel="enclosure" href="https://example.org/a.mp3"/><link rel="replies" href="https://example.org/c"/>'
    document = ATOM.format(entries=f"<entry>{ATOM_ENTRY}{links}</entry>")
    assert read_fast(document.encode()) is not None
    fast, slow = _both(document)
    assert fast == slow
