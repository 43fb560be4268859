"""Dates as written in Chinese documents → ISO ``YYYY-MM-DD``.

Handles, one example a line:
    2020年8月10日 / 2020年08月10日 / 2020 年 8 月 10 日
    二〇二〇年八月十日 / 二○二○年八月十日
    2020-08-10 16:37 / 2020.8.10 / 2020/8/10
"""

from __future__ import annotations

import re

from .chinese_numerals import small_chinese_number

_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "O": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_NUM = r"[0-9０-９]"
_CN = r"[〇○零Ｏ一二三四五六七八九十]"
DATE_PATTERN = re.compile(
    rf"(?P<y>{_NUM}{{4}}|{_CN}{{4}})\s*年\s*(?P<m>{_NUM}{{1,2}}|{_CN}{{1,3}})\s*月\s*"
    rf"(?P<d>{_NUM}{{1,2}}|{_CN}{{1,4}})\s*[日号]"
    rf"|(?P<y2>(?:19|20)\d{{2}})[-./](?P<m2>\d{{1,2}})[-./](?P<d2>\d{{1,2}})(?!\d)"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _cn_year(text: str) -> int:
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    return int("".join(_CN_DIGITS.get(ch, ch) for ch in text))


def _cn_small(text: str) -> int:
    text = text.translate(_FULLWIDTH)
    if text.isdigit():
        return int(text)
    small = small_chinese_number(text)
    if small is not None:
        return small
    import cn2an  # imported on first use: it costs ~0.25 s at start-up

    return int(cn2an.cn2an(text.replace("〇", "零").replace("○", "零"), "smart"))


def parse_date(match: re.Match[str]) -> str | None:
    """ISO date for a :data:`DATE_PATTERN` match, or None when it is not a real date."""
    try:
        if match.group("y"):
            year, month, day = (_cn_year(match.group("y")), _cn_small(match.group("m")),
                                _cn_small(match.group("d")))
        else:
            year, month, day = (int(match.group("y2")), int(match.group("m2")),
                                int(match.group("d2")))
    except (ValueError, KeyError):
        return None
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """All dates in ``text`` as ``(iso, start, end)``."""
    out = []
    for match in DATE_PATTERN.finditer(text):
        iso = parse_date(match)
        if iso:
            out.append((iso, match.start(), match.end()))
    return out
