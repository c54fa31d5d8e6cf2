from html.parser import HTMLParser

from bot.render.matrix import render_matrix


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]


def test_matrix_content_is_a_notice_with_html_and_plain_body(digest):
    content = render_matrix(digest)
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert "CONTRADICTS" in content["body"] and "CONTRADICTS" in content["formatted_body"]
    assert '<a href="https://news.example/a">Title</a>' in content["formatted_body"]


def test_feed_text_is_inert_in_matrix(evil_digest):
    content = render_matrix(evil_digest)
    parser = Tags()
    parser.feed(content["formatted_body"])
    assert "script" not in parser.tags
    assert parser.hrefs == ["https://ok.example/x"]
    assert "@room" not in content["body"] and "@room" not in content["formatted_body"]
    assert content["m.mentions"] == {}


def test_every_case_and_width_of_room_pings_and_user_ids_is_defused():
    from bot.render.matrix import defuse

    for ping in ("@room", "@Room", "@ROOM", "＠ｒｏｏｍ", "@channel", "@Here", "@everyone"):
        out = defuse(f"Title {ping} now")
        assert ping not in out and "\u2060" in out
    assert defuse("ask @alice:example.org") == "ask @\u2060alice:example.org"
    assert defuse("mail a@example.org or see @roomservice") == (
        "mail a@example.org or see @roomservice"
    )


def test_replies_are_html_with_code_and_a_plain_body():
    from bot.matrix.events import reply_content

    content = reply_content("Use `digest more` <now>\n@room", {"event_id": "$e"})
    assert content["body"] == "Use `digest more` <now>\n@\u2060room"
    assert content["formatted_body"] == ("Use <code>digest more</code> &lt;now&gt;<br/>@\u2060room")
    assert content["format"] == "org.matrix.custom.html"


def test_reply_indents_are_kept_and_data_is_shown_as_is():
    from bot.render.matrix import reply_html

    assert reply_html("Feeds:\n  wire · ok") == "Feeds:<br/>&nbsp;&nbsp;wire · ok"
    assert reply_html("a:\n  b: `c`", preformatted=True) == ("<pre><code>a:\n  b: `c`</code></pre>")
