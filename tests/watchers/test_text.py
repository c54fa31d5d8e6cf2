import pytest

from watchers.model import Mention
from watchers.text import (
    SENTENCE_CHARS,
    Sentence,
    content_tokens,
    coverage,
    fold_width,
    mentions_by_sentence,
    split_sentences,
)


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Commerce Department acted on Sept. 1. Rules No. 5 apply to 1.5 million "
            "firms! Really? Yes.",
            [
                "The U.S. Commerce Department acted on Sept. 1.",
                "Rules No. 5 apply to 1.5 million firms!",
                "Really?",
                "Yes.",
            ],
        ),
        ('He said "it is done." Then he left.', ['He said "it is done."', "Then he left."]),
        ("Mr. Chen met Dr. Li at 3 p.m. on Monday.", ["Mr. Chen met Dr. Li at 3 p.m. on Monday."]),
        ("See e.g. the annex. It lists J. Smith.", ["See e.g. the annex.", "It lists J. Smith."]),
        ("Growth was 5.2 percent. It slowed.", ["Growth was 5.2 percent.", "It slowed."]),
        ("The plan (approved.) took effect.", ["The plan (approved.) took effect."]),
        ("It passed (finally.) Then it stalled.", ["It passed (finally.)", "Then it stalled."]),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "《数据安全法》自2021年9月1日起施行。网信办表示：“这是重要一步！”随后；另一句",
            [
                "《数据安全法》自2021年9月1日起施行。",
                "网信办表示：“这是重要一步！”",
                "随后；",
                "另一句",
            ],
        ),
        ("真的吗？是的！", ["真的吗？", "是的！"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        (
            "国家数据局（NDB）成立。The bureau opened.",
            ["国家数据局（NDB）成立。", "The bureau opened."],
        ),
    ],
)
def test_chinese_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_line_breaks_end_sentences_unless_the_line_goes_on_in_lower_case() -> None:
    text = "A headline\nA hard\nwrapped line.\n\n  Next paragraph  "
    assert texts(text) == ["A headline", "A hard\nwrapped line.", "Next paragraph"]


def test_offsets_point_into_the_text() -> None:
    text = "  First one.  Second one?\n第三句。"
    sentences = split_sentences(text)
    assert sentences == [
        Sentence("First one.", 2, 12),
        Sentence("Second one?", 14, 25),
        Sentence("第三句。", 26, 30),
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_a_run_without_a_sentence_end_is_read_in_pieces_cut_between_words() -> None:
    clause = "the bureau listed 40 platforms, "
    text = clause * 300
    sentences = split_sentences(text)
    assert len(sentences) == 4
    assert all(len(s.text) <= SENTENCE_CHARS for s in sentences)
    # Each cut falls between two words.
    assert all(text[s.end] == " " and text[s.end + 1] != " " for s in sentences[:-1])
    assert "".join(text[s.start : s.end + 1] for s in sentences).strip() == text.strip()


def test_a_run_without_any_pause_is_cut_at_the_limit() -> None:
    text = "数" * (SENTENCE_CHARS * 2 + 5)
    assert [len(s.text) for s in split_sentences(text)] == [SENTENCE_CHARS, SENTENCE_CHARS, 5]


def test_a_long_run_of_marks_ends_a_sentence_only_before_a_space() -> None:
    dots = "." * 2_000
    assert texts(f"Wait{dots} Then it{dots}went on. Done.") == [
        f"Wait{dots}",
        f"Then it{dots}went on.",
        "Done.",
    ]


def test_a_long_run_of_line_breaks_and_spaces_ends_one_sentence() -> None:
    text = "The CAC spoke." + "\n \t" * 20_000 + "The NDB answered."
    assert texts(text) == ["The CAC spoke.", "The NDB answered."]


def test_empty_and_blank_texts_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


def test_fold_width_keeps_length() -> None:
    text = "２０２１年９月１日，ＰＩＰＬ　“effective”"
    folded = fold_width(text)
    assert folded == '2021年9月1日,PIPL "effective"'
    assert len(folded) == len(text)


def test_content_tokens_drop_stop_words_and_plurals_and_pair_chinese() -> None:
    assert content_tokens("The rules of the Bureaus") == {"rule", "bureau"}
    assert content_tokens("数据安全法") == {"数据", "据安", "安全", "全法"}
    assert content_tokens("数") == {"数"}


def test_content_tokens_can_leave_out_spans() -> None:
    text = "The National Data Bureau opened"
    assert content_tokens(text, [(4, 24)]) == {"opened"}


def test_coverage_is_the_share_of_wanted_tokens_found() -> None:
    assert coverage(frozenset({"a", "b"}), frozenset({"b", "c"})) == 0.5
    assert coverage(frozenset(), frozenset({"b"})) == 0.0


def test_mentions_within_a_sentence_are_rebased() -> None:
    text = "One. The DSL took effect."
    sentences = split_sentences(text)
    mentions = [Mention("dsl", "DSL", 9, 12), Mention("x", "One", 0, 3)]
    assert mentions_by_sentence(sentences, mentions) == [
        [Mention("x", "One", 0, 3)],
        [Mention("dsl", "DSL", 4, 7)],
    ]


def test_a_mention_across_two_sentences_belongs_to_neither() -> None:
    sentences = split_sentences("It cited the Cyberspace\nAdministration. Then it left.")
    mentions = [Mention("cac", "Cyberspace Administration", 13, 38)]
    assert mentions_by_sentence(sentences, mentions) == [[], [], []]
