"""``kg_docnos``: 发文字号 spans in ``doc.spans["docno"]`` (data: :class:`kg.text.docnos.DocNo`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...text.docnos import find_doc_numbers
from ..spans import doc_text
from .offsets import put_spans


class DocNumberRecognizer:
    def __call__(self, doc: Doc, spans: bool = True) -> Doc:
        found = find_doc_numbers(doc_text(doc))
        put_spans(doc, "docno", [(number.start, number.end) for number in found], "DOCNO", found,
                  sort=True, spans=spans)
        return doc


@Language.factory("kg_docnos")
def create_docno_recognizer(nlp: Language, name: str) -> DocNumberRecognizer:
    return DocNumberRecognizer()
