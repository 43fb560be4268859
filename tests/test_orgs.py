"""Organisation mentions: what counts (ANNOTATION.md, orgs) and how context resolves them."""

from __future__ import annotations

import pytest

from kg.models import OrgMention
from kg.nlp.components.orgs import find_orgs
from kg.pipeline import extract_text
from kg.resolve.orgs import Context, canonical_region_name, division_for_level, resolve_org


def mentions(text: str) -> list[str]:
    return [text[o.start:o.end] for o in find_orgs(text)]


def kinds(text: str) -> dict[str, str]:
    return {text[o.start:o.end]: o.kind for o in find_orgs(text)}


@pytest.mark.parametrize("text, expected", [
    # region + function + body type, relative and bare forms
    ("经认真研究，现由舒兰市民政局答复如下。", ["舒兰市民政局"]),
    ("由市委组织部、市民政局、市财政局、市人社局联合下发。",
     ["市委组织部", "市民政局", "市财政局", "市人社局"]),
    ("此事不在民政局职责范围之内。", ["民政局"]),
    ("报请省人大常委会颁布，省民政厅会同省财政厅办理。", ["省人大常委会", "省民政厅", "省财政厅"]),
    ("请贵州省民政厅、北京市海淀区民政局和朝阳区民政局配合。",
     ["贵州省民政厅", "北京市海淀区民政局", "朝阳区民政局"]),
    ("会同市市场监管局、市城市管理局、市自然资源和规划局开展。",
     ["市市场监管局", "市城市管理局", "市自然资源和规划局"]),
    ("区政务服务和大数据管理局、区公安分局、区卫生健康委参加。",
     ["区政务服务和大数据管理局", "区公安分局", "区卫生健康委"]),
    # joined forms are split
    ("市委市政府高度重视，省委、省政府统一部署。", ["市委", "市政府", "省委", "省政府"]),
    ("经市委办、市政府办联合下发至各单位。", ["市委办", "市政府办"]),
    # party, congress, CPPCC, national bodies
    ("县委常委会研究，区委政法委、区委社治委牵头。", ["县委常委会", "区委政法委", "区委社治委"]),
    ("中共中央办公厅、国务院办公厅印发意见，民政部部署。",
     ["中共中央办公厅", "国务院办公厅", "民政部"]),
    ("中央组织部和国家医保局、国家统计局联合调研。", ["中央组织部", "国家医保局", "国家统计局"]),
    ("转自治区政协提案委员会和市人大常委会法制工作委员会。",
     ["自治区政协提案委员会", "市人大常委会法制工作委员会"]),
    ("此项工作由中共沈阳市委组织部牵头，政协沈阳市委员会参与。",
     ["中共沈阳市委组织部", "政协沈阳市委员会"]),
    ("国家税务总局长春市税务局核定。", ["国家税务总局长春市税务局"]),
    # people's organisations and democratic parties
    ("青年志愿者由共青团负责，巾帼志愿者由妇联负责。", ["共青团", "妇联"]),
    ("联合团市委、市妇联、区残联开展活动。", ["团市委", "市妇联", "区残联"]),
    ("民盟吉林省委、民建中央提出提案。", ["民盟吉林省委", "民建中央"]),
    # coordination bodies and divisions
    ("积极发挥社区建设工作联席会议议事协调功能。", ["社区建设工作联席会议"]),
    ("以长春市社区建设领导小组办公室文件形式印发。", ["长春市社区建设领导小组办公室"]),
    ("经市社会救助工作领导小组研究后执行。", ["市社会救助工作领导小组"]),
    ("会同省教育厅和省农村留守儿童关爱保护工作联席会议办公室督查。",
     ["省教育厅", "省农村留守儿童关爱保护工作联席会议办公室"]),
    ("承办处室：基层政权和社区建设处", ["基层政权和社区建设处"]),
    ("请报区民政局（社会救助科）。", ["区民政局", "社会救助科"]),
    ("唐家墩街道办事处将网格与警务区对应设置。", ["唐家墩街道办事处"]),
    ("该区下辖唐家墩街道办事处和建设街道办事处。", ["唐家墩街道办事处", "建设街道办事处"]),
    ("会同区大数据发展局推进，市民政局部署落实。", ["区大数据发展局", "市民政局"]),
])
def test_finds_bodies(text: str, expected: list[str]) -> None:
    assert mentions(text) == expected


