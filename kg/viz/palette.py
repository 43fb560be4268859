"""Colours, shapes and bilingual names of everything a view draws, in one place.

Legends are built from these tables, so a colour on screen always has its entry in the legend.
Colours come from a colour-blind-safe qualitative palette (Okabe–Ito) plus greys.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Style:
    """How one category looks: its colour, node shape or edge dashes, and its names."""

    zh: str
    en: str
    color: str
    shape: str = "dot"
    dashes: bool = False


LEVEL_STYLES: dict[str, Style] = {
    "national": Style("国家级", "national", "#D55E00"),
    "provincial": Style("省级", "provincial", "#E69F00"),
    "city": Style("市级", "city", "#0072B2"),
    "district": Style("区县级", "district / county", "#009E73"),
    "unknown": Style("级别未知", "level unknown", "#999999"),
}

KIND_STYLES: dict[str, Style] = {
    "law": Style("法律法规", "law or regulation", "#555555", shape="diamond"),
    "notice": Style("通知", "notice", "#555555", shape="square"),
    "measure": Style("办法·方案·意见", "measure, plan or opinion", "#555555", shape="triangle"),
    "reply": Style("答复", "reply to a proposal", "#555555", shape="dot"),
    "other": Style("其他文件", "other document", "#555555", shape="hexagon"),
}

RELATION_STYLES: dict[str, Style] = {
    "cites": Style("引用", "cites", "#56B4E9"),
    "forwards": Style("转发·印发", "forwards", "#CC79A7"),
    "implements": Style("贯彻落实", "implements", "#009E73"),
    "replaces": Style("废止·替代", "replaces", "#D55E00"),
    "amends": Style("修改", "amends", "#E69F00"),
    "mentions": Style("提及", "mentions (no citation stated)", "#BBBBBB", dashes=True),
    "co-issues": Style("联合发文", "co-issued a document", "#E69F00"),
    "adopted": Style("采用（年份）", "adopted (year)", "#009E73"),
    "mentioned": Style("提及（文件年份）", "mentioned (year of the document)", "#BBBBBB",
                       dashes=True),
}

ORG_STYLES: dict[str, Style] = {
    "civil-affairs": Style("民政部门", "civil affairs bureau", "#0072B2", shape="dot"),
    "government": Style("政府机关", "government body", "#56B4E9", shape="dot"),
    "party": Style("党的机关", "party body", "#D55E00", shape="square"),
    "congress": Style("人大机关", "congress body", "#CC79A7", shape="square"),
    "cppcc": Style("政协机关", "CPPCC body", "#E69F00", shape="square"),
    "people": Style("人民团体", "people's organisation", "#F0E442", shape="triangle"),
    "coordination": Style("议事协调机构", "coordination body", "#009E73", shape="triangle"),
    "other": Style("其他机构", "other body", "#999999", shape="dot"),
}

# Node types of the document view (what one source says), most specific class first.
NODE_TYPE_STYLES: dict[str, Style] = {
    "document": Style("本文件", "this document", "#000000", shape="star"),
    "reply": Style("答复", "reply", "#0072B2", shape="dot"),
    "policy": Style("政策文件", "policy document", "#56B4E9", shape="square"),
    "proposal": Style("提案·建议", "proposal or suggestion", "#CC79A7", shape="diamond"),
    "proposer": Style("提案人", "proposer", "#CC79A7", shape="dot"),
    "meeting": Style("会议", "meeting", "#CC79A7", shape="triangle"),
    "organisation": Style("机构", "organisation", "#E69F00", shape="dot"),
    "region": Style("行政区划", "region", "#009E73", shape="hexagon"),
    "measure": Style("举措", "measure (concept)", "#D55E00", shape="triangle"),
    "program": Style("工程项目", "program", "#D55E00", shape="square"),
    "adoption": Style("举措采用", "adoption of a measure", "#F0E442", shape="diamond"),
    "figure": Style("数据", "figure", "#999999", shape="dot"),
    "other": Style("其他", "other", "#BBBBBB", shape="dot"),
}

REGION_STYLE = Style("地区", "region", "#009E73", shape="hexagon")
MEASURE_STYLE = Style("举措", "measure", "#D55E00", shape="triangle")
SHARED_MEASURE_STYLE = Style("多地共有的举措", "measure shared by several regions", "#D55E00",
                             shape="star")


def node_size(degree: int, base: float = 10.0, step: float = 6.0) -> float:
    """A node's radius growing with the square root of its degree (area ∝ degree)."""
    return round(base + step * degree ** 0.5, 1)
