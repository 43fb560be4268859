"""Canned queries: the ``.rq`` files in ``kg/queries``, each with a header that documents it.

Header lines are SPARQL comments at the top of the file::

    # title: What a document cites
    # group: citations
    # description: The documents DOC cites … (further "#   " lines continue a field)
    # param: doc (doc) = 缓解社工压力 — the citing document: 发文字号, title or source path
    # pivot: measure region documents

A parameter is ``NAME (TYPE) = DEFAULT — description``; the type defaults to ``string``; a
parameter without a default is optional and, when not given, stays unbound (matches anything).
``pivot: ROW COLUMN VALUE`` asks for the long rows to be shown as a matrix. Files whose names
start with ``_`` are helpers (parameter resolution) and are not listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..errors import KgError

PARAM_TYPES = ("doc", "org", "region", "measure", "node", "predicate", "string", "zh",
               "integer")
_FIELD = re.compile(r"^#\s*([a-z]+):\s?(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_PARAM = re.compile(r"^(?P<name>[A-Za-z_]\w*)\s*(?:\((?P<type>\w+)\))?\s*"
                    r"(?:=\s*(?P<default>.*?))?\s*(?:—\s*(?P<doc>.*))?$")


@dataclass(frozen=True)
class Param:
    """One parameter of a canned query: bound as ``?name`` through a VALUES block."""

    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""

    @property
    def optional(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class CannedQuery:
    name: str
    text: str
    title: str = ""
    group: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    pivot: tuple[str, str, str] | None = None
    fields: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def usage(self) -> str:
        """``NAME [--param doc=…] …`` as one line (for --list and error messages)."""
        parts = [self.name]
        for p in self.params:
            shown = p.default if p.default else "…"
            parts.append(f"[--param {p.name}={shown}]")
        return " ".join(parts)


def _parse_param(line: str, query: str) -> Param:
    match = _PARAM.match(line.strip())
    if not match:
        raise KgError(f"query {query}: cannot read parameter line {line!r}")
    kind = match.group("type") or "string"
    if kind not in PARAM_TYPES:
        raise KgError(f"query {query}: parameter type {kind!r} is not one of "
                      f"{', '.join(PARAM_TYPES)}")
    default = match.group("default")
    return Param(match.group("name"), kind, default if default else None,
                 (match.group("doc") or "").strip())


def parse_query(name: str, text: str) -> CannedQuery:
    """A canned query from its name and its text (header comments, then SPARQL)."""
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            last = None
            continue
        if (cont := _CONTINUATION.match(line)) and last:
            if last == "param":
                params[-1] = Param(params[-1].name, params[-1].type, params[-1].default,
                                   (params[-1].description + " " + cont.group(1)).strip())
            else:
                fields[last][-1] += " " + cont.group(1).strip()
            continue
        match = _FIELD.match(line)
        if not match:
            last = None
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            params.append(_parse_param(value, name))
        else:
            fields.setdefault(key, []).append(value)
        last = key
    pivot = None
    if "pivot" in fields:
        parts = fields["pivot"][0].split()
        if len(parts) != 3:
            raise KgError(f"query {name}: pivot needs ROW COLUMN VALUE")
        pivot = (parts[0], parts[1], parts[2])
    flat = {key: " ".join(values) for key, values in fields.items()}
    return CannedQuery(name=name, text=text, title=flat.get("title", ""),
                       group=flat.get("group", ""), description=flat.get("description", ""),
                       params=tuple(params), pivot=pivot, fields=flat)


@lru_cache(maxsize=1)
def _all_queries() -> dict[str, CannedQuery]:
    folder = resources.files("kg") / "queries"
    found: dict[str, CannedQuery] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = parse_query(name, entry.read_text(encoding="utf-8"))
    return found


def canned_queries() -> list[CannedQuery]:
    """The listed canned queries, by group then name."""
    groups = ["citations", "issuers", "measures", "figures", "evidence"]
    listed = [q for name, q in _all_queries().items() if not name.startswith("_")]
    return sorted(listed, key=lambda q: (groups.index(q.group) if q.group in groups
                                         else len(groups), q.group, q.name))


def get_query(name: str) -> CannedQuery:
    """A canned (or helper) query by name; KgError naming the known ones if there is none."""
    queries = _all_queries()
    if name.endswith(".rq"):
        name = name[:-3]
    if name not in queries:
        known = ", ".join(q.name for q in canned_queries())
        raise KgError(f"no canned query named {name!r} (known: {known})")
    return queries[name]
