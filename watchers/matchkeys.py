"""The keys of the matcher's automaton: every alias and context word, folded.

Aliases and context words that fold alike share one :class:`Key`, which says what it
stands for (the entities' aliases, a context word, or both) and whether it needs a
word boundary on either side.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from watchers.charclasses import SURROGATE, is_word_char
from watchers.errors import ConfigError
from watchers.folding import fold
from watchers.hanzi import taiwan_wording
from watchers.model import Alias, Entity


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One entity's claim on a key: the alias as configured and its context word ids."""

    entity_id: str
    alias: str
    context: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Key:
    """What a folded key in the automaton stands for.

    ``text`` is the folded key itself; ``left``/``right`` say whether the key needs a
    word boundary on that side; ``context_id`` is the key's id as a context word, or -1
    if it is none; ``anchors`` are the ids of the entities in ``aliases`` whose alias
    here has no context words.
    """

    text: str
    length: int
    left: bool
    right: bool
    aliases: tuple[AliasEntry, ...]
    context_id: int
    anchors: tuple[str, ...]


def collect_keys(entities: Iterable[Entity]) -> dict[str, Key]:
    """Fold every alias and context word into keys, merging those that fold alike.

    Raises :class:`ConfigError` for an alias or context word that folds to nothing
    and for an entity id given twice; the path names the entity and alias.
    """
    aliases: dict[str, dict[str, AliasEntry]] = {}
    words: dict[str, int] = {}
    seen: set[str] = set()
    for n, entity in enumerate(entities):
        if entity.id in seen:
            raise ConfigError("<entities>", f"entities[{n}].id", f"duplicate id {entity.id!r}")
        seen.add(entity.id)
        for alias, where in _alias_places(entity, f"entities[{n}]"):
            context = tuple(
                words.setdefault(_folded_key(w, f"{where}.context[{j}]"), len(words))
                for j, w in enumerate(alias.context)
            )
            entry = AliasEntry(entity.id, alias.text, context)
            # Taiwan's wording of a Chinese name is the same name (资料安全法, 数据安全法),
            # and so is the name joined by 与 where it is configured with 和.
            for written in _wordings(alias.text):
                by_entity = aliases.setdefault(_folded_key(written, where), {})
                by_entity[entity.id] = _merge(by_entity.get(entity.id), entry)
    return {
        k: _make_key(k, tuple(aliases.get(k, {}).values()), words.get(k, -1))
        for k in aliases.keys() | words.keys()
    }


def _wordings(name: str) -> tuple[str, ...]:
    """``name`` and the ways Chinese text writes it alike, each once; an English title
    of four words or more also with and without "the" after "of" or "for", and with its
    last word singular or plural ("Measures for the Security Assessment of Outbound Data
    Transfer" is the same title)."""
    taiwan = taiwan_wording(name)
    forms = [name, taiwan, name.replace("和", "与"), taiwan.replace("和", "与")]
    if len(_LATIN_WORD.findall(name)) >= 4:
        forms += _title_forms(name)
    return tuple(dict.fromkeys(forms))


_LATIN_WORD = re.compile(r"[A-Za-z]+")
_ARTICLE_SLOT = re.compile(r"\b(of|for) (?:the )?", re.IGNORECASE)


def _title_forms(name: str) -> list[str]:
    """Each choice of "the" or none after each "of"/"for" (three at most), each with
    its last word singular and plural."""
    parts = _ARTICLE_SLOT.split(name)  # text, "of", text, "for", text, …
    slots = (len(parts) - 1) // 2
    if slots > 3:
        return []
    forms = []
    for choice in itertools.product(("", "the "), repeat=slots):
        form = parts[0] + "".join(
            f"{parts[1 + 2 * i]} {article}{parts[2 + 2 * i]}" for i, article in enumerate(choice)
        )
        forms.append(form)
        if form.endswith("s") and not form.endswith("ss"):
            forms.append(form[:-1])
        elif form[-1:].isalpha():
            forms.append(f"{form}s")
    return forms


def _alias_places(entity: Entity, at: str) -> list[tuple[Alias, str]]:
    """Each of ``entity.all_aliases()`` with where it is written, for error messages."""
    every = entity.all_aliases()
    labels = [f"{at}.{key}" for key in ("name_en", "name_zh") if getattr(entity, key)]
    labels += [f"{at}.aliases[{i}]" for i in range(len(entity.aliases))]
    if len(labels) != len(every):  # names from somewhere this does not know of
        labels = [f"{at} alias {i}" for i in range(len(every))]
    return list(zip(every, labels, strict=True))


def _merge(old: AliasEntry | None, new: AliasEntry) -> AliasEntry:
    """One entity listing two aliases that fold alike: an unconditional one wins."""
    if old is None:
        return new
    if not old.context:
        return old
    if not new.context:
        return new
    return AliasEntry(old.entity_id, old.alias, tuple(dict.fromkeys(old.context + new.context)))


def _folded_key(text: str, where: str) -> str:
    key = fold(text).text.strip(" ")
    if not key:
        raise ConfigError("<entities>", where, f"{text!r} is empty once folded")
    if SURROGATE.search(key):
        raise ConfigError("<entities>", where, f"{text!r} holds a lone surrogate, not text")
    return key


def _make_key(folded: str, aliases: tuple[AliasEntry, ...], context_id: int) -> Key:
    anchors = tuple(entry.entity_id for entry in aliases if not entry.context)
    left, right = is_word_char(folded[0]), is_word_char(folded[-1])
    return Key(folded, len(folded), left, right, aliases, context_id, anchors)
