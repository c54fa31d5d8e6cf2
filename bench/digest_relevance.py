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
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from realfeeds import ROOT, feed_files, run_round

from bot.render.text import render_text
from watchers.model import DigestLine, Label
from watchers.stories import Story, same_story

SAMPLE = ROOT / "bench" / "relevance_sample.yaml"


def main() -> int:
    sample = {
        (row["feed"], row["link"]): bool(row["relevant"])
        for row in yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))["items"]
    }
    model = os.environ.get("POLICYWATCH_STANCE_MODEL", "").lower() != "none"
    with tempfile.TemporaryDirectory() as tmp:
        r = run_round(Path(tmp), model=model)
        items = r.store.items_by_id(a.alert.item_id for a in r.alerts if a.alert.item_id)
        digest = r.digests[0]
        before = len(r.alerts)
        sections = len({a.alert.entity_id for a in r.alerts})
        key = {i: (it.feed_id, it.link) for i, it in items.items()}
        shown = [ln for ln in digest.lines if ln.item_id is not None]
        unjudged = sorted({key[i] for i in key if key[i] not in sample})

        def story(line: DigestLine) -> Story:
            item = items[line.item_id] if line.item_id is not None else None
            return Story(line.title, item.text if item else "")

        def kept(item_id: int) -> bool:
            it = items[item_id]
            for ln in shown:
                if ln.item_id == item_id:
                    return True
                if ln.also_in and same_story(story(ln), Story(it.title, it.text)):
                    return True
            return False

        relevant = [i for i, k in key.items() if sample.get(k)]
        recalled = [i for i in relevant if kept(i)]
        good_claims = {
            ln.claim_id for ln in shown if ln.claim_id and sample.get(key[ln.item_id or 0], False)
        }
        bad = [
            ln
            for ln in digest.lines
            if not (
                sample.get(key.get(ln.item_id or 0, ("", "")), False)
                or (ln.label is Label.STANDING and ln.claim_id in good_claims)
            )
        ]
        repeats = sum(
            1
            for i, a in enumerate(shown)
            for b in shown[:i]
            if a.item_id == b.item_id or same_story(story(a), story(b))
        )
        n = digest.line_count
        print(f"feeds: {len(feed_files())}")
        print(f"before: {before} entries (one per alert) in {sections} entity sections")
        print(f"after:  {n} entries, {len(digest.more)} left out (digest more)")
        print(
            f"recall of relevant items: {len(recalled)}/{len(relevant)}"
            f" = {len(recalled) / max(1, len(relevant)):.0%} (target >= 90%)"
        )
        print(f"entries not relevant: {len(bad)}/{n} = {len(bad) / max(1, n):.0%} (target <= 30%)")
        print(f"entries repeated across feeds: {repeats} (target 0)")
        missed = [items[i].title for i in relevant if i not in recalled]
        for title in missed:
            print(f"  missed: {title}")
        for ln in bad:
            print(f"  not relevant: {ln.label.value}: {ln.title}")
        if unjudged:
            print(f"items not in the sample: {len(unjudged)}")
        print()
        print("\n".join(render_text(digest).splitlines()[:40]))
        r.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
