"""Display categories the graph does not state outright: a document's level and kind, a
region's level. Heuristics only decide what colour or shape a node gets.

A document's level, most reliable first: the administrative level of its region or of its
issuers' regions; the issuer names (国务院办公厅 → national, 吉林省民政厅 → provincial,
沈阳市民政局 → city, 武汉市江汉区民政局 → district); the place its title starts with
(青海省农村社区服务体系建设规划 → provincial, 中华人民共和国…法 → national); the 发文字号
issuer code (国办发 → national, 吉办发 → provincial).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..resolve.gazetteer import load_gazetteer

LEVELS = ("national", "provincial", "city", "district", "unknown")
KINDS = ("law", "notice", "measure", "reply", "other")

_ADMIN_LEVELS = {"country": "national", "province": "provincial", "city": "city",
                 "county": "district"}
_NATIONAL_NAMES = re.compile(
    r"^(中共中央|中央|国务院|全国|国家|中华人民共和国|民政部|财政部|人力资源(和|与)?社会保障部|教育部"
    r"|住房(和|与)?城乡建设部|公安部|司法部|卫生健康委|国家卫生)")
_PROVINCIAL_NAMES = re.compile(r"^(中共)?(省|自治区)")  # 省委办公厅, 省民政厅 (place elided)
_NATIONAL_CODES = ("国发", "国办", "国函", "中发", "中办", "民发", "民函", "民办", "财社", "人社部")
_PROVINCE_ABBREVIATIONS = set("京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵黔云滇藏陕甘陇青宁新")
_CODE = re.compile(r"^([^〔\[【(（0-9]+)")

_LAW = re.compile(r"((?<![办方])法|条例|法典)$")
_NOTICE = re.compile(r"(通知|通告|公告|通报|函)$")
_MEASURE = re.compile(r"(办法|方案|意见|措施|规定|规划|细则|计划|标准|规则|制度|指引|指南|决定|纲要|要点)$")


def _most_senior(levels: Iterable[str]) -> str:
    known = [level for level in levels if level != "unknown"]
    return min(known, key=LEVELS.index) if known else "unknown"


def region_level(admin_level: str | None) -> str:
    """The display level of a region's ``kgo:adminLevel`` (country, province, city, county)."""
    return _ADMIN_LEVELS.get(admin_level or "", "unknown")


def name_level(name: str) -> str:
    """The level a body's name (or a title starting with a place) suggests, or ``unknown``."""
    name = re.sub(r"^(按照|根据|由|经)", "", name.strip())
    if _NATIONAL_NAMES.match(name):
        return "national"
    found = load_gazetteer().split_prefix(re.sub(r"^中共", "", name))
    if found:
        division = load_gazetteer().by_code.get(found[0])
        return region_level(division.level if division else None)
    if _PROVINCIAL_NAMES.match(name):
        return "provincial"
    return "unknown"


def number_level(number: str | None) -> str:
    """The level a 发文字号's issuer code suggests (国办发 national, 吉办发 provincial)."""
    if not number:
        return "unknown"
    found = _CODE.match(number)
    code = found.group(1) if found else ""
    if code.startswith(_NATIONAL_CODES):
        return "national"
    if code[:1] in _PROVINCE_ABBREVIATIONS and len(code) >= 2:
        return "provincial"
    return "unknown"


def document_level(region_levels: Iterable[str], issuer_names: Iterable[str],
                   number: str | None, title: str = "") -> str:
    """A document's level from the best evidence there is (see the module docstring)."""
    for level in (
        _most_senior(region_level(level) for level in region_levels),
        _most_senior(name_level(name) for name in issuer_names),
        name_level(title) if title else "unknown",
        number_level(number),
    ):
        if level != "unknown":
            return level
    return "unknown"


_ORG_KIND_NAMES = [
    ("cppcc", re.compile(r"政协")),
    ("congress", re.compile(r"人大|人民代表大会")),
    ("coordination", re.compile(r"领导小组|联席会议|工作委员会|建设委员会|指挥部")),
    ("people", re.compile(r"(共青团|团[省市县区]委|妇联|妇女联合会|工会|残联|残疾人联合会|红十字会)")),
    ("party", re.compile(r"(^中共|党委|[省市县区州]委(办公厅|办公室|组织部|宣传部|政法委|编办)?$"
                         r"|组织部|宣传部|政法委|党工委|纪委)")),
    ("civil-affairs", re.compile(r"(民政局|民政厅|民政部)$")),
    ("government", re.compile(r"(政府|办公厅|办公室|局|厅|部|委员会|委|署|中心|院)$")),
]


def org_kind(name: str) -> str:
    """The kind of body a name suggests (palette keys of kg.viz.palette.ORG_STYLES)."""
    for kind, pattern in _ORG_KIND_NAMES:
        if pattern.search(name):
            return kind
    return "other"


def document_kind(title: str | None, is_reply: bool) -> str:
    """law, notice, measure (办法, 方案, 意见 …), reply or other, from the type and the title."""
    if is_reply:
        return "reply"
    title = re.sub(r"[（(][^）)]*[）)]$", "", (title or "").strip())
    if _LAW.search(title):
        return "law"
    if _NOTICE.search(title):
        return "notice"
    if _MEASURE.search(title):
        return "measure"
    if title.endswith("答复"):
        return "reply"
    return "other"
