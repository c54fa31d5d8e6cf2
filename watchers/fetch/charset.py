"""Decoding feed documents: the charset a body is really in, whatever it claims.

Decoding is done before feedparser sees a document, because feedparser trusts
declarations that real servers get wrong (a UTF-8 body declared UTF-16 loses every
entry) and, without chardet, reads undeclared GBK as windows-1252. Pure: bytes and
header values in, text and notes on any guess out.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Without a BOM, the first bytes of "<" or "<?" tell the wide encodings apart
# (XML 1.0, appendix F).
_WIDE_STARTS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
# Supersets read their subsets correctly and survive the odd character outside
# the declared set; browsers read Latin-1 labels as windows-1252 for the same reason.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
}
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


def content_type(value: str) -> tuple[str, str]:
    """Split a Content-Type header into its lower-cased media type and charset."""
    mime, _, params = value.partition(";")
    match = re.search(r"""charset\s*=\s*["']?([^"';\s]+)""", params, re.I)
    return mime.strip().lower(), match.group(1) if match else ""


def decode(body: bytes, http_charset: str) -> tuple[str, tuple[str, ...]]:
    """Decode ``body`` to text, returning it with notes on any guess that was made.

    Order: a BOM; a wide (UTF-16/32) first character; valid UTF-8 (whatever is
    declared, since GBK or Latin-1 bytes almost never form valid UTF-8 while
    UTF-8 is often mislabelled); the HTTP charset, then the declared one;
    GB18030 when the text reads as common Chinese; finally windows-1252.
    Latin-1 and ASCII labels are tried only after GB18030, because they are
    the default of many servers and say nothing about the document.
    """
    wide = _wide_codec(body)
    if wide:
        return body.decode(wide, errors="replace"), ()
    try:
        return body.decode("utf-8"), _mislabel_note(body, http_charset)
    except UnicodeDecodeError:
        pass
    labels = (_usable_codec(http_charset), _usable_codec(_declared_charset(body)))
    return _decode_labelled(body, [label for label in labels if label])


def _wide_codec(body: bytes) -> str:
    """The codec a BOM or a UTF-16/32 first character announces, else ""."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec
    for start, codec in _WIDE_STARTS:
        if body.startswith(start):
            return codec
    return ""


def _decode_labelled(body: bytes, labels: list[str]) -> tuple[str, tuple[str, ...]]:
    """Decode non-UTF-8 bytes with the first label that fits, or a guess."""
    specific = [label for label in labels if label != "cp1252"]
    for codec in dict.fromkeys([*specific, "gb18030", *labels]):
        decoded = _try_decode(body, codec)
        if decoded is not None and codec in labels:
            return decoded, ()
        if decoded is not None and _reads_as_chinese(decoded):
            return decoded, ("charset guessed: GB18030",)
    if labels:
        note = f"bytes not valid in {labels[0]}; unreadable bytes replaced"
        return body.decode(labels[0], errors="replace"), (note,)
    return body.decode("cp1252", errors="replace"), ("charset guessed: windows-1252",)


def _mislabel_note(body: bytes, http_charset: str) -> tuple[str, ...]:
    """A note for each declared charset that would have read this valid UTF-8 differently."""
    if body.isascii():
        return ()
    labels = [label for label in (http_charset, _declared_charset(body)) if label]
    return tuple(
        f"declared charset {label!r} does not match the bytes; read as UTF-8"
        for label in labels
        if _usable_codec(label) != "utf-8"
    )


def _declared_charset(body: bytes) -> str:
    head = body[:2048]
    match = _DECLARED.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else ""


def _usable_codec(label: str) -> str | None:
    """The Python codec for a charset label, if it is known and ASCII-compatible.

    A UTF-16 label on a body that starts with a one-byte "<" is a mislabel, so
    codecs that do not encode ASCII as itself are refused.
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label).name
        name = _SUPERSETS.get(name, name)
        ascii_compatible = "<?xml".encode(name) == b"<?xml"
    except (LookupError, UnicodeError):  # unknown labels and bytes-to-bytes codecs
        return None
    return name if ascii_compatible else None


def _try_decode(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except UnicodeDecodeError:
        return None


def _reads_as_chinese(text: str, sample: int = 4000) -> bool:
    """Whether nearly all non-ASCII characters are in GB2312, the common Chinese set.

    Latin-1 or Big5 bytes read as GB18030 land mostly on rare characters
    outside GB2312, so this tells real Chinese from an accidental decoding.
    """
    wide = [c for c in text[: sample * 4] if ord(c) > 0x7F][:sample]
    if not wide:
        return False
    common = sum(1 for c in wide if _in_gb2312(c))
    return common >= 0.95 * len(wide)


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
