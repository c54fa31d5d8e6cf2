"""HTML to plain text, for titles and summaries that arrive as markup.

The result is what a reader would see: no tags, entities decoded, the contents
of scripts, styles and embedded frames dropped, block boundaries kept as line
breaks and runs of whitespace collapsed to one space.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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

_ANY_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r"\s*\n\s*")


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML fragment, marking block breaks with newlines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden_depth += 1
        self._boundary(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A self-closed hidden element (<iframe/>) hides nothing after it.
        self._boundary(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden_depth:
            self._hidden_depth -= 1
        self._boundary(tag)

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            # Line breaks in the source are plain whitespace in HTML; only elements break lines.
            self.parts.append(_ANY_SPACE.sub(" ", data))

    def _boundary(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in _CELLS:
            self.parts.append(" ")


def html_to_text(html: str) -> str:
    """Return the visible text of ``html``.

    Tags are removed, character references decoded, and the contents of
    script, style, iframe, noscript, template, object, svg and head elements
    dropped. Block elements (p, div, br, li, h1-h6, tr, ...) become line breaks;
    within a line every run of whitespace (including non-breaking spaces)
    becomes one space. Blank lines are removed and the result is stripped.
    Malformed markup never raises: whatever the tolerant parser recovers is used.
    """
    if "<" not in html and "&" not in html:
        # No tags and no references: the parser would hand the whole text to
        # handle_data in one piece, so only its whitespace rules apply.
        return normalise_whitespace(_ANY_SPACE.sub(" ", html))
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return normalise_whitespace("".join(collector.parts))


def normalise_whitespace(text: str) -> str:
    """Collapse spaces within lines, drop blank lines, and strip both ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    text = _SPACES.sub(" ", text)
    return _BREAKS.sub("\n", text).strip()
