from bot.render.text import render_text


def test_text_digest_shows_labels_evidence_and_claims(digest):
    out = render_text(digest)
    assert out.index("[CONTRADICTS] Title") < out.index("[CORROBORATES] Second")
    assert out.index("== Contradictions ==") < out.index("== Corroborations ==")
    assert "evidence: “The law took effect on June 1, 2021.”" in out
    assert "claim dsl_effective: “The Data Security Law took effect" in out
    assert "(source: 002_bada2d1eba9f2444.txt)" in out
    assert "matched “DSL”" in out and "decided by date-mismatch" in out
    assert "1 contradiction · 1 corroboration · 1 mention" in out.splitlines()[0]
    assert "  • Third — Demo wire <https://news.example/a>" in out
