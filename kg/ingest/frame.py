"""The document frame: title, author bureau, date, own 发文字号 and what a reply answers.

Read from the places real pages put them: the header (title line, 来源/时间 line, site name),
the salutation (贾桂华委员:), the first sentence (您在市政协十三届四次会议上提出的《…》(第29号
提案)收悉), and the signature block (bureau name over a date). Names are kept as written here;
``kg.resolve`` turns them into full names and regions.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from ..models import Frame, ReplyTo
from ..text.dates import find_dates
from ..text.docnos import find_doc_numbers
from ..text.regex import required_chars

_HEAD_LINES = 14
_SIGNATURE_LINES = 14


@dataclass(slots=True)
class Line:
    text: str
    start: int
    end: int

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def body_start(self) -> int:
        return self.start + (len(self.text) - len(self.text.lstrip()))


@dataclass(slots=True)
class FrameResult:
    frame: Frame
    stray_lines: list[tuple[int, int]] = field(default_factory=list)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    raw = json.loads(resources.files("kg.data").joinpath("frame.json").read_text("utf-8"))
    return {key: re.compile(value, re.M) for key, value in raw.items() if not key.startswith("_")}


@lru_cache(maxsize=16)
def _needed(name: str) -> str:
    return required_chars(_patterns()[name])


def _search(name: str, text: str) -> re.Match[str] | None:
    """``_patterns()[name].search(text)``, skipped when ``text`` lacks a character every match
    contains (the meeting pattern tries a dozen lazy steps at every position: slow to fail)."""
    if all(char in text for char in _needed(name)):
        return _patterns()[name].search(text)
    return None


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        lines.append(Line(body, pos, pos + len(body)))
        pos += len(piece)
    return lines


def _is_meta_line(text: str) -> bool:
    return bool(re.search(r"(来源|时间|日期|发布机构|索引号|文号|作者)\s*[:：]|\d{4}-\d{1,2}-\d{1,2}", text))


def _find_title(head: list[Line]) -> int | None:
    pats = _patterns()
    for i, line in enumerate(head):
        text = line.stripped
        if not (6 <= len(text) <= 150) or _is_meta_line(text) or pats["salutation"].match(text):
            continue
        if text.startswith("《") or re.fullmatch(r"[\s\S]*号", text) and find_doc_numbers(text):
            continue
        if pats["title_reply"].search(text) or pats["title"].search(text):
            return i
    return None


def _date_only(text: str) -> str | None:
    dates = find_dates(text)
    if dates and len(text) <= dates[0][2] - dates[0][1] + 4:
        return dates[0][0]
    return None


def _signature(lines: list[Line]) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """Bureau name and date of the signature block.

    The last date-only line under a line of body names (one or several, space-separated:
    株洲市民政局　株洲市财政局) is the signature, even when an attachment follows it; failing
    that, a date-only line near the end.
    """
    pats = _patterns()
    body = [line for line in lines if line.stripped]
    for i in range(len(body) - 1, 0, -1):
        date = _date_only(body[i].stripped)
        if not date:
            continue
        for j in range(i - 1, max(-1, i - 4), -1):
            names = body[j].stripped.split()
            if names and all(pats["org_line"].match(name) for name in names):
                start = body[j].start + body[j].text.index(names[0])
                return names[0], (start, start + len(names[0])), date
    for line in body[-_SIGNATURE_LINES:][::-1]:
        date = _date_only(line.stripped)
        if date:
            return None, None, date
    return None, None, None


def _masked_lines(lines: list[Line], mask: list[tuple[int, int]]) -> set[int]:
    """Indexes of the non-blank lines whose text lies inside one masked range.

    With the ranges sorted by start, the furthest end among those starting at or before a line's
    text is the one to compare: one bisection per line instead of a scan of every range.
    """
    if not mask:
        return set()
    ranges = sorted(mask)
    starts = [start for start, _ in ranges]
    reach = list(accumulate((end for _, end in ranges), max))
    masked = set()
    for index, line in enumerate(lines):
        k = bisect_right(starts, line.body_start) - 1
        if k >= 0 and reach[k] >= line.end and line.stripped:
            masked.add(index)
    return masked


def _head_zone(lines: list[Line], masked: set[int]) -> list[tuple[int, Line]]:
    zone = []
    for index, line in enumerate(lines):
        if index in masked or not line.stripped:
            continue
        zone.append((index, line))
        if len(zone) >= _HEAD_LINES or _patterns()["salutation"].match(line.stripped):
            break
        if len(line.stripped) > 90 and not _is_meta_line(line.stripped):
            break
    return zone


def parse_frame(text: str, mask: list[tuple[int, int]], meta: dict[str, str] | None = None
                ) -> FrameResult:
    """Parse the frame of a document's canonical ``text`` (``mask`` = chrome ranges)."""
    pats = _patterns()
    meta = meta or {}
    lines = split_lines(text)
    masked_idx = _masked_lines(lines, mask)
    zone = _head_zone(lines, masked_idx)
    head = [line for _, line in zone]
    frame = Frame()
    result = FrameResult(frame)

    title_pos = _find_title(head)
    if title_pos is not None:
        line = head[title_pos]
        frame.title = line.stripped
        frame.title_span = (line.body_start, line.body_start + len(line.stripped))
        # Short lines above the title that are neither metadata nor a site name are headlines
        # of other articles (a page's "latest news" strip).
        for other in head[:title_pos]:
            body = other.stripped
            if (not _is_meta_line(body) and not pats["org_line"].match(body)
                    and "|" not in body and not find_doc_numbers(body) and len(body) <= 40):
                result.stray_lines.append((other.body_start, other.body_start + len(body)))

    # Author candidates by priority: the title, the signature, the 来源/发布机构 line, the
    # page's metadata, a site-name line above the title.
    candidates: list[tuple[str, tuple[int, int] | None]] = []
    if frame.title:
        match = pats["title_org"].match(frame.title)
        if match:
            start = frame.title_span[0]
            candidates.append((match.group("org"), (start, start + len(match.group("org")))))
    sig_org, sig_span, sig_date = _signature(lines)
    if sig_org:
        candidates.append((sig_org, sig_span))
    for _, line in zone:
        match = pats["meta_source"].search(line.text)
        if match:
            start = line.start + match.start("org")
            candidates.append((match.group("org"), (start, start + len(match.group("org")))))
    for key in ("发布机构", "发文机关", "信息来源", "来源", "发布单位"):
        if meta.get(key):
            value = re.split(r"\s", meta[key].strip())[0]
            if pats["org_line"].match(value):
                candidates.append((value, None))
    for _, line in zone[: (title_pos if title_pos is not None else 3)]:
        if pats["org_line"].match(line.stripped):
            start = line.body_start
            candidates.append((line.stripped, (start, start + len(line.stripped))))
    frame.author_org_text, frame.author_span = _choose_author(candidates)

    # Date: signature, else 成文/发文 date, else the page's time line.
    frame.date = sig_date
    if not frame.date:
        for key in ("成文日期", "发文日期", "发布日期", "发布时间", "时间", "日期"):
            if meta.get(key):
                dates = find_dates(meta[key])
                if dates:
                    frame.date = dates[0][0]
                    break
    if not frame.date:
        for _, line in zone:
            if _is_meta_line(line.text):
                dates = find_dates(line.text)
                if dates:
                    frame.date = dates[0][0]
                    break

    # Own document number: a header line that is a number, the 文号 field, or under the title.
    for key in ("文号", "发文字号"):
        if meta.get(key):
            numbers = find_doc_numbers(meta[key])
            if numbers:
                frame.doc_number = numbers[0].normalized
    if not frame.doc_number:
        for _, line in zone:
            numbers = find_doc_numbers(line.stripped)
            if numbers and (len(line.stripped) <= len(numbers[0].text) + 8
                            or pats["meta_docno"].search(line.stripped)):
                frame.doc_number = numbers[0].normalized
                break

    frame.reply_to = _reply_to(text, zone, frame)
    return result


