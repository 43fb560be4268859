"""Document numbers (发文字号) as written → GB/T 9704-2012 normal form.

Handles, one example a line:
    沈民〔2018〕65号              the standard form
    舒组通[2019]21号 / 吉办发【2020】18号 / 民发（2019）3号 / 京民字［2018］5号
    青民函〔２０２０〕１６４号       full-width digits
    长社建字 〔2016〕 第1号          spaces, a stray 第
    吉民发〔2020〕005号             leading zeros
    番府十八届31次〔2022〕25号       meeting-minute numbers keep their whole code
    〔91〕新出图字第990号            old form, year first (kept as written but for brackets,
                                   digits and spaces, as ANNOTATION.md says)
    …(长社建字〔2016〕1号)和…(〔2016〕2号)   a bare continuation takes the previous code
Look-alikes never reported: 辽ICP备10016557号, 辽公网安备21010202000479号, 第29号提案,
第0392号, (0431)8888号, 国务院令第343号, 十三届四次会议, dates, 3号楼.

The issuer code is found by looking back from the bracket over Chinese characters: it starts
after the last word that can precede a code in a sentence (根据, 印发了, 和 …) or after the name
of a body written before it (省委办公厅吉办发〔2020〕18号); words come from ``kg/data/docnos.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .regex import alternation

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACES = re.compile(r"\s+")
_LOOKBACK = 24
# A run of Chinese characters right before the year bracket; digits only inside 届…次.
_CODE_RUN = re.compile(r"(?:[\u4e00-\u9fff]|(?<=届)[0-9０-９]{1,3}(?=次))+(?P<gap>[ \t\u3000\xa0]*)$")
_MEETING_CODE = re.compile(r"届(?:[0-9０-９]{1,3}|[一二三四五六七八九十]{1,3})次$")
_BARE_REACH = 200  # how far back a bare 〔2016〕2号 may borrow the previous number's code
_SENTENCE_END = re.compile(r"[。！？；!?;\n]")  # … and only within its sentence


@dataclass(slots=True)
class DocNo:
    """One number as found: ``text`` as written, ``normalized`` in the standard form."""

    text: str
    normalized: str
    issuer_code: str
    year: int
    serial: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    core: re.Pattern[str]
    leading: re.Pattern[str]
    org_prefix: re.Pattern[str]
    reject_code: re.Pattern[str]
    code_max: int
    org_words: frozenset[str]


@lru_cache(maxsize=1)
def docno_data() -> dict:
    """``kg/data/docnos.json``: brackets, boundary words, region and organ abbreviations."""
    return json.loads(resources.files("kg.data").joinpath("docnos.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    raw = docno_data()
    opening, closing = re.escape(raw["open_brackets"]), re.escape(raw["close_brackets"])
    core = re.compile(
        rf"[{opening}]\s*(?P<year>[0-9０-９]{{4}}|[0-9０-９]{{2}})\s*(?P<close>[{closing}])\s*"
        rf"(?:(?P<code2>[\u4e00-\u9fff]{{1,8}}?字)\s*)?(?P<di>第)?\s*(?P<serial>[0-9０-９]{{1,5}})"
        rf"\s*[号號](?!\s*(?:{alternation(raw['not_after'])}))")
    return _Patterns(
        core=core,
        leading=re.compile(rf"^.*(?:{alternation(raw['preceding_words'])})"),
        org_prefix=re.compile(rf"^.*(?:{alternation(raw['org_words'])})(?=[\u4e00-\u9fff]{{2}})"),
        reject_code=re.compile(raw["reject_code"]),
        code_max=int(raw["code_max"]),
        org_words=frozenset(raw["org_words"]),
    )


def _issuer_code(text: str, bracket: int) -> tuple[str, int]:
    """The issuer code written before ``bracket`` and where it starts ("" when there is none).

    根据沈民〔 → 沈民; 省委办公厅吉办发〔 → 吉办发; 以长春市社区建设领导小组办公室长社建字〔 → 长社建字;
    番府十八届31次〔 → 番府十八届31次; 》(〔 → "".
    """
    pats = _patterns()
    window_start = max(0, bracket - _LOOKBACK)
    run = _CODE_RUN.search(text, window_start, bracket)
    if run is None:
        return "", bracket
    code = run.group(0)[: len(run.group(0)) - len(run.group("gap"))]
    code = pats.leading.sub("", code)
    if len(code) > 3:
        shorter = pats.org_prefix.sub("", code)
        if shorter not in pats.org_words:  # 民政部办公厅〔2019〕12号 keeps its whole name
            code = shorter
    limit = pats.code_max * 2 if _MEETING_CODE.search(code) else pats.code_max
    if len(code) > limit:
        code = code[-limit:]
    start = run.start() + (len(run.group(0)) - len(run.group("gap")) - len(code))
    return code, start


def normalize(code: str, year: int, serial: int) -> str:
    """The GB/T 9704-2012 form: 〔〕 brackets, ASCII digits, no spaces, no 第, no leading zeros."""
    return f"{code}〔{year}〕{serial}号"


def _normalize_as_written(match: re.Match[str]) -> str:
    """Year-first forms keep their wording: only brackets, digits and spaces are normalised."""
    year = match.group("year").translate(_FULLWIDTH)
    rest = _SPACES.sub("", match.string[match.end("close"): match.end()]).translate(_FULLWIDTH)
    return f"〔{year}〕{rest.replace('號', '号')}"


def find_doc_numbers(text: str) -> list[DocNo]:
    """Every 发文字号 in ``text``, in order; bare continuations borrow the previous code."""
    pats = _patterns()
    found: list[DocNo] = []
    for match in pats.core.finditer(text):
        year_text = match.group("year").translate(_FULLWIDTH)
        year = int(year_text)
        serial = int(match.group("serial").translate(_FULLWIDTH))
        end = match.end()
        code2 = match.group("code2")
        if code2:  # old form, year first: 〔91〕新出图字第990号
            if len(year_text) == 2:
                year += 1900 if year > 30 else 2000
            if not 1949 <= year <= 2100 or pats.reject_code.search(code2):
                continue
            written = text[match.start():end]
            found.append(DocNo(written, _normalize_as_written(match), code2, year, serial,
                               match.start(), end))
            continue
        if len(year_text) != 4 or not 1949 <= year <= 2100:
            continue
        code, start = _issuer_code(text, match.start())
        if code and (pats.reject_code.search(code)
                     or start > 0 and text[start - 1].isascii() and text[start - 1].isalnum()):
            continue  # 辽ICP备〔…〕, 京公网安备…, a proposal number
        if not code:
            previous = found[-1] if found else None
            if (previous is None or match.start() - previous.end > _BARE_REACH
                    or _SENTENCE_END.search(text, previous.end, match.start())):
                continue
            code, start = previous.issuer_code, match.start()
            if previous.normalized.startswith("〔"):
                continue  # a year-first code does not carry over
        found.append(DocNo(text[start:end], normalize(code, year, serial), code, year, serial,
                           start, end))
    return found
