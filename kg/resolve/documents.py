"""Document identity and back-references (该通知, 《意见》 after a full title).

Identity (:func:`document_key`): the same normalised 发文字号 is one document; otherwise the same
title with the same issuers is one document, and the same title from different issuers is not
(舒兰市's 2015 《关于进一步开展社区减负工作的通知》 is not 民政部、中央组织部's notice of that name).

Within one text (:func:`resolve_documents`):
- issuers become full names (市民政局 → 沈阳市民政局 through the resolved organisation
  mentions; 省民政厅 named inside a title → 吉林省民政厅 through the organisation resolver and
  the author's region; 我局 → the author); a number whose code is the author's own (沈民 in a 沈阳市民政局 reply) names the
  author as issuer;
- mentions of the same title, or of the same number, share number, issuers and year;
- short forms resolve like eyecite's short citations: 《意见》 after 以下简称 is an alias of the
  title just before it; a short title such as 《组织法》 is the one earlier title it ends, when
  exactly one does; 该通知 / 上述文件 point to the matching documents named just before them.
  Anything ambiguous stays unresolved, never guessed;
- citation targets become numbers (when known) or full titles; duplicates are dropped.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..models import Citation, Extraction, Frame, OrgMention, TitleRef
from ..text.docnos import docno_data
from ..text.sentences import Sentences
from ..text.titles import (
    canonical_title,
    has_alias_cue,
    is_short_form,
    title_issuers,
    title_subject,
)
from .frame import expand_level
from .gazetteer import NATIONAL_CODE, load_gazetteer
from .orgs import Context, resolve_org

_RANK = {"replaces": 0, "amends": 1, "forwards": 2, "implements": 3, "cites": 4, "answers": 5}
_ALIAS_REACH = 40  # 《…》(以下简称《意见》): how far back the full title may end


def document_key(number: str | None, title: str | None, issuers: list[str]) -> str:
    """The identity of a document, used for its IRI: equal keys mean the same document.

    - a normalised number wins: ``沈民〔2018〕65号``;
    - else the issuers (sorted, joined with 、) and the title without the issuers it names,
      separated by ``|``: ``中央组织部、民政部|关于进一步开展社区减负工作的通知`` — the same for
      《民政部、中央组织部关于进一步开展社区减负工作的通知》 and for 《关于进一步开展社区减负工作的通知》
      with issuers [民政部, 中央组织部];
    - else the title alone, when no issuer is known.
    Titles compare without spaces, with one bracket style and ASCII digits.
    """
    if number:
        return number
    if not title:
        raise ValueError("a document needs a number or a title")
    names = sorted(set(issuers or title_issuers(title)))
    subject = canonical_title(title_subject(title))
    return f"{'、'.join(names)}|{subject}" if names else subject


def title_key(title: TitleRef) -> str:
    """The identity of the document a title mention names (an alias counts as its full title)."""
    return document_key(title.doc_number, title.alias_of or title.text, title.issuers)


def document_keys(extraction: Extraction) -> dict[str, str]:
    """Identity keys of every document a resolved extraction's citations name.

    Citation ends are "this", a normalised number or a full title (see :class:`Citation`); this
    maps each number and title to its :func:`document_key`, using the issuers found for the
    title in this text. "this" is the source document itself and is left to the caller.
    """
    keys: dict[str, str] = {}
    for title in extraction.titles:
        if not title.alias_of:
            keys.setdefault(title.doc_number or title.text, title_key(title))
    for citation in extraction.citations:
        for end in (citation.source, citation.target):
            if end != "this" and end not in keys:
                keys[end] = document_key(end if end.endswith("号") and "〔" in end else None,
                                         end, [])
    return keys


@dataclass(frozen=True, slots=True)
class _BackRefRules:
    pattern: re.Pattern[str]
    kinds: dict[str, re.Pattern[str] | None]
    plural: tuple[str, ...]
    reach: int
    self_words: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> _BackRefRules:
    raw = json.loads(resources.files("kg.data").joinpath("citations.json").read_text("utf-8"))
    kinds: dict[str, re.Pattern[str] | None] = {
        kind: (re.compile(pattern) if pattern else None)
        for kind, pattern in raw["back_reference_kinds"].items()}
    return _BackRefRules(re.compile(raw["back_reference"]), kinds,
                         tuple(raw["plural_determiners"]), int(raw["back_reference_reach"]),
                         tuple(raw["self_words"]))


@dataclass(slots=True)
class NamedDocument:
    """A document named in the text, for back-references: where, its target, its title."""

    position: int
    sentence: int  # start offset of its sentence
    target: str
    title: str | None = None


def resolve_back_reference(phrase: str, at: int, sentence: int,
                           named: list[NamedDocument]) -> list[str]:
    """The targets a back-reference at ``at`` points to, or [] when it is ambiguous.

    该通知 → the nearest earlier title ending in 通知, if its sentence names no other notice;
    上述文件 / 上述法律法规 → every matching document of the nearest earlier sentence naming one;
    该文件 also matches a number written alone. Only documents within reach count.
    """
    rules = _rules()
    match = rules.pattern.fullmatch(phrase)
    if not match:
        return []
    kind = match.group("kind")
    test = rules.kinds.get(kind, re.compile(re.escape(kind) + "$"))

    def fits(doc: NamedDocument) -> bool:
        if test is None:
            return True
        return doc.title is not None and bool(test.search(canonical_title(doc.title)))

    candidates = [d for d in named if d.position < at and at - d.position <= rules.reach and fits(d)]
    if not candidates:
        return []
    nearest = max(candidates, key=lambda d: d.position)
    group = list(dict.fromkeys(d.target for d in candidates if d.sentence == nearest.sentence))
    if match.group("det") in rules.plural:
        return group
    return group if len(group) == 1 else []


class _Names:
    """Issuer names as written → full names, from the document's own context."""

    def __init__(self, extraction: Extraction):
        frame = extraction.frame
        self.frame = frame
        self.by_text: dict[str, str] = {}
        for org in extraction.orgs:
            if org.name and org.resolved:
                self.by_text.setdefault(org.text, org.name)
        self.self_words = _rules().self_words
        region = frame.region.code if frame.region else None
        self.context = Context(region, frame.author_org, extraction.source.text)

    def full(self, name: str) -> str:
        """A mention's resolved name; else the organisation resolver's reading of the name
        (names inside titles are not organisation mentions); else the author's region prefixed."""
        if name in self.by_text:
            return self.by_text[name]
        if name in self.self_words:
            return self.frame.author_org or name
        resolution = resolve_org(OrgMention(name, name, 0, 0), self.context)
        if resolution.resolved:
            return resolution.name
        return _expand_relative(name, self.frame)


