"""Document numbers and titles → :class:`DocNumber` and :class:`TitleRef` records."""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import DocNumber, Extraction, Frame, SourceDocument, TitleRef


def extract_doc_numbers(doc: Doc, source: SourceDocument, frame: Frame,
                        extraction: Extraction) -> None:
    for span in doc.spans.get("docno", []):
        found = span._.kg
        start, end = span.start_char, span.end_char
        extraction.doc_numbers.append(DocNumber(
            text=source.text[start:end], normalized=found.normalized,
            issuer_code=found.issuer_code, year=found.year, serial=found.serial,
            start=start, end=end))


def extract_titles(doc: Doc, source: SourceDocument, frame: Frame,
                   extraction: Extraction) -> None:
    numbers = extraction.doc_numbers
    for span in doc.spans.get("title", []):
        start, end = span.start_char, span.end_char
        data = span._.kg or {}
        title = TitleRef(text=source.text[start:end], start=start, end=end,
                         inner=list(data.get("inner", [])))
        # A number written right after the title, in brackets: 《…》(沈民〔2018〕65号)
        for number in numbers:
            gap = source.text[end + 1: number.start]
            if 0 <= number.start - (end + 1) <= 3 and gap.strip(" (（[［") == "":
                title.doc_number = number.normalized
                break
        extraction.titles.append(title)
