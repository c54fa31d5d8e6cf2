"""Fetching a feed over HTTP(S): a conditional GET, redirects followed by hand.

Every wait is bounded (connect, read, the whole exchange) and so is the body (see
:mod:`watchers.fetch.body`); every hop goes through the address guard of the
:class:`FetchClient`; all network and HTTP trouble becomes one ``FetchError``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import httpx

from watchers.errors import AddressRefused, FetchError
from watchers.fetch.body import read_body
from watchers.fetch.client import FetchClient
from watchers.fetch.headers import parse_retry_after, request_headers
from watchers.fetch.policy import FetchPolicy
from watchers.model import FeedState, FetchResult


def fetch_http(url: str, state: FeedState, policy: FetchPolicy, client: FetchClient) -> FetchResult:
    """GET ``url`` through ``client``, as :func:`watchers.fetch.fetcher.fetch` says for HTTP(S).

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
    target: httpx.URL | None = None  # where a redirect led, once one did
    try:
        with client.deadline(deadline):
            for _ in range(policy.max_redirects + 1):
                with client.http.stream(
                    "GET", target or url, headers=headers, timeout=timeout, follow_redirects=False
                ) as response:
                    if not response.has_redirect_location:
                        return _read_response(url, state, policy, response, deadline)
                    target = _redirect_target(url, response)
    except AddressRefused as exc:
        hop = f"redirect to {target}: " if target else ""
        raise FetchError(url, f"{hop}{exc}", kind="address") from None
    except httpx.TimeoutException as exc:
        raise FetchError(url, _timeout_message(exc, policy, deadline), kind="timeout") from None
    except httpx.RemoteProtocolError:
        # The parser's message quotes what came (an SSH banner, a database's greeting).
        raise FetchError(url, "request failed: the answer is not valid HTTP") from None
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


def _timeout_message(exc: httpx.TimeoutException, policy: FetchPolicy, deadline: float) -> str:
    if time.monotonic() >= deadline:
        return f"timeout: no complete answer within {policy.total_timeout:g}s"
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
        # The standard phrase, not the server's: a reason line is the server's own text.
        reason = f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()
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
