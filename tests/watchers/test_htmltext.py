import pytest

from watchers import htmltext
from watchers.htmltext import html_to_text, normalise_whitespace


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello <b>world</b></p>", "Hello world"),
        ("AT&amp;T &lt;rules&gt; &#26032;&#x534E;&nbsp;社", "AT&T <rules> 新华 社"),
        ("<p>One.</p><p>Two.</p>", "One.\nTwo."),
        ("line<br>break<br/>again", "line\nbreak\nagain"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
        ("word\n   wrapped\tacross\r\nlines", "word wrapped across lines"),
        ("<div>\n\n  <p>  spaced  </p>\n\n</div>", "spaced"),
        ("", ""),
        ("plain text, no tags", "plain text, no tags"),
        ("a < b and c > d", "a < b and c > d"),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


@pytest.mark.parametrize(
    "html",
    [
        "<p>Before</p><script>var secret = '<p>no</p>';</script><p>After</p>",
        "<p>Before</p><style>p { color: red }</style><p>After</p>",
        '<p>Before</p><iframe src="https://player.example/x">fallback</iframe><p>After</p>',
        "<p>Before</p><noscript>enable js</noscript><p>After</p>",
    ],
)
def test_hidden_contents_are_dropped(html: str) -> None:
    assert html_to_text(html) == "Before\nAfter"


def test_self_closed_iframe_hides_nothing_after_it() -> None:
    assert html_to_text('<iframe src="x"/><p>Visible</p>') == "Visible"


def test_chinese_paragraphs_keep_their_breaks() -> None:
    html = "<p>国家互联网信息办公室发布《网络数据安全管理条例》。</p><p>自2025年1月1日起施行。</p>"
    assert (
        html_to_text(html)
        == "国家互联网信息办公室发布《网络数据安全管理条例》。\n自2025年1月1日起施行。"
    )


@pytest.mark.parametrize(
    "broken",
    ["<p>unclosed <b>bold", "</div></p>stray closers", "<a href='x", "<<<>>>", "&bogus; &#xZZ;"],
)
def test_malformed_markup_never_raises(broken: str) -> None:
    text = html_to_text(broken)
    assert "<p>" not in text and "<b>" not in text


def test_normalise_whitespace_keeps_line_breaks_and_drops_blank_lines() -> None:
    assert normalise_whitespace("  a \u00a0 b\r\n\r\n\n  c  \n") == "a b\nc"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        # Read as a browser reads it (HTML5): an end tag </br> is a line break, a
        # paragraph closes at the next one, a dangling comment or doctype is no text.
        ("Ferries resume<br>on Monday</br>at noon", "Ferries resume\non Monday\nat noon"),
        ("<p>The draft is out<p>Comments close soon", "The draft is out\nComments close soon"),
        ("The bureau replied<!-- unfinished note", "The bureau replied"),
        ("<!DOCTYPE", ""),
        # Text stray inside a table is put before it, as a browser shows it.
        ("<table>Figures:<tr><td>3</td><td>4</td></tr></table>", "Figures:\n3 4"),
        # Hidden elements anywhere, in any case, self-closed or left open.
        ("<noscript><p>Turn scripts on</p></noscript>The rule applies", "The rule applies"),
        (
            '<IFRAME SRC="https://player.example/v" />Now showing<p>Clip two</p>',
            "Now showing\nClip two",
        ),
        ("Visible part<script>var x = 1;", "Visible part"),
        ("<title>Page name</title><head><style>b{}</style></head>Body text", "Body text"),
        # A NUL character is dropped, never taken for a line break.
        ("<b>half\x00way</b>", "halfway"),
    ],
)
def test_markup_reads_as_a_browser_shows_it(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_deep_nesting_is_read_without_recursion() -> None:
    html = "<div><span>" * 3000 + "Centre" + "</span></div>" * 3000
    assert html_to_text(html) == "Centre"


def test_a_fragment_with_very_many_tags_reads_the_same_by_the_streaming_parser() -> None:
    row = "<li>Item <b>{}</b> of the list</li>"
    html = "<ul>" + "".join(row.format(n) for n in range(htmltext._MOST_TAGS // 4)) + "</ul>"
    expected = "\n".join(f"Item {n} of the list" for n in range(htmltext._MOST_TAGS // 4))
    assert html.count("<") > htmltext._MOST_TAGS
    assert html_to_text(html) == expected
    assert html_to_text(html[: len(html) // 3]).startswith("Item 0 of the list\nItem 1 of")


def test_the_streaming_parser_reads_what_the_fast_one_fails_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser failed")

    html = "<h2>Notice</h2><p>Filing opens <i>today</i>.</p><script>hidden()</script>"
    fast = html_to_text(html)
    monkeypatch.setattr(htmltext, "LexborHTMLParser", broken)
    assert html_to_text(html) == fast == "Notice\nFiling opens today."
