import pytest

from watchers import standing
from watchers.model import Stance, Standing, Tally


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(), Standing.UNTESTED),
        (Tally(mentions=5), Standing.UNTESTED),
        (Tally(corroborates=2), Standing.SUPPORTED),
        (Tally(corroborates=2, contradicts=1), Standing.CONTESTED),
        (Tally(corroborates=1, contradicts=1), Standing.CONTESTED),
        (Tally(corroborates=1, contradicts=2), Standing.CONTRADICTED),
        (Tally(contradicts=1), Standing.CONTRADICTED),
    ],
)
def test_standing_of(tally, expected):
    assert standing.standing_of(tally) is expected


def test_add_counts_each_stance_and_ignores_unrelated():
    t = standing.add(
        Tally(), [Stance.CORROBORATES, Stance.CONTRADICTS, Stance.MENTIONS, Stance.UNRELATED]
    )
    assert t == Tally(1, 1, 1)


def test_first_contradiction_is_a_change():
    moved = standing.change("c1", Tally(corroborates=3), Tally(corroborates=3, contradicts=1))
    assert moved is not None
    assert (moved.before, moved.after) == (Standing.SUPPORTED, Standing.CONTESTED)
    assert "supported → contested" in moved.describe()


def test_more_of_the_same_is_not_a_change():
    assert standing.change("c1", Tally(corroborates=1), Tally(corroborates=2)) is None
