"""``kg_figures``: numbers with units in ``doc.spans["figure"]``.

Each span covers the figure as written (8.6亿元, 10至12人, 5450元/月; a leading 近/约 stays
outside) and carries the parsed :class:`kg.text.numbers.Quantity` as ``span._.kg``: value with
万/亿/千 applied, unit, range high end, qualifier, per-denominators. The finding and parsing rules
live in :mod:`kg.text.numbers` and its data file ``kg/data/figure_units.json``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...text.numbers import find_quantities
from ..spans import doc_text
from .offsets import put_spans


class FigureRecognizer:
    def __call__(self, doc: Doc, spans: bool = True) -> Doc:
        found = find_quantities(doc_text(doc))
        put_spans(doc, "figure", [(q.start, q.end) for q in found], "FIGURE", found, spans=spans)
        return doc


@Language.factory("kg_figures")
def create_figure_recognizer(nlp: Language, name: str) -> FigureRecognizer:
    return FigureRecognizer()
