"""Stance labelling on the FNC-1 competition test set: baselines and policywatch's model.

    .venv/bin/python bench/stance_fnc1.py [--data ../shared/datasets/fnc-1]

Systems, scored on the 25,413 competition test pairs:

- all-unrelated: every pair labelled unrelated;
- tfidf-cosine: TF-IDF cosine of headline and body (term space fitted on the
  train split), related (labelled discuss, the commonest related class) at or
  above a threshold chosen on the train split;
- policywatch: what ``policywatch stance --pairs`` does (``bot.stancecli.label_texts``):
  the structured rules first, then the shipped model, with the bundled entity list;
- model alone: the shipped model through ``label_pairs``, without the rules, to show
  what the rules add or cost on this data.

For each: the FNC-1 relative score, macro-F1, per-class F1, the confusion
matrix and pairs per second; then the process's peak RSS. The model runs
first, so the peak RSS read right after it is the model's own.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from bot.stancecli import label_texts  # noqa: E402
from watchers.config.file import bundled_config_dir, load_config  # noqa: E402
from watchers.model import Item  # noqa: E402
from watchers.stance.features_space import TermSpace, terms  # noqa: E402
from watchers.stance.model import label_pairs, load_default_model  # noqa: E402
from watchers.stance.model_fnc import FROM_STANCE, FncSplit, load_split  # noqa: E402
from watchers.stance.model_score import LABELS, Report, score  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
Labeller = Callable[[FncSplit], list[str]]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def all_unrelated(split: FncSplit) -> list[str]:
    return ["unrelated"] * len(split.rows)


def cosines(space: TermSpace, split: FncSplit) -> np.ndarray:
    """TF-IDF cosine of each row's headline and body."""
    heads = space.transform([terms(h) for h, _, _ in split.rows])
    body_ids = sorted(split.bodies)
    at = {b: i for i, b in enumerate(body_ids)}
    bodies = space.transform([terms(split.bodies[b]) for b in body_ids])
    picked = bodies[[at[b] for _, b, _ in split.rows]]
    return np.asarray(heads.multiply(picked).sum(axis=1)).ravel()


def tfidf_baseline(train: FncSplit) -> tuple[Labeller, float]:
    """The cosine labeller, its space and threshold fitted on ``train`` only."""
    texts = sorted({h for h, _, _ in train.rows}) + sorted(train.bodies.values())
    space = TermSpace.fit([terms(t) for t in texts])
    train_cos = cosines(space, train)
    gold = [label for _, _, label in train.rows]

    def at(threshold: float, cos: np.ndarray) -> list[str]:
        return ["discuss" if c >= threshold else "unrelated" for c in cos]

    grid = np.round(np.arange(0.01, 0.6, 0.01), 2)
    best = max(grid, key=lambda t: (score(gold, at(float(t), train_cos)).fnc, -t))
    return (lambda split: at(float(best), cosines(space, split))), float(best)


def policywatch(split: FncSplit) -> list[str]:
    """The ``policywatch stance --pairs`` path: headlines as claims, bodies as items."""
    headline_ids = {h: f"h{i}" for i, h in enumerate(sorted({h for h, _, _ in split.rows}))}
    claims = {cid: h for h, cid in headline_ids.items()}
    items = {str(b): Item("fnc", "", text, guid=str(b)) for b, text in split.bodies.items()}
    pairs = [(str(b), headline_ids[h]) for h, b, _ in split.rows]
    entities = load_config(bundled_config_dir()).entities
    verdicts = label_texts(claims, items, pairs, entities, load_default_model())
    return [FROM_STANCE[v.stance] for _, v in verdicts]


def model_alone(split: FncSplit) -> list[str]:
    """The shipped model through ``label_pairs``, headlines as claims, bodies as items."""
    claims = {h: h for h, _, _ in split.rows}
    items = {b: ("", text) for b, text in split.bodies.items()}
    pairs = [(h, b) for h, b, _ in split.rows]
    labels = label_pairs(claims, items, pairs, load_default_model())
    return [FROM_STANCE[stance] for stance, _, _ in labels]


def show(name: str, report: Report, seconds: float, pairs: int) -> None:
    f1 = "  ".join(f"{k} {v:.3f}" for k, v in report.f1.items())
    print(f"\n== {name}")
    print(
        f"FNC-1 relative score {100 * report.relative:.2f} %"
        f"  ({report.fnc:.2f} / {report.fnc_max:.2f})"
    )
    print(f"macro-F1 {report.macro_f1:.4f}   per-class F1: {f1}")
    print(f"{pairs} pairs in {seconds:.1f} s = {pairs / max(seconds, 1e-9):.0f} pairs/s")
    print("confusion (rows gold, columns predicted):")
    print(f"{'':>10}" + "".join(f"{c:>10}" for c in LABELS))
    for label, row in zip(LABELS, report.confusion, strict=True):
        print(f"{label:>10}" + "".join(f"{n:>10}" for n in row))


def run(name: str, labeller: Labeller, split: FncSplit) -> Report:
    start = time.perf_counter()
    predicted = labeller(split)
    seconds = time.perf_counter() - start
    report = score([label for _, _, label in split.rows], predicted)
    show(name, report, seconds, len(split.rows))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared/datasets/fnc-1")
    args = parser.parse_args(argv)
    test = load_split(args.data, "competition_test")
    print(f"competition test: {len(test.rows)} pairs, {len(test.bodies)} bodies")
    start = time.perf_counter()
    load_default_model()
    print(f"model loaded in {time.perf_counter() - start:.2f} s")
    results = {
        "policywatch": run("policywatch (stance --pairs: rules, then model)", policywatch, test)
    }
    print(f"peak RSS after policywatch: {peak_rss_mb():.0f} MB")
    results["model alone"] = run("model alone (label_pairs)", model_alone, test)
    results["all-unrelated"] = run("all-unrelated", all_unrelated, test)
    labeller, threshold = tfidf_baseline(load_split(args.data, "train"))
    results["tfidf-cosine"] = run(f"tfidf-cosine (threshold {threshold:.2f})", labeller, test)
    print(f"\npeak RSS overall: {peak_rss_mb():.0f} MB\n")
    print("| system | FNC-1 % | macro-F1 | F1 agree | F1 disagree | F1 discuss | F1 unrelated |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        f1 = " | ".join(f"{r.f1[k]:.3f}" for k in LABELS)
        print(f"| {name} | {100 * r.relative:.2f} | {r.macro_f1:.3f} | {f1} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
