"""Titles in 《》 and what a title says about itself (issuers, nested titles, short forms).

Handles, one example a line:
    《关于规范社区工作者薪酬体系的通知》
    《吉林省实施〈中华人民共和国城市居民委员会组织法〉办法》   nested 〈〉 kept, listed as inner
    《青海省实施<中华人民共和国村民委员会组织法>办法》         nested <> kept, listed as inner
    《关于转发《民政部关于…的通知》的通知》                 nested 《》: the outer one is the title
    (以下简称《意见》)                                      a short alias of the title before it
    《民政部、中央组织部关于进一步开展社区减负工作的通知》     names its issuers
A 《 or 》 without its partner is not a title, and titles never run over a line break.
Data (length limit, alias cues, issuer suffixes): ``kg/data/titles.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .regex import alternation

_BRACKETS = re.compile(r"[《》\n]")
_INNER = re.compile(r"〈([^〈〉]{2,120})〉|<([^<>]{2,120})>|《([^《》]{2,120})》")
_SPACES = re.compile(r"\s+")
_BODY = re.compile(r"[\u4e00-\u9fff]{2,30}")
_TITLE_CANON = str.maketrans({"（": "(", "）": ")", "<": "〈", ">": "〉", "《": "〈", "》": "〉",
                              "，": ",", "：": ":", "；": ";", "　": ""} | {
    chr(0xFF10 + i): str(i) for i in range(10)})


@dataclass(slots=True)
class FoundTitle:
    """A title's text offsets (brackets excluded), its nested titles, and an alias cue before it."""

    start: int
    end: int
    inner: list[str] = field(default_factory=list)
    alias: bool = False


@dataclass(frozen=True, slots=True)
class _Patterns:
    max_length: int
    alias_cue: re.Pattern[str]
    issuer_prefix: re.Pattern[str]
    issuer_separators: re.Pattern[str]
    issuer_suffix: re.Pattern[str]
    short_max: int


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    raw = json.loads(resources.files("kg.data").joinpath("titles.json").read_text("utf-8"))
    suffixes = alternation(raw["issuer_suffixes"])
    return _Patterns(
        max_length=int(raw["max_length"]),
        alias_cue=re.compile(raw["alias_cue"] + r"\s*《\s*$"),
        issuer_prefix=re.compile(raw["issuer_prefix"]),
        issuer_separators=re.compile(raw["issuer_separators"]),
        issuer_suffix=re.compile(rf"(?:{suffixes})$"),
        short_max=int(raw["short_max"]),
    )


def _outermost(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for open_at, close_at in sorted(pairs):
        if kept and open_at < kept[-1][1]:
            continue  # inside the previous outer title
        kept.append((open_at, close_at))
    return kept


def find_titles(text: str) -> list[FoundTitle]:
    """Every outermost balanced 《…》 title in ``text``, in order (offsets exclude brackets)."""
    pats = _patterns()
    found: list[FoundTitle] = []
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []

    def flush() -> None:
        for open_at, close_at in _outermost(pairs):
            start, end = open_at + 1, close_at
            body = text[start:end]
            stripped = body.strip()
            if not stripped or end - start > pats.max_length:
                continue
            if stripped != body:  # 《 关于…的通知 》: the title without the padding
                start += len(body) - len(body.lstrip())
                end = start + len(stripped)
                body = stripped
            inner = [next(g for g in m.groups() if g) for m in _INNER.finditer(body)]
            found.append(FoundTitle(start, end, inner, has_alias_cue(text, start)))
        pairs.clear()
        stack.clear()

    for match in _BRACKETS.finditer(text):
        char = match.group()
        if char == "《":
            stack.append(match.start())
        elif char == "》":
            if stack:  # a closing bracket without its partner is ignored
                pairs.append((stack.pop(), match.start()))
        elif pairs or stack:
            flush()  # titles never span lines: an unclosed 《 is dropped here
    flush()
    return found


def has_alias_cue(text: str, start: int) -> bool:
    """Whether the title whose text starts at ``start`` follows 以下简称 (a defined alias)."""
    return bool(_patterns().alias_cue.search(text, max(0, start - 16), start))


@lru_cache(maxsize=8192)
def canonical_title(title: str) -> str:
    """The form used to compare titles: no spaces, one bracket style, ASCII digits.

    《关于…（试行）》 and 《关于… (试行)》 compare equal; so do 〈〉 and <> nested titles.
    """
    return _SPACES.sub("", title).translate(_TITLE_CANON)


def parse_bodies(text: str) -> list[str]:
    """Names of bodies listed in ``text``, or [] unless every listed part is a body's name.

    中共中央办公厅、国务院办公厅 → [中共中央办公厅, 国务院办公厅];  民政部和财政部 → [民政部, 财政部]
    青海省 → [] (a place);  进一步加强 → []
    """
    pats = _patterns()
    parts = [p for p in pats.issuer_separators.split(text.strip()) if p]
    if not parts or not all(_BODY.fullmatch(p) and pats.issuer_suffix.search(p) for p in parts):
        return []
    return list(dict.fromkeys(parts))


def title_issuers(title: str) -> list[str]:
    """The bodies a title names before 关于, as written; [] when it names none.

    民政部、中央组织部关于进一步开展社区减负工作的通知 → [民政部, 中央组织部]
    中共中央办公厅 国务院办公厅关于… → [中共中央办公厅, 国务院办公厅]
    沈阳市社区建设工作委员会关于印发…的通知 → [沈阳市社区建设工作委员会]
    青海省关于加强…的实施意见 → [] (a place, not a body)
    """
    match = _patterns().issuer_prefix.match(title)
    return parse_bodies(match.group("issuers")) if match else []


def title_subject(title: str) -> str:
    """A title without the issuers it names: the part from 关于 on (used for identity).

    民政部、中央组织部关于进一步开展社区减负工作的通知 → 关于进一步开展社区减负工作的通知
    """
    if not title_issuers(title):
        return title
    return title[_patterns().issuer_prefix.match(title).end() - 2:]


def is_short_form(title: str) -> bool:
    """Whether a title may be a short form of a longer one (《意见》, 《组织法》), not a full title."""
    return len(canonical_title(title)) <= _patterns().short_max and "关于" not in title
