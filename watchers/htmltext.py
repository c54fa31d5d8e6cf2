"""HTML to plain text, for titles and summaries that arrive as markup.

The result is what a reader would see: no tags, entities decoded, the contents
of scripts, styles and embedded frames dropped, block boundaries kept as line
breaks and runs of whitespace collapsed to one space.

Fragments are read by lexbor (through selectolax), an HTML5 parser in C: the
same tree a browser builds, at about a fifth of the cost of the standard
library's pure-Python ``html.parser``, which was the largest part of reading a
feed. ``html.parser`` stays for what lexbor should not be given: a fragment
with so many tags that HTML5 tree building, whose scope checks walk the open
elements, would cost time growing with the square of its nesting, and any
input lexbor fails on.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser

# Elements whose contents a reader never sees as text.
_HIDDEN = frozenset(
    {"script", "style", "iframe", "noscript", "template", "object", "svg", "head", "title"}
)

# Elements that start a new line: paragraphs, list items, headings, table rows.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead",
        "tfoot", "tr", "ul",
    }
)  # fmt: skip

# Table cells are separated by a space so "a</td><td>b" does not read as "ab".
_CELLS = frozenset({"td", "th"})

_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s*\n\s*")

# A line break while the text is put together: NUL never survives HTML5 parsing
# into text, and, unlike "\n" in the source, is not whitespace.
_BREAK = "\x00"
# What entering or leaving an element puts into the text.
_BOUNDARY = {**dict.fromkeys(_BLOCKS, _BREAK), **dict.fromkeys(_CELLS, " ")}
_HIDDEN_TAGS = sorted(_HIDDEN)
# <iframe/> hides nothing after it (the slash is a common way of writing an empty
# element), but HTML5 ignores the slash and would hide the rest of the fragment.
_SELF_CLOSED_HIDDEN = re.compile(rf"<({'|'.join(_HIDDEN_TAGS)})(\s[^<>]*?)?/>", re.IGNORECASE)
# Beyond this many "<", a fragment goes to html.parser (see the module docstring); real
# entries hold a few thousand at most, and lexbor reads this many nested in ~0.1 s.
_MOST_TAGS = 10_000


def html_to_text(html: str) -> str:
    """Return the visible text of ``html``.

    Tags are removed, character references decoded, and the contents of
    script, style, iframe, noscript, template, object, svg and head elements
    dropped. Block elements (p, div, br, li, h1-h6, tr, ...) become line breaks;
    within a line every run of whitespace (including non-breaking spaces)
    becomes one space. Blank lines are removed and the result is stripped.
    Malformed markup never raises: it is read as an HTML5 parser (a browser)
    recovers it, as a fragment of a page's body.
    """
    if "<" not in html and "&" not in html:
        # No tags and no references: only the whitespace rules apply.
        return " ".join(html.split())
    if html.count("<") <= _MOST_TAGS:
        try:
            return _lines(_lexbor_text(html))
        except Exception:  # any failure of the C parser: read it the slow way
            pass
    return _lines(_stream_text(html))


def _lexbor_text(html: str) -> str:
    """The text of the fragment's tree, with ``_BREAK`` where a block starts or ends."""
    if "/>" in html:
        html = _SELF_CLOSED_HIDDEN.sub(r"<\1\2></\1>", html)
    tree = LexborHTMLParser(html, is_fragment=True)
    tree.strip_tags(_HIDDEN_TAGS, recursive=True)
    root = tree.root
    if root is None:
        return ""
    parts: list[str] = []
    append, boundary = parts.append, _BOUNDARY.get
    # Depth first, without recursion: a fragment may nest deeper than Python's stack.
    stack = [(root.iter(include_text=True), "")]
    while stack:
        children, closing = stack[-1]
        for child in children:
            tag = child.tag
            if tag == "-text":
                append(child.text_content or "")
            elif tag and tag[0] != "-":  # not a comment, doctype or processing instruction
                opening = boundary(tag, "")
                append(opening)
                stack.append((child.iter(include_text=True), opening))
                break
        else:
            stack.pop()
            append(closing)
    return "".join(parts)


def _lines(text: str) -> str:
    """``text`` with its ``_BREAK`` marks as line breaks, by :func:`normalise_whitespace`'s
    rules (source line breaks being plain whitespace in HTML)."""
    lines = (" ".join(line.split()) for line in text.split(_BREAK))
    return "\n".join(line for line in lines if line)


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML fragment, marking block breaks with ``_BREAK``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden_depth += 1
        self.parts.append(_BOUNDARY.get(tag, ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A self-closed hidden element (<iframe/>) hides nothing after it.
        self.parts.append(_BOUNDARY.get(tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1
        self.parts.append(_BOUNDARY.get(tag, ""))

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.parts.append(data.replace(_BREAK, ""))


def _stream_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def normalise_whitespace(text: str) -> str:
    """Collapse spaces within lines, drop blank lines, and strip both ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = _SPACES.sub(" ", text)
    return _BREAKS.sub("\n", text).strip()
