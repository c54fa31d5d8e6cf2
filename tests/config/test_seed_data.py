"""The bundled entities and claims: they load, and every quote is true to its article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from watchers.config.file import (
    FILES,
    WatchConfig,
    bundled_config_dir,
    dump_config,
    load_config,
    parse_config,
)
from watchers.model import Entity, SourceRef

CONFIG = Path(__file__).resolve().parents[2] / "config"
SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
CJK = re.compile("[\u4e00-\u9fff]")
VERDICTS = ("Accurate", "Partly accurate", "Mostly wrong", "Dated", "Wrong", "Unverifiable")


def seed_documents() -> dict[str, object]:
    """entities.yaml and claims.yaml alone, so the test does not depend on demo feeds."""
    names = ("entities.yaml", "claims.yaml")
    return {n: yaml.safe_load((CONFIG / n).read_text(encoding="utf-8")) for n in names}


@pytest.fixture(scope="module")
def config() -> WatchConfig:
    return parse_config(seed_documents(), CONFIG)


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return {p.name: normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


def normalise(text: str) -> str:
    return " ".join(text.split())


def all_sources(config: WatchConfig) -> list[tuple[str, SourceRef]]:
    entity_sources = [(e.id, s) for e in config.entities for s in e.sources]
    return entity_sources + [(c.id, c.source) for c in config.claims]


def aliases(entity: Entity) -> set[str]:
    return {a.text for a in entity.all_aliases()}


def by_id(config: WatchConfig, entity_id: str) -> Entity:
    entity = config.entity(entity_id)
    assert entity is not None, f"entity {entity_id!r} is missing"
    return entity


def test_bundled_config_directory_loads() -> None:
    assert bundled_config_dir() == CONFIG
    loaded = load_config(CONFIG)
    assert loaded.entities == parse_config(seed_documents(), CONFIG).entities


def test_every_quote_is_verbatim_in_its_article(
    config: WatchConfig, articles: dict[str, str]
) -> None:
    for owner, source in all_sources(config):
        assert source.article in articles, f"{owner}: unknown article {source.article!r}"
        assert source.quote.strip(), f"{owner}: empty quote"
        assert normalise(source.quote) in articles[source.article], f"{owner}: quote not found"


def test_every_article_is_used(config: WatchConfig, articles: dict[str, str]) -> None:
    assert {s.article for _, s in all_sources(config)} == set(articles)


def test_every_claim_entity_exists(config: WatchConfig) -> None:
    known = {e.id for e in config.entities}
    for claim in config.claims:
        assert set(claim.entities) <= known, claim.id


def test_at_least_forty_claims_each_one_sentence_with_a_verdict(config: WatchConfig) -> None:
    assert len(config.claims) >= 40
    for claim in config.claims:
        assert claim.text.endswith(".") and "\n" not in claim.text, claim.id
        assert claim.note.startswith(VERDICTS), claim.id


def test_chinese_names_are_chinese(config: WatchConfig) -> None:
    for entity in config.entities:
        if entity.name_zh:
            assert CJK.search(entity.name_zh), entity.id


def test_cac_aliases(config: WatchConfig) -> None:
    cac = by_id(config, "cac")
    assert {"国家互联网信息办公室", "网信办", "国家网信办", "中央网信办"} <= aliases(cac)
    assert {"Cyberspace Administration of China", "CAC"} <= aliases(cac)
    # "CAC" alone is ambiguous, so it needs context words.
    assert all(a.context for a in cac.aliases if a.text == "CAC")


@pytest.mark.parametrize(
    ("entity_id", "expected"),
    [
        ("pipl", {"Personal Information Protection Law", "个人信息保护法", "PIPL"}),
        ("data_security_law", {"Data Security Law", "数据安全法", "DSL"}),
        ("cybersecurity_law", {"Cybersecurity Law", "网络安全法"}),
        ("politburo", {"Politburo", "General Political Bureau", "中央政治局", "中共中央政治局"}),
        ("national_data_bureau", {"National Data Bureau", "国家数据局", "NDB"}),
        ("ndrc", {"NDRC", "国家发展和改革委员会", "国家发改委", "发改委"}),
        ("state_council", {"State Council", "国务院"}),
        ("miit", {"MIIT", "工业和信息化部", "工信部"}),
        ("fyp_14", {"14th Five-Year Plan", "十四五规划", "第十四个五年规划", "14th FYP"}),
        ("made_in_china_2025", {"Made in China 2025", "中国制造2025"}),
        ("holistic_national_security", {"总体国家安全观"}),
        ("third_plenum", {"Third Plenum", "三中全会"}),
        ("project_985", {"985工程", "985 universities"}),
        ("xi_jinping", {"Xi Jinping", "习近平"}),
        ("ma_xingrui", {"Ma Xingrui", "马兴瑞"}),
        ("yuan_jiajun", {"Yuan Jiajun", "袁家军"}),
    ],
)
def test_required_entities_and_aliases(
    config: WatchConfig, entity_id: str, expected: set[str]
) -> None:
    assert expected <= aliases(by_id(config, entity_id))


def test_politburo_notes_the_mistranslation(config: WatchConfig) -> None:
    assert "mistranslation" in by_id(config, "politburo").note


@pytest.mark.parametrize(
    "entity_id",
    [
        "ncro",
        "ministry_of_cyberspace",
        "cybersecurity_review_committee",
        "digital_defense_partnership",
    ],
)
def test_bodies_that_may_not_exist_are_unverified(config: WatchConfig, entity_id: str) -> None:
    assert by_id(config, entity_id).unverified


def test_short_ambiguous_aliases_have_context(config: WatchConfig) -> None:
    for entity in config.entities:
        for alias in entity.aliases:
            if alias.text in {"NDB", "DSL", "CSL", "PLA", "CPC", "Xi", "Ma", "Intel"}:
                assert alias.context, (entity.id, alias.text)


def test_bundled_config_round_trips_through_dump(config: WatchConfig) -> None:
    dumped = dump_config(config)
    assert parse_config({n: yaml.safe_load(t) for n, t in dumped.items()}, CONFIG) == config


def test_example_file_is_a_valid_config() -> None:
    text = (CONFIG / "example.yaml").read_text(encoding="utf-8")
    documents = {f"{next(iter(d))}.yaml": d for d in yaml.safe_load_all(text)}
    assert sorted(documents) == sorted(FILES)
    example = parse_config(documents, CONFIG)
    assert example.feeds[1].url == (CONFIG / "feeds" / "demo.xml").resolve().as_uri()


def test_every_seed_article_is_described_for_citing() -> None:
    config = load_config(CONFIG)
    named = {c.source.article for c in config.claims} | {
        s.article for e in config.entities for s in e.sources
    }
    described = {a.id for a in config.articles}
    assert named - {""} <= described
    assert all(a.title or a.description for a in config.articles)
