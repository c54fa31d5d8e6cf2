"""A loaded watch configuration, ready to match and label: built once per config."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from watchers.config.file import WatchConfig
from watchers.facts import derive_claim
from watchers.matcher import Matcher
from watchers.model import Claim, Entity, FeedSpec
from watchers.stance import Labeller
from watchers.stance.base import StanceModel


@dataclass(frozen=True)
class Watch:
    """The config with its derived parts: the matcher, claims with facts, the labeller."""

    config: WatchConfig
    matcher: Matcher
    labeller: Labeller
    entities: Mapping[str, Entity]
    claims: Mapping[str, Claim]
    feeds: Mapping[str, FeedSpec]

    @classmethod
    def build(cls, config: WatchConfig, model: StanceModel | None = None) -> Watch:
        matcher = Matcher.build(config.entities)
        claims = tuple(derive_claim(c, matcher) for c in config.claims)
        return cls(
            config=config,
            matcher=matcher,
            labeller=Labeller(claims, matcher, model),
            entities={e.id: e for e in config.entities},
            claims={c.id: c for c in claims},
            feeds={f.id: f for f in config.feeds},
        )

    def entity_name(self, entity_id: str) -> str:
        entity = self.entities.get(entity_id)
        return entity.name_en if entity else entity_id
