"""Numbers with units (figures) in Chinese policy text: find, parse and normalise them.

Handles, one example a line:
    18个 / 193人 / 1946名 / 145项              counts with a measure word
    8.6亿元 / 2500万元 / 7952.76元 / 30万       money (万/亿/千 applied; a bare 30万 in a money
                                                clause is 元)
    25% / 99.6% / 3个百分点                     percentages and points
    638平方米 / 5450元/月                       areas; per-period units as written
    三类 / 两年 / 九次 / 四级                   Chinese numerals (cn2an), when ≥ 2 and quantifying
    10至12人 / 3.5-4万元 / 200-500元            ranges: value is the low end, high the high end
    5万元以上 / 不超过40周岁 / 最高达到7952.76元  bounds: at_least / at_most
    近1.8亿元 / 2000多万元 / 3年左右            approximations (the leading 近/约 is not in the text)
    台账274项减至22项 / 提高了330平方米         changes: from_value 274; a stated increase
    每人每月补助500元                           per ["人", "月"]
Never figures: years and dates (2019年), sessions (十三届四次), ordinals (第七次), list markers
(一、 1.), phone and filing numbers (no unit), numbers inside 《》 titles, quoted slogans
(“两个覆盖”, “十三五”), set phrases (一站式, 五位一体, 两委), counts of one (一个网格), vague amounts (几百元).
All words and patterns come from ``kg/data/figure_units.json``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from .chinese_numerals import small_chinese_number
from .regex import alternation

_BIG = 1 << 62
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_CN_CHARS = "零〇一二两三四五六七八九十百千万亿"
_CN_FIRST = "一二两三四五六七八九十"
# Each number opens with a character class, so the regex engine can skip ahead to candidate
# characters; the width-2 lookbehind right after the first character (is the character before
# it a digit, point or numeral?) makes a number start only where its run starts.
_NOT_INSIDE = rf"(?<![0-9０-９.．{_CN_CHARS}].)"
_AR = rf"[0-9０-９]{_NOT_INSIDE}[0-9０-９]*(?:,[0-9]{{3}})*(?:[.．][0-9０-９]+)?"
_CN = rf"[{_CN_FIRST}]{_NOT_INSIDE}[{_CN_CHARS}]*"
_NOT_YEAR = r"(?<!(?:19|20)[0-9]{2}年)"
_CN_POSITIONAL = re.compile("[十百千万亿]")
_CLAUSE_TAIL = re.compile(r"[^，,。；;：:！!？?\n（）()]*$")
_LAST_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n（）()](?=[^，,。；;：:！!？?\n（）()]*\Z)")
_SENTENCE_BREAK = re.compile(r"[。；;！!？?\n]")
_PRECEDING_BLOCK = set("0123456789０１２３４５６７８９.．ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       "abcdefghijklmnopqrstuvwxyz/_-－~～")


@dataclass(slots=True)
class Quantity:
    """A number with its unit as found in the text (offsets ``[start, end)``)."""

    text: str
    value: int | float
    unit: str
    start: int
    end: int
    kind: str = "count"  # money, percent, area, count, level, duration, age …
    per: list[str] = field(default_factory=list)
    qualifier: str | None = None  # approx, at_least, at_most, range, change
    high: int | float | None = None
    from_value: int | float | None = None
    chinese: bool = False


@dataclass(slots=True)
class _Rules:
    figure: re.Pattern[str]
    units: dict[str, str]
    aliases: dict[str, str]
    arabic_only: frozenset[str]
    multipliers: dict[str, int]
    per_noun: re.Pattern[str]
    approx_before: re.Pattern[str]
    approx_after: re.Pattern[str]
    at_least_before: re.Pattern[str]
    at_least_after: re.Pattern[str]
    at_most_before: re.Pattern[str]
    at_most_after: re.Pattern[str]
    change_before: re.Pattern[str]
    change_link: re.Pattern[str]
    range_link: re.Pattern[str]
    not_preceded_by: re.Pattern[str]
    chinese_not_followed_by: re.Pattern[str]
    money_context: re.Pattern[str]
    set_phrases: re.Pattern[str]
    skip_patterns: re.Pattern[str]
    unit_not_preceded_by: dict[str, re.Pattern[str]]
    titles: re.Pattern[str]


@lru_cache(maxsize=1)
def figure_data() -> dict[str, Any]:
    """The raw figure data file (units, qualifier words, set phrases)."""
    text = resources.files("kg.data").joinpath("figure_units.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = figure_data()
    guards: dict[str, str] = data["unit_not_followed_by"]
    unit_alts = []
    for unit in sorted(data["units"], key=len, reverse=True):
        guard = guards.get(unit)
        unit_alts.append(re.escape(unit) + (f"(?!{guard})" if guard else ""))
    mult_alts = []
    for mult in sorted(data["multipliers"], key=len, reverse=True):
        guard = data["multiplier_not_followed_by"].get(mult)
        mult_alts.append(re.escape(mult) + (f"(?!{guard})" if guard else ""))
    num = f"(?:{_AR}|{_CN})"
    mult = f"(?:{'|'.join(mult_alts)})"
    sep = data["range_separators"]
    figure = re.compile(
        rf"(?P<num>{num})[ \u3000]?(?P<mult1>{mult})?(?P<more1>多|余)?"
        rf"(?:\s?(?P<sep>{sep})\s?(?P<num2>{num}))?(?P<mult>{mult})?(?P<more>多|余)?"
        rf"[ \u3000]?(?P<unit>{'|'.join(unit_alts)})?{_NOT_YEAR}(?P<slash>/(?:{alternation(data['per_slash'])}))?"
        # a figure needs a unit, or a multiplier (a bare 30万 may be money): decided here, in
        # the regex engine, so the many bare numbers (dates, list markers) cost no Python call
        r"(?(unit)|(?(mult)|(?(mult1)|(?<=[万亿]))))")
    return _Rules(
        figure=figure,
        units=data["units"],
        aliases=data["unit_aliases"],
        arabic_only=frozenset(data["arabic_only_units"]),
        multipliers={k: int(v) for k, v in data["multipliers"].items()},
        per_noun=re.compile(rf"每(?:一个|个|名|位|张)?(?P<noun>{alternation(data['per_nouns'])})"),
        approx_before=re.compile(data["approx_before"]),
        approx_after=re.compile(data["approx_after"]),
        at_least_before=re.compile(data["at_least_before"]),
        at_least_after=re.compile(data["at_least_after"]),
        at_most_before=re.compile(data["at_most_before"]),
        at_most_after=re.compile(data["at_most_after"]),
        change_before=re.compile(data["change_before"]),
        change_link=re.compile(data["change_link"]),
        range_link=re.compile(rf"^\s?(?:{sep})\s?$"),
        not_preceded_by=re.compile(data["not_preceded_by"]),
        chinese_not_followed_by=re.compile(data["chinese_not_followed_by"]),
        money_context=re.compile(data["money_context"]),
        set_phrases=re.compile(alternation(data["set_phrases"])),
        unit_not_preceded_by={u: re.compile(p) for u, p in data["unit_not_preceded_by"].items()},
        skip_patterns=re.compile("|".join(f"(?:{p})" for p in data["skip_patterns"])),
        titles=re.compile(r"《[^《》\n]{0,200}》"),
    )


def _plain(value: Decimal) -> int | float:
    """An int when whole (8.6亿 → 860000000), else a float rounded to 6 places."""
    if value == value.to_integral_value():
        return int(value)
    return round(float(value), 6)


@lru_cache(maxsize=4096)
def _chinese_value(text: str) -> Decimal | None:
    small = small_chinese_number(text)
    if small is not None:
        return Decimal(small)
    import cn2an  # imported on first use: it costs ~0.2 s at start-up

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None
    return Decimal(str(value))


@lru_cache(maxsize=8192)
def parse_number(text: str, multiplier: str | None = None) -> int | float | None:
    """The value of an Arabic or Chinese numeral, with a 万/亿/千 multiplier applied.

    ``parse_number("8.6", "亿")`` → 860000000; ``parse_number("二十万")`` → 200000;
    ``parse_number("1,200")`` → 1200. Chinese numerals go through cn2an.
    """
    raw = text.translate(_FULLWIDTH).replace(",", "").strip()
    if not raw:
        return None
    try:
        value: Decimal | None = Decimal(raw)
    except InvalidOperation:
        value = _chinese_value(raw)
    if value is None:
        return None
    if multiplier:
        factor = _rules().multipliers.get(multiplier)
        if factor is None:
            return None
        value *= factor
    return _plain(value)


def normalize_unit(unit: str) -> str:
    """The unit as the contract writes it: ％ → %, 平米 → 平方米; others as written."""
    return _rules().aliases.get(unit, unit)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint ranges covering the same characters."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (sorted and disjoint)."""
    index = bisect_right(spans, (start, _BIG)) - 1
    for s, e in spans[max(0, index):index + 2]:
        if s < end and start < e:
            return True
    return False


