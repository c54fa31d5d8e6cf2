"""Loading, validating and writing config directories (built in tmp_path)."""

from __future__ import annotations

from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import pytest
import yaml

from watchers.config.file import (
    AdminSettings,
    ClaimsPageSettings,
    ConfigError,
    Destination,
    FetchSettings,
    MatrixSettings,
    Platform,
    Schedule,
    Settings,
    WatchConfig,
    bundled_config_dir,
    dump_config,
    format_duration,
    load_config,
    parse_config,
    parse_destination,
    parse_duration,
    parse_schedule,
)
from watchers.model import Alias, EntityKind, SourceRef

ENTITIES = """\
entities:
  - id: cac
    kind: body
    name_en: Cyberspace Administration of China
    name_zh: 国家互联网信息办公室
    aliases:
      - 网信办
      - {text: CAC, context: [cyberspace, 网信]}
    sources:
      - {article: 001.txt, quote: The CAC was brought under the party.}
  - id: ncro
    kind: body
    name_en: National Cyber Resilience Office
    unverified: true
    note: Known from one article only.
"""

CLAIMS = """\
claims:
  - id: ncro_exists
    text: The National Cyber Resilience Office has been established.
    entities: [ncro]
    source: {article: 000.txt, quote: One of the most telling signs.}
    note: Unverifiable.
  - id: cac_party
    text: The Cyberspace Administration of China sits under the party.
    source: {url: "https://example.org/cac"}
    retired: true
"""

FEEDS = """\
feeds:
  - id: demo
    url: feeds/demo.xml
    interval: 0s
  - id: xinhua_en
    url: https://example.org/feed.xml
    interval: 1h30m
    language: en
    tags: [state-media]
    title: Xinhua
"""

ROUTES = """\
routes:
  - id: cac_desk
    destination: slack:#cac-desk
    schedule: every 1h
    entities: [cac]
    feeds: [xinhua_en]
    labels: [contradicts, corroborates]
  - id: morning
    destination: matrix:!abc:example.org
    schedule: "0 8 * * 1-5"
"""

SETTINGS = """\
settings:
  fetch: {timeout: 5s, allow_networks: [10.0.0.0/8, "::1"], allow_files: [feeds]}
  admins: {slack_users: [U0123ABCD]}
  matrix: {admin_power_level: 100}
"""

GOOD = {
    "entities.yaml": ENTITIES,
    "claims.yaml": CLAIMS,
    "feeds.yaml": FEEDS,
    "routes.yaml": ROUTES,
    "settings.yaml": SETTINGS,
}


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def load_error(directory: Path, name: str, text: str) -> ConfigError:
    write(directory, {**GOOD, name: text})
    with pytest.raises(ConfigError) as info:
        load_config(directory)
    return info.value


def test_loads_a_complete_directory(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))

    cac, ncro = config.entities
    assert cac.kind is EntityKind.BODY
    assert cac.name_zh == "国家互联网信息办公室"
    assert cac.aliases == (Alias("网信办"), Alias("CAC", ("cyberspace", "网信")))
    assert cac.sources == (SourceRef("001.txt", "The CAC was brought under the party."),)
    assert (ncro.unverified, ncro.note) == (True, "Known from one article only.")

    exists, party = config.claims
    assert (exists.entities, exists.facts, exists.retired) == (("ncro",), (), False)
    assert (party.entities, party.retired) == ((), True)
    assert party.source == SourceRef("", "", "https://example.org/cac")

    xinhua = config.feeds[1]
    assert xinhua.interval == timedelta(hours=1, minutes=30)
    assert (xinhua.language, xinhua.tags, xinhua.title) == ("en", ("state-media",), "Xinhua")

    desk, morning = config.routes
    assert desk.schedule == Schedule(every=timedelta(hours=1))
    assert desk.target == Destination(Platform.SLACK, "#cac-desk")
    assert (desk.entities, desk.feeds) == (("cac",), ("xinhua_en",))
    assert desk.labels == ("contradicts", "corroborates")
    assert morning.schedule == Schedule(cron="0 8 * * mon-fri")
    assert morning.labels == ("contradicts", "corroborates", "mentions", "edit")
    assert morning.target == Destination(Platform.MATRIX, "!abc:example.org")

    assert config.settings == Settings(
        fetch=FetchSettings(
            timeout=timedelta(seconds=5),
            allow_networks=(ip_network("10.0.0.0/8"), ip_network("::1")),
            allow_files=(tmp_path.resolve() / "feeds",),
        ),
        admins=AdminSettings(slack_users=("U0123ABCD",)),
        matrix=MatrixSettings(admin_power_level=100),
    )
    assert config.directory == tmp_path.resolve()
    assert config.entity("ncro") is ncro
    assert config.entity("nope") is None


