"""YAML text of a config file turned into plain values, and errors placed on their line.

Pure: the text comes in as a string. :func:`parse_yaml` is the safe loader with one
strictness added (a key given twice is an error); :func:`with_line` adds to a
:class:`ConfigError` the line of the key its path (``feeds[3].url``) names.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

import yaml

from watchers.errors import ConfigError

_PATH_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class _Loader(yaml.SafeLoader):
    """The safe loader, except that a key given twice in one mapping is an error.

    Plain YAML keeps the last value silently, which hides a copy-paste slip.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: set[Hashable] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            # Unhashable keys are left for the base class to reject.
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def parse_yaml(name: str, source: str) -> object:
    """The value of the YAML text ``source`` of file ``name``.

    Raises :class:`ConfigError` for file ``name`` on bad YAML or a duplicate key, with
    the line and column when YAML gives them.
    """
    try:
        return yaml.load(source, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(name, "", f"invalid YAML{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(name, "", f"invalid YAML: {exc}") from None


def with_line(exc: ConfigError, source: str | None) -> ConfigError:
    """The same error with the line of its path in ``source`` added, when it can be found."""
    line = _line_of(source, exc.path) if source is not None and exc.path else None
    if line is None:
        return exc
    return ConfigError(exc.file, exc.path, f"{exc.message} (line {line})")


def _line_of(source: str, path: str) -> int | None:
    """The line of the deepest node along ``path`` (``feeds[3].url``) that exists."""
    node = yaml.compose(source, Loader=_Loader)
    line = None
    for key, index in _PATH_STEP.findall(path):
        if key and isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if k.value == key]
            if not found:
                break
            line, node = found[0][0].start_mark.line + 1, found[0][1]
        elif index and isinstance(node, yaml.SequenceNode) and int(index) < len(node.value):
            node = node.value[int(index)]
            line = node.start_mark.line + 1
        else:
            break
    return line
