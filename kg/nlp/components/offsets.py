"""Character ranges → token spans in bulk, without ``Doc.char_span``'s per-call token walk.

``Doc.char_span`` costs ~10 µs a call and setting ``span._.kg`` ~3 µs; components that create
dozens of spans per document map all their ranges through one array of token offsets instead
(alignment mode "expand") and store the data under the key spaCy's ``Underscore`` uses.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span

from ..spans import FAST_DATA as _FAST_DATA
from ..spans import remember


def token_offsets(doc: Doc) -> numpy.ndarray:
    """``[[start_char, length], …]`` for every token, computed once per document.

    Kept in ``doc.user_data`` for the components that follow (figures, measures); a cached array
    whose length no longer matches the document (a component retokenized it) is recomputed.
    """
    offsets = doc.user_data.get("kg_token_offsets")
    if offsets is None or len(offsets) != len(doc):
        offsets = doc.user_data["kg_token_offsets"] = doc.to_array([IDX, LENGTH])
    return offsets


def spans_for(doc: Doc, ranges: list[tuple[int, int]], label: str,
              data: list[Any] | None = None, offsets: numpy.ndarray | None = None
              ) -> list[Span]:
    """One span per ``(start, end)`` character range, expanded to whole tokens."""
    return _spans_and_rows(doc, ranges, label, data, offsets, True)[0]


def put_spans(doc: Doc, group: str, ranges: list[tuple[int, int]], label: str,
              data: list[Any] | None = None, offsets: numpy.ndarray | None = None,
              sort: bool = False, spans: bool = True) -> None:
    """:func:`spans_for` into ``doc.spans[group]`` (sorted by position when ``sort``).

    The spans' character ranges are remembered with the group (:func:`kg.nlp.spans.remember`)
    so that readers need not build a ``Span`` object per span again. With ``spans=False``
    (``kg extract`` asks for that) only those ranges and the data are kept and no ``Span`` is
    built: :func:`kg.nlp.spans.span_data` reads them the same way.
    """
    rows_only = not spans and _FAST_DATA  # span._.kg needs a Span without the fast layout
    made, rows = _spans_and_rows(doc, ranges, label, data, offsets, not rows_only)
    if sort and len(rows) > 1:
        # the order of sorted(spans, key=(start_char, -end_char)), stable like it
        order = sorted(range(len(rows)), key=lambda i: (rows[i][0], -rows[i][1]))
        rows = [rows[i] for i in order]
        if not rows_only:
            made = [made[i] for i in order]
    if rows_only:
        doc.spans.pop(group, None)  # an older group of that name would hide the rows
    else:
        doc.spans[group] = made
    remember(doc, group, rows, made=not rows_only)


def _spans_and_rows(doc: Doc, ranges: list[tuple[int, int]], label: str,
                    data: list[Any] | None, offsets: numpy.ndarray | None, make: bool
                    ) -> tuple[list[Span], list[tuple[int, int]]]:
    """The spans (when ``make``) and their ``(start_char, end_char)`` after expansion to
    whole tokens."""
    if not ranges or not len(doc):
        return [], []
    if offsets is None:
        offsets = token_offsets(doc)
    if not make and _FAST_DATA:
        rows = _aligned_rows(doc, ranges, offsets)
        if rows is not None:
            if data is not None:
                doc.user_data.update(zip([("._.", "kg", a, b) for a, b in rows], data,
                                         strict=False))
            return [], rows
    starts = offsets[:, 0]
    bounds = numpy.asarray(ranges, dtype=starts.dtype)
    first = (numpy.searchsorted(starts, bounds[:, 0], side="right") - 1).clip(0)
    last = numpy.searchsorted(starts, bounds[:, 1], side="left")
    # character offsets of the expanded spans, as Python ints (numpy scalars are slow)
    span_starts = starts[first].tolist()
    ends_index = last - 1
    span_ends = (starts[ends_index] + offsets[ends_index, 1]).tolist()
    user_data = doc.user_data
    if not make and _FAST_DATA and bool((last > first).all()):
        # rows only (``kg extract``), every range covering a token: no per-range Python loop
        rows = list(zip(span_starts, span_ends, strict=True))
        if data is not None:
            user_data.update(zip([("._.", "kg", a, b) for a, b in rows], data, strict=False))
        return [], rows
    label_id = doc.vocab.strings.add(label)  # an id, not a string: Span() would hash it each time
    spans = []
    rows = []
    for index, (a, b) in enumerate(zip(first.tolist(), last.tolist(), strict=True)):
        if b <= a:
            continue
        row = (span_starts[index], span_ends[index])
        span = Span(doc, a, b, label=label_id) if make else None
        if data is not None:
            if _FAST_DATA:
                user_data[("._.", "kg", *row)] = data[index]
            else:
                span._.kg = data[index]
        if make:
            spans.append(span)
        rows.append(row)
    return spans, rows


def _inside_tokens(doc: Doc, offsets: numpy.ndarray) -> bytes:
    """Per character position (and one past the end): 1 where it lies inside a token (not at
    its start), computed once per document and token layout."""
    cached = doc.user_data.get("kg_token_inside")
    if cached is not None and cached[0] is offsets:
        return cached[1]
    length = int(offsets[-1, 0] + offsets[-1, 1])
    inside = numpy.ones(length + 1, dtype=numpy.uint8)
    inside[offsets[:, 0]] = 0
    inside[length] = 0
    found = inside.tobytes()
    doc.user_data["kg_token_inside"] = (offsets, found)
    return found


def _aligned_rows(doc: Doc, ranges: list[tuple[int, int]], offsets: numpy.ndarray
                  ) -> list[tuple[int, int]] | None:
    """``ranges`` themselves when every one starts and ends on a token boundary and is not
    empty (expansion then changes nothing: most ranges, as tokens are single characters);
    None when some range needs the general path."""
    inside = _inside_tokens(doc, offsets)
    limit = len(inside) - 1
    for start, end in ranges:
        if not (0 <= start < end <= limit) or inside[start] or inside[end]:
            return None
    return [(start, end) for start, end in ranges]
