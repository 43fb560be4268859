"""Frame resolution: the author's full name and region, the meeting with its region."""

from __future__ import annotations

import re

from ..models import Extraction
from .gazetteer import NATIONAL_CODE, load_gazetteer

# Bodies of the central government and party: national, not in any region.
_NATIONAL = re.compile(r"^(国务院|全国人大|全国政协|中共中央|中央|民政部|财政部|人力资源和社会保障部|"
                       r"[\u4e00-\u9fff]{1,8}部$|国家[\u4e00-\u9fff]{1,10}(局|委员会|委))")


def author_region_code(name: str, context: str | None = None) -> str | None:
    """The region code of a named body: 舒兰市民政局 → 220283, 民政部 → national."""
    gazetteer = load_gazetteer()
    found = gazetteer.split_prefix(name, context)
    if found:
        return found[0]
    if _NATIONAL.match(name):
        return NATIONAL_CODE
    return None


def expand_level(name: str, region_code: str | None, levels: str = "省市县区州") -> str:
    """A name opening with a bare level (one of ``levels``) → the same name under the division
    of that level in ``region_code``'s chain: 市民政局 in a 沈阳市 reply → 沈阳市民政局."""
    if not region_code or region_code == NATIONAL_CODE or name[:1] not in levels:
        return name
    gazetteer = load_gazetteer()
    level_char = name[0]
    for division in reversed(gazetteer.chain(region_code)):
        if division.name.endswith(level_char) or (
                level_char == "省" and division.level == "province"):
            return division.name + name[1:]
    return name


def expand_meeting(meeting: str, region_code: str | None) -> str:
    """市政协十三届四次会议 in a 舒兰市 reply → 舒兰市政协十三届四次会议."""
    return expand_level(meeting, region_code)


def resolve_frame(extraction: Extraction) -> None:
    frame = extraction.frame
    gazetteer = load_gazetteer()
    if frame.author_org_text and frame.author_org_text not in ("我局", "本局"):
        frame.author_org = frame.author_org_text
        code = author_region_code(frame.author_org_text)
        if code is None and frame.title:
            # 市民政局对岳阳市政协…: a place named with the author in the title.
            found = None
            for index in range(len(frame.title)):
                found = gazetteer.split_prefix(frame.title[index:])
                if found:
                    break
            if found and frame.author_org_text[:1] in "省市县区":
                code = found[0]
                division = gazetteer.by_code[code]
                if division.name.endswith(frame.author_org_text[0]):
                    frame.author_org = division.name + frame.author_org_text[1:]
        if code:
            frame.region = gazetteer.region(code)
    if frame.reply_to and frame.reply_to.meeting_text:
        frame.reply_to.meeting = expand_meeting(
            frame.reply_to.meeting_text, frame.region.code if frame.region else None)
