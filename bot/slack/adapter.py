"""Slack in the running app: the digest sink and the chat connection, built from settings."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.commands.router import CommandRouter
from bot.ops.readiness import ChatState
from bot.service import Service
from bot.slack.admins import AdminCheck
from bot.slack.client import make_client
from bot.slack.destinations import destination_check
from bot.slack.listeners import SlackChat
from bot.slack.server import SlackHttpServer
from bot.slack.settings import SlackSettings
from bot.slack.sink import SlackSink
from watchers.storage import Store

log = logging.getLogger(__name__)

MAX_RETRY = 300.0


def slack_sink(settings: SlackSettings, store: Store) -> SlackSink:
    return SlackSink(make_client(settings, retry_rate_limits=False), store)


def slack_destination_check(settings: SlackSettings) -> Callable[[str], str | None]:
    """Why a ``slack:`` destination could not take digests (see bot.slack.destinations)."""
    return destination_check(make_client(settings, retry_rate_limits=True))


def build_bolt_app(settings: SlackSettings, service: Service, router: CommandRouter) -> App:
    """The bolt app with policywatch's listeners; nothing is contacted until a request."""
    client = make_client(settings, retry_rate_limits=True)
    app = App(
        client=client,
        signing_secret=settings.signing_secret,
        # Checking the token at startup would stop policywatch from starting during a
        # Slack outage; bolt checks it on the first request instead.
        token_verification_enabled=False,
    )
    admins = AdminCheck(client, lambda: service.watch.config.settings.admins)
    SlackChat(service, router, admins, client).register(app)
    return app


class SlackAdapter:
    """The chat connection: Socket Mode (no public URL) or an HTTP server.

    Socket Mode connects in the background and keeps trying while Slack cannot be
    reached, so an outage at startup delays commands but never stops policywatch
    (digests wait in the outbox meanwhile). Once connected, the client reconnects itself.
    """

    def __init__(
        self,
        settings: SlackSettings,
        service: Service,
        router: CommandRouter,
        *,
        first_retry: float = 5.0,
    ) -> None:
        self.settings = settings
        self.bolt = build_bolt_app(settings, service, router)
        self.first_retry = first_retry
        self._socket: SocketModeHandler | None = None
        self._http: SlackHttpServer | None = None
        self._stopping = threading.Event()
        self._connecting: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The HTTP mode port actually listened on (useful with port 0); 0 otherwise."""
        return self._http.port if self._http else 0

    def start(self) -> None:
        if self.settings.mode == "http":
            self._http = SlackHttpServer(
                self.bolt, self.settings.http_host, self.settings.http_port
            )
            self._http.start()
            return
        self._stopping.clear()
        self._socket = SocketModeHandler(self.bolt, self.settings.app_token)
        self._connecting = threading.Thread(target=self._connect, name="slack-socket", daemon=True)
        self._connecting.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._connecting is not None:
            self._connecting.join(timeout=10)
            self._connecting = None
        if self._http is not None:
            self._http.stop()
            self._http = None
        if self._socket is not None:
            self._socket.close()  # type: ignore[no-untyped-call]
            self._socket = None

    def state(self) -> ChatState:
        """How the connection stands: ready while Slack can reach the bot."""
        if self._http is not None:
            host = self.settings.http_host
            return ChatState(f"listening for Slack requests on {host}:{self.port}")
        if self.settings.mode == "http":
            return ChatState("not running", "the HTTP server is not running")
        if self._socket is None:
            return ChatState("not running", "Socket Mode is not started")
        if self._socket.client.is_connected():
            return ChatState("connected (Socket Mode)")
        return ChatState("connecting (Socket Mode)", "Socket Mode is not connected")

    def _connect(self) -> None:
        assert self._socket is not None
        wait = self.first_retry
        while not self._stopping.is_set():
            try:
                self._socket.connect()  # type: ignore[no-untyped-call]
            except Exception as error:  # whatever the network or Slack says, try again later
                log.warning(
                    "cannot connect to Slack in Socket Mode (%s); retrying in %gs", error, wait
                )
                if self._stopping.wait(wait):
                    return
                wait = min(wait * 2, MAX_RETRY)
                continue
            log.info("Slack Socket Mode connected")
            return
