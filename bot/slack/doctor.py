"""The doctor's Slack checks: the bot token (auth.test), the app token (Socket Mode),
and whether the bot can post to each route's channel (:mod:`bot.slack.destinations`,
which ``route add`` asks too)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.ops.findings import DestinationCheck, Finding, ok, problem
from bot.slack.client import TIMEOUT, make_client
from bot.slack.destinations import channel_access, granted_scopes
from bot.slack.settings import SlackSettings

BOT_TOKEN_FIX = (
    "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-…, on the app's "
    "OAuth & Permissions page); reinstall the app to the workspace if it was revoked"
)
APP_TOKEN_FIX = (
    "set SLACK_APP_TOKEN to an app-level token with the connections:write scope "
    "(Basic Information → App-Level Tokens), and turn Socket Mode on for the app"
)


def check_slack(settings: SlackSettings) -> tuple[list[Finding], DestinationCheck | None]:
    """Findings about the tokens, and a check for destinations (None when the bot
    token does not work, so that no channel can be checked)."""
    client = make_client(settings, retry_rate_limits=False)
    where = settings.api_url or WebClient.BASE_URL
    try:
        who = client.auth_test()
    except SlackApiError as error:
        return [
            problem("slack", f"Slack refused SLACK_BOT_TOKEN ({_code(error)})", BOT_TOKEN_FIX)
        ], None
    except (SlackClientError, OSError) as error:
        fix = "check the network and proxy, or POLICYWATCH_SLACK_API_URL"
        return [problem("slack", f"cannot reach Slack at {where}: {error}", fix)], None
    findings = [
        ok("slack", f"bot token of {who.get('user')} in {who.get('team')} ({settings.mode} mode)")
    ]
    findings.append(_app_token(settings) if settings.mode == "socket" else _http_mode(settings))
    scopes = granted_scopes(who)
    return findings, lambda route, target: _destination(client, scopes, route, target)


def _app_token(settings: SlackSettings) -> Finding:
    client = WebClient(
        token=settings.app_token, base_url=settings.api_url or WebClient.BASE_URL, timeout=TIMEOUT
    )
    try:
        client.apps_connections_open(app_token=settings.app_token)
    except SlackApiError as error:
        return problem(
            "slack app token", f"Slack refused SLACK_APP_TOKEN ({_code(error)})", APP_TOKEN_FIX
        )
    except (SlackClientError, OSError) as error:
        return problem(
            "slack app token", f"cannot open a Socket Mode connection: {error}", APP_TOKEN_FIX
        )
    return ok("slack app token", "Socket Mode connections can be opened")


def _http_mode(settings: SlackSettings) -> Finding:
    return ok(
        "slack http mode",
        f"signing secret set; Slack must reach http://{settings.http_host}:"
        f"{settings.http_port}/slack/events through your public URL",
    )


def _destination(client: WebClient, scopes: frozenset[str], subject: str, target: str) -> Finding:
    """``target`` is ``#name`` or a channel id; judged as ``route add`` judges it."""
    try:
        access = channel_access(client, target, scopes)
    except SlackApiError as error:
        fix = "check the bot token's scopes (channels:read, groups:read)"
        return problem(subject, f"cannot look up {target} ({_code(error)})", fix)
    except (SlackClientError, OSError) as error:
        return problem(subject, f"cannot reach Slack: {error}", "check the network and proxy")
    if access.problem:
        return problem(subject, access.problem, access.detail)
    return ok(subject, access.detail)


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error") or error)
