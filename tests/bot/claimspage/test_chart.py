"""The evidence chart's geometry and the page's wording of labels and links (pure)."""

from datetime import UTC, datetime, timedelta

from bot.claimspage.chart import BOTTOM, LEFT, RIGHT, TOP, evidence_chart
from bot.claimspage.views import decided_by, web_link
from watchers.model import Stance

DAY = datetime(2026, 3, 1, tzinfo=UTC)
C, X, M = Stance.CORROBORATES, Stance.CONTRADICTS, Stance.MENTIONS


def test_no_evidence_no_chart():
    assert evidence_chart([]) is None


def test_running_counts_rise_as_steps_across_the_time_span():
    events = [(DAY, C), (DAY + timedelta(days=10), X), (DAY + timedelta(days=5), C)]
    chart = evidence_chart(events)
    assert chart is not None
    assert (chart.start, chart.end, chart.top_count) == ("2026-03-01", "2026-03-11", 2)
    corroborations, contradictions = chart.series
    assert (corroborations.stance, corroborations.total) == (C, 2)
    middle = LEFT + (RIGHT - LEFT) / 2
    half = BOTTOM - (BOTTOM - TOP) / 2
    assert corroborations.dots == ((LEFT, half), (middle, TOP))
    assert corroborations.points == (
        f"{LEFT}.0,{BOTTOM}.0 {LEFT}.0,{BOTTOM}.0 {LEFT}.0,{half} "
        f"{middle},{half} {middle},{TOP}.0 {RIGHT}.0,{TOP}.0"
    )
    assert contradictions.dots == ((RIGHT, half),)  # one of two at the top count


def test_one_day_of_evidence_sits_in_the_middle():
    chart = evidence_chart([(DAY, M)])
    assert chart is not None
    (mentions,) = chart.series
    assert mentions.dots == ((LEFT + (RIGHT - LEFT) / 2, TOP),)
    assert chart.start == chart.end == "2026-03-01"


def test_what_decided_a_label():
    assert decided_by("model:fnc1-lgbm 0.81") == "stance model"
    assert decided_by("mentions: cac; overlap 0.40") == "shared entity (no check fired)"
    assert decided_by("denial-cue: denied") == "cue word"
    assert decided_by("date-mismatch: claim 2021-09-01, item 2021-06-01") == "structured check"
    assert decided_by("denied (denied): date-match: took_effect 2021-09-01") == "structured check"


def test_only_web_addresses_become_links():
    assert web_link(" https://news.example/a1 ") == "https://news.example/a1"
    assert web_link("http://news.example/a1") == "http://news.example/a1"
    for link in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "/a1", "https:"):
        assert web_link(link) == "", link