def test_relative_feed_paths_become_absolute_file_urls(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    demo = config.feeds[0]
    assert demo.url == (tmp_path / "feeds" / "demo.xml").resolve().as_uri()
    assert demo.url.startswith("file:///")
    assert demo.interval == timedelta(0)


def test_file_urls_are_normalised(tmp_path: Path) -> None:
    feeds = "feeds:\n  - id: f\n    url: file:///srv/feeds/../demo.xml\n"
    settings = "settings:\n  fetch: {allow_files: [/srv]}\n"
    files = {**GOOD, "feeds.yaml": feeds, "routes.yaml": "", "settings.yaml": settings}
    config = load_config(write(tmp_path, files))
    assert config.feeds[0].url == Path("/srv/demo.xml").resolve().as_uri()


def test_missing_feeds_routes_and_settings_mean_empty_and_defaults(tmp_path: Path) -> None:
    files = {"entities.yaml": ENTITIES, "claims.yaml": CLAIMS}
    config = load_config(write(tmp_path, files))
    assert (config.feeds, config.routes, config.settings) == ((), (), Settings())


def test_empty_optional_files_mean_empty(tmp_path: Path) -> None:
    files = {**GOOD, "feeds.yaml": "", "routes.yaml": "routes:\n", "settings.yaml": "# none\n"}
    config = load_config(write(tmp_path, files))
    assert (config.feeds, config.routes, config.settings) == ((), (), Settings())


def test_other_files_in_the_directory_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, {**GOOD, "example.yaml": "not: [a config"})
    assert len(load_config(tmp_path).entities) == 2


@pytest.mark.parametrize("missing", ["entities.yaml", "claims.yaml"])
def test_required_files_must_exist(tmp_path: Path, missing: str) -> None:
    write(tmp_path, {name: text for name, text in GOOD.items() if name != missing})
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert (info.value.file, info.value.path) == (missing, "")
    assert "missing" in info.value.message


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nowhere")


