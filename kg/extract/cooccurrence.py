"""Facts two mentions state by standing in one sentence: a figure beside a measure, a measure
taken over from another region.

They are derived from a document's records (figures, measures, regions and its own region)
and sentence bounds, with no further reading of the text than the cue words of
``kg/data/spread.json``. Stating them once per document lets the graph answer "which figures
back this measure" and "where did this measure come from" by lookup: found at query time, by
joining every sentence of the graph, they took 9 s and 30 s at 10,000 documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..models import Extraction

Sentence = Callable[[int, int], tuple[int, int]]  # (start, end) → bounds of its sentence


@dataclass(frozen=True, slots=True)
class FigureMeasure:
    """The figure at ``[start, end)`` is stated in the sentence ``sentence`` with a measure."""

    start: int
    end: int
    concept: str
    sentence: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Spread:
    """The sentence says ``concept`` was taken over from ``origin`` by ``adopter`` (codes)."""

    concept: str
    origin: str
    adopter: str
    sentence: tuple[int, int]


@lru_cache(maxsize=1)
def _taking_over() -> re.Pattern[str]:
    raw = json.loads(resources.files("kg.data").joinpath("spread.json").read_text("utf-8"))
    return re.compile("|".join(re.escape(word) for word in raw["taking_over"]))


def _code_prefix(code: str) -> str:
    """GB/T 2260 codes nest by prefix once trailing 00 pairs go: 22 ⊃ 2201 ⊃ 220102."""
    return re.sub(r"(00)+$", "", code)


def _concepts_by_sentence(extraction: Extraction, sentence: Sentence
                          ) -> dict[tuple[int, int], list[str]]:
    found: dict[tuple[int, int], list[str]] = {}
    for measure in extraction.measures:
        if measure.concept:
            found.setdefault(sentence(measure.start, measure.end), []).append(measure.concept)
    return {where: list(dict.fromkeys(concepts)) for where, concepts in found.items()}


def sentence_links(extraction: Extraction, sentence: Sentence
                   ) -> tuple[list[FigureMeasure], list[Spread]]:
    """Both kinds of link, finding the measures of each sentence once."""
    concepts = _concepts_by_sentence(extraction, sentence)
    return (figure_measures(extraction, sentence, concepts),
            spreads(extraction, sentence, concepts))


def figure_measures(extraction: Extraction, sentence: Sentence,
                    concepts: dict[tuple[int, int], list[str]] | None = None
                    ) -> list[FigureMeasure]:
    """Each figure with a value and each measure named in its sentence (``concepts``: the
    measures by sentence, when the caller has them)."""
    if concepts is None:
        concepts = _concepts_by_sentence(extraction, sentence)
    found = []
    for figure in extraction.figures:
        if figure.value is None or not concepts:
            continue
        where = sentence(figure.start, figure.end)
        found += [FigureMeasure(figure.start, figure.end, concept, where)
                  for concept in concepts.get(where, ())]
    return found


def spreads(extraction: Extraction, sentence: Sentence,
            concepts: dict[tuple[int, int], list[str]] | None = None) -> list[Spread]:
    """Measures a sentence says were taken over from a region outside the document's region
    (neither contains the other). The adopter is a region inside the document's region named
    in the same sentence (舒兰市 in a Jilin reply), else the document's region."""
    home = extraction.frame.region.code if extraction.frame.region else None
    if not home:
        return []
    if concepts is None:
        concepts = _concepts_by_sentence(extraction, sentence)
    regions: dict[tuple[int, int], list[str]] = {}
    for mention in extraction.regions:
        if mention.code:
            regions.setdefault(sentence(mention.start, mention.end), []).append(mention.code)
    home_prefix = _code_prefix(home)
    cue = _taking_over()
    found = []
    for where, codes in regions.items():
        if where not in concepts or not cue.search(extraction.source.text, *where):
            continue
        codes = list(dict.fromkeys(codes))
        origins = [code for code in codes if code != home
                   and not _code_prefix(code).startswith(home_prefix)
                   and not home_prefix.startswith(_code_prefix(code))]
        takers = [code for code in codes if code != home and code.startswith(home_prefix)]
        found += [Spread(concept, origin, adopter, where)
                  for origin in origins for adopter in (takers or [home])
                  for concept in concepts[where]]
    return found
