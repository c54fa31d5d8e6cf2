"""The pure config builder of the Synapse test harness: plain values in, dicts out."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.synapse_config import HomeserverSettings, RateLimit, homeserver_config, log_config


def _settings(message_limit: RateLimit | None = None) -> HomeserverSettings:
    return HomeserverSettings(Path("/data"), 8448, "reg", "mac", "form", message_limit)


def test_config_serves_only_clients_on_loopback_and_sends_nothing_out() -> None:
    config = homeserver_config(_settings())

    [listener] = config["listeners"]
    assert listener["bind_addresses"] == ["127.0.0.1"]
    assert [r["names"] for r in listener["resources"]] == [["client"]]
    assert config["trusted_key_servers"] == []
    assert config["federation_domain_whitelist"] == []
    assert config["federation_sender_instances"] == []
    assert config["ip_range_blacklist"] == ["0.0.0.0/0", "::/0"]
    assert config["report_stats"] is False
    assert config["enable_registration"] is False


def test_config_relaxes_rate_limits_unless_messages_are_made_strict() -> None:
    relaxed = homeserver_config(_settings())
    strict = homeserver_config(_settings(RateLimit(per_second=0.1, burst_count=2)))

    assert relaxed["rc_message"]["per_second"] >= 100
    assert relaxed["rc_login"]["account"]["burst_count"] >= 100
    assert strict["rc_message"] == {"per_second": 0.1, "burst_count": 2}
    assert strict["rc_joins"] == relaxed["rc_joins"]


def test_rate_limit_refuses_a_bucket_that_never_fills() -> None:
    with pytest.raises(ValueError, match="burst_count"):
        RateLimit(per_second=1.0, burst_count=0)


def test_settings_name_the_server_after_its_loopback_port() -> None:
    settings = _settings()

    assert settings.server_name == "localhost:8448"
    assert settings.base_url == "http://127.0.0.1:8448"
    assert homeserver_config(settings)["public_baseurl"] == "http://127.0.0.1:8448/"


def test_log_config_writes_to_the_given_file() -> None:
    config = log_config(Path("/data/homeserver.log"))

    assert config["handlers"]["file"]["filename"] == "/data/homeserver.log"
    assert config["root"]["handlers"] == ["file"]
