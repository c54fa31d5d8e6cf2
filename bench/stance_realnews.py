"""Stance labels on real news: ``policywatch stance --pairs`` scored on a labelled set.

    .venv/bin/python bench/stance_realnews.py [--data ../shared/datasets/real-news-dev]
        [--confidence high,medium] [--errors]

The set holds real excerpts, the claims they were labelled against, every item x claim
pair and the gold labels (a pair with no gold line is unrelated). This runs exactly
what ``policywatch stance --claims --items --pairs`` runs, then prints per-class
precision, recall and F1, the confusion matrix, the same per language (en, zh-Hans,
zh-Hant) and the **false corroborations**: corroborates given to a pair whose gold
label is not corroborates, on a claim the set describes as wrong or stale. That is the
worst error the product can make, so it is counted on its own.

Pairs whose gold confidence is not in ``--confidence`` are left out of the scores
(low-confidence labels are ambiguous by the labellers' own account). ``--errors``
lists every disagreement with its evidence and reason. Exits 0 without scoring when
the set is absent.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.stancecli import run_stance
from watchers.config.file import bundled_config_dir

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "datasets" / "real-news-dev"
LABELS = ("corroborates", "contradicts", "mentions", "unrelated")
SIDES = ("corroborates", "contradicts")
# Claims the development set's README describes as wrong, stale or unsupported: a
# corroboration of one of these that the gold does not share is a false corroboration.
# A set may list its own in ``wrong_claims.json`` beside ``claims.jsonl``.
DEV_WRONG = ("C1", "C4", "C7", "C8", "C9", "C10", "C13")


@dataclass(frozen=True)
class Pair:
    item_id: str
    claim_id: str
    gold: str
    confidence: str
    language: str


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def script_of(texts: Iterable[str]) -> str:
    """zh-Hant when converting to simplified script changes the text, else zh-Hans."""
    from watchers.hanzi import to_simplified

    joined = "".join(texts)
    return "zh-Hant" if to_simplified(joined) != joined else "zh-Hans"


def gold_pairs(data: Path) -> list[Pair]:
    gold = {(g["item_id"], g["claim_id"]): g for g in load_jsonl(data / "gold.jsonl")}
    items = {i["id"]: i for i in load_jsonl(data / "items.jsonl")}
    sources = {s["item_id"]: s for s in load_jsonl(data / "sources.jsonl")}
    out = []
    for p in load_jsonl(data / "pairs.jsonl"):
        key = (p["item_id"], p["claim_id"])
        g = gold.get(key, {"stance": "unrelated", "confidence": "high"})
        language = sources.get(p["item_id"], {}).get("language", "en")
        if language == "zh":
            item = items[p["item_id"]]
            language = script_of((item.get("title") or "", item.get("text") or ""))
        out.append(Pair(key[0], key[1], g["stance"], g["confidence"], language))
    return out


def predict(data: Path) -> tuple[dict[tuple[str, str], dict[str, Any]], float]:
    out = io.StringIO()
    start = time.perf_counter()
    run_stance(
        claims=data / "claims.jsonl",
        items=data / "items.jsonl",
        pairs=data / "pairs.jsonl",
        config=bundled_config_dir(),
        use_model=True,
        out=out,
    )
    seconds = time.perf_counter() - start
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    return {(r["item_id"], r["claim_id"]): r for r in records}, seconds


def report(title: str, gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    confusion = Counter(zip(gold, predicted, strict=True))
    print(f"\n== {title}: {len(gold)} pairs")
    print(f"{'':>14}{'precision':>10}{'recall':>8}{'F1':>7}{'gold':>6}")
    f1s = {}
    for label in LABELS:
        tp = confusion[label, label]
        said = sum(n for (_, p), n in confusion.items() if p == label)
        real = sum(n for (g, _), n in confusion.items() if g == label)
        precision = tp / said if said else 0.0
        recall = tp / real if real else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        f1s[label] = f1
        print(f"{label:>14}{precision:>10.2f}{recall:>8.2f}{f1:>7.2f}{real:>6}")
    print("confusion (rows gold, columns predicted):")
    print(f"{'':>14}" + "".join(f"{c[:7]:>9}" for c in LABELS))
    for g in LABELS:
        print(f"{g:>14}" + "".join(f"{confusion[g, p]:>9}" for p in LABELS))
    return f1s


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT)
    parser.add_argument("--confidence", default="high,medium")
    parser.add_argument("--errors", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if not (args.data / "pairs.jsonl").is_file():
        print(f"no labelled set at {args.data}: nothing scored")
        return 0
    wrong_file = args.data / "wrong_claims.json"
    wrong = set(json.loads(wrong_file.read_text()) if wrong_file.is_file() else DEV_WRONG)
    kept = set(args.confidence.split(","))
    pairs = [p for p in gold_pairs(args.data) if p.confidence in kept]
    predicted, seconds = predict(args.data)
    said = [predicted[p.item_id, p.claim_id]["stance"] for p in pairs]
    print(
        f"{args.data.name}: {len(predicted)} pairs labelled in {seconds:.1f} s; scored: "
        f"{len(pairs)} (confidence {args.confidence})"
    )
    overall = report("all", [p.gold for p in pairs], said)
    languages = sorted({p.language for p in pairs})
    for language in [*languages, "zh"] if "zh-Hans" in languages else languages:
        chosen = [i for i, p in enumerate(pairs) if p.language.startswith(language)]
        report(language, [pairs[i].gold for i in chosen], [said[i] for i in chosen])
    false_c = [
        p
        for p, s in zip(pairs, said, strict=True)
        if s == "corroborates" and p.gold != "corroborates" and p.claim_id in wrong
    ]
    print(f"\nfalse corroborations (claims {', '.join(sorted(wrong))}): {len(false_c)}")
    for p in false_c:
        r = predicted[p.item_id, p.claim_id]
        print(f"  {p.item_id} {p.claim_id} gold {p.gold}: {r['reason']} | {r['evidence'][:120]}")
    print("\n| set | F1 corroborates | F1 contradicts | false corroborations |")
    print("|---|---:|---:|---:|")
    print(
        f"| all | {overall['corroborates']:.2f} | {overall['contradicts']:.2f} | {len(false_c)} |"
    )
    if args.errors:
        print("\ndisagreements:")
        for p, s in zip(pairs, said, strict=True):
            if s != p.gold:
                r = predicted[p.item_id, p.claim_id]
                print(
                    f"  {p.item_id} {p.claim_id} gold {p.gold} said {s}: {r['reason']}"
                    f" | {r['evidence'][:140]}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
