"""Reading YAML safely: plain data with the line of every value, within fixed limits.

Scenario and experiment files, and ``--set`` values, are read here. Only plain YAML is
accepted: mappings, lists, text, numbers, true/false and null. Every explicit tag
(``!!python/...``, ``!ruby/hash``, even ``!!str``) is refused with its name, and so are
merge keys (``<<``). Anchors and aliases may be used, but the document they expand to
is bounded, as are the file's size and its nesting, so that no file can hang the reader
or exhaust memory.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Path_, Problem, ScenarioError, format_path, show_value

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_VALUES", "SourceMap", "parse_value", "read_yaml"]

#: Largest file read (bytes).
MAX_BYTES = 1_000_000
#: Deepest nesting of lists and mappings.
MAX_DEPTH = 50
#: Most values in a document, counting every value an alias repeats.
MAX_VALUES = 100_000
_MERGE = "tag:yaml.org,2002:merge"
_PLAIN = "plain values: text, numbers, true/false, null, lists and mappings"


@dataclass
class SourceMap:
    """Where each value of a scenario came from: path → (file, line)."""

    where: dict[Path_, tuple[str, int]] = field(default_factory=dict)
    default_file: str = ""

    def locate(self, path: Path_) -> tuple[str, int | None]:
        """The file and line of ``path``, or of its nearest located ancestor."""
        for n in range(len(path), -1, -1):
            hit = self.where.get(tuple(path[:n]))
            if hit:
                return hit
        return self.default_file, None

    def drop(self, prefix: Path_) -> None:
        """Forget every entry at or below ``prefix``."""
        n = len(prefix)
        for key in [k for k in self.where if k[:n] == prefix]:
            del self.where[key]


class _TooDeep(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """The safe loader, noting explicit tags and refusing deep nesting as it composes."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.depth = 0
        self.tagged: dict[int, str] = {}  # id(node) -> the tag written in the file

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return super().compose_node(parent, index)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(problem=f"nested more than {MAX_DEPTH} levels deep",
                           problem_mark=event.start_mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        if event.tag is not None:
            self.tagged[id(node)] = _short_tag(event.tag)
        return node


def _short_tag(tag: str) -> str:
    """A tag as written: ``tag:yaml.org,2002:str`` → ``!!str``."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _expanded_size(root: yaml.Node) -> int:
    """The number of values ``root`` stands for, every alias expanded (without expanding
    them); `ValueError` names the line of an alias that contains itself."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_:
            raise ValueError(node.start_mark.line + 1)
        open_.add(key)
        if isinstance(node, yaml.MappingNode):
            n = 1 + sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            n = 1 + sum(size(item) for item in node.value)
        else:
            n = 1
        open_.discard(key)
        sizes[key] = n
        return n

    return size(root)


class _Walker:
    """Turns a composed document into Python values, noting the line of each."""

    def __init__(self, file: str, src: SourceMap, tagged: dict[int, str]):
        self.file, self.src, self.tagged = file, src, tagged
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node, path: Path_, message: str, **extra: Any) -> None:
        self.problems.append(Problem(self.file, node.start_mark.line + 1, format_path(path),
                                     message, **extra))

    def tag_refused(self, node: yaml.Node, path: Path_) -> bool:
        tag = self.tagged.get(id(node))
        if tag is not None:
            self.problem(node, path, "YAML tags are not allowed", given=tag, allowed=_PLAIN)
        return tag is not None

    def value(self, node: yaml.Node, path: Path_) -> Any:
        self.src.where.setdefault(path, (self.file, node.start_mark.line + 1))
        if self.tag_refused(node, path):
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path, "value")

    def scalar(self, node: yaml.Node, path: Path_, what: str) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as err:
            self.problem(node, path, f"unreadable {what}: {getattr(err, 'problem', err)}")
            return None

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if self.tag_refused(key_node, path):
                continue
            if key_node.tag == _MERGE:
                self.problem(key_node, path, "merge keys ('<<') are not supported",
                             allowed="the keys written out, or an anchor (&name) and alias "
                                     "(*name) for a whole value")
                continue
            before = len(self.problems)
            key = (self.scalar(key_node, path, "key")
                   if isinstance(key_node, yaml.ScalarNode) else [])
            if len(self.problems) > before:
                continue
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.problem(key_node, path, "keys must be plain names",
                             given="a list or mapping" if key == [] else show_value(key))
                continue
            key = key if isinstance(key, str) else str(key)
            if key in out:
                first = self.src.where.get((*path, key), (self.file, None))[1]
                self.problem(key_node, (*path, key), f"duplicate key (first given on line "
                             f"{first}); each key may appear once")
                continue
            self.src.where[(*path, key)] = (self.file, line)
            out[key] = self.value(value_node, (*path, key))
        return out


