"""Reading the ops endpoint in tests: /metrics parsed with the Prometheus client's own parser."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(base_url: str) -> Samples:
    """Every sample of ``base_url``/metrics, keyed by (name, labels)."""
    answer = httpx.get(f"{base_url}/metrics", timeout=10)
    answer.raise_for_status()
    return parse(answer.text)


def parse(exposition: str) -> Samples:
    """Every sample of a text exposition, keyed by (name, labels)."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(exposition)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value; 0 when it was never counted."""
    return samples.get((name, frozenset(labels.items())), 0.0)
