"""Fetching a feed over HTTP(S): a conditional GET, redirects followed by hand.

Every wait is bounded (connect, read, the whole exchange) and so is the body (see
:mod:`watchers.fetch.body`); all network and HTTP trouble becomes one ``FetchError``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx

from watchers.errors import FetchError
from watchers.fetch.body import read_body
from watchers.fetch.headers import parse_retry_after, request_headers
from watchers.fetch.policy import FetchPolicy
from watchers.model import FeedState, FetchResult


def fetch_http(
    url: str, state: FeedState, policy: FetchPolicy, client: httpx.Client
) -> FetchResult:
    """GET ``url`` with ``client``, as :func:`watchers.fetch.fetcher.fetch` describes for HTTP(S).

    Raises ``FetchError`` (and nothing else) for every failure.
    """
    # Redirects are followed here rather than by httpx so that the limit holds
    # for a caller's client too and a redirect can never lead to a file:// URL.
    deadline = time.monotonic() + policy.total_timeout
    timeout = httpx.Timeout(
        connect=policy.connect_timeout,
        read=policy.read_timeout,
        write=policy.read_timeout,
        pool=policy.connect_timeout,
    )
    headers = request_headers(state, policy)
    try:
        target = httpx.URL(url)
        for _ in range(policy.max_redirects + 1):
            with client.stream(
                "GET", target, headers=headers, timeout=timeout, follow_redirects=False
            ) as response:
                if not response.has_redirect_location:
                    return _read_response(url, state, policy, response, deadline)
                target = _redirect_target(url, response)
    except httpx.TimeoutException as exc:
        raise FetchError(url, _timeout_message(exc, policy), kind="timeout") from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError) as exc:
        raise FetchError(url, f"request failed: {exc or type(exc).__name__}") from None
    raise FetchError(url, f"more than {policy.max_redirects} redirects", kind="redirect")


def _redirect_target(url: str, response: httpx.Response) -> httpx.URL:
    target = response.url.join(response.headers["location"])
    if target.scheme not in ("http", "https"):
        raise FetchError(
            url,
            f"redirect to unsupported URL {target}",
            status=response.status_code,
            kind="redirect",
        )
    return target


def _timeout_message(exc: httpx.TimeoutException, policy: FetchPolicy) -> str:
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return f"connect timeout after {policy.connect_timeout:g}s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"read timeout after {policy.read_timeout:g}s"
    return f"write timeout after {policy.read_timeout:g}s"


def _read_response(
    url: str,
    state: FeedState,
    policy: FetchPolicy,
    response: httpx.Response,
    deadline: float,
) -> FetchResult:
    headers = {name.lower(): value for name, value in response.headers.items()}
    status = response.status_code
    retry_after = _retry_after(headers)
    if status == 304:
        # RFC 9110 section 15.4.5: a 304 may carry fresher validators; otherwise keep ours.
        return FetchResult(
            url=str(response.url),
            status=304,
            headers=headers,
            etag=headers.get("etag", state.etag),
            last_modified=headers.get("last-modified", state.last_modified),
            retry_after=retry_after,
        )
    if not 200 <= status < 300:
        reason = f"HTTP {status} {response.reason_phrase}".rstrip()
        asked = retry_after if status in (429, 503) else None
        raise FetchError(url, reason, status=status, retry_after=asked)
    body = read_body(url, response.iter_raw(), headers, policy, deadline)
    return FetchResult(
        url=str(response.url),
        status=status,
        body=body,
        headers=headers,
        etag=headers.get("etag", ""),
        last_modified=headers.get("last-modified", ""),
        retry_after=retry_after,
    )


def _retry_after(headers: dict[str, str]) -> timedelta | None:
    value = headers.get("retry-after")
    return parse_retry_after(value, datetime.now(UTC)) if value else None
