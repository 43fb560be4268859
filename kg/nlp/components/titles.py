"""``kg_titles``: outermost balanced 《…》 titles in ``doc.spans["title"]``.

The span covers the text inside the brackets; ``span._.kg`` is a
:class:`kg.text.titles.FoundTitle` (nested titles, whether an alias cue such as 以下简称 precedes
it). Recognition rules and examples: :mod:`kg.text.titles`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...text.titles import find_titles
from ..spans import doc_text
from .offsets import put_spans


class TitleRecognizer:
    def __call__(self, doc: Doc, spans: bool = True) -> Doc:
        found = find_titles(doc_text(doc))
        put_spans(doc, "title", [(title.start, title.end) for title in found], "TITLE", found,
                  sort=True, spans=spans)
        return doc


@Language.factory("kg_titles")
def create_title_recognizer(nlp: Language, name: str) -> TitleRecognizer:
    return TitleRecognizer()