def _compose(text: str, label: str) -> tuple[yaml.Node | None, dict[int, str]]:
    """The document's node graph and its explicitly tagged nodes; `ScenarioError` if it
    is not one valid YAML document within the limits."""
    try:
        loader = _Loader(text)
        try:
            return loader.get_single_node(), loader.tagged
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        context = err.context or ""
        if err.context_mark and err.problem_mark and (
                err.context_mark.line != err.problem_mark.line):
            context += f" (started on line {err.context_mark.line + 1})"
        what = " ".join(x for x in (context, err.problem) if x)
        allowed = f"at most {MAX_DEPTH} levels" if isinstance(err, _TooDeep) else None
        raise ScenarioError([Problem(label, line, "(file)", f"not valid YAML: {what}",
                                     allowed=allowed)]) from None
    except yaml.YAMLError as err:
        raise ScenarioError([Problem(label, None, "(file)", f"not valid YAML: {err}")]) from None


def parse(text: str, label: str) -> tuple[Any, SourceMap] | None:
    """Python values and a map of their lines from YAML text (None for an empty document).

    Raises `ScenarioError` for malformed YAML, several documents, explicit tags, merge
    keys, a key given twice in one mapping, or a document beyond the limits.
    """
    node, tagged = _compose(text, label)
    if node is None:
        return None
    try:
        size = _expanded_size(node)
    except ValueError as err:
        raise ScenarioError([Problem(label, err.args[0], "(file)",
                                     "an alias refers to a value that contains it",
                                     allowed="aliases of values defined before them")]
                            ) from None
    if size > MAX_VALUES:
        raise ScenarioError([Problem(
            label, None, "(file)", f"the document expands to {size:,} values (through "
            "anchors and aliases)", allowed=f"at most {MAX_VALUES:,}")])
    src = SourceMap(default_file=label)
    walker = _Walker(label, src, tagged)
    value = walker.value(node, ())
    if walker.problems:
        raise ScenarioError(walker.problems)
    return value, src


#: What a scenario file holds at the least, said when one is empty.
SCENARIO_CONTENT = "a mapping with at least a 'programmes' or 'extends' key (see docs/scenarios.md)"


def read_yaml(path: Path, label: str, content: str = SCENARIO_CONTENT
              ) -> tuple[Any, SourceMap]:
    """Parse one YAML file into Python values and a map of their line numbers.

    Raises `ScenarioError` for an unreadable, oversized, non-UTF-8 or empty file (saying
    that it should hold ``content``), and for whatever `parse` refuses.
    """
    text = _read_text(path, label)
    parsed = parse(text, label)
    if parsed is None:
        raise ScenarioError([Problem(label, None, "(file)", "the file is empty",
                                     allowed=content)])
    return parsed


def _read_text(path: Path, label: str) -> str:
    """The file's text: UTF-8 (with or without a byte order mark), at most `MAX_BYTES`."""
    def refuse(message: str, allowed: str | None = None) -> ScenarioError:
        return ScenarioError([Problem(label, None, "(file)", message, allowed=allowed)])

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise refuse("no such file") from None
    except IsADirectoryError:
        raise refuse("is a directory", "a .yaml file") from None
    except OSError as err:
        raise refuse(f"cannot read the file: {err.strerror or err}") from None
    if len(data) > MAX_BYTES:
        raise refuse(f"the file is larger than {MAX_BYTES:,} bytes",
                     f"at most {MAX_BYTES:,} bytes")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise refuse("the file is UTF-16 text", "UTF-8 text (save the file as UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise refuse(f"not UTF-8 text (byte 0x{data[err.start]:02x} at position {err.start})",
                     "UTF-8 text (save the file as UTF-8)") from None


def parse_value(text: str, label: str) -> Any:
    """One value given as YAML text (a ``--set`` value); `ScenarioError` as `parse`."""
    if len(text) > MAX_BYTES:
        raise ScenarioError([Problem(label, None, "(value)", "the value is too long",
                                     allowed=f"at most {MAX_BYTES:,} characters")])
    parsed = parse(text, label)
    return None if parsed is None else parsed[0]
