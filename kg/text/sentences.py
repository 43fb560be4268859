"""Sentence spans for evidence: a sentence ends at 。！？； (kept) or a line break (not kept).

Boundaries inside protected ranges (titles in 《》) are ignored, so a title holding a ；never
splits its sentence. Nothing is precomputed: a span is found by searching outwards from an
offset (two regular-expression searches), which is cheaper than splitting a whole page for the handful of
sentences that cite something (the boundary before an offset is found in the reversed text).
"""

from __future__ import annotations

import re
from bisect import bisect_right

_BOUNDARY = re.compile(r"[。！？；!?;\n]")


class Sentences:
    """The sentences of one text, looked up by character offset."""

    def __init__(self, text: str, protected: list[tuple[int, int]] | None = None):
        self.text = text
        self._ranges = sorted(protected or [])
        self._starts = [start for start, _ in self._ranges]
        self._reversed: str | None = None  # searched for the boundary before an offset

    def _protected(self, at: int) -> bool:
        if self.text[at] == "\n":
            return False  # a title never holds a line break
        index = bisect_right(self._starts, at) - 1
        return index >= 0 and self._ranges[index][0] <= at < self._ranges[index][1]

    def span(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding ``offset``, without surrounding spaces."""
        text = self.text
        pos, end = offset, len(text)
        while (match := _BOUNDARY.search(text, pos)) is not None:
            at = match.start()
            if not self._protected(at):
                end = at if text[at] == "\n" else at + 1
                break
            pos = at + 1
        if self._reversed is None:
            self._reversed = text[::-1]
        size, pos, start = len(text), len(text) - offset, 0
        while (match := _BOUNDARY.search(self._reversed, pos)) is not None:
            at = size - 1 - match.start()
            if not self._protected(at):
                start = at + 1
                break
            pos = match.start() + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end
