"""Regex helpers: a first-character guard that lets the engine skip hopeless positions.

An alternation whose branches do not all open with a literal (``[0-9]{2,4}年|其中|目前…``) is
tried branch by branch at every position of the text. Prefixing it with a lookahead on the
characters any match can start with (``(?=[0-9其目…])``) changes no match and rejects most
positions with one character-class test.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_LITERAL = _sre_parse.LITERAL
_IN = _sre_parse.IN
_RANGE = _sre_parse.RANGE
_BRANCH = _sre_parse.BRANCH
_SUBPATTERN = _sre_parse.SUBPATTERN
_REPEATS = (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT)


def _first(items) -> set[str] | None:
    """Characters the sequence ``items`` can start with, or None when not known."""
    if not len(items):
        return None
    op, av = items[0]
    if op is _LITERAL:
        return {chr(av)}
    if op is _IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is _LITERAL:
                chars.add(chr(item_av))
            elif item_op is _RANGE and item_av[1] - item_av[0] < 256:
                chars.update(chr(c) for c in range(item_av[0], item_av[1] + 1))
            else:
                return None  # negated sets, categories (\d, \w), wide ranges
        return chars
    if op is _BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            found = _first(branch)
            if found is None:
                return None
            out |= found
        return out
    if op is _SUBPATTERN:
        group, add_flags, del_flags, sub = av
        if add_flags or del_flags:
            return None
        return _first(sub)
    if op in _REPEATS:
        low, _high, sub = av
        return _first(sub) if low >= 1 else None
    return None


def first_chars(pattern: str, flags: int = 0) -> str | None:
    """The characters every match of ``pattern`` starts with, sorted; None when some match
    could start otherwise (an optional opening part, a category, an anchor, ignore-case …)."""
    if flags & (re.I | re.X | re.M | re.S) or re.compile(pattern).flags & (re.I | re.X):
        return None
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    found = _first(list(parsed))
    return "".join(sorted(found)) if found else None


def guarded(pattern: str) -> str:
    """``pattern`` behind a lookahead on its first characters (the same matches, found faster);
    ``pattern`` unchanged when its first characters are not known."""
    chars = first_chars(pattern)
    if chars is None:
        return pattern
    return f"(?=[{re.escape(chars)}])(?:{pattern})"


def alternation(words: list[str]) -> str:
    """A regex alternation of the literal ``words``, longest first (so 民政部 wins over 民政)."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_ASSERTS = (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT)


def _required(items) -> set[str]:
    """Characters every match of the sequence ``items`` contains (a subset: lookarounds,
    classes and optional parts add none)."""
    out: set[str] = set()
    for op, av in items:
        if op is _LITERAL:
            out.add(chr(av))
        elif op is _BRANCH:
            branches = [_required(branch) for branch in av[1]]
            out |= set.intersection(*branches) if branches else set()
        elif op is _SUBPATTERN:
            group, add_flags, del_flags, sub = av
            if not (add_flags or del_flags):
                out |= _required(sub)
        elif op in _REPEATS:
            low, _high, sub = av
            if low >= 1:
                out |= _required(sub)
    return out


def required_chars(pattern: re.Pattern[str]) -> str:
    """Characters that every match of ``pattern`` contains, sorted ("" when none is known or
    the flags make literals fuzzy): a text lacking one of them cannot match, which a substring
    test finds far faster than a regex scan."""
    if pattern.flags & (re.I | re.X):
        return ""
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled
        return ""
    return "".join(sorted(_required(list(parsed))))