def _clause_before(text: str, start: int, limit: int = 24) -> str:
    """The text of the clause before ``start`` (back to the previous comma or stop)."""
    return _CLAUSE_TAIL.search(text, max(0, start - limit), start).group()


def _qualify(rules: _Rules, text: str, start: int, end: int, approx: bool) -> str | None:
    """change, at_most, at_least or approx from the words around a figure (longest cue wins:
    不低于 is at_least although it ends in 低于, 不超过 at_most although it ends in 超过)."""
    before = _clause_before(text, start, 10).rstrip()
    after = text[end:end + 4]
    if rules.change_before.search(before):
        return "change"
    cues = [(m.start(), name) for name, pattern in (("at_most", rules.at_most_before),
                                                   ("at_least", rules.at_least_before))
            if (m := pattern.search(before))]
    if cues:
        return min(cues)[1]
    if rules.at_most_after.match(after):
        return "at_most"
    if rules.at_least_after.match(after):
        return "at_least"
    if approx or rules.approx_before.search(before) or rules.approx_after.match(after):
        return "approx"
    return None


def _parse_match(rules: _Rules, text: str, match: re.Match[str], skip: list[tuple[int, int]]
                 ) -> Quantity | None:
    """One regex match → a Quantity, or None when the context says it is not a figure."""
    start, end = match.span()
    num, mult1, more1, num2, mult, more, unit, slash = match.group(
        "num", "mult1", "more1", "num2", "mult", "more", "unit", "slash")
    if start and text[start - 1] in _PRECEDING_BLOCK:
        return None
    if rules.not_preceded_by.search(text, max(0, start - 5), start):
        return None
    if skip and _inside(skip, start, end):
        return None
    guard = rules.unit_not_preceded_by.get(unit or "")
    if guard is not None and guard.search(text, max(0, start - 5), start):
        return None  # 8月10日 is a date
    chinese = num[0] in _CN_CHARS or bool(num2 and num2[0] in _CN_CHARS)
    if chinese:
        if unit in rules.arabic_only:
            return None
        for part in (num, num2):
            # 二〇一九 / 两三 are digit strings or vague; a lone 二 does not count things (两个).
            if part and part[0] in _CN_CHARS and (
                    not _CN_POSITIONAL.search(part) and len(part) > 1 or part == "二"):
                return None
        if rules.chinese_not_followed_by.search(text[end:end + 3]):
            return None
    if num2 is not None:
        low = parse_number(num, mult1 or mult)
        high = parse_number(num2, mult)
    else:
        low = parse_number(num, mult1 or mult)
        high = None
    if low is None or (num2 is not None and high is None):
        return None
    if unit is None:
        # A bare 30万 / 3-5万 is money when the clause is about money.
        if not (mult1 or mult or (chinese and re.search("[万亿]", num))):
            return None
        if not rules.money_context.search(_clause_before(text, start, 16)):
            return None
        unit = "元"
    if unit == "年" and (low >= 1000 or (high is not None and high >= 1000)):
        return None  # a year, not a duration
    if chinese and low < 2:
        return None  # counts of one: 一个网格, 一次
    if high is not None and high <= low:
        return None
    written_unit = normalize_unit(unit) + (slash or "")
    qualifier = "range" if high is not None else _qualify(
        rules, text, start, end, bool(more1 or more or "多" in unit))
    return Quantity(text=text[start:end], value=low, unit=written_unit, start=start, end=end,
                    kind=rules.units.get(unit, "count"), qualifier=qualifier, high=high,
                    chinese=chinese)


