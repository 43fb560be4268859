"""``kg_docnos``: 发文字号 spans in ``doc.spans["docno"]`` (data: :class:`kg.text.docnos.DocNo`)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...text.docnos import find_doc_numbers
from ..spans import doc_text, make_span, set_group


class DocNumberRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        spans = [make_span(doc, found.start, found.end, "DOCNO", found)
                 for found in find_doc_numbers(doc_text(doc))]
        set_group(doc, "docno", spans)
        return doc


@Language.factory("kg_docnos")
def create_docno_recognizer(nlp: Language, name: str) -> DocNumberRecognizer:
    return DocNumberRecognizer()
