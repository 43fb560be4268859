"""Document numbers (发文字号) as written → GB/T 9704-2012 normal form.

Handles, one example a line:
    沈民〔2018〕65号              the standard form
    舒组通[2019]21号 / 吉办发【2020】18号 / 民发（2019）3号 / 京民字［2018］5号
    青民函〔２０２０〕１６４号       full-width digits
    长社建字 〔2016〕 第1号          spaces, a stray 第
    〔91〕新出图字第990号            old form, year first
    番府十八届31次〔2022〕25号       meeting-minute numbers
    …(长社建字〔2016〕1号)和…(〔2016〕2号)   a bare continuation takes the previous code
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN = "〔［\\[【（(〖"
_CLOSE = "〕］\\]】）)〗"
_DIGIT = "0-9０-９"
_CODE_CHARS = r"\u4e00-\u9fff"
# Words that can stand right before a number but are not part of its issuer code.
_LEADING_NOISE = re.compile(
    r"^.*?(?:按照|根据|依据|参照|对照|转发|印发|下发|出台|制定|联合|贯彻|落实|执行|关于|文件|通知|意见"
    r"|要求|精神|规定|的|了|和|及|与|即|见|或|并|等|以|在|将|按|据|号)"
)
DOCNO_PATTERN = re.compile(
    rf"(?P<code>[{_CODE_CHARS}]{{1,12}}?)?\s*[{_OPEN}]\s*(?P<year>[{_DIGIT}]{{4}}|[{_DIGIT}]{{2}})\s*[{_CLOSE}]"
    rf"\s*(?P<code2>[{_CODE_CHARS}]{{1,10}}?字)?\s*第?\s*(?P<serial>[{_DIGIT}]{{1,5}})\s*号"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(slots=True)
class DocNo:
    text: str
    normalized: str
    issuer_code: str
    year: int
    serial: int
    start: int
    end: int


def _clean_code(code: str) -> str:
    """Strip words that precede a number in a sentence (按照, 印发了 …) from its issuer code."""
    if len(code) <= 3:
        return code
    stripped = _LEADING_NOISE.sub("", code)
    return stripped or code[-4:]


def normalize(code: str, year: int, serial: int, year_first_code: str | None = None) -> str:
    """The GB/T 9704-2012 form: 〔〕 brackets, ASCII digits, no spaces, no 第, no leading zeros."""
    if year_first_code:
        return f"〔{year}〕{year_first_code}{serial}号"
    return f"{code}〔{year}〕{serial}号"


def find_doc_numbers(text: str) -> list[DocNo]:
    """Every 发文字号 in ``text``, in order; bare continuations borrow the previous code."""
    found: list[DocNo] = []
    last_code = ""
    for match in DOCNO_PATTERN.finditer(text):
        raw_code = match.group("code") or ""
        year_text = match.group("year").translate(_FULLWIDTH)
        year = int(year_text)
        serial = int(match.group("serial").translate(_FULLWIDTH))
        code2 = match.group("code2")
        start = match.start()
        if code2:  # old form: 〔91〕新出图字第990号
            if len(year_text) == 2:
                year += 1900 if year > 30 else 2000
            code = code2
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
            if raw_code:
                start = match.start("code") + len(raw_code)
                start = text.index(text[start:].lstrip()[0], start)
            normalized = f"〔{year}〕{code}{serial}号"
            found.append(DocNo(text[start:match.end()], normalized, code, year, serial, start,
                               match.end()))
            last_code = code
            continue
        if len(year_text) != 4 or not (1949 <= year <= 2100):
            continue
        code = _clean_code(raw_code) if raw_code else ""
        if raw_code:
            start = match.start("code") + (len(raw_code) - len(code))
        if not code:
            if not last_code:
                continue
            code = last_code
            start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        last_code = code
        found.append(DocNo(text[start:match.end()], normalize(code, year, serial), code, year,
                           serial, start, match.end()))
    return found
