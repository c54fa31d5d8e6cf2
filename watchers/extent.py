"""How much of an item is read: the bound on the work done for any one item.

A feed may carry an item of megabytes (a whole report pasted in, a page of tables, a
template repeating itself) or a title of a hundred kilobytes, and reading it all would
hold up the feeds polled after it. So the matcher, the labeller, the evidence of a
mention alert and the relevance score read an *excerpt* of each item:

- the first :data:`TITLE_CHARS` characters of the title;
- the sentences of the text that start within its first :data:`TEXT_CHARS` characters;
- after those, the sentences that name a tracked entity, in order, as long as they
  add up to no more than :data:`FAR_CHARS` characters, looked for within the first
  :data:`SCAN_CHARS` characters of the text;
- and no more than :data:`SENTENCES` sentences in all.

Sentences are those of :func:`~watchers.text.split_sentences`, at most
:data:`~watchers.text.SENTENCE_CHARS` long. An item within the first two limits is read
whole, and its excerpt is the item itself.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import replace

from watchers.model import Item, Mention
from watchers.text import SENTENCE_CHARS, mentions_by_sentence, split_sentences

TITLE_CHARS = 1_000
"""Characters of a title read. The longest title among the 1,863 items of the captured
real feeds has 145 characters."""

TEXT_CHARS = 20_000
"""Characters of a text read whole (up to the end of the sentence under way). Of the
1,863 items of the captured real feeds, half have at most 147 characters, 99 % at most
11,361 and six more than 17,000 (the longest 46,532, a long blog post): an article's
first 3,000 words or so."""

SENTENCES = 500
"""Sentences read in all, each with a cost of its own however short. The most that start
within the first :data:`TEXT_CHARS` characters of a real item is 277 (a blog post with
code), the most in a whole real item 588."""

FAR_CHARS = 10_000
"""Characters of the later sentences that name tracked entities read beyond
:data:`TEXT_CHARS`: some fifty sentences of news."""

SCAN_CHARS = 100_000
"""Characters of a text searched for tracked entities at all: twice the longest real
item."""

_MARKS = ".!?\n。！？；"
"""Every mark that may end a sentence (see :func:`~watchers.text.split_sentences`)."""

_GAP = "\n\n"
"""What joins the excerpt's pieces: a break every sentence splitter honours."""

Span = tuple[int, int]


def scanned(item: Item) -> tuple[str, str]:
    """The title and text a matcher searches: their first :data:`TITLE_CHARS` and
    :data:`SCAN_CHARS` characters. Offsets into them are offsets into the item."""
    return item.title[:TITLE_CHARS], item.text[:SCAN_CHARS]


def kept(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The ``mentions`` (offsets into ``text``) that lie within the excerpt of ``text``."""
    if _whole(text):
        return list(mentions)
    pieces = _Pieces(text, mentions)
    return [m for m in mentions if pieces.holding(m) is not None]


def excerpt(item: Item, mentions: Sequence[Mention]) -> tuple[Item, list[Mention]]:
    """``item`` as read, and its ``mentions`` with offsets into the excerpt; mentions
    outside it are left out.

    ``mentions`` carry field "title" or "text" (any other field is passed on as it is, for
    the reader to reject). An item within the limits comes back as it is.
    """
    title, text = item.title[:TITLE_CHARS], item.text
    if _whole(text):
        if len(title) == len(item.title):
            return item, list(mentions)
        inside = [m for m in mentions if m.field != "title" or _in_title(m, title)]
        return replace(item, title=title), inside
    pieces = _Pieces(text, [m for m in mentions if m.field == "text"])
    out = []
    for m in mentions:
        if m.field == "title":
            if _in_title(m, title):
                out.append(m)
            continue
        if m.field != "text":
            out.append(m)
            continue
        shift = pieces.shift(m)
        if shift is not None:
            out.append(replace(m, start=m.start + shift, end=m.end + shift))
    return replace(item, title=title, text=pieces.read()), out


class _Pieces:
    """The stretches of a text that are read, in order: the head, then the later
    sentences that hold a mention."""

    def __init__(self, text: str, mentions: Sequence[Mention]) -> None:
        self._text = text
        limit = _split_limit(mentions)
        sentences = split_sentences(text[:limit])
        first_later = bisect.bisect_left([s.start for s in sentences], TEXT_CHARS)
        first_later = min(first_later, SENTENCES)
        later = sentences[first_later:]
        # The head runs up to the first later sentence, or to the end of what was split.
        head = later[0].start if later else min(len(text), limit)
        self.spans: list[Span] = [(0, head)]
        room, count = FAR_CHARS, first_later
        for sentence, inside in zip(later, mentions_by_sentence(later, mentions), strict=True):
            if not inside:
                continue
            room -= len(sentence.text)
            count += 1
            if room < 0 or count > SENTENCES:
                break
            self.spans.append((sentence.start, sentence.end))
        self._starts = [start for start, _ in self.spans]
        self._offsets = list(
            itertools.accumulate((end - start + len(_GAP) for start, end in self.spans), initial=0)
        )

    def holding(self, m: Mention) -> int | None:
        """The index of the piece that holds ``m``, if one does."""
        # Pieces never overlap: only the last one starting at or before ``m`` may hold it.
        i = bisect.bisect_right(self._starts, m.start) - 1
        return i if i >= 0 and m.end <= self.spans[i][1] else None

    def shift(self, m: Mention) -> int | None:
        """What to add to ``m``'s offsets for offsets into the excerpt; None outside it."""
        i = self.holding(m)
        return None if i is None else self._offsets[i] - self.spans[i][0]

    def read(self) -> str:
        """The pieces, joined."""
        return _GAP.join(self._text[start:end] for start, end in self.spans)


def _whole(text: str) -> bool:
    """Whether ``text`` is read whole: short, and too few marks in it for more sentences
    than are read (a count in C, where splitting would take a pass in Python)."""
    if len(text) > TEXT_CHARS:
        return False
    # A sentence ends at one of these marks, or is a piece of a run at least three
    # quarters of SENTENCE_CHARS long.
    ends = sum(map(text.count, _MARKS)) + len(text) // (SENTENCE_CHARS // 2)
    return ends < SENTENCES


def _split_limit(mentions: Sequence[Mention]) -> int:
    """How much of a text to split into sentences to find its excerpt: the head, and as
    far as the later sentences that can be taken, so that a text full of names is not
    split to the end of its scan."""
    later = sorted(m.end for m in mentions if m.start >= TEXT_CHARS)
    last = later[min(len(later), SENTENCES) - 1] if later else TEXT_CHARS
    # Margin for the sentence under way at the last one (at most SENTENCE_CHARS long)
    # and for what decides where it ends.
    return min(SCAN_CHARS, max(last, TEXT_CHARS) + 2 * SENTENCE_CHARS)


def _in_title(m: Mention, title: str) -> bool:
    return m.end <= len(title)
