"""Organisation and region resolution with the document's context.

The author's region (from :mod:`kg.resolve.frame`) decides what a relative name means:
    市民政局 in a 沈阳市民政局 reply      → 沈阳市民政局
    省委 / 省政府 in a Jilin reply        → 吉林省委 / 吉林省人民政府
    区委组织部 in a 武侯区 reply          → 成都市武侯区委组织部 (a district is named with its city)
    团市委 in a Chengdu reply             → 共青团成都市委
    民政局 in a 长春市民政局 reply        → 长春市民政局 (the author's own kind of body)
    社会事务科 / 区划地名处               → the author's division: 泉州市民政局区划地名处
    我市 / 全省 (regions)                 → the author's city / province
A relative name that the context cannot settle (区政府 in a city bureau's reply) keeps its written
form and is marked unresolved: never guessed. National bodies (民政部, 国务院) are national.
Each resolved body gets the body it belongs to (``parent``): 舒兰市民政局 → 舒兰市人民政府,
市委组织部 → 舒兰市委, 民政部 → 国务院; its region (``region_code``) carries the hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..models import Extraction, OrgMention, RegionMention
from .gazetteer import NATIONAL_CODE, Division, load_gazetteer


def org_lexicon() -> dict[str, Any]:
    # Imported here: the component imports the gazetteer, whose package imports this module.
    from ..nlp.components.orgs import org_lexicon as load

    return load()


def grammar() -> Any:
    from ..nlp.components.orgs import grammar as load

    return load()


@dataclass(slots=True)
class Context:
    """What the document says about its author."""

    region_code: str | None
    author_org: str | None
    before: str = ""  # the two characters before the mention (全省 社区建设工作联席会议)


@dataclass(frozen=True, slots=True)
class Resolution:
    name: str
    resolved: bool
    region_code: str | None = None
    parent: str | None = None


# -- regions ---------------------------------------------------------------------------------
def division_for_level(level: str, context_code: str | None) -> Division | None:
    """The author's own division written as a level: 市 → 舒兰市 (or 沈阳市), 省 → 吉林省.

    The most specific division of the author's chain whose name ends with ``level`` wins, so
    in a 舒兰市 (a county-level city) reply 市 is 舒兰市, in a 武侯区 reply it is 成都市.
    """
    if not context_code or context_code == NATIONAL_CODE:
        return None
    gazetteer = load_gazetteer()
    for division in reversed(gazetteer.chain(context_code)):
        if level == "省":
            if division.level == "province" and division.name.endswith("省"):
                return division
        elif division.name.endswith(level):
            return division
    return None


def canonical_region_name(code: str) -> str:
    """The region part of a body's official name: 舒兰市, 吉林省, 成都市武侯区, 北京市海淀区.

    Districts (区) are named with their city (district names repeat across the country: 朝阳区);
    counties and county-level cities stand alone (伊川县, 舒兰市).
    """
    gazetteer = load_gazetteer()
    division = gazetteer.by_code[code]
    if division.level == "county" and division.name.endswith("区") and division.parent:
        parent = gazetteer.by_code.get(division.parent)
        if parent is not None and parent.level == "city":
            return parent.name + division.name
        if parent is not None and parent.level == "province" and parent.name.endswith("市"):
            return parent.name + division.name  # a municipality's district (data without a city row)
    return division.name


def _resolve_regions(regions: list[RegionMention], context: str | None) -> None:
    """我市 → the author's city; 朝阳区 → the one near the author; streets → under their district."""
    gazetteer = load_gazetteer()
    by_end: dict[int, RegionMention] = {}
    for region in regions:
        if region.level == "relative":
            division = division_for_level(region.text[-1], context)
            if division is not None:
                region.code, region.name = division.code, gazetteer.full_name(division.code)
                region.level = division.level
        elif region.level in ("street", "community"):
            # Under the place written right before it (resolved already: regions are in order).
            upper = by_end.get(region.start)
            if region.parent is None and upper is not None:
                if upper.level in ("street", "community"):
                    region.parent = upper.parent
                    region.name = upper.name + region.text
                elif upper.code:
                    region.parent = upper.code
                    region.name = upper.name + region.text
        elif region.code is None:
            found = gazetteer.split_prefix(region.text, context)
            if found and found[1] == region.text:
                region.code = found[0]
                region.name = gazetteer.full_name(found[0])
                region.level = gazetteer.by_code[found[0]].level
        by_end[region.end] = region


# -- organisations ---------------------------------------------------------------------------
def _government(region_name: str) -> str:
    return region_name + "人民政府"


def _core_name(core: str) -> str:
    """市政府办公室 → 人民政府办公室: the government's full name inside a body's name."""
    return "人民" + core if core.startswith("政府") else core


