"""Where a fact was read: sentence bounds and locating frame values in the canonical text.

Each evidence span points at its sentence (:mod:`kg.rdf.graph`), which runs from the end of the
previous sentence (。！？；, a line break) to the end of its own, without surrounding whitespace,
and always holds the whole span.
"""

from __future__ import annotations

import bisect
import re

_SENTENCE_END = re.compile(r"[。！？；!?;\n]")
_CN_DIGITS = "〇一二三四五六七八九"


class SentenceIndex:
    """Sentence boundaries of one text, found once and looked up by bisection."""

    def __init__(self, text: str):
        self.text = text
        self._ends = [m.end() for m in _SENTENCE_END.finditer(text)]

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``[start, end)``, without surrounding whitespace."""
        i = bisect.bisect_right(self._ends, start)
        left = self._ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(self._ends, max(end, start + 1))
        right = self._ends[j] if j < len(self._ends) else len(self.text)
        while left < start and self.text[left].isspace():
            left += 1
        while right > end and self.text[right - 1].isspace():
            right -= 1
        return left, right


def _chinese_number(value: int) -> str:
    """1..31 as written in dates: 十, 十一, 二十, 三十一."""
    if value < 10:
        return _CN_DIGITS[value]
    tens, units = divmod(value, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[units] if units else "")


def date_forms(iso: str) -> list[str]:
    """Ways a date is written: 2020年8月10日, 2020-08-10, 二〇二〇年八月十日 …"""
    try:
        year, month, day = (int(part) for part in iso.split("-"))
    except ValueError:
        return [iso]
    chinese_year = "".join(_CN_DIGITS[int(d)] for d in str(year))
    forms = [f"{year}年{month}月{day}日", f"{year}年{month:02d}月{day:02d}日",
             f"{year}-{month:02d}-{day:02d}", f"{year}-{month}-{day}", f"{year}.{month}.{day}",
             f"{year}/{month}/{day}", f"{year}.{month:02d}.{day:02d}", f"{year}/{month:02d}/{day:02d}",
             f"{chinese_year}年{_chinese_number(month)}月{_chinese_number(day)}日",
             f"{chinese_year}年{month}月{day}日"]
    for zero in ("0", "O", "o", "零", "○"):
        forms.append(forms[-2].replace("〇", zero))
    return list(dict.fromkeys(forms))


def locate(text: str, forms: list[str], *, last: bool = False) -> tuple[int, int] | None:
    """The first (or last) place any of ``forms`` is written in ``text``."""
    best: tuple[int, int] | None = None
    for form in forms:
        if not form:
            continue
        index = text.rfind(form) if last else text.find(form)
        if index < 0:
            continue
        if best is None or (index > best[0] if last else index < best[0]):
            best = (index, index + len(form))
    return best
