"""Page chrome in text copied from a web page: find it so extraction can skip it.

Chrome is masked, not cut: the canonical text keeps every character so offsets stay true to the
file, and ``SourceDocument.extraction_text`` blanks the masked ranges.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(resources.files("kg.data").joinpath("chrome.json").read_text("utf-8"))


@dataclass(frozen=True, slots=True)
class _LineRules:
    pattern: re.Pattern[str]
    prose_min_chars: int
    sentence_end: str


@lru_cache(maxsize=1)
def _line_rules() -> _LineRules:
    rules = _rules()
    prose = rules["prose"]
    return _LineRules(re.compile("|".join(f"(?:{p})" for p in rules["line"]), re.I),
                      int(prose["min_chars"]), prose["sentence_end"])


def chrome_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line that is page chrome (menus, footers, filing numbers …).

    Body prose is recognised first (a cheap test) and never searched: most of a document's
    characters are in such lines, so the patterns only run over the short ones.
    """
    rules = _line_rules()
    search = rules.pattern.search
    min_chars, sentence_end = rules.prose_min_chars, rules.sentence_end
    ranges = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        line = piece.rstrip("\r\n")
        stripped = line.strip()
        if stripped and not (sentence_end in line and len(stripped) >= min_chars) and search(line):
            ranges.append((pos, pos + len(line)))
        pos += len(piece)
    return ranges
