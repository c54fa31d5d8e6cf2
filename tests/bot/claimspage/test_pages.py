"""The claims page over HTTP on 127.0.0.1: status codes, content types, filters, escaping,
and who may read it. The browser's view is in test_browser.py."""

from __future__ import annotations

from datetime import UTC, datetime
from ipaddress import ip_network

import httpx
import pytest

from bot.claimspage.pages import allowed
from watchers.model import Stance
from watchers.storage.adminlog import add_feedback

HTML = "text/html; charset=utf-8"


def claim_ids(page: str) -> list[str]:
    return [part.split('"', 1)[0] for part in page.split('data-claim="')[1:]]


def test_the_page_is_off_by_default(serve):
    served = serve("")
    for path in ("/claims", "/claims/dsl_effective", "/claims/page.css"):
        answer = httpx.get(served.base_url + path)
        assert answer.status_code == 404, path
        assert answer.text.startswith("not found: try /healthz")
    assert httpx.get(served.base_url + "/healthz").status_code == 200


def test_every_claim_with_its_source_standing_and_evidence(serve):
    served = serve()
    answer = httpx.get(served.base_url + "/claims")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == HTML
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    page = answer.text
    assert claim_ids(page) == ["dsl_effective", "cac_established"]
    assert "The Data Security Law took effect on June 1, 2021, the CAC said." in page
    assert "date-mismatch: claim 2021-09-01, item 2021-06-01" in page
    assert "structured check" in page and "contested" in page
    assert '<a href="https://example.org/cac-2011" rel="noopener noreferrer">' in page
    assert "<q>The office was set up in May 2011.</q>" in page
    assert '<a href="claims/dsl_effective">dsl_effective</a>' in page


def test_filters_by_entity_and_label(serve):
    served = serve()
    get = lambda query: httpx.get(f"{served.base_url}/claims?{query}")  # noqa: E731
    assert claim_ids(get("entity=cac").text) == ["cac_established"]
    assert claim_ids(get("entity=data_security_law").text) == ["dsl_effective"]
    corroborated = get("label=corroborates").text
    assert claim_ids(corroborated) == ["dsl_effective"]
    assert 'class="row-contradicts"' not in corroborated
    assert corroborated.count('<tr class="row-corroborates"') == 2
    both = get("entity=cac&label=contradicts").text
    assert claim_ids(both) == ["cac_established"]
    assert both.count("<tr class=") == 1 and "established in 2014" in both
    assert claim_ids(get("entity=cac&label=corroborates").text) == []
    assert claim_ids(get("entity=&label=").text) == ["dsl_effective", "cac_established"]
    for query, message in (("entity=nobody", "no entity"), ("label=maybe", "no label")):
        answer = get(query)
        assert answer.status_code == 400 and answer.headers["content-type"] == HTML
        assert message in answer.text


def test_a_claim_page_has_its_chart_and_all_its_evidence(serve):
    served = serve()
    (against,) = [
        r for r in served.harness.store.evidence_on(["dsl_effective"], [Stance.CONTRADICTS])
    ]
    add_feedback(
        served.harness.store,
        datetime(2026, 11, 23, tzinfo=UTC),
        "slack:U0EDITOR01",
        against.item_id,
        claim_id="dsl_effective",
        given_label="contradicts",
        correct_label="mentions",
        action="relabel",
    )
    answer = httpx.get(served.base_url + "/claims/dsl_effective")
    assert answer.status_code == 200 and answer.headers["content-type"] == HTML
    page = answer.text
    assert page.count("<polyline") == 2  # corroborations and contradictions over time
    # From the first item's date to when the undated one was labelled (the test's clock).
    assert "dsl_effective, 2022-06-01 to 2026-11-22</title>" in page
    assert page.count("<tr class=") == 3
    assert "slack:U0EDITOR01 says mentions" in page
    only = httpx.get(served.base_url + "/claims/dsl_effective?label=contradicts").text
    assert only.count("<tr class=") == 1 and only.count("<polyline") == 2


def test_feed_text_is_escaped_and_script_links_are_dropped(serve):
    served = serve()
    for path in ("/claims", "/claims/dsl_effective"):
        page = httpx.get(served.base_url + path).text
        assert "<script>window" not in page and "<img" not in page and "<script>alert" not in page
        assert "javascript:" not in page
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=&#34;window.__pwned=3;alert(document.domain)&#34;&gt;" in page


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/claims/no_such_claim", 404),
        ("/claims/dsl_effective/more", 404),
        ("/claims/", 308),
        ("/claims/page.js", 200),
        ("/claims/page.css", 200),
    ],
)
def test_other_paths(serve, path, status):
    served = serve()
    answer = httpx.get(served.base_url + path)
    assert answer.status_code == status
    if path == "/claims/no_such_claim":
        assert answer.headers["content-type"] == HTML and "no claim" in answer.text
    if status == 308:
        assert answer.headers["location"] == "../claims"
    if path.endswith(".js"):
        assert answer.headers["content-type"].startswith("text/javascript")


def test_only_loopback_and_allowed_networks_may_read_it():
    assert allowed("127.0.0.1", ()) and allowed("::1", ()) and allowed("::ffff:127.0.0.1", ())
    assert not allowed("10.20.1.5", ()) and not allowed("192.0.2.7", ())
    networks = (ip_network("10.20.0.0/16"),)
    assert allowed("10.20.1.5", networks) and not allowed("10.21.1.5", networks)
    assert not allowed("not an address", networks)