def _link(rules: _Rules, text: str, found: list[Quantity]) -> list[Quantity]:
    """Join 15%至20% into one range; mark 274项减至22项 as a change from 274."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if prev is not None and prev.unit == q.unit:
            between = text[prev.end:q.start]
            if (rules.range_link.match(between) and prev.high is None and q.high is None
                    and q.value > prev.value):
                prev.high, prev.qualifier = q.value, "range"
                prev.text, prev.end = text[prev.start:q.end], q.end
                continue
            if rules.change_link.match(between):
                q.qualifier, q.from_value = "change", prev.value
        out.append(q)
    return out


def _add_per(rules: _Rules, text: str, found: list[Quantity]) -> None:
    """每人每月补助500元 → per ["人", "月"]: 每-phrases between the previous figure and this one."""
    prev_end = 0
    per_noun = rules.per_noun.finditer
    for q in found:
        window_start = max(prev_end, q.start - 30)
        # the clause after the window's last break, scanned in place (no slices, no match list)
        last = _LAST_CLAUSE_BREAK.search(text, window_start, q.start)
        clause_start = last.end() if last else window_start
        per = [m.group("noun") for m in per_noun(text, clause_start, q.start)]
        q.per = list(dict.fromkeys(per))
        prev_end = q.end


def find_quantities(text: str) -> list[Quantity]:
    """Every figure in ``text`` with its value, unit and qualifier, in order."""
    rules = _rules()
    if not text:
        return []
    skip = _merge(_spans(rules.titles, text) + _spans(rules.set_phrases, text)
                  + _spans(rules.skip_patterns, text))
    found = []
    for match in rules.figure.finditer(text):
        quantity = _parse_match(rules, text, match, skip)
        if quantity is not None:
            found.append(quantity)
    found = _link(rules, text, found)
    _add_per(rules, text, found)
    return found


_LAST_BREAK = re.compile(r"[。；;！!？?\n][^。；;！!？?\n]*$")


def sentence_bounds(text: str, start: int, end: int, limit: int = 400) -> tuple[int, int]:
    """``[s, e)`` of the sentence around ``[start, end)`` (split at 。；！？ and newlines)."""
    window_start = max(0, start - limit)
    m = _LAST_BREAK.search(text, window_start, start)
    left = m.start() + 1 if m else window_start
    m = _SENTENCE_BREAK.search(text, end, min(len(text), end + limit))
    right = m.start() if m else min(len(text), end + limit)
    return left, right
