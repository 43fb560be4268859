"""Organisation and region spans → :class:`OrgMention` and :class:`RegionMention` records.

One record per occurrence, as written; names stay as written here and :mod:`kg.resolve.orgs`
turns them into full names with the document's context (the author's region).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..models import Extraction, Frame, OrgMention, RegionMention, SourceDocument
from ..nlp.spans import span_data
from ..resolve.gazetteer import load_gazetteer


def extract_orgs(doc: Doc, source: SourceDocument, frame: Frame, extraction: Extraction) -> None:
    """Every ``org`` span: text as written, kind, and the code of a region written in it."""
    for start, end, found in span_data(doc, "org"):
        text = source.text[start:end]
        codes = found.region_codes if found is not None else ()
        extraction.orgs.append(OrgMention(
            text=text, name=text, start=start, end=end,
            kind=found.kind if found is not None else "government", resolved=False,
            region_code=codes[0] if len(codes) == 1 else None))


def extract_regions(doc: Doc, source: SourceDocument, frame: Frame,
                    extraction: Extraction) -> None:
    """Every ``region`` span; unambiguous divisions get their code and full path now.

    Ambiguous names (朝阳区), relative ones (我市) and streets are completed by the resolver.
    """
    gazetteer = load_gazetteer()
    for start, end, found in span_data(doc, "region"):
        text = source.text[start:end]
        level = found.level if found is not None else ""
        code = found.codes[0] if found is not None and len(found.codes) == 1 else None
        name = gazetteer.full_name(code) if code else text
        parent = None
        if found is not None and found.parent is not None:
            # 二道区东站街道十委社区: a place below the data set, named under its district.
            path, upper = text, found.parent
            while upper.parent is not None:
                path = source.text[upper.start:upper.end] + path
                upper = upper.parent
            if len(upper.codes) == 1:
                parent = upper.codes[0]
                name = gazetteer.full_name(parent) + path
        extraction.regions.append(RegionMention(text=text, name=name, code=code, start=start,
                                                end=end, level=level, parent=parent))