BAD = [
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: https://example.org/\n    intervall: 30m\n",
        "feeds[0].intervall",
        "unknown key; expected one of id, url, interval",
        id="unknown-key",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: https://example.org/\n    interval: soon\n",
        "feeds[0].interval",
        "expected a duration such as 30m, got 'soon'",
        id="bad-duration",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: https://example.org/\n    interval: 30s\n",
        "feeds[0].interval",
        "at least 1m",
        id="remote-interval-too-short",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: https://example.org/\n    interval: 30\n",
        "feeds[0].interval",
        "got the number 30",
        id="duration-without-unit",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: console\n    schedule: '61 * * * *'\n",
        "routes[0].schedule",
        "invalid cron expression '61 * * * *'",
        id="bad-cron",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: console\n    schedule: every day\n",
        "routes[0].schedule",
        "5-field cron expression",
        id="bad-schedule",
    ),
    pytest.param(
        "entities.yaml",
        ENTITIES + "  - id: cac\n    kind: body\n    name_en: Another\n",
        "entities[2].id",
        "duplicate id 'cac'; first used at entities[0]",
        id="duplicate-id",
    ),
    pytest.param(
        "entities.yaml",
        ENTITIES + "  - id: pb\n    kind: party_organ\n    name_en: B\n    numbered_after: cc\n",
        "entities[2].numbered_after",
        "unknown entity 'cc'",
        id="unknown-numbered-after",
    ),
    pytest.param(
        "entities.yaml",
        ENTITIES.replace(
            "    kind: body\n    name_en: Cyber",
            "    kind: body\n    within: ncro\n    name_en: Cyber",
        ).replace("    unverified: true\n", "    unverified: true\n    within: cac\n"),
        "entities[0].within",
        "within goes round in a circle at 'cac'",
        id="within-cycle",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: console\n    schedule: 1h\n"
        "    entities: [cac, nope]\n",
        "routes[0].entities[1]",
        "unknown entity 'nope'",
        id="unknown-entity-in-route",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: console\n    schedule: 1h\n    feeds: [gone]\n",
        "routes[0].feeds[0]",
        "unknown feed 'gone'",
        id="unknown-feed-in-route",
    ),
    pytest.param(
        "claims.yaml",
        "claims:\n  - id: c\n    text: A claim.\n    entities: [nope]\n"
        "    source: {article: a.txt}\n",
        "claims[0].entities[0]",
        "unknown entity 'nope'",
        id="unknown-entity-in-claim",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: email:desk@example.org\n    schedule: 1h\n",
        "routes[0].destination",
        "expected console, slack:#channel, slack:C0123 or matrix:!room:server",
        id="bad-destination",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: matrix:abc\n    schedule: 1h\n",
        "routes[0].destination",
        "got 'matrix:abc'",
        id="matrix-destination-without-server",
    ),
    pytest.param(
        "routes.yaml",
        "routes:\n  - id: r\n    destination: console\n    schedule: 1h\n    labels: [spam]\n",
        "routes[0].labels[0]",
        "unknown label 'spam'",
        id="unknown-label",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: [unclosed\n",
        "",
        "invalid YAML at line 4, column 1",
        id="yaml-syntax-error",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: https://example.org/\n    url: https://example.com/\n",
        "",
        "invalid YAML at line 4, column 5: duplicate key 'url'",
        id="duplicate-yaml-key",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: https://example.org/\n    tags: state-media\n",
        "feeds[0].tags",
        "expected a list, got 'state-media'",
        id="wrong-type",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    interval: 1h\n",
        "feeds[0].url",
        "missing required key",
        id="missing-required-key",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - id: f\n    url: ftp://example.org/feed.xml\n",
        "feeds[0].url",
        "expected an http(s) URL or a file path",
        id="unsupported-url-scheme",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  id: f\n",
        "feeds",
        "expected a list, got a mapping",
        id="section-not-a-list",
    ),
    pytest.param(
        "feeds.yaml",
        "feed:\n  - id: f\n",
        "feed",
        "unknown key; expected one of feeds",
        id="misspelt-top-level-key",
    ),
    pytest.param(
        "entities.yaml",
        "",
        "",
        "expected the top-level key 'entities:', got nothing",
        id="empty-required-file",
    ),
    pytest.param(
        "entities.yaml",
        "entities:\n  - id: cac\n    kind: agency\n    name_en: CAC\n",
        "entities[0].kind",
        "expected one of body, party_organ",
        id="unknown-entity-kind",
    ),
    pytest.param(
        "entities.yaml",
        "entities:\n  - id: Cac\n    kind: body\n    name_en: CAC\n",
        "entities[0].id",
        "an id uses only a-z, 0-9 and _",
        id="bad-entity-id",
    ),
    pytest.param(
        "entities.yaml",
        ENTITIES + "  - id: other\n    kind: body\n    name_en: Other\n    aliases: [网信办]\n",
        "entities[2].aliases[0]",
        "'网信办' is already a name or alias of entity 'cac'",
        id="alias-shared-by-two-entities",
    ),
    pytest.param(
        "entities.yaml",
        "entities:\n  - id: x\n    kind: body\n    name_en: X\n"
        "    aliases: [{text: X1, context: []}]\n",
        "entities[0].aliases[0].context",
        "at least one context word",
        id="empty-context",
    ),
    pytest.param(
        "claims.yaml",
        "claims:\n  - id: c\n    text: A claim.\n    source: {quote: words}\n",
        "claims[0].source",
        "a source needs an article or a url",
        id="source-without-origin",
    ),
    pytest.param(
        "claims.yaml",
        "claims:\n  - id: c\n    text: ''\n    source: {article: a.txt}\n",
        "claims[0].text",
        "expected text, got an empty string",
        id="empty-claim-text",
    ),
    pytest.param(
        "claims.yaml",
        "claims:\n  - id: c\n    text: A claim.\n    source: {article: a.txt}\n"
        "    retired: maybe\n",
        "claims[0].retired",
        "expected true or false, got 'maybe'",
        id="not-a-boolean",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  fetch: {max_bytes: yes}\n",
        "settings.fetch.max_bytes",
        "expected a whole number, got true",
        id="boolean-for-number",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  matrix: {admin_power_level: 150}\n",
        "settings.matrix.admin_power_level",
        "between 0 and 100",
        id="number-out-of-range",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  fetch: {timeout: 0s}\n",
        "settings.fetch.timeout",
        "more than 0s",
        id="zero-timeout",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  fetch: {allow_networks: [127.0.0.0/8, 10.0.0.1/8]}\n",
        "settings.fetch.allow_networks[1]",
        "expected an address or a network such as 10.0.0.0/8",
        id="network-with-host-bits",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  claims_page: {enabled: yes please}\n",
        "settings.claims_page.enabled",
        "expected true or false",
        id="claims-page-enabled-not-a-boolean",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  claims_page: {public_url: 'policywatch.example.org/claims'}\n",
        "settings.claims_page.public_url",
        "expected an http(s) URL such as https://example.org/claims",
        id="claims-page-url-without-scheme",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  claims_page: {public_url: 'https://example.org/claims?x=1'}\n",
        "settings.claims_page.public_url",
        "without ?query or #fragment",
        id="claims-page-url-with-query",
    ),
    pytest.param(
        "settings.yaml",
        "settings:\n  claims_page: {allow_networks: [proxy]}\n",
        "settings.claims_page.allow_networks[0]",
        "expected an address or a network",
        id="claims-page-network",
    ),
    pytest.param(
        "feeds.yaml",
        "feeds:\n  - {id: xinhua_en, url: /etc/passwd}\n",
        "feeds[0].url",
        "/etc/passwd is outside the bundled demo directory and the paths in"
        " settings.fetch.allow_files",
        id="file-feed-outside-allowed-paths",
    ),
]


