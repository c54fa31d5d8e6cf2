"""Copies of one story and runs of one series, found from titles and text alone."""

from watchers.extent import TITLE_CHARS
from watchers.stories import Story, group_series, group_stories, same_story


def test_the_same_announcement_worded_by_two_outlets_is_one_story() -> None:
    a = Story("习近平：以史为镜、以史明志 知史爱党、知史爱国")
    b = Story("《求是》杂志发表习近平总书记重要文章《以史为镜、以史明志，知史爱党、知史爱国》")
    assert same_story(a, b)


def test_an_edited_or_syndicated_copy_is_one_story() -> None:
    a = Story("Regulator fines platform over data transfers", "x")
    b = Story("Regulator fines platform over data transfers (updated)", "y")
    assert same_story(a, b)
    lead = "The Cyberspace Administration of China said on Monday that " + "rules apply. " * 20
    assert same_story(Story("CAC issues rules", lead), Story("New rules from the CAC", lead))


def test_numbered_instalments_are_not_one_story() -> None:
    assert not same_story(
        Story("中华人民共和国国务院任免人员（国务院公报2021年第14号）"),
        Story("中华人民共和国国务院任免人员（国务院公报2021年第15号）"),
    )
    assert not same_story(Story("Short"), Story("Shorter"))


def test_stories_group_transitively_in_input_order() -> None:
    titles = ["Rules on AI labels take effect", "Weather", "Rules on AI labels take effect now"]
    groups = group_stories(titles, Story)
    assert groups == [[titles[0], titles[2]], [titles[1]]]


def test_a_gazette_issue_and_a_weekly_are_series_but_not_across_sources() -> None:
    gazette = [f"国务院关于事项{n}的批复（国务院公报2021年第14号）" for n in "甲乙丙"]
    weekly = ["科技爱好者周刊：第 100 期", "科技爱好者周刊：第 102 期"]
    items = [("gz", t) for t in gazette] + [("blog", t) for t in weekly] + [("gz", "别的")]
    groups = group_series(items, lambda i: i[0], lambda i: i[1])
    assert sorted(len(g) for g in groups) == [1, 2, 3]
    other = [("a", gazette[0]), ("b", gazette[1]), ("c", gazette[2])]
    assert len(group_series(other, lambda i: i[0], lambda i: i[1])) == 3


def test_titles_are_compared_as_far_as_they_are_read() -> None:
    head = "Provincial regulators publish draft rules on ride-hailing platforms "
    head = (head * (TITLE_CHARS // len(head) + 1))[:TITLE_CHARS]
    one = Story(head + "and the grain harvest " * 300)
    other = Story(head + "while the port counts containers " * 200)
    assert same_story(one, other)
    assert group_stories([one, Story("Grain prices rise"), other], lambda s: s) == [
        [one, other],
        [Story("Grain prices rise")],
    ]
