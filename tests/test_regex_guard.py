"""The first-character guard changes no match of a pattern."""

from __future__ import annotations

import random
import re

import pytest

from kg.text.numbers import figure_data
from kg.text.regex import first_chars, guarded


@pytest.mark.parametrize("pattern, chars", [
    ("其中|目前|[0-9]{2,4}年度?", "0123456789其目"),
    ("(?:x|[a-c]+)y", "abcx"),
    ("达到了|达到|的", "的达"),
    ("a?b", None),            # may start with b
    ("\\d+", None),           # a category
    ("^首页", None),          # an anchor
    ("[^a]b", None),          # a negated set
    ("a|", None),             # may match the empty string
    ("(?i)copyright", None),  # ignore-case
    ("(?<=局)处", None),      # a lookbehind first
])
def test_first_chars(pattern, chars):
    assert first_chars(pattern) == chars


def test_guarded_patterns_split_and_find_the_same():
    data = figure_data()
    rng = random.Random(5)
    for source in (data["label_before_split"], data["label_after_stop"], "其中|其他|共|共有"):
        plain, guard = re.compile(f"(?:{source})"), re.compile(guarded(source))
        assert guard.pattern != plain.pattern
        words = [w for w in source.split("|") if re.fullmatch(r"[\u4e00-\u9fff]+", w)]
        for _ in range(300):
            text = "".join(rng.choice([*words, "社区", "2019年", "人员", "，"])
                           for _ in range(rng.randint(0, 12)))
            assert guard.split(text) == plain.split(text)
            assert [m.span() for m in guard.finditer(text)] == [
                m.span() for m in plain.finditer(text)]
    assert guarded("\\d+") == "\\d+"


def test_required_chars_are_in_every_match():
    import re

    from kg.text.regex import required_chars

    assert required_chars(re.compile("ab(?:cd|ce)f")) == "abcf"
    assert required_chars(re.compile("a(?:b|c)d?e+[xy]")) == "ae"
    assert required_chars(re.compile("a|q")) == ""
    assert required_chars(re.compile("(?=x)y(?<!z)")) == "y"  # lookarounds add nothing
    assert required_chars(re.compile("abc", re.I)) == ""
    meeting = re.compile(r"第?[一二三]{1,3}届(?:政协|人大)(?:全体)?会议")
    assert set(required_chars(meeting)) == set("届会议")
