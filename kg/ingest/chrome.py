"""Page chrome in text copied from a web page: find it so extraction can skip it.

Chrome is masked, not cut: the canonical text keeps every character so offsets stay true to the
file, and ``SourceDocument.extraction_text`` blanks the masked ranges.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(resources.files("kg.data").joinpath("chrome.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _line_patterns() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _rules()["line"]), re.I)


def _is_prose(line: str) -> bool:
    """Chrome is short labels and link lists; a long line with a full stop is a sentence of the
    body even when it mentions a chrome phrase (投诉举报电话, 技术支持)."""
    prose = _rules()["prose"]
    return len(line.strip()) >= prose["min_chars"] and prose["sentence_end"] in line


def chrome_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line that is page chrome (menus, footers, filing numbers …)."""
    pattern = _line_patterns()
    ranges = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        line = piece.rstrip("\r\n")
        if line.strip() and pattern.search(line) and not _is_prose(line):
            ranges.append((pos, pos + len(line)))
        pos += len(piece)
    return ranges