@pytest.mark.parametrize(("name", "text", "path", "message"), BAD)
def test_bad_input_names_file_and_path(
    tmp_path: Path, name: str, text: str, path: str, message: str
) -> None:
    error = load_error(tmp_path, name, text)
    assert (error.file, error.path) == (name, path)
    assert message in error.message
    assert str(error).startswith(f"{name}: {path}: " if path else f"{name}: ")


def test_errors_carry_the_line_of_the_offending_key(tmp_path: Path) -> None:
    feeds = "feeds:\n  - id: a\n    url: https://example.org/a\n\n  - id: b\n    url: x://\n"
    error = load_error(tmp_path, "feeds.yaml", feeds)
    assert error.path == "feeds[1].url"
    assert error.message.endswith("(line 6)")


def test_a_missing_key_is_located_at_its_record(tmp_path: Path) -> None:
    feeds = "feeds:\n  - id: a\n    url: https://example.org/a\n  - id: b\n"
    error = load_error(tmp_path, "feeds.yaml", feeds)
    assert (error.path, error.message) == ("feeds[1].url", "missing required key (line 4)")


def test_parse_config_validates_documents_without_files(tmp_path: Path) -> None:
    documents = {name: yaml.safe_load(text) for name, text in GOOD.items()}
    assert parse_config(documents, tmp_path) == load_config(write(tmp_path, GOOD))

    documents["feeds.yaml"] = {"feeds": [{"id": "f", "url": "https://e.org/", "interval": "x"}]}
    with pytest.raises(ConfigError) as info:
        parse_config(documents, tmp_path)
    assert (info.value.file, info.value.path) == ("feeds.yaml", "feeds[0].interval")
    assert "line" not in info.value.message


def test_parse_config_rejects_unknown_file_names(tmp_path: Path) -> None:
    documents: dict[str, object] = {"entities.yaml": {"entities": []}, "feed.yaml": {}}
    with pytest.raises(ConfigError) as info:
        parse_config(documents, tmp_path)
    assert (info.value.file, info.value.path) == ("feed.yaml", "")


def test_dump_then_parse_gives_the_same_config(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD))
    dumped = dump_config(config)
    assert sorted(dumped) == sorted(GOOD)
    assert parse_config({n: yaml.safe_load(t) for n, t in dumped.items()}, tmp_path) == config


def test_dumped_files_load_from_another_directory(tmp_path: Path) -> None:
    first, other = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    other.mkdir()
    config = load_config(write(first, GOOD))
    reloaded = load_config(write(other, dump_config(config)))
    assert reloaded.feeds[0].url == (first / "feeds" / "demo.xml").resolve().as_uri()
    assert reloaded == WatchConfig(**{**vars(config), "directory": other.resolve()})


def test_dump_leaves_defaults_out(tmp_path: Path) -> None:
    config = WatchConfig(entities=(), claims=(), directory=tmp_path)
    dumped = dump_config(config)
    assert yaml.safe_load(dumped["feeds.yaml"]) == {"feeds": []}
    settings = yaml.safe_load(dumped["settings.yaml"])["settings"]
    assert settings["fetch"]["timeout"] == "20s"
    assert parse_config({n: yaml.safe_load(t) for n, t in dumped.items()}, tmp_path) == config


def test_loading_leaves_the_global_yaml_loaders_alone(tmp_path: Path) -> None:
    load_config(write(tmp_path, GOOD))
    # The stricter duplicate-key rule applies only inside the config loader.
    assert yaml.safe_load("a: 1\na: 2\n") == {"a": 2}


