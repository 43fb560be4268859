"""Document numbers and titles → :class:`DocNumber` and :class:`TitleRef` records.

A number written beside a title is that title's number; a title that names its issuers before
关于 carries them. Issuers and years stated in the sentence around a title are added later, by
:mod:`kg.extract.citations` (it needs the organisations), and resolved by
:mod:`kg.resolve.documents`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..models import DocNumber, Extraction, Frame, SourceDocument, TitleRef
from ..nlp.spans import span_data
from ..text.titles import title_issuers

# Between 》 and a number that belongs to the title: 《…》(沈民〔2018〕65号), 《…》 （文号：…）
_NUMBER_AFTER = re.compile(r"\s*[(（\[［【]?\s*(?:(?:文号|发文字号)\s*[:：]\s*)?")
# Between a number and the title it heads: 沈民〔2018〕65号《…》, 吉民发〔2020〕3号文件《…》
_NUMBER_BEFORE = re.compile(r"\s*(?:文件)?\s*[:：]?\s*")
# Between listed titles or numbers: 《A》和《B》, …12号和(2019)13号
_LIST_GAP = re.compile(r"\s*[和、及与,，]\s*|\s*以及\s*")


def attached_numbers(text: str, titles: list[TitleRef], numbers: list[DocNumber]
                     ) -> dict[int, DocNumber]:
    """Which number is written with which title: title index → number.

    Handles, one example a line:
        《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)
        《…清单(试行)》(〔2016〕2号)          a bare continuation, already given its code
        《…》（文号：吉民发〔2020〕3号）
        《A》和《B》(京民社救发〔2019〕12号和〔2019〕13号)   numbers listed after titles, in order
        沈民〔2018〕65号《关于…的通知》       number first
    A number belongs to one title at most; one after a title wins over one before the next.
    """
    by_start = {number.start: number for number in numbers}
    used: set[int] = set()
    out: dict[int, DocNumber] = {}
    for index, title in enumerate(titles):
        after = _NUMBER_AFTER.match(text, title.end + 1)
        number = by_start.get(after.end()) if after else None
        if number is None or number.start in used:
            continue
        chain = [number]
        while True:
            gap = _LIST_GAP.match(text, chain[-1].end)
            following = by_start.get(gap.end()) if gap and gap.end() > chain[-1].end else None
            if following is None:
                break
            chain.append(following)
        listed = [index]
        while len(listed) < len(chain) and listed[0] > 0:
            before = titles[listed[0] - 1]
            if listed[0] - 1 in out or not _LIST_GAP.fullmatch(text, before.end + 1,
                                                               titles[listed[0]].start - 1):
                break
            listed.insert(0, listed[0] - 1)
        if len(listed) != len(chain):
            listed, chain = [index], chain[:1]
        for title_index, listed_number in zip(listed, chain, strict=True):
            out[title_index] = listed_number
            used.add(listed_number.start)
    for index, title in enumerate(titles):
        if index in out:
            continue
        for number in numbers:
            if number.start in used or number.end >= title.start:
                continue
            if _NUMBER_BEFORE.fullmatch(text, number.end, title.start - 1):
                out[index] = number
                used.add(number.start)
                break
    return out


def extract_doc_numbers(doc: Doc, source: SourceDocument, frame: Frame,
                        extraction: Extraction) -> None:
    for _, _, found in span_data(doc, "docno"):
        start, end = found.start, found.end
        extraction.doc_numbers.append(DocNumber(
            text=source.text[start:end], normalized=found.normalized,
            issuer_code=found.issuer_code, year=found.year, serial=found.serial,
            start=start, end=end))


def extract_titles(doc: Doc, source: SourceDocument, frame: Frame,
                   extraction: Extraction) -> None:
    for _, _, found in span_data(doc, "title"):
        start, end = found.start, found.end
        text = source.text[start:end]
        extraction.titles.append(TitleRef(text=text, start=start, end=end,
                                          inner=list(found.inner), issuers=title_issuers(text)))
    for index, number in attached_numbers(source.text, extraction.titles,
                                          extraction.doc_numbers).items():
        title = extraction.titles[index]
        title.doc_number = number.normalized
        title.year = number.year
