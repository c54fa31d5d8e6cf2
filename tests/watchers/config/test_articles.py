"""articles.yaml: how sources' documents are cited, validated like every config file."""

import pytest

from bot.render.common import citation
from support.service import write_config
from watchers.config.file import dump_config, load_config
from watchers.errors import ConfigError
from watchers.model import Article, SourceRef


def config_with(tmp_path, articles: str):
    directory = write_config(tmp_path / "config", {})
    (directory / "articles.yaml").write_text(articles, encoding="utf-8")
    return load_config(directory)


def test_articles_load_and_write_back_the_same(tmp_path) -> None:
    config = config_with(
        tmp_path,
        "articles:\n  - {id: seed.txt, title: Data rules, publisher: Wire, date: May 2021}\n"
        "  - {id: other.txt, description: a report on data rules}\n",
    )
    assert config.article("seed.txt") == Article(
        "seed.txt", title="Data rules", publisher="Wire", date="May 2021"
    )
    again = tmp_path / "again"
    again.mkdir()
    for name, text in dump_config(config).items():
        (again / name).write_text(text, encoding="utf-8")
    assert load_config(again).articles == config.articles


def test_an_article_needs_a_title_or_a_description(tmp_path) -> None:
    with pytest.raises(ConfigError) as error:
        config_with(tmp_path, "articles:\n  - {id: seed.txt, publisher: Wire}\n")
    assert "articles.yaml: articles[0]: an article needs a title or a description" in str(
        error.value
    )


def test_sources_are_cited_by_title_publisher_and_date() -> None:
    source = SourceRef("seed.txt", "a sentence")
    assert citation(source, Article("seed.txt", "Data rules", "", "Wire", "May 2021")) == (
        "“Data rules”, Wire, May 2021"
    )
    assert citation(source, Article("seed.txt", description="a report")) == "a report"
    assert citation(SourceRef("", url="https://x.example/a"), None) == "https://x.example/a"
    assert citation(source, None) == "seed.txt"
