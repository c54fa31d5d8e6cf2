"""The default route's digest over the shared real feeds meets its relevance targets.

The feeds live outside the repository (../shared/datasets/real-feeds) and are read as
local files; the test is skipped where they are absent. bench/digest_relevance.py prints
the same figures with the digest itself.
"""

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
FEEDS = BENCH.parent / ".." / "shared" / "datasets" / "real-feeds"

pytestmark = pytest.mark.skipif(not FEEDS.is_dir(), reason="the shared real feeds are absent")


def test_default_digest_keeps_the_relevant_and_little_else(tmp_path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    bench = importlib.import_module("digest_relevance")
    figures = bench.measure(tmp_path, model=True)
    assert figures.unjudged == 0, "items with mentions that the sample does not judge"
    assert figures.before >= 80 and figures.digest.line_count <= 20
    assert figures.recall >= 0.9, figures.missed
    assert figures.noise <= 0.3, [ln.title for ln in figures.not_relevant]
    assert figures.repeats == 0
