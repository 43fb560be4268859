"""``kg_measures``: measures and named programs in ``doc.spans["measure"]``.

A spaCy ``PhraseMatcher`` built from every Chinese label of the SKOS scheme
(``ontology/measures.ttl``: prefLabel, altLabel, hiddenLabel) plus a few regular expressions for
verb-object variants (``kg/data/measure_patterns.json``) tags each mention with its concept;
overlapping hits keep the longest. Handles, one example a line:
    社区工作准入制度 / 社区准入制度 / 工作事项准入制度 / 准入制度    → access-list
    减轻社区和社区工作者负担                                      → burden-reduction (pattern)
    “全市通办” / “红色物业”                                        → a program of its concept
    “一社区一大学生助理”工程                                       → program, student-assistant
    社区减负增效专项行动 / 社区服务场所提升工程                    → program: measure + suffix
Not measures: labels inside an organisation's name (市委社会工作部) when ``kg_orgs`` ran first.
Each span's ``span._.kg`` is ``{"concept": id, "program": name or None, "start", "end"}``
(character offsets of the mention).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ...measure_scheme import Scheme, load_scheme
from ..spans import doc_text, span_ranges
from .offsets import put_spans, token_offsets

_GAP_OK = re.compile(r"[\u4e00-\u9fff]*")
_QUOTES = "“”\"「」"


@dataclass(slots=True)
class _Patterns:
    concept: list[tuple[str, re.Pattern[str], tuple[str, ...]]]  # concept, regex, needed words
    quote: re.Pattern[str]
    not_program: re.Pattern[str]
    suffix: re.Pattern[str]
    max_gap: int


@lru_cache(maxsize=1)
def measure_data() -> dict[str, Any]:
    """The raw measure pattern file."""
    text = resources.files("kg.data").joinpath("measure_patterns.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    data = measure_data()
    concept = [(cid, re.compile(p["re"]), tuple(p["needs"]))
               for cid, pats in data["concept_patterns"].items() for p in pats]
    return _Patterns(concept=concept,
                     quote=re.compile(data["program_quote"]),
                     not_program=re.compile(data["program_not"]),
                     suffix=re.compile(data["program_suffix"]),
                     max_gap=int(data["program_max_gap"]))


def _program_name(text: str) -> str:
    """“一社区一大学生助理”工程 keeps its quotes; a bare “红色物业” loses them."""
    if text[:1] in _QUOTES and text[-1:] in _QUOTES:
        return text[1:-1]
    return text


class MeasureRecognizer:
    """Tags measure mentions with concept ids; built once from the scheme."""

    def __init__(self, nlp: Language, scheme: Scheme | None = None):
        self.scheme = scheme or load_scheme()
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_concept: dict[str, list[str]] = {}
        for label, cid in self.scheme.labels.items():
            by_concept.setdefault(cid, []).append(label)
        for cid, labels in sorted(by_concept.items()):
            self.matcher.add(cid, [nlp.make_doc(label) for label in labels])
        self.ids = {nlp.vocab.strings[cid]: cid for cid in by_concept}
        self.patterns = _patterns()

    def _mentions(self, doc: Doc, text: str, offsets: numpy.ndarray
                  ) -> list[tuple[int, int, str]]:
        """``(start, end, concept)`` character ranges, longest first where they overlap."""
        found: list[tuple[int, int, str]] = []
        matches = self.matcher(doc)
        if matches:
            found_ids, first, last = numpy.asarray(matches, dtype=numpy.uint64).T
            first, last = first.astype(numpy.int64), last.astype(numpy.int64) - 1
            starts = offsets[first, 0].tolist()
            ends = (offsets[last, 0] + offsets[last, 1]).tolist()
            ids = self.ids
            found = [(a, b, ids[h]) for a, b, h in zip(starts, ends, found_ids.tolist(),
                                                       strict=True)]
        concepts = self.scheme.concepts
        for cid, pattern, needs in self.patterns.concept:
            # a regex scan costs far more than a substring test: run it only when it can match
            if cid in concepts and any(word in text for word in needs):
                found.extend((m.start(), m.end(), cid) for m in pattern.finditer(text))
        return _longest(found)

    def _programs(self, text: str, mentions: list[tuple[int, int, str]]
                  ) -> dict[int, tuple[int, int]]:
        """Mention index → the character range of the named program it belongs to."""
        starts = [m[0] for m in mentions]
        programs: dict[int, tuple[int, int]] = {}
        for q in self.patterns.quote.finditer(text):
            inner_start, inner_end = q.span(1)
            if self.patterns.not_program.search(q.group(1)):
                continue  # a quoted title or slogan (“关于…的建议”, “自我管理、自我教育…”)
            first, last = bisect_left(starts, inner_start), bisect_left(starts, inner_end)
            inside = [i for i in range(first, last) if mentions[i][1] <= inner_end]
            if inside:
                best = max(inside, key=lambda i: mentions[i][1] - mentions[i][0])
                programs[best] = q.span()
        for suffix in self.patterns.suffix.finditer(text):
            # the nearest mention that ends at most max_gap CJK characters before the suffix
            index = bisect_left(starts, suffix.start()) - 1
            if index < 0 or index in programs:
                continue
            m_start, m_end, _ = mentions[index]
            gap = text[m_end:suffix.start()] if m_end <= suffix.start() else ""
            if len(gap) <= self.patterns.max_gap and _GAP_OK.fullmatch(gap):
                programs[index] = (m_start, max(suffix.end(), m_end))
        return programs

    def __call__(self, doc: Doc, spans: bool = True) -> Doc:
        text = doc_text(doc)
        offsets = token_offsets(doc)
        mentions = _outside_orgs(doc, self._mentions(doc, text, offsets))
        programs = self._programs(text, mentions)
        ranges, data = [], []
        for index, (start, end, cid) in enumerate(mentions):
            program = None
            if index in programs:
                start, end = programs[index]
                program = _program_name(text[start:end])
            ranges.append((start, end))
            data.append({"concept": cid, "program": program, "start": start, "end": end})
        put_spans(doc, "measure", ranges, "MEASURE", data, offsets, spans=spans)
        return doc


def _outside_orgs(doc: Doc, mentions: list[tuple[int, int, str]]
                  ) -> list[tuple[int, int, str]]:
    """Drop mentions inside an organisation's name (市委社会工作部, 社区建设工作联席会议):
    the text names a body there, not a measure."""
    ranges = sorted(span_ranges(doc, "org"))
    if not ranges:
        return mentions
    starts = [r[0] for r in ranges]
    kept = []
    for mention in mentions:
        index = bisect_left(starts, mention[0] + 1) - 1
        if index >= 0 and ranges[index][0] <= mention[0] and mention[1] <= ranges[index][1]:
            continue
        kept.append(mention)
    return kept


def _longest(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping ranges, preferring the longest (then the earliest), in text order."""
    kept: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for item in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        start, end, _ = item
        index = bisect_left(taken, (start, end))
        if index > 0 and taken[index - 1][1] > start:
            continue
        if index < len(taken) and taken[index][0] < end:
            continue
        taken.insert(index, (start, end))
        kept.append(item)
    return sorted(kept)


@Language.factory("kg_measures")
def create_measure_recognizer(nlp: Language, name: str) -> MeasureRecognizer:
    return MeasureRecognizer(nlp)