@pytest.mark.parametrize("text", [
    "各区人民政府、市直有关部门要加强协调，民政部门具体负责。",   # generic and plural
    "请各县市区民政局、财政局认真落实。",                       # a plural list stays generic
    "该项工作由市委组织部门和街道党工委负责。",                 # 部门: generic; 街道党工委: bare
    "市委书记、市长出席，市人大代表和市政协委员列席。",          # positions
    "全市城市民政局工作人员、社区居委会和社区党委书记参加。",    # 城市, 社区: not levels
    "在市政协十三届四次会议上，在政协江西省第十二届委员会第五次会议上。",  # meetings
    "根据国务院令第649号规定执行。",                             # order number
    "印发《民政部、中央组织部关于进一步开展社区减负工作的通知》。",  # only inside a title
    "由物业管理处负责维修，便民服务处设在一楼。",                 # institutions
    "省财政、省发改、工信、公安等部门参加。",                     # fragments
    "朝阳区与科大讯飞合作，由慈善总会和社区居委会承接。",          # companies, charities
    "各街道办事处、各乡镇人民政府要落实属地责任。",               # generic street offices
    "全区下设街道办事处8个。",                                   # 下设: no name
    "每季度召开一次联席会议。",                                   # a meeting, not a body
    "各村卫生室配备乡村医生，档案室统一保管。",                   # a clinic and a room
    "推动社会组织发展局部试点先行。",                             # 局部: partial, not a bureau
])
def test_ignores_generic_and_masked(text: str) -> None:
    assert mentions(text) == []


def test_kinds() -> None:
    found = kinds("市委组织部、市政府、市人大常委会、市政协、市妇联、基层政权和社区建设处、"
                  "社区建设工作联席会议、民盟宜昌市委")
    assert found["市委组织部"] == "party"
    assert found["市政府"] == "government"
    assert found["市人大常委会"] == "congress"
    assert found["市政协"] == "cppcc"
    assert found["市妇联"] == "people_org"
    assert found["社区建设工作联席会议"] == "coordination"
    assert found["民盟宜昌市委"] == "party"


def test_title_ranges_given_by_the_pipeline_mask_mentions() -> None:
    text = "省民政厅印发《省民政厅关于加强社区建设的通知》。"
    assert mentions(text) == ["省民政厅"]
    assert [text[o.start:o.end] for o in find_orgs(text, titles=[])] == ["省民政厅", "省民政厅"]


# -- resolution ------------------------------------------------------------------------------
SHULAN, CHANGCHUN, JILIN, WUHOU = "220283", "220100", "220000", "510107"


def resolve(text: str, region: str | None, author: str | None = None, kind: str = "",
            before: str = "") -> tuple[str | None, str | None]:
    found = find_orgs(text)
    assert len(found) == 1, [text[o.start:o.end] for o in found]
    org = OrgMention(text, text, 0, len(text), kind or found[0].kind, False,
                     found[0].region_codes[0] if len(found[0].region_codes) == 1 else None)
    result = resolve_org(org, Context(region, author, before))
    return (result.name if result.resolved else None), result.parent