def _expand_relative(name: str, frame: Frame) -> str:
    """省民政厅 in a Jilin reply → 吉林省民政厅; 市民政局 in a Shenyang reply → 沈阳市民政局."""
    return expand_level(name, frame.region.code if frame.region else None, levels="省市县区")


def _author_codes(frame: Frame) -> tuple[str, ...]:
    """Code prefixes of the author's own numbers: 沈民 for 沈阳市民政局, 青民 for 青海省民政厅."""
    if not frame.author_org:
        return ()
    data = docno_data()
    prefixes: list[str] = []
    type_chars = data["type_chars"]
    if frame.doc_number and "〔" in frame.doc_number and not frame.doc_number.startswith("〔"):
        own = frame.doc_number.split("〔", 1)[0].rstrip(type_chars)
        if own:
            prefixes.append(own)
    region = frame.region
    organs = [code for code, word in data["organ_codes"].items() if word in frame.author_org]
    if region and region.code and organs:
        if region.code == NATIONAL_CODE:
            abbreviations = [""]
        elif region.level == "province":
            abbreviations = [data["province_abbreviations"].get(region.code[:2], "")]
        else:  # a city or county: any character of its own name (沈阳 → 沈, 无锡 → 锡, 三明 → 明)
            short = load_gazetteer().by_code[region.code].aliases
            stem = min([region.short, *short], key=len) if short else region.short
            abbreviations = list(dict.fromkeys(stem[:-1] if len(stem) > 2 else stem))
        prefixes += [a + organ for a in abbreviations if a or region.code == NATIONAL_CODE
                     for organ in organs]
    return tuple(dict.fromkeys(p for p in prefixes if p))


def _is_authors(code: str, prefixes: tuple[str, ...]) -> bool:
    type_chars = docno_data()["type_chars"]
    return any(code.startswith(p) and len(code) - len(p) <= 2
               and all(ch in type_chars for ch in code[len(p):]) for p in prefixes)


def _share(group: list[TitleRef]) -> None:
    """Mentions of one document share number, issuers and year (first stated wins)."""
    number = next((t.doc_number for t in group if t.doc_number), None)
    issuers = next((t.issuers for t in group if t.issuers), [])
    year = next((t.year for t in group if t.year), None)
    for title in group:
        if title.issuers and issuers and set(title.issuers) != set(issuers):
            return  # the same title from different issuers: different documents
    for title in group:
        title.doc_number = title.doc_number or number
        title.issuers = title.issuers or list(issuers)
        title.year = title.year or year


def _resolve_aliases(text: str, titles: list[TitleRef], sentences: Sentences) -> None:
    aliases: dict[str, str] = {}
    full: list[tuple[str, str]] = []  # (canonical, as written) of earlier full titles
    for index, title in enumerate(titles):
        key = canonical_title(title.text)
        if has_alias_cue(text, title.start):
            before = [t for t in titles[:index] if title.start - t.end <= _ALIAS_REACH
                      and sentences.span(t.start) == sentences.span(title.start)
                      and not t.alias_of]
            if before:
                title.alias_of = before[-1].text
                aliases[key] = before[-1].text
            continue
        if key in aliases:
            title.alias_of = aliases[key]
            continue
        if is_short_form(title.text):
            ends = {f_key: written for f_key, written in full
                    if len(f_key) > len(key) and f_key.endswith(key)}
            if len(ends) == 1:
                title.alias_of = next(iter(ends.values()))
                continue
        full.append((key, title.text))
        full.extend((canonical_title(inner), inner) for inner in title.inner)