def _strip_tail(name: str) -> str | None:
    for tail in org_lexicon()["body_tails"]:
        if name.endswith(tail) and len(name) > len(tail) + 2:
            return name[: -len(tail)]
    return None


def _parent(group: str, region_name: str | None, core: str, full: str, national: bool
            ) -> str | None:
    """The body a resolved body is part of."""
    if group in ("people", "tuan", "natalone"):
        return None
    if national:
        if group == "func":
            lx = org_lexicon()
            party = any(core.startswith(f) for f in lx["party_functions"])
            return "中共中央" if party else "国务院"
        if group == "natoffice":
            return None
        return None
    if region_name is None:
        return None
    tail_of = _strip_tail(full)
    if group == "func" and tail_of:
        return tail_of  # 市民政局党组 → 市民政局
    if group == "gov":
        return None if core in ("人民政府", "政府") else _government(region_name)
    if group == "party":
        return None if core in ("委", "党委") else region_name + core[:core.index("委") + 1]
    if group == "congress":
        return None if core in ("人大", "人大常委会") else region_name + "人大常委会"
    if group == "cppcc":
        return None if core == "政协" else region_name + "政协"
    if group == "disc":
        return region_name + "委"
    if group == "func":
        lx = org_lexicon()
        if any(core.startswith(f) for f in lx["party_functions"]) and core.endswith(("部", "委")):
            return region_name + "委"
        return _government(region_name)
    return _government(region_name)


def _split_region(text: str, context: str | None) -> tuple[str, str, str] | None:
    """(code, written prefix, rest) when ``text`` starts with a region name."""
    found = load_gazetteer().split_prefix(text, context)
    if found and len(found[1]) < len(text):
        return found[0], found[1], text[len(found[1]):]
    return None


def resolve_org(org: OrgMention, ctx: Context) -> Resolution:
    """The full name of one mention in its document's context."""
    return _resolve_cached(org.text, org.kind, org.region_code, ctx.region_code, ctx.author_org,
                           ctx.before if org.kind == "coordination" else "")


@lru_cache(maxsize=65536)
def _resolve_cached(text: str, kind: str, region_code: str | None, context_code: str | None,
                    author_org: str | None, hint: str) -> Resolution:
    """Resolution depends on these values only, and the same mentions recur: memoised."""
    return _resolve(OrgMention(text, text, 0, len(text), kind, False, region_code),
                    Context(context_code, author_org, hint))


def _resolve(org: OrgMention, ctx: Context) -> Resolution:
    text = org.text
    lx = org_lexicon()
    if org.kind == "division":
        if ctx.author_org:
            return Resolution(ctx.author_org + text, True, ctx.region_code, ctx.author_org)
        return Resolution(text, False)
    if org.kind in ("coordination",) or text.endswith(tuple(lx["street_office_suffixes"])):
        return _resolve_topic_body(org, ctx)
    if text.startswith(tuple(lx["democratic_parties"])):
        split = _split_region(text[2:], ctx.region_code) if len(text) > 3 else None
        return Resolution(text, True, split[0] if split else NATIONAL_CODE)
    body = text[2:] if text.startswith("中共") and len(text) > 4 else text
    written_region = None
    split = _split_region(body, ctx.region_code)
    if split is not None:
        written_region, prefix, body = split
    match = grammar().main.fullmatch(body)
    if match is None:
        # 国家税务总局江西省税务局: a merged form, named in full as written.
        code = written_region or org.region_code
        if code:
            return Resolution(text, True, code)
        return Resolution(text, False)
    group = next(name for name in ("party", "gov", "congress", "cppcc", "disc", "zone", "func",
                                   "people", "natoffice", "natalone", "tuan")
                 if match.group(name) is not None)
    level, nat = match.group("lvl"), match.group("nat")
    core = body[match.end("lvl"):] if level else body[match.end("nat"):] if nat else body
    if group == "natalone" or nat:
        full = text
        return Resolution(full, True, NATIONAL_CODE, _parent(group, None, core, full, True))
    if group == "tuan":
        if body == "团中央":
            return Resolution("共青团中央", True, NATIONAL_CODE)
        division = division_for_level(body[1], ctx.region_code)
        if division is None:
            return Resolution(text, False)
        return Resolution("共青团" + canonical_region_name(division.code) + "委", True,
                          division.code)
    code = None
    if written_region:
        code = written_region
        region_name = _region_name_as_written(prefix, code)
        if level:  # 长春市 + 市民政局 cannot happen; a level after a region is part of the core
            core = level + core
    elif level:
        division = division_for_level(level, ctx.region_code)
        if division is None:
            return Resolution(text, False)
        code, region_name = division.code, canonical_region_name(division.code)
    else:
        return _resolve_bare(org, group, core, ctx)
    full = region_name + _core_name(core)
    if text.startswith("中共"):
        full = "中共" + full
    return Resolution(full, True, code, _parent(group, region_name, core, full, False))