def _choose_author(candidates: list[tuple[str, tuple[int, int] | None]]
                   ) -> tuple[str | None, tuple[int, int] | None]:
    """The first candidate by priority, upgraded to a fuller form of the same body if named.

    民政厅 (title) + 吉林省民政厅 (site name) → 吉林省民政厅; 普陀区民政局 (发布机构) +
    上海市普陀区民政局 (signature) → 上海市普陀区民政局.
    """
    named = [c for c in candidates if c[0] not in ("我局", "本局", "我厅", "本厅")]
    if not named:
        return None, None
    primary = named[0]
    fuller = [c for c in named if c[0].endswith(primary[0]) and len(c[0]) > len(primary[0])]
    return max(fuller, key=lambda c: len(c[0])) if fuller else primary


_KIND_WORDS = [("党派团体提案", "党派团体提案"), ("集体提案", "集体提案"), ("委员提案", "提案"),
               ("提案", "提案"), ("议案", "议案"), ("建议", "建议")]


def _reply_to(text: str, zone: list[tuple[int, Line]], frame: Frame) -> ReplyTo | None:
    pats = _patterns()
    reply = ReplyTo()
    title = frame.title or ""
    is_reply = bool(re.search(r"答复|复函|回复", title))
    salutation = None
    for _, line in zone:
        match = pats["salutation"].match(line.stripped)
        if match and not pats["proposer_noise"].match(match.group("who")):
            salutation = match
            break
    opening = text[: min(len(text), 1500)]
    if salutation:
        is_reply = True
        who = re.sub(r"等?[0-9一二三四五六七八九十]*[名位]?$", "", salutation.group("who"))
        who = re.sub(r"[,，]", "、", who).strip("、")
        reply.proposer = who.removesuffix("等") or None
        role = salutation.group("role")
        reply.role = role
    meeting = _search("meeting", title) or _search("meeting", opening)
    if meeting:
        reply.meeting_text = pats["meeting_noise"].sub("", meeting.group("meeting"))
        reply.meeting = reply.meeting_text
    number = pats["proposal_no"].search(title)
    if not number:
        first = re.search(r"(提出的|所提|关于)[\s\S]{0,200}?(收悉|已收到|答复如下)", opening)
        if first:
            number = pats["proposal_no"].search(first.group(0))
    if number:
        no = number.group("no") or number.group("no2")
        reply.proposal_no = re.sub(r"\D", "", no.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    for word, kind in _KIND_WORDS:
        if word in title:
            reply.kind = kind
            break
    if not reply.kind:
        if reply.role == "委员" or (reply.meeting_text and "政协" in reply.meeting_text):
            reply.kind = "提案"
        elif reply.role == "代表" or (reply.meeting_text and "人大" in reply.meeting_text):
            reply.kind = "建议"
    quoted = None
    first_sentence = re.search(r"(提出的|所提|您提出)[\s\S]{0,160}?(收悉|已收到|答复如下|函复如下)", opening)
    if first_sentence:
        quoted = re.search(r"《(?P<t>[^《》]{4,80})》|“(?P<q>[^“”]{4,80})”|(?P<b>关于[^,，。《》]{4,60}?的(?:建议|提案|议案))",
                           first_sentence.group(0))
    if not quoted and title:
        quoted = re.search(r"《(?P<t>[^《》]{4,80})》|“(?P<q>[^“”]{4,80})”|(?P<b>关于[^,，。《》()（）]{4,60}?的(?:建议|提案|议案))", title)
    if quoted:
        reply.title = quoted.group("t") or quoted.group("q") or quoted.group("b")
    if not is_reply and not reply.meeting_text and not reply.proposer:
        return None
    return reply
