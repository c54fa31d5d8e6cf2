"""The shipped stance model, its batch entry point, and the FNC-1 scorer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from watchers.model import Stance
from watchers.stance import model_store
from watchers.stance.features_space import pairwise_dot
from watchers.stance.features_text import sentences, stem, words
from watchers.stance.model import DATA_DIR, label_pairs, load_default_model
from watchers.stance.model_score import score

CLAIM = "Apple will open a new research centre in Shanghai."
CONFIRMING = (
    "Apple will open a new research centre in Shanghai, the company confirmed on Tuesday. "
    "Apple said the Shanghai research centre will employ 500 engineers and open next year. "
    "Officials in Shanghai welcomed the announcement of the Apple centre."
)
DEBUNKING = (
    "Reports that Apple will open a new research centre in Shanghai are false, the company "
    "said on Tuesday. An Apple spokesperson denied the story, calling it a hoax. There is no "
    "evidence that Apple plans any research centre in Shanghai, and the rumour has been debunked."
)
FOOTBALL = (
    "The national football team won 3-1 on Sunday evening. Fans celebrated in the streets of "
    "the capital until late at night. The coach praised the defence and said the squad would "
    "rest before the next qualifier."
)
HEDGING = (
    "A tourist says a spider may have crawled under his skin during a trip to Bali, according "
    "to reports. The man reportedly sought treatment at a local hospital. It is unclear whether "
    "the spider story is accurate, and doctors have not commented."
)
SPIDER = "A giant spider crawled through a tourist's body in Bali."


def test_default_model_loads_once_from_the_package() -> None:
    model = load_default_model()
    assert model.name
    assert load_default_model() is model


def test_predict_on_no_pairs_is_empty() -> None:
    assert load_default_model().predict([]) == []


@pytest.mark.parametrize(
    ("claim", "body", "expected"),
    [
        (CLAIM, FOOTBALL, Stance.UNRELATED),
        (CLAIM, CONFIRMING, Stance.CORROBORATES),
        (CLAIM, DEBUNKING, Stance.CONTRADICTS),
        (SPIDER, HEDGING, Stance.MENTIONS),
    ],
    ids=["unrelated", "corroborates", "contradicts", "mentions"],
)
def test_fixed_pairs_keep_their_labels(claim: str, body: str, expected: Stance) -> None:
    (opinion,) = load_default_model().predict([(claim, "", body)])
    assert opinion.stance is expected
    assert 0.5 < opinion.score <= 1.0
    assert opinion.evidence in sentences(body)


def test_contradiction_evidence_is_a_refuting_sentence() -> None:
    (opinion,) = load_default_model().predict([(CLAIM, "", DEBUNKING)])
    assert any(cue in opinion.evidence for cue in ("false", "denied", "hoax", "no evidence"))


def test_title_is_read_with_the_body() -> None:
    (opinion,) = load_default_model().predict([(CLAIM, "Apple confirms Shanghai centre", "")])
    assert opinion.stance is not Stance.UNRELATED
    assert opinion.evidence == "Apple confirms Shanghai centre"


def test_chinese_text_is_compared_by_character_pairs() -> None:
    claim = "国家互联网信息办公室发布新规"
    same = "国家互联网信息办公室今天发布了新规定。新规定将于明年生效。"
    other = "今天天气很好，我们去公园散步。"
    near, far = load_default_model().predict([(claim, "", same), (claim, "", other)])
    assert near.stance is not Stance.UNRELATED
    assert near.evidence == "国家互联网信息办公室今天发布了新规定。"
    assert far.stance is Stance.UNRELATED


def test_label_pairs_labels_by_id_in_order() -> None:
    claims = {"c1": CLAIM}
    items = {"football": ("", FOOTBALL), "denial": ("", DEBUNKING)}
    out = label_pairs(claims, items, [("c1", "denial"), ("c1", "football")], load_default_model())
    assert [stance for stance, _, _ in out] == [Stance.CONTRADICTS, Stance.UNRELATED]


def test_label_pairs_names_an_unknown_id() -> None:
    with pytest.raises(KeyError, match="pair 0: unknown item id 'nope'"):
        label_pairs({"c1": CLAIM}, {}, [("c1", "nope")], load_default_model())


def test_loading_names_a_missing_or_mismatched_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="stance model not found"):
        model_store.load(tmp_path)
    copy = tmp_path / "model"
    shutil.copytree(DATA_DIR, copy)
    meta = json.loads((copy / model_store.META_FILE).read_text())
    meta["features"] = meta["features"][:-1]
    (copy / model_store.META_FILE).write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="feature names differ"):
        model_store.load(copy)


def test_fnc_score_on_a_hand_computed_table() -> None:
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
    predicted = ["agree", "discuss", "discuss", "unrelated", "agree", "unrelated"]
    report = score(gold, predicted)
    # 1 + 0.25 + 1 + 0.25 + 0 + 0 earned, of 1 + 1 + 1 + 0.25 + 0.25 + 1.
    assert report.fnc == 2.5
    assert report.fnc_max == 4.5
    assert report.relative == pytest.approx(2.5 / 4.5)
    assert report.confusion == ((1, 0, 0, 1), (0, 0, 1, 0), (0, 0, 1, 0), (1, 0, 0, 1))
    assert report.f1 == pytest.approx(
        {"agree": 0.5, "disagree": 0.0, "discuss": 2 / 3, "unrelated": 0.5}
    )
    assert report.macro_f1 == pytest.approx((0.5 + 0.0 + 2 / 3 + 0.5) / 4)


def test_fnc_score_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="2 gold labels but 1 predictions"):
        score(["agree", "agree"], ["agree"])
    with pytest.raises(ValueError, match="unknown labels"):
        score(["agree"], ["maybe"])


def test_sentences_and_stems() -> None:
    assert sentences('He said "no." Then left!\nNew line here') == [
        'He said "no."',
        "Then left!",
        "New line here",
    ]
    assert sentences("新规定发布。明年生效！") == ["新规定发布。", "明年生效！"]
    assert words("网信办发布 CAC") == ["网信", "信办", "办发", "发布", "cac"]
    assert stem("denies") == stem("denied") == "deny"


def test_pairwise_dot_matches_scipy() -> None:
    rng = np.random.default_rng(0)
    a = sp.random(4, 1 << 20, density=2e-5, format="csr", random_state=rng, dtype=np.float32)
    b = sp.vstack([a[1:3], sp.random(3, 1 << 20, density=2e-5, format="csr", random_state=rng)])
    expected = (a @ b.tocsr().T).toarray()
    assert np.allclose(pairwise_dot(a, b.tocsr().astype(np.float32)), expected, atol=1e-6)
