"""Typed records that flow between the stages (ingest → nlp → extract → resolve → rdf).

Nothing here knows spaCy or RDF: these are the plain values every stage agrees on.
Offsets are 0-based character offsets ``[start, end)`` into a document's canonical text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NOT_LINE_BREAK = re.compile(r"[^\r\n]")


@dataclass(slots=True)
class SourceDocument:
    """One input file, decoded, with the canonical text that all offsets point into.

    ``mask`` lists ``(start, end)`` ranges of page chrome (menus, footers, filing numbers) that
    extraction must not see; ``extraction_text`` is the canonical text with those ranges blanked,
    so offsets stay true to ``text``.
    """

    path: str
    sha256: str
    text: str
    encoding: str
    kind: str  # "text" or "html"
    mask: list[tuple[int, int]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # header fields of a web page (文号, 发布机构 …)

    @property
    def extraction_text(self) -> str:
        if not self.mask:
            return self.text
        text = self.text
        parts = []
        pos = 0
        for start, end in sorted(self.mask):
            start = max(start, pos)
            if end <= start:
                continue
            parts.append(text[pos:start])
            parts.append(_NOT_LINE_BREAK.sub(" ", text[start:end]))
            pos = end
        parts.append(text[pos:])
        return "".join(parts)


@dataclass(slots=True)
class Region:
    """An administrative division: full path name (吉林省吉林市舒兰市) and GB/T 2260 code."""

    name: str
    code: str | None
    short: str = ""  # the division's own name (舒兰市)
    level: str = ""  # "province", "city", "county", "country" or "place"


@dataclass(slots=True)
class ReplyTo:
    """What a reply answers: a CPPCC proposal (提案) or a congress suggestion (建议)."""

    kind: str | None = None  # 提案, 建议, 党派团体提案, 集体提案 …
    proposer: str | None = None
    role: str | None = None  # 委员, 代表, 民主党派 …
    meeting: str | None = None  # expanded with the author's region
    meeting_text: str | None = None  # as first written
    proposal_no: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Frame:
    """The document's own header and signature facts."""

    title: str | None = None
    author_org: str | None = None
    author_org_text: str | None = None
    region: Region | None = None
    date: str | None = None
    doc_number: str | None = None
    reply_to: ReplyTo | None = None
    title_span: tuple[int, int] | None = None
    author_span: tuple[int, int] | None = None


@dataclass(slots=True)
class DocNumber:
    """A 发文字号 such as 沈民〔2018〕65号, as written and normalised (GB/T 9704-2012)."""

    text: str
    normalized: str
    issuer_code: str
    year: int
    serial: int
    start: int
    end: int


@dataclass(slots=True)
class TitleRef:
    """A document cited by its title in 《》, with the number and issuers written beside it."""

    text: str
    start: int
    end: int
    inner: list[str] = field(default_factory=list)
    doc_number: str | None = None
    issuers: list[str] = field(default_factory=list)
    year: int | None = None
    alias_of: str | None = None  # 《意见》 after 以下简称: the full title it stands for


@dataclass(slots=True)
class OrgMention:
    """A named body as written (市民政局) and resolved (沈阳市民政局)."""

    text: str
    name: str
    start: int
    end: int
    kind: str = "government"  # government, party, congress, cppcc, people_org, coordination, division
    resolved: bool = True
    region_code: str | None = None
    parent: str | None = None  # the body it is part of (舒兰市人民政府)


@dataclass(slots=True)
class RegionMention:
    """A place name in the text, resolved against the administrative-division data set."""

    text: str
    name: str
    code: str | None
    start: int
    end: int
    level: str = ""
    parent: str | None = None  # a street's or community's district (GB/T 2260 code)


@dataclass(slots=True)
class Figure:
    """A number with its unit and what it counts: 8.6亿元 → 860000000 元."""

    text: str
    value: float | int
    unit: str
    start: int
    end: int
    per: list[str] = field(default_factory=list)
    qualifier: str | None = None  # approx, at_least, at_most, range, change
    high: float | int | None = None
    from_value: float | int | None = None
    label: str | None = None
    year: int | None = None


@dataclass(slots=True)
class MeasureMention:
    """A program or measure, mapped onto a concept of the measure scheme."""

    concept: str
    label: str
    text: str
    start: int
    end: int
    year: int | None = None
    program: str | None = None  # a named program (“一社区一大学生助理”工程) when quoted


@dataclass(slots=True)
class Adoption:
    """A sentence stating that the document's region adopted a measure (in a year, if stated)."""

    concept: str
    region_code: str | None
    year: int | None
    start: int
    end: int


@dataclass(slots=True)
class Citation:
    """A relation between two documents with the sentence that states it.

    ``source``/``target`` are "this" (the document itself), a normalised 发文字号, or a title.
    """

    source: str
    target: str
    relation: str  # cites, forwards, implements, replaces, amends, answers
    start: int
    end: int


@dataclass(slots=True)
class Extraction:
    """Everything kg extracted from one source document."""

    source: SourceDocument
    frame: Frame
    doc_numbers: list[DocNumber] = field(default_factory=list)
    titles: list[TitleRef] = field(default_factory=list)
    orgs: list[OrgMention] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    measures: list[MeasureMention] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    adoptions: list[Adoption] = field(default_factory=list)
