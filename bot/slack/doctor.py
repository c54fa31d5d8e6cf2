"""The doctor's Slack checks: the bot token (auth.test), the app token (Socket Mode),
and whether the bot can post to each route's channel."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.ops.findings import DestinationCheck, Finding, ok, problem
from bot.slack.client import TIMEOUT, make_client
from bot.slack.destinations import find_channel
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
    return findings, lambda route, target: _destination(client, route, target)


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


def _destination(client: WebClient, subject: str, target: str) -> Finding:
    """``target`` is ``#name`` or a channel id; the bot must be a member and it must be open."""
    try:
        channel = find_channel(client, target)
    except SlackApiError as error:
        return problem(subject, f"cannot look up {target} ({_code(error)})", _invite(target))
    except (SlackClientError, OSError) as error:
        return problem(subject, f"cannot reach Slack: {error}", "check the network and proxy")
    if channel is None:
        return problem(subject, f"no channel {target} is visible to the bot", _invite(target))
    name = f"#{channel.get('name')}"
    if channel.get("is_archived"):
        return problem(subject, f"{name} is archived", "unarchive it or point the route elsewhere")
    if not channel.get("is_member"):
        return problem(subject, f"the bot is not a member of {name}", _invite(name))
    return ok(subject, f"the bot can post to {name}")


def _invite(target: str) -> str:
    return (
        f"create {target} if it does not exist and type /invite @policywatch in it, "
        "or correct the route's destination in routes.yaml"
    )


def _code(error: SlackApiError) -> str:
    return str(error.response.get("error") or error)
