"""Sentences and small normalisation helpers for English and Chinese text.

Everything here is a pure function of a string. Offsets always refer to the text
passed in, so entity mentions found on the same text stay valid: :func:`fold_width`
keeps the length of its input for that reason.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from watchers.model import Mention


@dataclass(frozen=True)
class Sentence:
    """A sentence and where it lies in the text it came from (``text == full[start:end]``)."""

    text: str
    start: int
    end: int


# A candidate end: Chinese full stops always end a sentence; ". ! ?" end one only
# before a space, a line end, the text end or a Chinese character. Closing quotes and
# brackets after the punctuation belong to the sentence they close.
_CLOSERS = re.escape("\"'”’)）」』】》]")
# A run of ". ! ?" is taken whole from its first mark (possessive, and never from inside
# the run): trying every mark of a long run of dots again would cost its length squared.
_END = re.compile(
    rf"[。！？；]+[{_CLOSERS}]*"
    rf"|(?<![.!?])[.!?]++[{_CLOSERS}]*+(?=\s|$|[\u3400-\u9fff])"
    r"|\n"
)
# Words after which a full stop is part of an abbreviation, not the end of a sentence.
_ABBREVIATION_WORDS = (
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Gov Sen Rep Rev Col Lt Capt Sgt Hon Pres "
    "No Nos Art Arts Fig Vol Ch Sec Para pp vs etc al approx Inc Ltd Co Corp Bros Dept "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thur Fri Sat Sun "
    "e.g i.e a.m p.m"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")  # "U.S", "e.g", or an initial "J"
_WORD_BEFORE = re.compile(r"[\w.]+$")
_NEXT = re.compile(r"[ \t]*+(.?)", re.DOTALL)


SENTENCE_CHARS = 3_000
"""The longest sentence: a longer run is read in pieces of at most this many characters.

The longest sentence among the 16,850 of the captured real feeds has 2,047 characters
(a code listing); news sentences stay under 700. A run without a sentence end (a page
of tables, markup or padding) is not prose, and what reads a sentence may take time
that grows with the square of its length."""

# Where a run too long to be one sentence is cut: after a space, a comma or a
# Chinese comma, as late as possible but no earlier than a quarter before the limit.
_LAST_PAUSE = re.compile(r".*[\s,，、；;:：]", re.DOTALL)
_PAUSE_REACH = SENTENCE_CHARS // 4


def split_sentences(text: str) -> list[Sentence]:
    """Split English and Chinese prose into sentences, in order, whitespace trimmed.

    A sentence ends at 。！？； (always), at . ! ? before a space or line end (not
    after an abbreviation such as "U.S.", "Sept." or "No.", nor when the next word
    starts in lower case), and at a line break unless the next line goes on in lower
    case (a hard-wrapped paragraph). Empty sentences are dropped. No sentence is longer
    than :data:`SENTENCE_CHARS`: a longer run is cut at a pause (a space or comma) near
    that length, or at that length.
    """
    cuts = [m.end() for m in _END.finditer(text) if _ends_sentence(text, m)]
    out: list[Sentence] = []
    start = 0
    for cut in [*cuts, len(text)]:
        while cut - start > SENTENCE_CHARS:
            start = _add(out, text, start, _pause_before(text, start + SENTENCE_CHARS))
        start = _add(out, text, start, cut)
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> int:
    """Append the sentence in ``text[start:end]`` (if not blank); return ``end``."""
    sentence = _trimmed(text, start, end)
    if sentence is not None:
        out.append(sentence)
    return end


def _pause_before(text: str, limit: int) -> int:
    """Where to cut a run that goes past ``limit``: after its last pause within reach."""
    last = _LAST_PAUSE.match(text, limit - _PAUSE_REACH, limit)
    return last.end() if last else limit


def mentions_by_sentence(
    sentences: Sequence[Sentence], mentions: Iterable[Mention]
) -> list[list[Mention]]:
    """For each of ``sentences`` (in order and apart, as :func:`split_sentences` gives
    them), the ``mentions`` (offsets into the full text) that lie inside it, in their
    given order, with offsets made relative to it.

    One pass over the mentions: asking each sentence for its own would look at every
    mention once per sentence.
    """
    starts = [s.start for s in sentences]
    out: list[list[Mention]] = [[] for _ in sentences]
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i >= 0 and m.end <= sentences[i].end:
            sentence = sentences[i]
            out[i].append(replace(m, start=m.start - sentence.start, end=m.end - sentence.start))
    return out


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """True if the candidate end ``m`` really closes a sentence."""
    mark = m.group()
    # The first character after the spaces and tabs; not text[m.end():].lstrip(), which
    # copies the rest of the text at every candidate.
    following = _NEXT.match(text, m.end())
    after = following.group(1) if following else ""
    if mark == "\n":
        return not (after[:1].islower() and after[:1].isascii())
    if mark[0] != ".":
        return True
    if after[:1].islower():
        return False
    word = _WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
    return word is None or not _is_abbreviation(word.group())


def _is_abbreviation(word: str) -> bool:
    return word in _ABBREVIATIONS or _DOTTED.fullmatch(word) is not None


def _trimmed(text: str, start: int, end: int) -> Sentence | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(text[start:end], start, end) if end > start else None


# Full-width ASCII (U+FF01-U+FF5E) and the ideographic space fold to ASCII; curly
# quotes fold to straight ones. One character in, one out, so offsets survive.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x2018: 0x27, 0x2019: 0x27, 0x201C: 0x22, 0x201D: 0x22})
# The letters a case-blind pattern matches as ASCII ones (the long s, the Kelvin sign,
# dotless and dotted I) become them, so that a word so matched is found in a vocabulary
# ("on ſunday" is a weekday, not an error).
_WIDTH.update({0x017F: 0x73, 0x212A: 0x4B, 0x0131: 0x69, 0x0130: 0x49})


def fold_width(text: str) -> str:
    """``text`` with full-width letters, digits and punctuation made ASCII; same length."""
    return text.translate(_WIDTH)


def is_han(ch: str) -> bool:
    """True for a Chinese character (the unified ideographs and extension A)."""
    return "\u3400" <= ch <= "\u9fff"


_TOKEN = re.compile(r"(?P<latin>[a-z0-9]+)|(?P<han>[\u3400-\u9fff]+)")
_STOPWORD_TEXT = (
    "a an the of to in on at by for from with and or but as is are was were be been "
    "being has have had it its this that these those which who whom will would shall "
    "should can could may might not no than then there their they he she his her we our "
    "you your i said says also into over under about after before since within more most "
    "very s"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def content_tokens(text: str, without: Iterable[tuple[int, int]] = ()) -> frozenset[str]:
    """Content words of ``text`` for overlap measures, leaving out the ``without`` spans
    (say, entity names, so that two texts do not look alike merely for naming one body).

    English words are lower-cased, stop words dropped and a plural "s" stripped;
    Chinese runs become character bigrams (a lone character stays itself).
    """
    chars = list(fold_width(text).lower())
    for start, end in without:
        chars[start:end] = " " * (end - start)
    out: set[str] = set()
    for m in _TOKEN.finditer("".join(chars)):
        run = m.group()
        if m.lastgroup == "han":
            out.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
        elif run not in _STOPWORDS:
            out.add(run[:-1] if len(run) > 3 and run.endswith("s") else run)
    return frozenset(out)


def coverage(wanted: frozenset[str], found: frozenset[str]) -> float:
    """The share of ``wanted`` tokens that are in ``found`` (0.0 when nothing is wanted)."""
    return len(wanted & found) / len(wanted) if wanted else 0.0
