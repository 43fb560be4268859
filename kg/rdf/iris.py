"""Deterministic, readable IRIs for everything kg puts in the graph.

The same input gives the same IRIs, so two builds give the same graph and the same document
cited from two sources is one node. IRIs keep Chinese characters (RFC 3987 allows them) and
percent-encode only what an IRI path segment may not hold.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from pyoxigraph import NamedNode

from .namespaces import DEFAULT_BASE, MEASURE

# Hex digits of the source SHA-256 kept in evidence and figure IRIs: 64 bits tell sources apart
# (the source node itself keeps the full hash).
SOURCE_KEY_LENGTH = 16

# RFC 3987 ipchar, ASCII part: iunreserved + sub-delims + ":" + "@".
_ASCII_OK = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")


def _is_ucschar(code: int) -> bool:
    """RFC 3987 ``ucschar``: non-ASCII characters an IRI may hold unencoded."""
    if 0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF:
        return True
    if 0x10000 <= code <= 0xEFFFD:
        return (code & 0xFFFF) <= 0xFFFD and not (0xE0000 <= code <= 0xE0FFF)
    return False


def escape_segment(text: str, keep: str = "") -> str:
    """Percent-encode what an IRI path segment may not contain (``/`` too, unless kept)."""
    out = []
    for char in text:
        if char in _ASCII_OK or char in keep or (ord(char) >= 0xA0 and _is_ucschar(ord(char))):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def short_digest(*parts: str, length: int = 12) -> str:
    """A short stable digest (to tell apart facts that share a source and offsets)."""
    joined = "\x1f".join(parts).encode("utf-8")
    return hashlib.sha1(joined, usedforsecurity=False).hexdigest()[:length]


@lru_cache(maxsize=8192)
def _node(base: str, segments: tuple[str, ...]) -> NamedNode:
    return NamedNode(base + "/".join(escape_segment(s.strip()) for s in segments))


@lru_cache(maxsize=4096)
def _measure(concept: str) -> NamedNode:
    if concept.startswith(("http://", "https://")):
        return NamedNode(concept)
    return NamedNode(MEASURE + escape_segment(concept.strip()))


@lru_cache(maxsize=8192)
def _document(base: str, key: str) -> NamedNode:
    return NamedNode(base + "doc/" + "/".join(
        escape_segment(part.strip()) for part in key.split("|")))


class Iris:
    """IRI factory for one base (default https://w3id.org/kgpolicy/id/)."""

    def __init__(self, base: str = DEFAULT_BASE):
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base
        self.ontology_graph = NamedNode(base + "graph/ontology")
        self.summary_graph = NamedNode(base + "graph/summary")

    def _node(self, *segments: str) -> NamedNode:
        return _node(self.base, segments)

    # -- sources and where facts come from -------------------------------------------------
    def source(self, sha256: str) -> NamedNode:
        return NamedNode(f"{self.base}source/{sha256}")

    def graph(self, sha256: str) -> NamedNode:
        """The named graph holding every fact extracted from one source."""
        return NamedNode(f"{self.base}graph/{sha256}")

    def span(self, sha256: str, start: int | None, end: int | None) -> NamedNode:
        """A span of a source's text (``…/evidence/<sha16>/<start>-<end>``), or the whole text."""
        where = "text" if start is None or end is None else f"{start}-{end}"
        return NamedNode(f"{self.base}evidence/{sha256[:SOURCE_KEY_LENGTH]}/{where}")

    def annotation(self, sha256: str, start: int | None, end: int | None, *key: str
                   ) -> NamedNode:
        """The evidence annotation for one fact stated at one span."""
        span = self.span(sha256, start, end).value
        return NamedNode(f"{span}/{short_digest(*key, length=8)}")

    # -- things ----------------------------------------------------------------------------
    def document(self, key: str) -> NamedNode:
        """A document by its identity key: the normalised number (``doc/沈民〔2018〕65号``), or
        issuers and title, which the key separates with ``|`` (``doc/民政部、中央组织部/关于…``)."""
        return _document(self.base, key)

    def source_document(self, sha256: str) -> NamedNode:
        """A document with neither number nor title: known only as the source itself."""
        return NamedNode(f"{self.base}doc/_source/{sha256}")

    def organisation(self, name: str) -> NamedNode:
        return self._node("org", name)

    def region(self, code: str) -> NamedNode:
        return self._node("region", code)

    def measure(self, concept: str) -> NamedNode:
        """Measures are the SKOS scheme's own concepts."""
        return _measure(concept)

    def program(self, name: str) -> NamedNode:
        return self._node("program", name)

    def figure(self, sha256: str, start: int, end: int) -> NamedNode:
        return NamedNode(f"{self.base}figure/{sha256[:SOURCE_KEY_LENGTH]}/{start}-{end}")

    def spread(self, sha256: str, sentence: tuple[int, int], concept: str, origin: str,
               adopter: str) -> NamedNode:
        """A measure taken over from one region by another, as one sentence of a source says."""
        return self._node("spread", sha256[:SOURCE_KEY_LENGTH], f"{sentence[0]}-{sentence[1]}",
                          concept, origin, adopter)

    def adoption(self, region_code: str, concept: str, year: int | None) -> NamedNode:
        return self._node("adoption", region_code, concept, str(year) if year else "undated")

    def meeting(self, name: str) -> NamedNode:
        return self._node("meeting", name)

    def proposal(self, *key: str) -> NamedNode:
        return self._node("proposal", *key)

    def proposer(self, scope: str, name: str) -> NamedNode:
        return self._node("proposer", scope, name)
