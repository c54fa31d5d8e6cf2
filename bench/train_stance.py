"""Train the stance model on the FNC-1 train split and write it to the package.

    .venv/bin/python bench/train_stance.py [--data ../shared/datasets/fnc-1]
                                           [--out watchers/stance/data]

Reads only ``train_bodies.csv`` and ``train_stances.csv``; the competition test
files are never opened. Deterministic: the same data gives the same model.
"""

from __future__ import annotations

import os

# Two threads at most for BLAS and OpenMP, set before numpy and LightGBM load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from watchers.stance import model_store  # noqa: E402
from watchers.stance.model import DATA_DIR  # noqa: E402
from watchers.stance.model_fnc import load_split  # noqa: E402
from watchers.stance.model_train import train  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / ".." / "shared/datasets/fnc-1")
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    start = time.perf_counter()

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - start:6.1f}s] {message}", flush=True)

    split = load_split(args.data, "train")
    log(f"train split: {len(split.rows)} pairs, {len(split.bodies)} bodies")
    artefacts = train(split, log)
    model_store.save(args.out, artefacts)
    for f in sorted(args.out.iterdir()):
        log(f"wrote {f} ({f.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