def _region_name_as_written(prefix: str, code: str) -> str:
    """The region part of a name written with a region: completed when written in full names.

    武侯区 → 成都市武侯区; 吉林省长春市二道区 stays; 江西 (a short form: 江西银保监局) stays.
    """
    canonical = canonical_region_name(code)
    if prefix.endswith(canonical):
        return prefix
    name = load_gazetteer().by_code[code].name
    if prefix.endswith(name) or _is_short_autonomous_name(prefix, name):
        return canonical
    return prefix


def _is_short_autonomous_name(prefix: str, name: str) -> bool:
    """楚雄州 for 楚雄彝族自治州, 大通县 for 大通回族土族自治县: the official short form keeps
    the level, so the body's full name is the official one."""
    for short, full in (("州", "自治州"), ("县", "自治县"), ("旗", "自治旗")):
        if name.endswith(full) and prefix.endswith(short) and name.startswith(prefix[:-1]):
            return True
    return False


def _resolve_bare(org: OrgMention, group: str, core: str, ctx: Context) -> Resolution:
    """A body written without region or level: 民政局, 民政部, 共青团, 组织部, 社会组织管理局."""
    text = org.text
    lx = org_lexicon()
    author = ctx.author_org or ""
    if group == "people":
        if text in lx["people_orgs_alone"]:
            return Resolution(text, True, NATIONAL_CODE)
        return Resolution(text, False)
    if author and (author.endswith(text) and author != text):
        return Resolution(author, True, ctx.region_code, _parent_of_author(ctx))
    if author == text:
        return Resolution(text, True, ctx.region_code, _parent_of_author(ctx))
    if group == "func" and text.endswith("部") and not any(
            core.startswith(f) for f in lx["party_functions"]):
        return Resolution(text, True, NATIONAL_CODE, "国务院")  # 民政部, 财政部
    if (group == "func" and text.endswith(("局", "处", "室")) and author.endswith(("厅", "部"))
            and text[:-1].endswith(tuple(lx["division_stems"]))):
        # 社会组织管理局 in a 陕西省民政厅 reply: a bureau inside the department (a bare 财政局
        # there is another body, left unresolved).
        return Resolution(author + text, True, ctx.region_code, author)
    if group == "func" and text.endswith("厅"):
        division = division_for_level("省", ctx.region_code)
        if division is not None:
            name = division.name + text
            return Resolution(name, True, division.code, _government(division.name))
    return Resolution(text, False)


def _parent_of_author(ctx: Context) -> str | None:
    if ctx.region_code and ctx.region_code != NATIONAL_CODE:
        return _government(canonical_region_name(ctx.region_code))
    if ctx.region_code == NATIONAL_CODE:
        return "国务院"
    return None


def _resolve_topic_body(org: OrgMention, ctx: Context) -> Resolution:
    """Coordination bodies and street offices: 省社区建设工作联席会议, 唐家墩街道办事处."""
    text = org.text
    split = _split_region(text, ctx.region_code)
    lx = org_lexicon()
    is_street = text.endswith(tuple(lx["street_office_suffixes"]))
    if split is not None:
        code, prefix, rest = split
        return Resolution(_region_name_as_written(prefix, code) + rest, True, code)
    if is_street:
        code = ctx.region_code
        if code and code != NATIONAL_CODE and load_gazetteer().by_code[code].level == "county":
            return Resolution(text, True, code, _government(canonical_region_name(code)))
        return Resolution(text, True, None)
    level = next((lv for lv in lx["levels"] if text.startswith(lv)), None)
    if level is None:
        level = lx["topic_hint_words"].get(ctx.before)
        rest = text
    else:
        rest = text[len(level):]
    if level is None:
        # A bare coordination body is the author's own region's.
        if ctx.region_code and ctx.region_code != NATIONAL_CODE:
            return Resolution(canonical_region_name(ctx.region_code) + text, True,
                              ctx.region_code)
        return Resolution(text, False)
    division = division_for_level(level, ctx.region_code)
    if division is None:
        return Resolution(text, False)
    return Resolution(canonical_region_name(division.code) + rest, True, division.code)


def resolve_orgs(extraction: Extraction) -> None:
    """Fill ``name``, ``resolved``, ``region_code`` and ``parent`` of every mention; resolve the
    region mentions (relative ones, ambiguous names, streets) with the same context."""
    frame = extraction.frame
    context_code = frame.region.code if frame.region else None
    text = extraction.source.text
    _resolve_regions(extraction.regions, context_code)
    for org in extraction.orgs:
        before = text[max(0, org.start - 2):org.start]
        result = resolve_org(org, Context(context_code, frame.author_org, before))
        org.name, org.resolved = result.name, result.resolved
        org.region_code = result.region_code if result.resolved else org.region_code
        org.parent = result.parent
