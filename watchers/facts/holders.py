"""Who may hold an office in a sentence's skeleton: a tracked entity or the written name
of a person the entity list does not track, and the words between an office and its
place. Shared by the office readings of :mod:`watchers.facts.offices` and
:mod:`watchers.facts.office_verbs`."""

from __future__ import annotations

import re

from watchers.facts.lexicon import EN_NAME, ZH_NAME, is_person_name
from watchers.facts.skeleton import Skeleton, entity
from watchers.text import is_han
from watchers.wordcuts import given_name_end


def holder(name: str, zh: bool = False) -> str:
    """A pattern for a holder, its entity slot in group ``name`` or its written name in
    ``<name>_name``."""
    return rf"(?:{entity(name)}|(?P<{name}_name>{ZH_NAME if zh else EN_NAME}))"


# "governor of south China's Guangdong Province"
COMPASS = (
    r"(?:(?:south|north|east|west|central|southwest|southeast|northwest|northeast)(?:ern)?\s+)?"
)
# Descriptions between an office and its place: "party secretary of mega city Chongqing".
PLACE_WORDS = r"(?:(?:mega|megacity|city|town|province|region|municipality|southwestern|"
PLACE_WORDS += r"northwestern|western|eastern|southern|northern|coastal|far|restive)\s+){1,3}?"
PLACE_WORDS = f"(?:{PLACE_WORDS})"


def person(sk: Skeleton, m: re.Match[str], name: str) -> str:
    """The holder in group ``name``: an entity id, a person's name, or "" (not a person).

    In a headline written in title case every word looks like a name, so there only
    tracked entities count.
    """
    groups = m.groupdict()
    if groups.get(name):
        slot = int(groups[name])
        if titles_an_office(sk, slot, m.end(name) + 1):
            return ""  # "appointed Xinjiang party secretary": a place that titles an office
        return sk.entities[slot]
    written = groups.get(f"{name}_name") or ""
    if not written or not is_person_name(written) or title_case(sk.text):
        return ""
    if is_han(written[0]):
        start = m.start(f"{name}_name")
        written = sk.text[start : given_name_end(sk.text, start, m.end(f"{name}_name"))]
    return written


def titles_an_office(sk: Skeleton, slot: int, end: int) -> bool:
    """Whether entity ``slot``, whose marker ends at ``end``, is a place naming the office
    right after it ("Xinjiang party chief"), not someone holding it ("Ma Xingrui party
    chief"): it must not read as a person's name."""
    written = sk.names[slot] if slot < len(sk.names) else ""
    return _TITLE_NEXT.match(sk.text, end) is not None and not _PERSON_LIKE.fullmatch(written)


_TITLE_NEXT = re.compile("\\s*\ue006")
_PERSON_LIKE = re.compile(f"{EN_NAME}|{ZH_NAME}")


def title_case(text: str) -> bool:
    """A headline in title case capitalises every word but the short ones; a sentence
    that leaves one long word in lower case ("Zheng Shanjie heads …") is prose."""
    words = _WORD.findall(text)
    long = [w for w in words if len(w) >= 4]
    return len(words) >= 4 and len(long) >= 3 and all(w[0].isupper() for w in long)


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
