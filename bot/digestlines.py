"""Digest lines made fewer: one per story, one per routine series, then the route's policy.

Pure: lines and stored items in, lines out. :mod:`watchers.stories` decides what is one
story and what is a series; this module decides which line stands for them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from watchers.digestpolicy import MentionPolicy
from watchers.model import DigestLine, Item, Label
from watchers.stories import Story, group_series, group_stories


def merge_stories(lines: Sequence[DigestLine], items: Mapping[int, Item]) -> list[DigestLine]:
    """Copies of one story (across feeds, or edited) become one line saying where else it ran.

    Lines about claims, standing and edits are all kept (each says something of its
    own); mention lines of a story give way to them, or to the best mention line.
    """

    def story(line: DigestLine) -> Story:
        item = items.get(line.item_id) if line.item_id is not None else None
        return Story(line.title, item.text if item else "")

    with_item = [ln for ln in lines if ln.item_id is not None and ln.label is not Label.STANDING]
    out = [ln for ln in lines if ln.item_id is None or ln.label is Label.STANDING]
    for group in group_stories(with_item, story):
        labelled = [ln for ln in group if ln.label is not Label.MENTIONS]
        keep = labelled or [max(group, key=lambda ln: ln.relevance)]
        best = max(ln.relevance for ln in group)
        for line in keep:
            others = sorted({ln.source for ln in group if ln.source != line.source})
            names = tuple(dict.fromkeys(n for ln in [line, *group] for n in ln.entities))
            relevance = (
                max(line.relevance, best) if line.label is Label.MENTIONS else line.relevance
            )
            out.append(replace(line, also_in=tuple(others), entities=names, relevance=relevance))
    return out


def fold_series(lines: Sequence[DigestLine]) -> list[DigestLine]:
    """Routine mention lines of one source (a gazette issue, a weekly) become one line.

    The line shows the series' most relevant item and says how many it stands for.
    """
    mentions = [ln for ln in lines if ln.label is Label.MENTIONS and not ln.folded]
    out = [ln for ln in lines if not (ln.label is Label.MENTIONS and not ln.folded)]
    for group in group_series(mentions, lambda ln: ln.source, lambda ln: ln.title):
        if len(group) == 1:
            out.extend(group)
            continue
        best = max(group, key=lambda ln: ln.relevance)
        names = tuple(dict.fromkeys(n for ln in [best, *group] for n in ln.entities))
        out.append(replace(best, folded=len(group), entities=names))
    return out


def apply_policy(
    lines: Sequence[DigestLine], min_relevance: float, mentions: MentionPolicy
) -> tuple[list[DigestLine], list[DigestLine]]:
    """The lines shown and those left out, by the route's relevance floor and mentions limit.

    Standing changes and lines about claims are always shown. Edits and mentions below
    ``min_relevance`` are left out; so are mentions past the limit for the entity they
    are chiefly about (the first they name), the most relevant kept.
    """
    shown: list[DigestLine] = []
    more: list[DigestLine] = []
    per_entity: dict[str, int] = {}
    for line in sorted(lines, key=lambda ln: -ln.relevance):
        if line.label not in (Label.EDIT, Label.MENTIONS):
            shown.append(line)
        elif line.relevance < min_relevance:
            more.append(line)
        elif line.label is Label.EDIT:
            shown.append(line)
        else:
            entity = line.entities[0] if line.entities else ""
            count = per_entity.get(entity, 0)
            if mentions.limit is not None and count >= mentions.limit:
                more.append(line)
            else:
                per_entity[entity] = count + 1
                shown.append(line)
    return shown, more
