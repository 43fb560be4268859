"""``kg_titles``: outermost balanced 《…》 titles in ``doc.spans["title"]``.

Handles, one example a line:
    《关于规范社区工作者薪酬体系的通知》
    《吉林省实施〈中华人民共和国城市居民委员会组织法〉办法》   nested 〈〉 kept, listed as inner
    《青海省实施<中华人民共和国村民委员会组织法>办法》         nested <> kept, listed as inner
A 《 or 》 without its partner is not a title. The span covers the text inside the brackets.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..spans import doc_text, make_span, set_group

_MAX_TITLE = 160
_INNER = re.compile(r"〈([^〈〉]{2,120})〉|<([^<>]{2,120})>|《([^《》]{2,120})》")


def find_titles(text: str) -> list[tuple[int, int, list[str]]]:
    """``(start, end, inner_titles)`` of every outermost 《》 title (offsets exclude brackets)."""
    out = []
    depth, open_at = 0, -1
    for index, char in enumerate(text):
        if char == "《":
            if depth == 0:
                open_at = index
            depth += 1
        elif char == "》":
            if depth == 0:
                continue  # a closing bracket without its partner
            depth -= 1
            if depth == 0:
                start, end = open_at + 1, index
                inner_text = text[start:end]
                if 0 < end - start <= _MAX_TITLE and "\n" not in inner_text and inner_text.strip():
                    inner = [next(g for g in m.groups() if g) for m in _INNER.finditer(inner_text)]
                    out.append((start, end, inner))
        elif char == "\n" and depth:
            depth, open_at = 0, -1  # titles never span lines: drop an unclosed 《
    return out


class TitleRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        spans = [make_span(doc, start, end, "TITLE", {"inner": inner})
                 for start, end, inner in find_titles(doc_text(doc))]
        set_group(doc, "title", spans)
        return doc


@Language.factory("kg_titles")
def create_title_recognizer(nlp: Language, name: str) -> TitleRecognizer:
    return TitleRecognizer()