def test_bundled_config_dir_is_the_checkout_config_folder() -> None:
    directory = bundled_config_dir()
    assert directory == Path(__file__).resolve().parents[3] / "config"
    assert (directory / "entities.yaml").is_file()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45s", timedelta(seconds=45)),
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("1d", timedelta(days=1)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        (" 0s ", timedelta(0)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert parse_duration(format_duration(expected)) == expected


@pytest.mark.parametrize("text", ["", "soon", "30", "m30", "30m1h", "1.5h", "-1m", "30 m"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="expected a duration"):
        parse_duration(text)


def test_format_duration_writes_the_shortest_form() -> None:
    assert format_duration(timedelta(days=1, hours=2, seconds=5)) == "1d2h5s"
    assert format_duration(timedelta(0)) == "0s"
    with pytest.raises(ValueError):
        format_duration(timedelta(milliseconds=5))


def test_parse_schedule() -> None:
    assert parse_schedule("every 15m") == Schedule(every=timedelta(minutes=15))
    assert parse_schedule("2h") == Schedule(every=timedelta(hours=2))
    assert parse_schedule(" 0  9 * * mon-fri ") == Schedule(cron="0 9 * * mon-fri")
    assert str(parse_schedule("every 90m")) == "1h30m"
    with pytest.raises(ValueError, match="at least 1m"):
        parse_schedule("every 30s")
    with pytest.raises(ValueError, match="not both"):
        parse_schedule("0 9 1 * mon")
    with pytest.raises(ValueError):
        Schedule()


@pytest.mark.parametrize(
    ("weekday", "names"),
    [
        ("1-5", "mon-fri"),
        ("0", "sun"),
        ("7", "sun"),
        ("6,0", "sat,sun"),
        ("sun-tue", "mon,tue,sun"),
        ("*/2", "tue,thu,sat,sun"),
        ("0-7", "*"),
        ("MON-WED,fri", "mon-wed,fri"),
    ],
)
def test_cron_weekdays_keep_their_crontab_meaning(weekday: str, names: str) -> None:
    # APScheduler counts weekdays from Monday = 0; names mean the same to both.
    assert parse_schedule(f"0 9 * * {weekday}") == Schedule(cron=f"0 9 * * {names}")


@pytest.mark.parametrize("weekday", ["5-1", "8", "x", "*/0"])
def test_cron_rejects_bad_weekdays(weekday: str) -> None:
    with pytest.raises(ValueError, match="invalid cron expression"):
        parse_schedule(f"0 9 * * {weekday}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("console", Destination(Platform.CONSOLE)),
        ("slack:#policy-desk", Destination(Platform.SLACK, "#policy-desk")),
        ("slack:C0123ABC", Destination(Platform.SLACK, "C0123ABC")),
        ("matrix:!room:example.org", Destination(Platform.MATRIX, "!room:example.org")),
        ("matrix:#desk:example.org:8448", Destination(Platform.MATRIX, "#desk:example.org:8448")),
        # Room version 12 ids have no server part.
        (
            "matrix:!Xq3620DUiqCaoxq-eH6AKqTBfNSL_UW8",
            Destination(Platform.MATRIX, "!Xq3620DUiqCaoxq-eH6AKqTBfNSL_UW8"),
        ),
    ],
)
def test_parse_destination(text: str, expected: Destination) -> None:
    assert parse_destination(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize("text", ["", "slack", "slack:general", "matrix:#room", "console:x"])
def test_parse_destination_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="expected console"):
        parse_destination(text)


def test_the_claims_page_is_off_unless_enabled_and_links_only_when_reachable(
    tmp_path: Path,
) -> None:
    assert load_config(write(tmp_path, GOOD)).settings.claims_page == ClaimsPageSettings()
    assert ClaimsPageSettings().claim_url("dsl_effective") == ""
    settings = SETTINGS + (
        "  claims_page:\n    enabled: true\n"
        "    public_url: https://watch.example.org/pw/claims/\n"
        "    allow_networks: [10.20.0.0/16]\n"
    )
    page = load_config(write(tmp_path, {**GOOD, "settings.yaml": settings})).settings.claims_page
    assert page == ClaimsPageSettings(
        True, "https://watch.example.org/pw/claims/", (ip_network("10.20.0.0/16"),)
    )
    assert page.claim_url("dsl_effective") == "https://watch.example.org/pw/claims/dsl_effective"
    assert ClaimsPageSettings(False, page.public_url).claim_url("dsl_effective") == ""
