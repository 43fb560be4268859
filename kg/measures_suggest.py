"""``kg measures suggest``: frequent measure-like terms that the concept scheme does not cover.

A user extends ``ontology/measures.ttl`` from this list. Candidates, one example a line:
    “回头看、再办理” / “三岗十八级”                         quoted terms
    建立了职能部门进社区接待日制度 → 职能部门进社区接待日制度   a named 制度/机制/工程/行动/试点/平台/模式
Terms that contain a label of the scheme (社区准入制度 contains 准入制度) are covered already and
left out; so are quoted titles (“关于…的建议”). Each row counts the occurrences and names the
documents' regions, most frequent first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .measure_scheme import Scheme, load_scheme
from .models import Extraction

_QUOTED = re.compile(r"[“\"「]([\u4e00-\u9fffA-Za-z0-9+＋·]{2,12})[”\"」]")
_NAMED = re.compile(
    r"(?:建立|建立了|推行|推行了|实施|实施了|开展|开展了|健全|完善|推进|探索|创新|打造|构建|落实|"
    r"出台|制定|启动|试行|推广)"
    r"(?P<term>[\u4e00-\u9fff]{2,12}?(?:制度|机制|工程|专项行动|行动|试点|平台|模式|体系|工作法))")
_LEADING = re.compile(r"^(?:了|的|和|及|与|在|对|将|把|以|全面|进一步|积极|稳步|深入|大力)+")
_NOT_TERM = re.compile(r"^关于|(?:建议|提案|意见|通知|办法|方案|决定|规定|答复|议案)$")


@dataclass(slots=True)
class SuggestRow:
    """A candidate term with how often it occurs and in which regions."""

    term: str
    count: int
    documents: int
    regions: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _stop_terms() -> frozenset[str]:
    from .nlp.components.measures import measure_data
    from .text.numbers import figure_data

    return frozenset(measure_data()["suggest_stop"]) | frozenset(figure_data()["set_phrases"])


def candidate_terms(text: str, scheme: Scheme) -> list[str]:
    """Measure-like terms in ``text`` (with repeats) that no scheme label covers."""
    labels = scheme.labels
    stop = _stop_terms()
    out = []
    found = [m.group(1) for m in _QUOTED.finditer(text)]
    found += [_LEADING.sub("", m.group("term")) for m in _NAMED.finditer(text)]
    for term in found:
        if len(term) < 2 or term in stop or _NOT_TERM.search(term):
            continue
        if any(label in term for label in labels):
            continue
        out.append(term)
    return out


def _documents_from_jsonl(path: Path) -> Iterable[tuple[str, str | None]]:
    """``(text, region name)`` for each record of a ``kg extract`` JSON Lines file."""
    from .ingest import read_document

    # Streamed line by line (split on "\n" only: JSON strings may hold U+2028, kept raw).
    with path.open(encoding="utf-8", newline="\n") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            source = Path(record["source"])
            if not source.is_file():
                continue
            document, _frame = read_document(source)
            region = (record.get("region") or {}).get("name")
            yield document.extraction_text, region


def _documents(extractions_or_jsonl: Iterable[Extraction] | str | Path
               ) -> Iterable[tuple[str, str | None]]:
    if isinstance(extractions_or_jsonl, (str, Path)):
        path = Path(extractions_or_jsonl)
        if path.is_dir():
            path = path / "extraction.jsonl"
        yield from _documents_from_jsonl(path)
        return
    for extraction in extractions_or_jsonl:
        region = extraction.frame.region.name if extraction.frame.region else None
        yield extraction.source.extraction_text, region


def suggest(extractions_or_jsonl: Iterable[Extraction] | str | Path,
            scheme: Scheme | None = None, min_count: int = 2, limit: int | None = 50
            ) -> list[SuggestRow]:
    """Candidate terms not yet in ``scheme``, most frequent first.

    ``extractions_or_jsonl``: extractions, a ``kg extract`` JSON Lines file, or an output folder
    holding ``extraction.jsonl`` (the source files are read again for their text).
    """
    scheme = scheme or load_scheme()
    counts: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    regions: dict[str, set[str]] = {}
    for text, region in _documents(extractions_or_jsonl):
        terms = candidate_terms(text, scheme)
        counts.update(terms)
        docs.update(set(terms))
        if region:
            for term in set(terms):
                regions.setdefault(term, set()).add(region)
    rows = [SuggestRow(term, count, docs[term], sorted(regions.get(term, ())))
            for term, count in counts.items() if count >= min_count]
    rows.sort(key=lambda r: (-r.count, -r.documents, r.term))
    return rows[:limit] if limit else rows


SHOWN_REGIONS = 8  # a term used across the country would list hundreds of regions


def format_rows(rows: list[SuggestRow]) -> str:
    """A plain table for the command line: each term with the first few of its regions."""
    lines = [f"{'count':>5} {'docs':>4}  term  (regions)"]
    for row in rows:
        shown = "、".join(row.regions[:SHOWN_REGIONS])
        more = len(row.regions) - SHOWN_REGIONS
        if more > 0:
            shown += f" … +{more}"
        lines.append(f"{row.count:>5} {row.documents:>4}  {row.term}  ({shown})")
    return "\n".join(lines)
