"""Helpers shared by the kg spaCy components: span extension and offset-safe span creation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

if not Span.has_extension("kg"):
    # Structured data a component parsed for a span (a normalised number, a concept id …).
    Span.set_extension("kg", default=None)


def _underscore_key_works() -> bool:
    """Whether ``span._.kg`` lives in ``doc.user_data[("._.", "kg", start_char, end_char)]``
    (spaCy's layout for a plain extension with a default): then components and extractors read
    and write it there directly, without an ``Underscore`` object per span (~2 µs each)."""
    if Span.get_extension("kg") != (None, None, None, None):
        return False
    doc = Doc(Vocab(), words=["a", "bc", "d"], spaces=[False, False, False])
    span = Span(doc, 1, 2)
    span._.kg = "probe"
    return doc.user_data.get(("._.", "kg", 1, 3)) == "probe" and Span(doc, 1, 2)._.kg == "probe"


FAST_DATA = _underscore_key_works()


_ROWS = "kg_span_rows"


def remember(doc: Doc, group: str, rows: list[tuple[int, int]], made: bool = True) -> None:
    """Keep the ``(start_char, end_char)`` of every span of group ``group``, in order.

    Iterating a span group builds a ``Span`` object per span (about 2 µs each); readers use
    these rows instead while ``doc.spans[group]`` is the group they were made for, with as many
    spans. ``made=False``: the component made no span group (only rows and data), and the rows
    stand for the group until one of that name is set.
    """
    cache = doc.user_data.get(_ROWS)
    if cache is None:
        cache = doc.user_data[_ROWS] = {}
    cache[group] = (doc.spans[group] if made else None, rows)


def _rows(doc: Doc, group: str) -> list[tuple[int, int]] | None:
    """The remembered rows of the group, or None if it changed since (then read the spans)."""
    cached = doc.user_data.get(_ROWS, {}).get(group)
    if cached is None:
        return None
    owner, rows = cached
    spans = doc.spans.get(group)
    if owner is None:
        return rows if spans is None else None
    if spans is not owner or len(spans) != len(rows):
        return None
    return rows


def span_ranges(doc: Doc, group: str) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of every span of group ``group`` in order."""
    rows = _rows(doc, group)
    if rows is not None:
        return list(rows)
    spans = doc.spans.get(group)
    if not spans:
        return []
    return [(span.start_char, span.end_char) for span in spans]


def span_data(doc: Doc, group: str) -> Iterator[tuple[int, int, Any]]:
    """``(start_char, end_char, span._.kg)`` for every span of group ``group`` in order."""
    if FAST_DATA:
        rows = _rows(doc, group)
        if rows is None:
            spans = doc.spans.get(group)
            if not spans:
                return
            rows = [(span.start_char, span.end_char) for span in spans]
        get = doc.user_data.get
        for start, end in rows:
            yield start, end, get(("._.", "kg", start, end))
    else:
        for span in doc.spans.get(group, ()):
            yield span.start_char, span.end_char, span._.kg


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, cached by the tokenizer.

    ``Doc.text`` rebuilds the string from every token on each access (about 8 µs per 1,000
    characters); components call this instead.
    """
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def make_span(doc: Doc, start: int, end: int, label: str, data: Any = None) -> Span | None:
    """A span for character offsets ``[start, end)``, expanded to token boundaries if needed."""
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        return None
    if data is not None:
        span._.kg = data
    return span


def set_group(doc: Doc, group: str, spans: list[Span]) -> None:
    """Store ``spans`` (None entries dropped) in ``doc.spans[group]`` sorted by position."""
    doc.spans[group] = sorted((s for s in spans if s is not None),
                              key=lambda s: (s.start_char, -s.end_char))
