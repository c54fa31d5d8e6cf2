"""OFFICE_HOLDER facts told by a verb rather than a title: "Zheng Shanjie heads the
NDRC", "the commission has been headed by …", "has led the Party in Xinjiang since
2019"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from watchers.facts.holders import PLACE_WORDS, holder, person
from watchers.facts.lexicon import ENDED
from watchers.facts.skeleton import Skeleton, entity
from watchers.model import Fact, FactKind

# An office told by a verb: "Zheng Shanjie heads the NDRC", "Xi chairs the commission".
_VERB_OFFICE = re.compile(
    rf"{holder('h')},?\s+(?:who\s+)?(?:(?P<now>heads|leads|helms|chairs|runs)"
    rf"|(?P<then>headed|helmed|chaired))\s+(?:the\s+|China's\s+)?{entity('p')}",
)
# Leading a place's Party committee is its party secretary's office, however the verb
# goes: "has led the Party in Xinjiang since 2019", "took the helm of Xinjiang's Party
# committee", "was moved from Guangdong to head the Communist Party in Xinjiang".
_PARTY_WORDS = r"(?:(?:\ue000(?P<c>\d+)\ue001|(?i:(?:communist\s+|ruling\s+)?party))"
_PARTY_WORDS += r"(?i:\s+(?:committee|organi[sz]ation|apparatus|leadership))?)"
_LED_PARTY = re.compile(
    rf"{holder('h')},?\s+(?:who\s+)?(?i:(?P<now>heads|leads|helms|runs|has\s+(?:led|headed"
    r"|helmed|run)|(?:is|has\s+been)\s+at\s+the\s+helm\s+of|t(?:ook|akes)\s+(?:the\s+)?helm"
    r"\s+of|t(?:ook|akes)\s+charge\s+of|(?:(?:was|has\s+been|is|will\s+be)\s+)?(?:transferred"
    r"|moved|sent|appointed|named|picked|tapped|promoted)(?:\s+from\s+[^,.;]{1,60}?)?\s+to\s+"
    r"(?:head|lead|helm|run)|(?:will|to)\s+(?:head|lead|helm|run))"
    r"|(?P<then>headed|led|helmed|ran|was\s+at\s+the\s+helm\s+of))\s+"
    rf"(?:(?:the\s+)?{_PARTY_WORDS}\s+(?i:in|of|for)\s+(?:the\s+)?{PLACE_WORDS}?{entity('p')}"
    rf"|{entity('q')}(?:'s)?\s+{_PARTY_WORDS.replace('?P<c>', '?P<d>')})",
)
_PARTY_NAME = re.compile(r"party|党", re.IGNORECASE)


# The same, in the passive: "Since 2023 the commission has been headed by Zheng Shanjie".
_HEADED_BY = re.compile(
    rf"{entity('p')}\s+(?:(?P<now>is|has\s+been)|(?P<then>was|had\s+been))\s+"
    rf"(?:headed|led|chaired|run|helmed)\s+by\s+{holder('h')}",
)


def verb_offices(sk: Skeleton) -> Iterator[Fact]:
    for m in _HEADED_BY.finditer(sk.text):
        holder = person(sk, m, "h")
        if holder:
            place = sk.entities[int(m["p"])]
            yield Fact(FactKind.OFFICE_HOLDER, holder, "director", place, "" if m["now"] else ENDED)
    for m in _VERB_OFFICE.finditer(sk.text):
        holder = person(sk, m, "h")
        verb = (m["now"] or m["then"]).lower()
        role = "chair" if verb.startswith("chair") else "director"
        if holder:
            place = sk.entities[int(m["p"])]
            yield Fact(FactKind.OFFICE_HOLDER, holder, role, place, "" if m["now"] else ENDED)
    for m in _LED_PARTY.finditer(sk.text):
        holder = person(sk, m, "h")
        party = m["c"] or m["d"]
        if holder and (party is None or _PARTY_NAME.search(sk.names[int(party)])):
            place = sk.entities[int(m["p"] or m["q"])]
            unit = "" if m["now"] else ENDED
            yield Fact(FactKind.OFFICE_HOLDER, holder, "party_secretary", place, unit)
