"""Polite fetching of feed documents over HTTP(S) and from local files.

This is the I/O edge of a poll. It asks only for what changed (conditional GET),
bounds every wait and every body, and turns all network and HTTP trouble into
one ``FetchError`` that says what went wrong. :func:`fetch` picks the way by the URL's
scheme: :mod:`watchers.fetch.http` or :mod:`watchers.fetch.file`, both reading the
body through :mod:`watchers.fetch.body`; the headers are :mod:`watchers.fetch.headers`'.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from watchers.errors import FetchError
from watchers.fetch.client import FetchClient
from watchers.fetch.file import fetch_file
from watchers.fetch.guard import AddressGuard
from watchers.fetch.headers import parse_retry_after
from watchers.fetch.http import fetch_http
from watchers.fetch.policy import FetchPolicy
from watchers.model import FeedState, FetchResult

__all__ = ["FetchClient", "FetchPolicy", "fetch", "parse_retry_after"]


def fetch(
    url: str,
    state: FeedState,
    settings: FetchPolicy,
    *,
    client: FetchClient | None = None,
) -> FetchResult:
    """Fetch ``url``, conditionally on the validators stored in ``state``.

    Returns a ``FetchResult`` with status 304 (empty body, validators kept) when
    nothing changed, else the 2xx status, the decompressed body, lower-cased
    headers and the new validators. ``result.url`` is the URL the body came
    from, after redirects. ``file://`` URLs read a local file whose mtime is its
    Last-Modified. Raises ``FetchError`` (and nothing else) on timeouts,
    connection failures, HTTP errors (with ``status`` and, for 429/503,
    ``retry_after``), bodies over ``settings.max_bytes``, too many redirects and
    unsupported URLs, connections the address guard refuses (on any redirect
    hop) and files outside ``settings.file_roots``. ``client`` is used when
    given (and left open), and must guard ``settings.allow_networks``; without
    one, a client is built for this fetch alone. Redirects and timeouts follow
    ``settings`` either way.
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme == "file":
        return fetch_file(url, state, settings)
    if scheme not in ("http", "https"):
        raise FetchError(url, f"unsupported URL scheme {scheme!r}", kind="url")
    if client is not None:
        return fetch_http(url, state, settings, client)
    with FetchClient(AddressGuard(settings.allow_networks)) as own_client:
        return fetch_http(url, state, settings, own_client)
