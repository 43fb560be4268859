"""Figure spans → :class:`Figure` records, with what each figure counts and the year it is for.

The value, unit and qualifier come from the ``kg_figures`` component; this step adds context
from the sentence around the figure (the region is the document's, from ``frame.region``):

    我市共有城市社区18个                    label 城市社区 (the noun before the number)
    出台了6个政策性文件                     label 政策性文件 (the noun after a measure word)
    2017年…人均薪酬待遇达到5450元/月         label 人均薪酬待遇, year 2017
    今年…达到300人次                        year from the document's date
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from spacy.tokens import Doc

from ..models import Extraction, Figure, Frame, SourceDocument
from ..nlp.spans import span_data
from ..text.numbers import Quantity, figure_data
from ..text.regex import guarded

# The lookahead on the first characters lets the scan skip every other position at once.
_YEAR = re.compile(r"(?=[12今本去前明])(?:(?<![0-9])((?:19|20)[0-9]{2})\s?年(?!代)"
                   r"|(今年|本年|去年|前年|明年)(?!度))")
_RELATIVE_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
_SENTENCE_BREAK = re.compile(r"[。；;！!？?\n]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n（）()“”\"《》、]")
_LEADING_AFTER = re.compile(r"^(?:以上|及以上|以下|以内|左右|上下|多|余)?")
_MAX_LABEL = 14
_TRIM = re.compile(r"^[在比对于和与及向]+|[为在至是了达有将把]+$")


@lru_cache(maxsize=1)
def _label_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    data = figure_data()
    return (re.compile(guarded(data["label_before_split"])),
            re.compile(guarded(data["label_after_stop"])))


def _noun_after(text: str, end: int) -> str | None:
    """The noun a measure word counts: 6个政策性文件 → 政策性文件; 18个， → None."""
    _, stop = _label_patterns()
    after = text[end:end + 20]
    after = after[_LEADING_AFTER.match(after).end():]
    run = _CJK_RUN.match(after)
    if not run:
        return None
    noun = stop.split(run.group(0), maxsplit=1)[0]
    return noun[:_MAX_LABEL] if len(noun) >= 2 else None


def _noun_before(text: str, start: int) -> str | None:
    """The subject of the clause before the number: 人均薪酬待遇达到5450元 → 人均薪酬待遇."""
    split, _ = _label_patterns()
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60):start])[-1]
    for piece in reversed(split.split(clause)):  # the last CJK piece of two or more characters
        if _CJK_RUN.fullmatch(piece):
            piece = _TRIM.sub("", piece)
            if len(piece) >= 2:
                return piece[-_MAX_LABEL:]
    return None


def figure_label(text: str, quantity: Quantity) -> str | None:
    """A short noun phrase for what the figure counts, from its clause."""
    if quantity.kind == "count":
        noun = _noun_after(text, quantity.end)
        if noun:
            return noun
    return _noun_before(text, quantity.start)


class TextContext:
    """Sentence bounds and stated years of one text, indexed once (bisect per lookup)."""

    def __init__(self, text: str, doc_year: int | None = None, limit: int = 400):
        self.length = len(text)
        self.limit = limit
        self.breaks = [m.start() for m in _SENTENCE_BREAK.finditer(text)]
        self.year_starts: list[int] = []
        self.year_ends: list[int] = []
        self.years: list[int | None] = []
        for m in _YEAR.finditer(text):
            if m.group(1):
                year: int | None = int(m.group(1))
            else:
                year = None if doc_year is None else doc_year + _RELATIVE_YEAR[m.group(2)]
            self.year_starts.append(m.start())
            self.year_ends.append(m.end())
            self.years.append(year)

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """``[s, e)`` of the sentence around ``[start, end)`` (split at 。；！？ and newlines)."""
        i = bisect_left(self.breaks, start)
        left = self.breaks[i - 1] + 1 if i else 0
        j = bisect_left(self.breaks, end)
        right = self.breaks[j] if j < len(self.breaks) else self.length
        return max(left, start - self.limit), min(right, end + self.limit)

    def year(self, start: int, end: int) -> int | None:
        """The year stated in the sentence: the nearest before ``start``, else the first after.

        (The bounds of :meth:`sentence`, each computed only when it is needed.)
        """
        years = self.years
        if not years:
            return None
        breaks = self.breaks
        i = bisect_left(breaks, start)
        left = max(breaks[i - 1] + 1 if i else 0, start - self.limit)
        before = bisect_right(self.year_ends, start) - 1
        if before >= 0 and self.year_starts[before] >= left:
            return years[before]
        after = bisect_left(self.year_starts, end)
        if after < len(years):
            j = bisect_left(breaks, end)
            right = min(breaks[j] if j < len(breaks) else self.length, end + self.limit)
            if self.year_ends[after] <= right:
                return years[after]
        return None


_last_context: tuple[str, int | None, TextContext] | None = None


def text_context(text: str, doc_year: int | None) -> TextContext:
    """The :class:`TextContext` of ``text``, shared by the extractors of one document (figures
    and measures index the same text: the last one built is kept)."""
    global _last_context
    last = _last_context
    if last is not None and last[0] is text and last[1] == doc_year:
        return last[2]
    context = TextContext(text, doc_year)
    _last_context = (text, doc_year, context)
    return context


def figure_year(text: str, start: int, end: int, doc_year: int | None = None) -> int | None:
    """The year stated in the figure's sentence: the nearest before it, else the first after."""
    return TextContext(text, doc_year).year(start, end)


def doc_year(frame: Frame) -> int | None:
    """The year of the document's own date (the fallback for sentences that state none)."""
    if frame.date and frame.date[:4].isdigit():
        return int(frame.date[:4])
    return None


def extract_figures(doc: Doc, source: SourceDocument, frame: Frame,
                    extraction: Extraction) -> None:
    """One :class:`Figure` per figure span, in text order."""
    text = source.text
    context = text_context(text, doc_year(frame))
    q: Quantity | None
    for _, _, q in span_data(doc, "figure"):
        if q is None:
            continue
        extraction.figures.append(Figure(
            text=text[q.start:q.end], value=q.value, unit=q.unit, start=q.start, end=q.end,
            per=list(q.per), qualifier=q.qualifier, high=q.high, from_value=q.from_value,
            label=figure_label(text, q), year=context.year(q.start, q.end)))
