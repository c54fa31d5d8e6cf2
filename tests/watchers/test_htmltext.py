import pytest

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
