"""The claims page in a real headless Chromium, served by a running `policywatch run` on
127.0.0.1 whose store holds the feed's labelled items: it loads, its filters work with
and without scripts, a hostile item's markup stays text, and nothing is fetched from
elsewhere. Screenshots are saved under tests/artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from support.browser import chromium, loopback_context
from support.running import policywatch_run, wait_for

from .conftest import ENABLED, FEED, HOSTILE_SENTENCE, HOSTILE_TITLE, claims_config

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def site(feed_server, tmp_path) -> Iterator[str]:
    """The base URL of a running service's ops endpoint, once the feed is labelled."""
    config = claims_config(tmp_path / "config", feed_server.serve("/wire.xml", FEED), ENABLED)
    with policywatch_run(config, tmp_path) as run:
        page = f"{run.base_url}/claims"
        wait_for(lambda: "marks its first year" in httpx.get(page).text, "the labelled items")
        yield run.base_url
        assert run.stop() == 0, run.stderr


def shown_claims(page: Any) -> list[str]:
    return [
        str(c)
        for c in page.locator("article.claim").evaluate_all("cs => cs.map(c => c.dataset.claim)")
    ]


def labels_shown(page: Any) -> set[str]:
    return set(page.locator("table.evidence span.label").all_inner_texts())


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_the_page_loads_and_filters_by_entity_and_label(browser, site):
    context, refused = loopback_context(browser)
    page = context.new_page()
    answer = page.goto(f"{site}/claims")
    assert answer is not None and answer.status == 200
    assert page.title() == "Claims · policywatch"
    assert shown_claims(page) == ["dsl_effective", "cac_established"]
    assert page.locator("article.claim").first.locator(".standing").inner_text() == "contested"
    assert (
        "The office was set up in May 2011." in page.locator("#claim-cac_established").inner_text()
    )
    screenshot(page, "claims-list.png")

    # Choosing a filter submits it (the page's script); the query says what is shown.
    with page.expect_navigation():
        page.select_option("select[name=entity]", "cac")
    assert page.url.endswith("/claims?entity=cac&label=")
    assert shown_claims(page) == ["cac_established"]
    assert labels_shown(page) == {"contradicts", "mentions"}
    with page.expect_navigation():
        page.select_option("select[name=label]", "contradicts")
    assert page.url.endswith("/claims?entity=cac&label=contradicts")
    assert labels_shown(page) == {"contradicts"}
    assert "established in 2014" in page.locator("table.evidence").inner_text()

    page.goto(f"{site}/claims?label=corroborates")
    assert shown_claims(page) == ["dsl_effective"]
    assert labels_shown(page) == {"corroborates"}
    assert refused == []
    context.close()


def test_filters_work_without_javascript(browser, site):
    context, refused = loopback_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/claims")
    page.select_option("select[name=entity]", "data_security_law")
    page.select_option("select[name=label]", "contradicts")
    assert page.url.endswith("/claims")  # nothing happens until the form is sent
    with page.expect_navigation():
        page.click("form.filters button")
    assert page.url.endswith("/claims?entity=data_security_law&label=contradicts")
    assert shown_claims(page) == ["dsl_effective"]
    assert labels_shown(page) == {"contradicts"}
    assert refused == []
    context.close()


def test_hostile_markup_stays_text_and_nothing_runs(browser, site):
    context, refused = loopback_context(browser)
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in ("/claims", "/claims/dsl_effective"):
        page.goto(f"{site}{path}")
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        # The markup is there, as text a reader can see.
        row = page.locator("tr", has_text="window.__pwned=1")
        assert row.count() == 1
        assert HOSTILE_TITLE in row.locator("td.item").inner_text()
        assert HOSTILE_SENTENCE in row.locator("td.sentence").inner_text()
        # No element came of it: no image, no script in the body, no script link.
        assert page.locator("main img, main script, main [onerror]").count() == 0
        assert page.locator('a[href^="javascript:"]').count() == 0
        assert row.locator("td.item a").count() == 0  # its link was not a web address
    assert page.locator("figure.chart svg polyline").count() == 2
    screenshot(page, "claim-dsl_effective.png")
    assert dialogs == [] and errors == []
    assert refused == []
    context.close()
