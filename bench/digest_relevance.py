"""How much of the default route's digest over the shared real feeds is worth reading.

Run as ``.venv/bin/python bench/digest_relevance.py``. Polls the 30 captured feeds in
../shared/datasets/real-feeds once with the bundled entities, claims and default route
(see ``realfeeds.py``), builds the route's digest, and prints:

- entries before (one line per alert, as digests were laid out by entity) and after;
- recall: the share of items the relevance sample (``relevance_sample.yaml``) marks
  relevant whose story is an entry of the digest (target at least 90 %);
- the share of entries that are not relevant (target at most 30 %): an entry counts as
  relevant when the item it shows is; a standing change when a shown label on its claim
  is;
- entries repeated across feeds (target 0): two entries telling one story;
- the first 40 lines of the digest as the console prints it.

Set ``POLICYWATCH_STANCE_MODEL=none`` to label with the rules alone. Touches no network.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realfeeds import ROOT, feed_files, run_round

from bot.render.text import render_text
from watchers.model import Digest, DigestLine, Label
from watchers.stories import Story, same_story

SAMPLE = ROOT / "bench" / "relevance_sample.yaml"


@dataclass(frozen=True)
class Figures:
    """What one round over the real feeds gave, judged against the sample."""

    before: int  # alerts: one digest line each, as digests were laid out by entity
    sections: int  # the entity sections they filled
    digest: Digest
    relevant: list[str]  # titles of the items the sample marks relevant
    missed: list[str]  # those whose story is no entry of the digest
    not_relevant: list[DigestLine]  # entries showing no relevant item
    repeats: int  # pairs of entries telling one story
    unjudged: int  # items with a mention that the sample does not judge

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / max(1, len(self.relevant))

    @property
    def noise(self) -> float:
        return len(self.not_relevant) / max(1, self.digest.line_count)


def load_sample() -> dict[tuple[str, str], bool]:
    rows = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))["items"]
    return {(row["feed"], row["link"]): bool(row["relevant"]) for row in rows}


def measure(workdir: Path, *, model: bool) -> Figures:
    """Run the default route over the real feeds in ``workdir`` and judge its digest."""
    sample = load_sample()
    r = run_round(workdir, model=model)
    try:
        items = r.store.items_by_id(a.alert.item_id for a in r.alerts if a.alert.item_id)
    finally:
        r.store.close()
    digest = r.digests[0]
    key = {i: (it.feed_id, it.link) for i, it in items.items()}
    shown = [ln for ln in digest.lines if ln.item_id is not None]

    def story(line: DigestLine) -> Story:
        item = items[line.item_id] if line.item_id is not None else None
        return Story(line.title, item.text if item else "")

    def kept(item_id: int) -> bool:
        it = items[item_id]
        return any(
            ln.item_id == item_id
            or (ln.also_in and same_story(story(ln), Story(it.title, it.text)))
            for ln in shown
        )

    def judged_relevant(line: DigestLine) -> bool:
        return sample.get(key.get(line.item_id or 0, ("", "")), False)

    relevant = [i for i, k in key.items() if sample.get(k)]
    good_claims = {ln.claim_id for ln in shown if ln.claim_id and judged_relevant(ln)}
    return Figures(
        before=len(r.alerts),
        sections=len({a.alert.entity_id for a in r.alerts}),
        digest=digest,
        relevant=[items[i].title for i in relevant],
        missed=[items[i].title for i in relevant if not kept(i)],
        not_relevant=[
            ln
            for ln in digest.lines
            if not judged_relevant(ln)
            and not (ln.label is Label.STANDING and ln.claim_id in good_claims)
        ],
        repeats=sum(
            1
            for i, a in enumerate(shown)
            for b in shown[:i]
            if a.item_id == b.item_id or same_story(story(a), story(b))
        ),
        unjudged=sum(1 for k in key.values() if k not in sample),
    )


def main() -> int:
    model = os.environ.get("POLICYWATCH_STANCE_MODEL", "").lower() != "none"
    with tempfile.TemporaryDirectory() as tmp:
        f = measure(Path(tmp), model=model)
    n = f.digest.line_count
    print(f"feeds: {len(feed_files())}")
    print(f"before: {f.before} entries (one per alert) in {f.sections} entity sections")
    print(f"after:  {n} entries, {len(f.digest.more)} left out (digest more)")
    kept = len(f.relevant) - len(f.missed)
    print(f"recall of relevant items: {kept}/{len(f.relevant)} = {f.recall:.0%} (target >= 90%)")
    print(f"entries not relevant: {len(f.not_relevant)}/{n} = {f.noise:.0%} (target <= 30%)")
    print(f"entries repeated across feeds: {f.repeats} (target 0)")
    for title in f.missed:
        print(f"  missed: {title}")
    for ln in f.not_relevant:
        print(f"  not relevant: {ln.label.value}: {ln.title}")
    if f.unjudged:
        print(f"items not in the sample: {f.unjudged}")
    print()
    print("\n".join(render_text(f.digest).splitlines()[:40]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