@pytest.mark.parametrize("text, region, author, name, parent", [
    ("市民政局", CHANGCHUN, "长春市民政局", "长春市民政局", "长春市人民政府"),
    ("市委组织部", SHULAN, "舒兰市民政局", "舒兰市委组织部", "舒兰市委"),
    ("市政府", SHULAN, "舒兰市民政局", "舒兰市人民政府", None),
    ("市政府办公室", CHANGCHUN, None, "长春市人民政府办公室", "长春市人民政府"),
    ("省委办公厅", SHULAN, None, "吉林省委办公厅", "吉林省委"),
    ("省民政厅", JILIN, "吉林省民政厅", "吉林省民政厅", "吉林省人民政府"),
    ("市政协", SHULAN, None, "舒兰市政协", None),
    ("区委", WUHOU, None, "成都市武侯区委", None),
    ("武侯区民政局", WUHOU, None, "成都市武侯区民政局", "成都市武侯区人民政府"),
    ("团市委", CHANGCHUN, None, "共青团长春市委", None),
    ("民政局", CHANGCHUN, "长春市民政局", "长春市民政局", "长春市人民政府"),
    ("民政厅", JILIN, "吉林省民政厅", "吉林省民政厅", "吉林省人民政府"),
    ("民政部", CHANGCHUN, None, "民政部", "国务院"),
    ("中央组织部", CHANGCHUN, None, "中央组织部", "中共中央"),
    ("市民政局党组", CHANGCHUN, None, "长春市民政局党组", "长春市民政局"),
    ("社会救助科", CHANGCHUN, "长春市民政局", "长春市民政局社会救助科", "长春市民政局"),
    # never guessed: no district in a city bureau's reply, no city in a province's
    ("区政府", CHANGCHUN, "长春市民政局", None, None),
    ("市民政局", JILIN, "吉林省民政厅", None, None),
    ("市委", None, None, None, None),
    # leagues (盟) and banners (旗) are levels like 市 and 县 in Inner Mongolia
    ("盟民政局", "152921", "阿拉善左旗民政局", "阿拉善盟民政局", "阿拉善盟人民政府"),
    ("盟财政局", "152900", "阿拉善盟民政局", "阿拉善盟财政局", "阿拉善盟人民政府"),
    ("旗民政局", "152921", None, "阿拉善左旗民政局", "阿拉善左旗人民政府"),
    # an autonomous prefecture's official short form (延边州) gives the full official name
    ("延边州民政局", "222401", None, "延边朝鲜族自治州民政局", "延边朝鲜族自治州人民政府"),
])
def test_resolves_with_the_authors_region(text: str, region: str | None, author: str | None,
                                          name: str | None, parent: str | None) -> None:
    assert resolve(text, region, author) == (name, parent)


def test_flag_and_alliance_words_are_not_levels() -> None:
    assert mentions("各地悬挂国旗民政局统一采购") == []
    assert mentions("加入养老服务联盟民政局给予指导") == []
    assert mentions("民盟宜昌市委会同市民政局调研") == ["民盟宜昌市委", "市民政局"]


def test_coordination_body_takes_the_level_written_before_it() -> None:
    assert resolve("社区建设工作联席会议", "630000", before="全省")[0] == "青海省社区建设工作联席会议"
    assert resolve("省未成年人保护工作领导小组", "360000")[0] == "江西省未成年人保护工作领导小组"


def test_level_words_pick_the_most_specific_division() -> None:
    assert division_for_level("市", SHULAN).name == "舒兰市"      # a county-level city
    assert division_for_level("市", "220105").name == "长春市"     # a district's city
    assert division_for_level("省", "110108") is None             # Beijing has no province
    assert canonical_region_name("110108") == "北京市海淀区"
    assert canonical_region_name("410329") == "伊川县"


def test_pipeline_fills_names_regions_and_parents() -> None:
    extraction = extract_text(
        "长春市民政局关于市政协十四届二次会议第5号提案的答复\n\n王某委员：\n"
        "  您提出的提案收悉。市民政局会同省民政厅研究，区政府另有安排。我市朝阳区积极推进。\n"
        "  联系处室：基层政权和社区建设处\n长春市民政局\n2021年5月6日\n")
    assert extraction.frame.author_org == "长春市民政局"
    by_text = {o.text: o for o in extraction.orgs}
    assert "市政协" not in by_text  # inside the meeting name
    assert by_text["市民政局"].name == "长春市民政局"
    assert by_text["市民政局"].region_code == CHANGCHUN
    assert by_text["省民政厅"].name == "吉林省民政厅"
    assert by_text["区政府"].resolved is False and by_text["区政府"].name == "区政府"
    assert by_text["基层政权和社区建设处"].parent == "长春市民政局"
    assert sum(o.text == "长春市民政局" for o in extraction.orgs) == 2  # one record per occurrence
    regions = {r.text: r for r in extraction.regions}
    assert regions["我市"].code == CHANGCHUN
    assert regions["朝阳区"].code == "220104"  # Changchun's, not Beijing's


def test_a_bare_bureau_in_a_departments_reply_is_inside_it_only_when_named_like_a_division(
        ) -> None:
    assert resolve("社会组织管理局", "610000", "陕西省民政厅") == ("陕西省民政厅社会组织管理局",
                                                            "陕西省民政厅")
    assert resolve("财政局", "610000", "陕西省民政厅") == (None, None)