def resolve_documents(extraction: Extraction) -> None:
    """Full issuer names, shared facts, short forms and final citation targets of one text."""
    frame = extraction.frame
    titles = extraction.titles
    text = extraction.source.text
    names = _Names(extraction)
    prefixes = _author_codes(frame)
    codes = {n.normalized: n.issuer_code for n in extraction.doc_numbers}
    for title in titles:
        title.issuers = list(dict.fromkeys(names.full(i) for i in title.issuers))
        if not title.issuers and title.doc_number and frame.author_org and _is_authors(
                codes.get(title.doc_number, ""), prefixes):
            title.issuers = [frame.author_org]

    groups: dict[str, list[TitleRef]] = {}
    for title in titles:
        groups.setdefault(canonical_title(title.text), []).append(title)
    for group in groups.values():
        if len(group) > 1:
            _share(group)
    by_number: dict[str, list[TitleRef]] = {}
    for title in titles:
        if title.doc_number:
            by_number.setdefault(title.doc_number, []).append(title)
    for group in by_number.values():
        if len(group) > 1:
            _share(group)

    if not titles and not extraction.citations:
        return
    # Sentences of the canonical text: titles and citations never lie in masked chrome.
    sentences = Sentences(text, [(t.start, t.end) for t in titles])
    _resolve_aliases(text, titles, sentences)
    for title in titles:
        if title.alias_of:  # 《办法》 is 《泉州市地名管理办法》: the same number, issuers and year
            full = groups.get(canonical_title(title.alias_of))
            if full:
                _share([full[0], title])
    extraction.citations = _final_citations(extraction, sentences, text)


def _final_citations(extraction: Extraction, sentences: Sentences, text: str) -> list[Citation]:
    frame = extraction.frame
    titles = extraction.titles
    by_canonical: dict[str, TitleRef] = {}
    for title in titles:
        if not title.alias_of:
            by_canonical.setdefault(canonical_title(title.text), title)

    def title_target(title: TitleRef) -> str:
        if title.alias_of:
            full = by_canonical.get(canonical_title(title.alias_of))
            return title_target(full) if full is not None and not full.alias_of else title.alias_of
        if title.doc_number:
            return title.doc_number
        return by_canonical.get(canonical_title(title.text), title).text

    def named_target(written: str, start: int, end: int) -> str:
        for title in titles:
            if start <= title.start < end and title.text == written:
                return title_target(title)
        known = by_canonical.get(canonical_title(written))
        return title_target(known) if known is not None else written

    named = [NamedDocument(t.start, sentences.span(t.start)[0], title_target(t),
                           t.alias_of or t.text) for t in titles]
    for number in extraction.doc_numbers:
        if not any(t.doc_number == number.normalized and abs(t.start - number.start) < 60
                   for t in titles) and number.normalized != frame.doc_number:
            named.append(NamedDocument(number.start, sentences.span(number.start)[0],
                                       number.normalized))
    named.sort(key=lambda d: d.position)
    positions = [d.position for d in named]
    pattern = _rules().pattern

    own = {frame.doc_number} if frame.doc_number else set()
    if frame.title:
        own.add(frame.title)
    out: list[Citation] = []
    for citation in extraction.citations:
        if citation.relation == "answers":
            out.append(citation)
            continue
        source = citation.source
        if source != "this":
            source = named_target(source, citation.start, citation.end)
        if pattern.fullmatch(citation.target):
            at = text.find(citation.target, citation.start, citation.end)
            before = named[: bisect_right(positions, at)]
            targets = resolve_back_reference(citation.target, at, sentences.span(at)[0], before)
        else:
            targets = [named_target(citation.target, citation.start, citation.end)]
        for target in targets:
            if target in own or target == source:
                continue
            out.append(Citation(source, target, citation.relation, citation.start, citation.end))
    return _dedupe(out)


def _dedupe(citations: list[Citation]) -> list[Citation]:
    """One citation per (source, target, relation); ``cites`` gives way to a stronger relation."""
    strongest: dict[tuple[str, str], int] = {}
    for c in citations:
        pair = (c.source, c.target)
        strongest[pair] = min(strongest.get(pair, 9), _RANK[c.relation])
    seen: set[tuple[str, str, str]] = set()
    out = []
    for c in citations:
        key = (c.source, c.target, c.relation)
        if key in seen or (c.relation == "cites" and strongest[(c.source, c.target)] < _RANK["cites"]):
            continue
        seen.add(key)
        out.append(c)
    return out
