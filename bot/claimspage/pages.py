"""The claims page's answers on the ops endpoint: ``/claims`` (every claim, filtered by
``?entity=`` and ``?label=``) and ``/claims/<id>`` (one claim, its chart and all its
evidence), with the stylesheet and script they use.

Off unless ``settings.claims_page.enabled``: then every path here is a 404, as for any
path the endpoint does not serve. It answers clients on loopback and in
``claims_page.allow_networks`` only (403 otherwise), read at each request, so that a
config reload applies at once. Pages are rendered by Jinja2 with autoescaping on, so
text from feeds is always text; links inside the page are relative, so that it works
behind a reverse proxy under any prefix, and it loads nothing from elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from importlib.resources import files
from ipaddress import ip_address
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy.exc import SQLAlchemyError

from bot.claimspage.views import (
    LABELS,
    FilterError,
    Filters,
    claim_view,
    list_view,
    parse_filters,
)
from bot.ops.server import Answer, Pages
from bot.service import Service
from watchers.fetch.guard import IPNetwork

log = logging.getLogger(__name__)

ROOT = "/claims"
HTML = "text/html; charset=utf-8"
# Scripts and styles from this page only; nothing inline, nothing from elsewhere.
_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-cache"),
)
# Claim ids hold no dot (watchers.config.values.RECORD_ID), so these never hide a claim.
_STATIC = {"page.css": "text/css; charset=utf-8", "page.js": "text/javascript; charset=utf-8"}


def claims_pages(service: Service) -> Pages:
    """The claims page of ``service``, for :class:`bot.ops.server.OpsServer`."""
    environment = Environment(
        loader=PackageLoader("bot.claimspage", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["labels"] = [s.value for s in LABELS]

    def answer(path: str, query: str, client: str) -> Answer | None:
        if path != ROOT and not path.startswith(ROOT + "/"):
            return None
        settings = service.watch.config.settings.claims_page
        if not settings.enabled:
            return None
        if not allowed(client, settings.allow_networks):
            return Answer(403, b"forbidden: not on loopback or in claims_page.allow_networks\n")
        try:
            return _route(service, environment, path.removeprefix(ROOT), query)
        except SQLAlchemyError as error:
            log.warning("claims page: the database could not be read: %s", error)
            return Answer(503, b"the claims page cannot read the database now\n")

    return answer


def allowed(client: str, networks: Sequence[IPNetwork]) -> bool:
    """Whether a client at address ``client`` may read the page: on loopback, or in
    ``networks``."""
    try:
        address = ip_address(client.partition("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 on a dual-stack socket
    address = mapped or address
    return address.is_loopback or any(address in network for network in networks)


def _route(service: Service, environment: Environment, rest: str, query: str) -> Answer:
    if rest == "/":  # the list lives at /claims: relative links count from there
        return Answer(308, b"", headers=(("Location", "../claims"),))
    name = rest.removeprefix("/")
    if "/" in name:
        return Answer(404, b"not found\n")
    if name in _STATIC:
        data = files("bot.claimspage").joinpath("static", name).read_bytes()
        return Answer(200, data, _STATIC[name], _HEADERS)
    # Relative links: from /claims the pages are under claims/, from /claims/ID beside it.
    links = {"base": "claims/", "home": "claims"} if not name else {"base": "", "home": "../claims"}
    try:
        filters = parse_filters(query, service.watch)
    except FilterError as error:
        return _page(environment, "error.html", 400, message=str(error), **links)
    if not name:
        view = list_view(service, filters)
        return _page(environment, "claims.html", 200, view=view, filters=filters, **links)
    claim = claim_view(service, name, Filters(label=filters.label))
    if claim is None:
        return _page(environment, "error.html", 404, message=f"no claim {name!r}", **links)
    return _page(environment, "claim.html", 200, claim=claim, filters=filters, **links)


def _page(environment: Environment, template: str, status: int, **values: Any) -> Answer:
    body = environment.get_template(template).render(**values).encode("utf-8")
    return Answer(status, body, HTML, _HEADERS)
