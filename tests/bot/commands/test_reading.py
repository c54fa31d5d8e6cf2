"""The read-only commands, answered from the running config and the store."""

import yaml

from .conftest import ADMIN, MEMBER


def test_list_summarises_then_details(commands_factory):
    commands = commands_factory({"wire": "https://example.org/w.xml"})
    assert commands.text("list") == (
        "1 feeds, 2 entities, 1 claims (0 retired), 1 routes. "
        "Use `list feeds`, `list entities`, `list claims` or `list routes`."
    )
    assert commands.text("list feeds") == (
        "Feeds (1):\nwire · every 5m · not polled yet · https://example.org/w.xml"
    )
    assert (
        "cac · Cyberspace Administration of China / 国家互联网信息办公室 (body)"
        in commands.text("list entities")
    )
    assert commands.text("list claims") == (
        "Claims (1):\ndsl_effective [untested]: "
        "The Data Security Law took effect on September 1, 2021."
    )
    assert commands.text("list routes") == "Routes (1):\ndesk → console · 1h"


def test_claims_of_an_entity_found_by_id_name_or_alias(commands):
    text = commands.text("claims 数据安全法")
    assert text.startswith("Claims about Data Security Law (data_security_law):")
    assert "dsl_effective [untested]" in text
    assert commands.text("claims 网信办") == (
        "No claims about Cyberspace Administration of China (cac)."
    )
    assert "Usage: claims ENTITY" in commands.text("claims")


def test_claim_shows_source_standing_and_evidence(commands):
    text = commands.text("claim dsl_effective")
    assert text.splitlines() == [
        "Claim dsl_effective: “The Data Security Law took effect on September 1, 2021.”",
        "Standing: untested (0 corroborations, 0 contradictions, 0 mentions)",
        "Source: seed.txt — “The Data Security Law took effect on September 1.”",
        "About: Data Security Law (data_security_law)",
        "Evidence: none yet.",
    ]
    assert "no claim 'nope'" in commands.text("claim nope")


def test_export_of_one_file_is_yaml_shown_as_is(commands):
    reply = commands.run("export routes")
    assert reply.preformatted and reply.ephemeral
    name, _, body = reply.text.partition("\n")
    assert name == "# --- routes.yaml"
    assert yaml.safe_load(body) == {
        "routes": [{"id": "desk", "destination": "console", "schedule": "1h"}]
    }
    assert "export which file?" in commands.text("export passwords")


def test_status_and_audit_when_nothing_happened(commands):
    assert commands.text("status").startswith("Feeds:")
    assert "Usage: status" in commands.text("status now")
    assert commands.text("audit", MEMBER) == "The audit log is empty: no config edits yet."


def test_a_claims_source_is_cited_by_its_articles_title(commands_factory, tmp_path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "articles.yaml").write_text(
        "articles:\n  - {id: seed.txt, title: Data rules, publisher: Wire, date: May 2021}\n",
        encoding="utf-8",
    )
    text = commands_factory().text("claim dsl_effective")
    assert "Source: “Data rules”, Wire, May 2021 — “The Data Security Law took effect" in text


def test_status_tells_members_that_a_feed_fails_and_only_admins_why(commands_factory, feed_server):
    page = b"<html><head><title>db-admin secret-token-7</title></head><body>x</body></html>"
    commands = commands_factory(
        {
            "internal": feed_server.serve("/page", page, content_type="text/html"),
            "plain": feed_server.serve("/plain", b"root:x:0:0:root:/root:/bin/bash"),
        }
    )
    commands.service.poll_due()
    member = commands.text("status", MEMBER)
    assert "internal: failing ×1;" in member and "plain: failing ×1;" in member
    admin = commands.text("status", ADMIN)
    assert "internal: failing ×1: " in admin and "not a feed: an HTML page" in admin
    assert "not a feed: text without markup" in admin
    for shown in (member, admin):
        assert "secret-token" not in shown and "root:" not in shown
