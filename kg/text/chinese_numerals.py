"""Small Chinese numerals (一 … 九十九, 两) without cn2an.

cn2an handles every written form but costs ~0.25 s to import; dates (八月十日) and most counts
(三类, 两年, 十五个) only need the numbers below a hundred, which this reads directly. Anything
else returns None and the caller falls back to cn2an (imported then, on first use).
"""

from __future__ import annotations

import re

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = re.compile("(?:([一二两三四五六七八九])?(十))?([一二两三四五六七八九])?")


def small_chinese_number(text: str) -> int | None:
    """十五 → 15, 二十 → 20, 两 → 2, 一十二 → 12 (as cn2an reads them); None for other text."""
    match = _SMALL.fullmatch(text)
    if not text or match is None:
        return None
    tens, ten, ones = match.groups()
    value = 10 * _DIGITS[tens] if tens else (10 if ten else 0)
    return value + (_DIGITS[ones] if ones else 0)
