"""Measure spans → :class:`MeasureMention` records, and the adoptions the text states.

Every mention keeps its concept (an id of ``ontology/measures.ttl``), the concept's Chinese
preferred label, the text as written, the named program it belongs to and the year its sentence
states. An :class:`Adoption` is recorded when a sentence says the document's own region put a
measure in place, one example a line:

    我市在2015年由市委组织部、市民政局出台了《关于进一步开展社区减负工作的通知》
        → burden-reduction, 2015
    2019年…我市初步推进社工岗改革                → professionalization, 2019
    在全市推行社区便民服务事项“全市通办”        → city-wide-service (no year stated)

Not adoptions: plans (下一步, 将进一步, 力争), the proposer's words (您提出的…), verbs that only
appear inside a cited 《title》. One adoption per measure and document, with the earliest year.
The region code comes from the frame once it is resolved (:mod:`kg.resolve.measures`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from ..measure_scheme import load_scheme
from ..models import Adoption, Extraction, Frame, MeasureMention, SourceDocument
from ..nlp.components.measures import measure_data
from ..nlp.spans import span_data
from ..text.numbers import sentence_bounds
from .figures import TextContext, doc_year, text_context

_TITLE = re.compile(r"《[^《》\n]{0,200}》")
_PROPOSAL = re.compile(r"您|你们|贵(?:委员|代表|单位|党派)|提案中|建议中|来信")


@dataclass(slots=True)
class _AdoptionRules:
    verbs: re.Pattern[str]
    future: re.Pattern[str]
    plan_intro: re.Pattern[str]
    enumerated: re.Pattern[str]
    heading: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _AdoptionRules:
    data = measure_data()
    return _AdoptionRules(verbs=re.compile(data["adoption_verbs"]),
                          future=re.compile(data["future_markers"]),
                          plan_intro=re.compile(data["plan_intro"]),
                          enumerated=re.compile(data["enumerated"]),
                          heading=re.compile(data["heading"], re.M))


def states_adoption(sentence: str) -> bool:
    """Whether a sentence reports something done (出台了…, 建立了…), not planned or proposed."""
    rules = _rules()
    plain = _TITLE.sub("《》", sentence)
    if rules.heading.match(plain):
        return False  # a section heading (一、扎实推进社区减负增效) states no fact
    if _PROPOSAL.search(plain) or rules.future.search(plain):
        return False
    return bool(rules.verbs.search(plain))


def _in_plan_list(text: str, start: int) -> bool:
    """一是…/二是… items after an intro that announces plans (下一步…做好以下几方面工作：)."""
    rules = _rules()
    if not rules.enumerated.match(text, start):
        return False
    window_start = max(0, start - 3000)
    intros = list(rules.plan_intro.finditer(text, window_start, start))
    if not intros:
        return False
    intro = intros[-1]
    if rules.heading.search(text, intro.end(), start):
        return False  # a new section began after the intro
    left, right = sentence_bounds(text, intro.start(), intro.end())
    return bool(rules.future.search(text, left, right))


def find_adoptions(text: str, mentions: list[MeasureMention], frame: Frame,
                   doc_year: int | None = None, context: TextContext | None = None
                   ) -> list[Adoption]:
    """One adoption per concept whose mention sits in a sentence that states it was done."""
    context = context or TextContext(text, doc_year)
    region_code = frame.region.code if frame.region else None
    best: dict[str, Adoption] = {}
    checked: dict[tuple[int, int], bool] = {}
    for mention in mentions:
        bounds = context.sentence(mention.start, mention.end)
        if bounds not in checked:
            checked[bounds] = (states_adoption(text[bounds[0]:bounds[1]])
                               and not _in_plan_list(text, bounds[0]))
        if not checked[bounds]:
            continue
        year = context.year(mention.start, mention.end)
        found = Adoption(concept=mention.concept, region_code=region_code, year=year,
                         start=bounds[0], end=bounds[1])
        current = best.get(mention.concept)
        if current is None or (year is not None and (current.year is None or year < current.year)):
            best[mention.concept] = found
    return sorted(best.values(), key=lambda a: a.start)  # stable: mention order within a sentence


def extract_measures(doc: Doc, source: SourceDocument, frame: Frame,
                     extraction: Extraction) -> None:
    """Mentions in text order, then the adoptions their sentences state."""
    scheme = load_scheme()
    text = source.text
    context = text_context(text, doc_year(frame))
    for _, _, data in span_data(doc, "measure"):
        if not data or data["concept"] not in scheme.concepts:
            continue
        concept = scheme.concepts[data["concept"]]
        start, end = data["start"], data["end"]
        extraction.measures.append(MeasureMention(
            concept=concept.id, label=concept.pref_zh, text=text[start:end], start=start,
            end=end, year=context.year(start, end), program=data["program"]))
    extraction.adoptions = find_adoptions(text, extraction.measures, frame, context=context)
