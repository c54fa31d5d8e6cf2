import pytest

from watchers.stance.findings import name_keys, same


@pytest.mark.parametrize(
    ("name", "reading"),
    [
        ("郑栅洁", "zhengshanjie"),  # 栅 reads zha and shan
        ("单明", "shanming"),  # 单 as a surname reads shan, as a word dan
        ("曾重", "zengchong"),  # both characters have a second reading
        ("曾重", "cengzhong"),
    ],
)
def test_a_name_reads_with_every_reading_of_its_characters(name: str, reading: str) -> None:
    assert reading in name_keys(name)


def test_a_name_in_pinyin_is_the_same_person_as_in_characters() -> None:
    assert same("Zheng Shanjie", "郑栅洁")
    assert not same("Zheng Shanjie", "郑明洁")
