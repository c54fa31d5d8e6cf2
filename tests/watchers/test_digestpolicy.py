"""Route settings for what a digest keeps: ``min_relevance`` and ``mentions``."""

import pytest

from support.service import write_config
from watchers.config.file import dump_config, load_config
from watchers.digestpolicy import DEFAULT_MENTIONS, MentionPolicy, parse_mentions
from watchers.errors import ConfigError


def test_mentions_policy_reads_none_top_n_and_all() -> None:
    assert parse_mentions("none") == MentionPolicy(0)
    assert parse_mentions("top 5") == MentionPolicy(5)
    assert parse_mentions("all") == MentionPolicy(None)
    assert str(DEFAULT_MENTIONS) == "top 3"
    for bad in ("top", "top 0", "some", "top -1"):
        with pytest.raises(ValueError, match="expected 'none', 'all' or 'top N'"):
            parse_mentions(bad)


def routes(tmp_path, line: str):
    config = write_config(tmp_path / "config", {})
    (config / "routes.yaml").write_text(f"routes:\n  - {line}\n", encoding="utf-8")
    return load_config(config)


def test_routes_take_a_floor_and_a_mentions_policy_and_write_them_back(tmp_path) -> None:
    config = routes(
        tmp_path, "{id: d, destination: console, schedule: 1h, min_relevance: 0.3, mentions: all}"
    )
    [route] = config.routes
    assert (route.min_relevance, route.mentions) == (0.3, MentionPolicy(None))
    written = dump_config(config)["routes.yaml"]
    assert "min_relevance: 0.3" in written and "mentions: all" in written


def test_defaults_are_left_out_when_written(tmp_path) -> None:
    config = routes(tmp_path, "{id: d, destination: console, schedule: 1h}")
    [route] = config.routes
    assert (route.min_relevance, route.mentions) == (0.5, DEFAULT_MENTIONS)
    assert "mentions" not in dump_config(config)["routes.yaml"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("min_relevance: lots", "routes[0].min_relevance: expected a number such as 0.5"),
        ("min_relevance: 3", "routes[0].min_relevance: expected a number from 0 to 2"),
        ("mentions: some", "routes[0].mentions: expected 'none', 'all' or 'top N'"),
    ],
)
def test_bad_values_name_the_file_and_path(tmp_path, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"routes\.yaml") as error:
        routes(tmp_path, f"{{id: d, destination: console, schedule: 1h, {value}}}")
    assert message in str(error.value)
