"""Load a framework file into typed objects, with errors that name file, path and problem."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from qcounty.core.framework.model import Framework


class FrameworkError(Exception):
    """A framework file that cannot be used; `problems` holds (path, message) pairs."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {path or '(top level)'}: {message}" for path, message in problems]
        super().__init__("\n".join(lines))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping."""


class _FastUniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same with libyaml's parser (when PyYAML has it): three times faster on a framework.

    Every command line run and every first load in the web reads a framework file. A file it
    refuses is read again by `_UniqueKeyLoader`, whose messages name the problem.
    """


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key '{key}' is given twice", key_node.start_mark
            )
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node)
    return mapping


for _loader in (_UniqueKeyLoader, _FastUniqueKeyLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def bundled_ids() -> list[str]:
    """Return the ids of the frameworks shipped with qcounty."""
    folder = resources.files("qcounty") / "frameworks"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


def resolve(name: str) -> Path:
    """Return the file of a framework given by id or by path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    bundled = resources.files("qcounty") / "frameworks" / f"{name}.yaml"
    return Path(str(bundled))


def load_framework(name: str | Path) -> Framework:
    """Return the framework with this id or at this path, validated."""
    path = resolve(str(name))
    return _load(str(path.resolve()))


@cache
def _load(path: str) -> Framework:
    source = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(source, [("", "no such framework file")]) from None
    except UnicodeDecodeError:
        raise FrameworkError(source, [("", "the file is not UTF-8 text")]) from None
    framework = parse_framework(text, source)
    stem = Path(path).name.removesuffix(".yaml").removesuffix(".yml")
    if stem != framework.id:
        message = (
            f"is '{framework.id}', but the file is named '{Path(path).name}': name the file "
            f"{framework.id}.yaml, so that --framework {framework.id} finds it; a new version "
            "of a scheme is a new file with a new id (e.g. …-2019) and version"
        )
        raise FrameworkError(source, [("id", message)])
    return framework


def parse_framework(text: str, source: str = "<text>") -> Framework:
    """Return the framework written in this YAML text."""
    try:
        try:
            data = yaml.load(text, Loader=_FastUniqueKeyLoader)
        except yaml.YAMLError:
            data = yaml.load(text, Loader=_UniqueKeyLoader)  # worded as the tests and docs show
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e)
        raise FrameworkError(source, [(where, f"not valid YAML: {problem}")]) from None
    if not isinstance(data, dict):
        raise FrameworkError(source, [("", "the file must hold a mapping at its top level")])
    try:
        return Framework.model_validate(data)
    except ValidationError as e:
        problems: list[tuple[str, str]] = []
        for err in e.errors():
            if err["type"] == "framework_problems":
                problems += [
                    (path + _indicator_note(path, data), message)
                    for path, message in err["ctx"]["problems"]
                ]
            else:
                problems.append((_path(err["loc"], data), _message(err)))
        raise FrameworkError(source, problems) from None


def _indicator_note(path: str, data: Any) -> str:
    """Return ' (indicator N)' when the path lies inside an indicator."""
    node = data
    number = None
    for part in path.replace("[", ".").replace("]", "").split("."):
        if not part:
            continue
        try:
            node = node[int(part)] if part.isdigit() else node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("number"), int):
            number = node["number"]
    return f" (indicator {number})" if number is not None else ""


def _message(err: Any) -> str:
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def _path(loc: tuple[Any, ...], data: Any) -> str:
    """Return a YAML path such as first_level[2].second_level[0].indicators[3] (indicator 17)."""
    out = ""
    node = data
    number = None
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        elif isinstance(node, dict) and part in node:
            out += f".{part}" if out else str(part)
            node = node[part]
        else:
            continue  # a union's tag, not a key of the file
        if isinstance(node, dict) and isinstance(node.get("number"), int):
            number = node["number"]
    return out + (f" (indicator {number})" if number is not None else "")
