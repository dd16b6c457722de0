"""Read a record's YAML keeping the line and column of every field, so problems can say where."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from raresite.problems import Problem

FieldPath = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file: plain Python values, and where each field was written."""

    file: str
    data: object = None
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Fields whose value was refused while reading; the record model's complaints about them, or
    # about the parts that hold them, would only repeat the problem.
    refused: set[FieldPath] = field(default_factory=set)

    def follows_from_refused(self, path: FieldPath) -> bool:
        return any(path[: len(r)] == r or r[: len(path)] == path for r in self.refused)

    def where(self, path: FieldPath) -> tuple[int, int]:
        """The line and column of the field at path, or of its nearest parent that was written."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                return self.positions[path[:end]]
        return (1, 1)

    def problem(self, path: FieldPath, message: str) -> Problem:
        line, column = self.where(path)
        return Problem(self.file, line, column, format_path(path), message)


def shown_path(path: Path, base: Path) -> str:
    """How problems name a file: relative to base (the project) where it lies inside it."""
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def format_path(path: FieldPath) -> str:
    """('phenotypes', 3, 'hpo') -> 'phenotypes[3].hpo'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def read_yaml(path: Path, shown_as: str, raw: bytes | None = None) -> YamlDocument:
    """Parse one YAML file (its bytes as read, where given); problems are collected in the
    result, never raised."""
    document = YamlDocument(file=shown_as)
    raw = path.read_bytes() if raw is None else raw
    try:
        # utf-8-sig drops a byte-order mark that some Windows editors write.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        document.problems.append(Problem(
            shown_as, line, 1, "",
            f"the file is not UTF-8 text (expected UTF-8, got byte 0x{raw[error.start]:02x})",
        ))
        return document
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        refused = _refused_shape(text, shown_as)
        if refused is not None:
            document.problems.append(refused)
            return document
        nodes = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = str(error.problem or error.context or "unreadable YAML")
        if error.context and error.problem:
            started = error.context_mark
            where = f" (started on line {started.line + 1}, column {started.column + 1})" if started else ""
            what = f"{error.context}{where}: {error.problem}"
        document.problems.append(Problem(
            shown_as, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "",
            f"YAML syntax error: {what}",
        ))
        return document
    except yaml.YAMLError as error:
        document.problems.append(Problem(shown_as, 1, 1, "", f"YAML syntax error: {error}"))
        return document
    if not nodes or nodes[0] is None:
        document.problems.append(Problem(
            shown_as, 1, 1, "", "the file is empty (expected a disease record: a mapping of fields)",
        ))
        return document
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        document.problems.append(Problem(
            shown_as, mark.line + 1, mark.column + 1, "",
            "expected one YAML document per file, got more (a second '---' line)",
        ))
        return document
    root = nodes[0]
    if not isinstance(root, MappingNode):
        document.problems.append(Problem(
            shown_as, root.start_mark.line + 1, root.start_mark.column + 1, "",
            f"expected a disease record (a mapping of fields), got {_kind(root)}",
        ))
        return document
    constructor = yaml.SafeLoader("")
    document.data = _to_python(root, (), document, constructor)
    return document


# A record nests five levels deep at most; far deeper nesting is an attack on the parser (a
# thousand levels overflowed Python's stack, a hundred thousand libyaml's).
DEEPEST = 20


def _refused_shape(text: str, shown_as: str) -> Problem | None:
    """Aliases and nesting deeper than DEEPEST, found in the parser's events before any tree is
    built: an alias can repeat a part of the file exponentially (a few lines took 38 s and all the
    memory), and a record needs none."""
    depth = 0
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    events = yaml.parse(text, Loader=loader)
    while True:
        try:
            event = next(events, None)
        except yaml.YAMLError:
            return None  # a syntax error: reported by _compose, in its own words
        if event is None:
            return None
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            return Problem(shown_as, mark.line + 1, mark.column + 1, "",
                           f"expected plain values, got the YAML alias *{event.anchor} (anchors and aliases "
                           "are not allowed in records: write the value out)")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > DEEPEST:
                mark = event.start_mark
                return Problem(shown_as, mark.line + 1, mark.column + 1, "",
                               f"expected a record nested at most {DEEPEST} levels deep, got deeper nesting")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _compose(text: str) -> list[Node]:
    """The file's documents as nodes: libyaml where it is installed (ten times faster)."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return list(yaml.compose_all(text, Loader=fast))
        except yaml.YAMLError:
            pass  # parsed again below, so a syntax error reads the same with or without libyaml
    return list(yaml.compose_all(text, Loader=yaml.SafeLoader))


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    return f"the value {node.value!r}"


# The only kinds of value a record holds; anything else (!!binary, !!python/..., !!set) is refused.
_PLAIN_TAGS = {f"tag:yaml.org,2002:{kind}" for kind in
               ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


_STR = "tag:yaml.org,2002:str"


def _to_python(node: Node, path: FieldPath, document: YamlDocument, constructor) -> object:
    if node.tag not in _PLAIN_TAGS:
        mark = node.start_mark
        document.problems.append(Problem(
            document.file, mark.line + 1, mark.column + 1, format_path(path),
            f"expected a plain value, got the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} "
            "(tags are not allowed in records)",
        ))
        document.refused.add(path)
        return None
    if isinstance(node, MappingNode):
        result: dict[str, object] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            if not isinstance(key_node, ScalarNode):
                document.problems.append(Problem(
                    document.file, key_mark.line + 1, key_mark.column + 1, _field(path),
                    f"expected a field name, got {_kind(key_node)}",
                ))
                continue
            key = str(key_node.value)
            if key in first_seen:
                document.problems.append(Problem(
                    document.file, key_mark.line + 1, key_mark.column + 1,
                    _field(path + (key,)),
                    f"duplicate field (expected each field once, got a second '{key}'; "
                    f"the first is on line {first_seen[key]})",
                ))
                continue
            first_seen[key] = key_mark.line + 1
            document.positions[path + (key,)] = (key_mark.line + 1, key_mark.column + 1)
            result[key] = _to_python(value_node, path + (key,), document, constructor)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            document.positions[path + (index,)] = (
                item.start_mark.line + 1, item.start_mark.column + 1,
            )
            items.append(_to_python(item, path + (index,), document, constructor))
        return items
    if node.tag == _STR:
        return node.value  # what the constructor would return, for most of a record's values
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError:
        # An impossible date such as 2026-02-30 matches YAML's timestamp pattern but cannot be
        # built; keep the text so the record model reports it with its field and line.
        return node.value


def _field(path: FieldPath) -> str:
    return format_path(path)
