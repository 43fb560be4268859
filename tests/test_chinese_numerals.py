"""Small Chinese numerals read without cn2an agree with cn2an."""

from __future__ import annotations

import cn2an
import pytest

from kg.text.chinese_numerals import small_chinese_number
from kg.text.dates import find_dates
from kg.text.numbers import parse_number

DIGITS = "一二两三四五六七八九"
SMALL = sorted({*DIGITS, "十", *(f"十{o}" for o in DIGITS), *(f"{t}十" for t in DIGITS),
                *(f"{t}十{o}" for t in DIGITS for o in DIGITS)})


@pytest.mark.parametrize("text", SMALL)
def test_small_numerals_read_as_cn2an_reads_them(text):
    assert small_chinese_number(text) == cn2an.cn2an(text, "smart")


@pytest.mark.parametrize("text", ["", "零", "〇", "一百", "二十万", "十十", "三三", "一二", "1", "十五个",
                                  "两千", "九十九万"])
def test_other_text_is_left_to_cn2an(text):
    assert small_chinese_number(text) is None


def test_dates_and_numbers_use_both_paths():
    assert find_dates("二〇二〇年八月十日")[0][0] == "2020-08-10"
    assert find_dates("二〇二三年十二月三十一日")[0][0] == "2023-12-31"
    assert parse_number("十五") == 15 and parse_number("两", "万") == 20000
    assert parse_number("一百二十") == 120  # cn2an
