"""A validated config written back as YAML texts that mean exactly the same.

Pure: :func:`dump_config` returns the texts and leaves where they go to its caller.
"""

from __future__ import annotations

import yaml

from watchers.config.schema import ROUTE_LABELS, RouteSpec, Settings, WatchConfig, format_duration
from watchers.digestpolicy import DEFAULT_MENTIONS, DEFAULT_MIN_RELEVANCE
from watchers.model import Article, Claim, Entity, FeedSpec, SourceRef


def dump_config(config: WatchConfig) -> dict[str, str]:
    """File name to YAML text for every file of ``config``, meaning exactly the same.

    Reading the texts back (``parse_config`` of their ``yaml.safe_load``, with the same
    directory) gives an equal config, and so does loading them from another directory.
    Defaults are left out except in ``settings.yaml``, which spells every setting out.
    """
    documents: dict[str, object] = {
        "entities.yaml": {"entities": [_entity_doc(e) for e in config.entities]},
        "claims.yaml": {"claims": [_claim_doc(c) for c in config.claims]},
        "feeds.yaml": {"feeds": [_feed_doc(f) for f in config.feeds]},
        "routes.yaml": {"routes": [_route_doc(r) for r in config.routes]},
        "settings.yaml": {"settings": _settings_doc(config.settings)},
    }
    if config.articles:
        documents["articles.yaml"] = {"articles": [_article_doc(a) for a in config.articles]}
    return {
        name: yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
        for name, doc in documents.items()
    }


def _compact(**values: object) -> dict[str, object]:
    """The given keys in order, without those holding an empty or false value."""
    return {k: v for k, v in values.items() if v not in ("", [], False, None)}


def _entity_doc(entity: Entity) -> dict[str, object]:
    return {
        "id": entity.id,
        "kind": entity.kind.value,
        "name_en": entity.name_en,
        **_compact(
            name_zh=entity.name_zh,
            aliases=[
                a.text if not a.context else {"text": a.text, "context": list(a.context)}
                for a in entity.aliases
            ],
            unverified=entity.unverified,
            sources=[_source_doc(s) for s in entity.sources],
            note=entity.note,
            numbered_after=entity.numbered_after,
            within=entity.within,
        ),
    }


def _article_doc(article: Article) -> dict[str, object]:
    return {
        "id": article.id,
        **_compact(
            title=article.title,
            description=article.description,
            publisher=article.publisher,
            date=article.date,
            url=article.url,
        ),
    }


def _source_doc(source: SourceRef) -> dict[str, object]:
    return _compact(article=source.article, quote=source.quote, url=source.url)


def _claim_doc(claim: Claim) -> dict[str, object]:
    return {
        "id": claim.id,
        "text": claim.text,
        **_compact(entities=list(claim.entities)),
        "source": _source_doc(claim.source),
        **_compact(retired=claim.retired, note=claim.note),
    }


def _feed_doc(feed: FeedSpec) -> dict[str, object]:
    # Local feeds keep their absolute file:// URL, so the files mean the same wherever
    # they are written (an export usually goes to another directory).
    return {
        "id": feed.id,
        "url": feed.url,
        "interval": format_duration(feed.interval),
        **_compact(language=feed.language, tags=list(feed.tags), title=feed.title),
    }


def _route_doc(route: RouteSpec) -> dict[str, object]:
    labels = [] if route.labels == ROUTE_LABELS else list(route.labels)
    return {
        "id": route.id,
        "destination": route.destination,
        "schedule": str(route.schedule),
        **_compact(entities=list(route.entities), feeds=list(route.feeds), labels=labels),
        **_route_policy(route),
    }


def _route_policy(route: RouteSpec) -> dict[str, object]:
    """The relevance keys that differ from their defaults."""
    out: dict[str, object] = {}
    if route.min_relevance != DEFAULT_MIN_RELEVANCE:
        out["min_relevance"] = route.min_relevance
    if route.mentions != DEFAULT_MENTIONS:
        out["mentions"] = str(route.mentions)
    return out


def _settings_doc(settings: Settings) -> dict[str, object]:
    fetch, admins, matrix = settings.fetch, settings.admins, settings.matrix
    return {
        "fetch": {
            "timeout": format_duration(fetch.timeout),
            "max_bytes": fetch.max_bytes,
            "user_agent": fetch.user_agent,
            "allow_networks": [str(network) for network in fetch.allow_networks],
            "allow_files": [str(path) for path in fetch.allow_files],
        },
        "admins": {
            "slack_users": list(admins.slack_users),
            "slack_groups": list(admins.slack_groups),
            "matrix_users": list(admins.matrix_users),
        },
        "matrix": {
            "command_prefix": matrix.command_prefix,
            "admin_power_level": matrix.admin_power_level,
        },
        "delivery": {"give_up_after": format_duration(settings.delivery.give_up_after)},
        "claims_page": {
            "enabled": settings.claims_page.enabled,
            "public_url": settings.claims_page.public_url,
            "allow_networks": [str(network) for network in settings.claims_page.allow_networks],
        },
    }
