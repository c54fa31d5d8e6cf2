from bot.render.text import render_text


def test_text_digest_shows_labels_evidence_and_claims(digest):
    out = render_text(digest)
    assert out.index("[CONTRADICTS] Title") < out.index("[CORROBORATES] Second")
    assert "== Data Security Law ==" in out
    assert "evidence: “The law took effect on June 1, 2021.”" in out
    assert "claim dsl_effective: “The Data Security Law took effect" in out
    assert "(source: 002_bada2d1eba9f2444.txt)" in out
    assert "matched “DSL”" in out and "decided by date-mismatch" in out
    assert "3 updates" in out
