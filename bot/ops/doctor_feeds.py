"""The doctor's database and feed checks."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from bot.ops.findings import Finding, ok, problem
from bot.ops.startup import database_label
from watchers.errors import FeedParseError, FetchError
from watchers.fetch.fetcher import FetchPolicy
from watchers.model import FeedSpec, FeedState
from watchers.refresh import read_feed
from watchers.storage import Store
from watchers.storage.database import make_engine

DATABASE_FIX = "start the database server, or correct POLICYWATCH_DATABASE_URL"
# What to do about each kind of fetch error (FetchError.kind).
FEED_FIXES = {
    "http": "open the URL in a browser; correct it in feeds.yaml or remove the feed",
    "timeout": "the server answered too slowly: check the network, or raise settings.fetch.timeout",
    "network": "cannot connect: check the host name, DNS, proxy and firewall",
    "redirect": "point feeds.yaml at the URL the feed finally lives at",
    "too_large": "raise settings.fetch.max_bytes, or use a feed of fewer items",
    "body": "the server sends a broken or unusual encoding: report it to its owner",
    "file": "check that the file exists and is readable by the service user",
    "url": "use an http(s):// or file:// URL",
    "parse": "the URL serves no RSS, Atom or JSON Feed: point feeds.yaml at the feed itself",
}


def check_database(url: str) -> tuple[Finding, Store | None]:
    """Reachable and migrated; the store (unmigrated, never changed) when reachable."""
    label = database_label(url)
    try:
        store = Store(make_engine(url))
        status = store.schema_status()
    except ModuleNotFoundError as error:
        fix = "pip install 'policywatch[postgres]'"
        return problem("database", f"{label}: driver missing ({error.name})", fix), None
    except SQLAlchemyError as error:
        first = str(error).strip().splitlines()[0]
        return problem("database", f"cannot reach {label}: {first}", DATABASE_FIX), None
    if status.current is None:
        return ok("database", f"{label}, empty: policywatch creates its schema on start"), store
    if not status.is_current:
        fix = "back up the database, then start policywatch once: it migrates on start"
        text = f"{label} is at schema {status.current}; this version needs {status.head}"
        return problem("database", text, fix), store
    return ok("database", f"{label}, schema {status.current}"), store


def check_feed(spec: FeedSpec, state: FeedState, policy: FetchPolicy, where: str) -> Finding:
    """One conditional GET (with the stored validators); a changed body must parse.

    ``where`` is the feed's path in feeds.yaml, for the fix.
    """
    subject = f"feed {spec.id}"
    try:
        _, parsed = read_feed(spec, state, policy, None)
    except (FetchError, FeedParseError) as error:
        fix = f"{FEED_FIXES.get(error.kind, 'check the feed')} ({where})"
        return problem(subject, str(error), fix)
    if parsed is None:
        return ok(subject, "not modified since the last poll")
    count = len(parsed.items)
    return ok(subject, f"{count} item{'' if count == 1 else 's'} read")
