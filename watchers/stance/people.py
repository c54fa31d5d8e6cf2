"""Whether an item names the people a claim names.

A model trained on headline/body pairs reads two texts about one ministry as one story:
it would confirm "Miao Wei is the minister" from an item about the ministry that never
names him. A person the claim names and the entity list does not track must be named
in the item, in any script ("Zheng Shanjie", 郑栅洁), before the model may corroborate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from watchers.facts.lexicon import EN_NAME, ROLE, ZH_NAME, is_person_name
from watchers.stance.findings import name_keys
from watchers.text import is_han

_EN = re.compile(EN_NAME)
_ZH = re.compile(ZH_NAME)
_LETTERS = re.compile(r"[^a-z]")


def claim_people(text: str, named: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """People's names written in English in a claim about an office ("X is minister of
    Y"), outside the ``named`` spans (the tracked entities), as written. Other claims
    keep no names: capitalised words in a headline are as often things as people.
    Chinese names are left out: any surname character and one or two more read as a
    name."""
    if not ROLE.search(text):
        return ()
    return tuple(
        m.group()
        for m in _EN.finditer(text)
        if is_person_name(m.group()) and not any(a < m.end() and m.start() < b for a, b in named)
    )


def named_in(name: str, text: str) -> bool:
    """Whether ``text`` names ``name``: the same letters in Latin script, or a Chinese
    name that reads the same."""
    keys = name_keys(name)
    squashed = _LETTERS.sub("", text.lower())
    if any(k and k in squashed for k in keys):
        return True
    if not any(is_han(ch) for ch in text):
        return False
    return any(name_keys(m.group()) & keys for m in _ZH.finditer(text))
