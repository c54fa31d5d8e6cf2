"""Who is an admin on Slack: a configured user, or a member of a configured user group."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from http.client import HTTPException

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from watchers.config.schema import AdminSettings

log = logging.getLogger(__name__)

GROUP_TTL = 300.0


class AdminCheck:
    """Answers ``is_admin(user_id)`` from ``settings.admins`` (read afresh each time, so a
    changed config applies at once) and ``usergroups.users.list``, cached for five minutes.

    When Slack cannot say who is in a group, the last known members count; never known
    means nobody from that group is an admin, which fails safe.
    """

    def __init__(
        self,
        client: WebClient,
        admins: Callable[[], AdminSettings],
        *,
        clock: Callable[[], float] = time.monotonic,
        ttl: float = GROUP_TTL,
    ) -> None:
        self.client = client
        self.admins = admins
        self.clock = clock
        self.ttl = ttl
        self._lock = threading.Lock()
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}

    def is_admin(self, user_id: str) -> bool:
        settings = self.admins()
        if user_id in settings.slack_users:
            return True
        return any(user_id in self.members(group) for group in settings.slack_groups)

    def members(self, group: str) -> frozenset[str]:
        with self._lock:
            cached = self._groups.get(group)
        if cached is not None and self.clock() - cached[0] < self.ttl:
            return cached[1]
        try:
            response = self.client.usergroups_users_list(usergroup=group)
        except (SlackApiError, OSError, HTTPException, ValueError) as error:
            log.warning("cannot list members of Slack user group %s: %s", group, error)
            return cached[1] if cached else frozenset()
        users = frozenset(str(u) for u in response.get("users") or [])
        with self._lock:
            self._groups[group] = (self.clock(), users)
        return users
