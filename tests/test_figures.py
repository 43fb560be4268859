"""Figures: number + unit parsing (kg.text.numbers), the kg_figures component and the extractor."""

from __future__ import annotations

import pytest

from kg.extract.figures import figure_label, figure_year
from kg.nlp.pipeline import build_nlp
from kg.pipeline import extract_text
from kg.text.numbers import find_quantities, normalize_unit, parse_number, sentence_bounds


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, [(q.text, q.value, q.unit) for q in found]
    return found[0]


def keys(text: str) -> list[tuple]:
    return [(q.text, q.value, q.unit, q.high) for q in find_quantities(text)]


@pytest.mark.parametrize(("text", "multiplier", "value"), [
    ("8.6", "亿", 860000000),
    ("2500", "万", 25000000),
    ("7952.76", None, 7952.76),
    ("1.2", "万", 12000),
    ("5.8", "万", 58000),  # exact: no 57999.999…
    ("1,200", None, 1200),
    ("１２", None, 12),  # full-width digits
    ("二十", None, 20),
    ("两千五百", None, 2500),
    ("三", "万", 30000),
    ("1.2", "千万", 12000000),
])
def test_parse_number(text: str, multiplier: str | None, value) -> None:
    got = parse_number(text, multiplier)
    assert got == value
    assert type(got) is type(value)


def test_parse_number_rejects_garbage() -> None:
    assert parse_number("几") is None
    assert parse_number("") is None
    assert parse_number("3", "打") is None


def test_normalize_unit() -> None:
    assert normalize_unit("％") == "%"
    assert normalize_unit("平米") == "平方米"
    assert normalize_unit("人") == "人"


@pytest.mark.parametrize(("text", "expected"), [
    ("全区现有养老机构12家。", ("12家", 12, "家", None)),
    ("累计投入资金3.2亿元。", ("3.2亿元", 320000000, "元", None)),
    ("拨付补助资金40万,用于改造。", ("40万", 400000, "元", None)),  # bare 万 in a money clause
    ("覆盖率达到98.5%。", ("98.5%", 98.5, "%", None)),
    ("占比提高3个百分点。", ("3个百分点", 3, "个百分点", None)),
    ("新建用房860平方米。", ("860平方米", 860, "平方米", None)),
    ("护理员月工资4200元/月。", ("4200元/月", 4200, "元/月", None)),
    ("每个站点配备3至5人。", ("3至5人", 3, "人", 5)),
    ("年运转经费2.5-3万元。", ("2.5-3万元", 25000, "元", 30000)),
    ("补助标准为每月150-300元。", ("150-300元", 150, "元", 300)),
    ("分为四类。", ("四类", 4, "类", None)),
    ("共设两级网络。", ("两级", 2, "级", None)),
    ("连续举办了十二期。", ("十二期", 12, "期", None)),
    ("年龄不超过35周岁。", ("35周岁", 35, "周岁", None)),
    ("标准是当地居民收入的1.5倍。", ("1.5倍", 1.5, "倍", None)),
    ("办理时限压缩为10个工作日。", ("10个工作日", 10, "个工作日", None)),
    ("公示期不少于15日。", ("15日", 15, "日", None)),
    ("服务对象超过3000人次。", ("3000人次", 3000, "人次", None)),
    ("救助9600余人。", ("9600余人", 9600, "人", None)),
    ("项目资金300多万元。", ("300多万元", 3000000, "元", None)),
    ("约2.1万户家庭受益。", ("2.1万户", 21000, "户", None)),
    ("每人每年发放1200元。", ("1200元", 1200, "元", None)),
    ("合计12,500元。", ("12,500元", 12500, "元", None)),
    ("共埋设界桩36颗。", ("36颗", 36, "颗", None)),
])
def test_figures_found(text: str, expected: tuple) -> None:
    assert keys(text) == [expected]


@pytest.mark.parametrize("text", [
    "2019年,我局印发了通知。",  # a year
    "于2020年8月10日发布。",  # a date: 10日 follows a month
    "二〇二〇年八月十日",  # a date in Chinese numerals
    "市人大十六届三次会议",  # a session
    "市十三届人大五次会议上的建议",  # a session with the body between
    "第七次换届选举",  # an ordinal
    "一、加强组织领导",  # a list marker
    "1.落实基层减负",  # a list marker
    "联系电话:0431-88906111",  # a phone number
    "备案号:吉ICP备12003425号",  # a filing number
    "《关于印发十项措施的通知》",  # a number inside a title
    "推行一站式服务,推进五位一体建设模式。",  # set phrases
    "社区两委成员",  # not a number
    "按每500户划分一个网格,配备一名网格员。",  # counts of one (500户 is a figure)
    "报酬由几百元提高到几千元。",  # vague amounts
    "超过三分之二的社区",  # a fraction
    "这项工作十分重要。",  # 十分 means very
    "二次供水设施改造",  # 二 does not count things (两次 does)
    "“十四五”期间",  # a plan period
    "推动“两个覆盖”",  # a quoted slogan
    "居住在九台区的老人",  # a place name
])
def test_not_figures(text: str) -> None:
    found = [q.text for q in find_quantities(text) if q.text != "500户"]
    assert found == []


def test_each_five_hundred_households_is_a_figure() -> None:
    assert keys("按每500户划分一个网格,配备一名网格员。") == [("500户", 500, "户", None)]


@pytest.mark.parametrize(("text", "qualifier"), [
    ("每年经费均在5万元以上。", "at_least"),
    ("年龄不超过45周岁。", "at_most"),
    ("月报酬最高达到6200元。", "at_most"),
    ("省财政投入近2.4亿元。", "approx"),
    ("力争用3年左右时间完成。", "approx"),
    ("惠及9600余人。", "approx"),
    ("服务面积比上年提高了120平方米。", "change"),
    ("每个社区配备2至3名社工。", "range"),
    ("全县共有养老机构21家。", None),
])
def test_qualifiers(text: str, qualifier: str | None) -> None:
    assert one(text).qualifier == qualifier


def test_leading_approximation_word_stays_outside_the_text() -> None:
    q = one("累计投入近1.8亿元。")
    assert q.text == "1.8亿元"
    assert q.qualifier == "approx"


def test_change_from_an_earlier_value() -> None:
    found = find_quantities("证明事项由96项减至18项,台账由40本精简为6本。")
    assert [(q.value, q.unit, q.qualifier, q.from_value) for q in found] == [
        (96, "项", None, None), (18, "项", "change", 96),
        (40, "本", None, None), (6, "本", "change", 40)]


def test_range_with_the_unit_on_both_ends() -> None:
    q = one("增长幅度为15%至20%。")
    assert (q.text, q.value, q.high, q.qualifier) == ("15%至20%", 15, 20, "range")


def test_per_denominators() -> None:
    found = find_quantities("为每个社区每年安排8万元、每个村3万元,为两委成员每人每月补助600元。")
    assert [(q.value, q.per) for q in found] == [
        (80000, ["社区", "年"]), (30000, ["村"]), (600, ["人", "月"])]


def test_levels_written_together() -> None:
    assert keys("划分三类12级薪酬等级。") == [("三类", 3, "类", None), ("12级", 12, "级", None)]


def test_sentence_bounds() -> None:
    text = "第一句。第二句有5个社区;第三句"
    start = text.index("5个")
    left, right = sentence_bounds(text, start, start + 2)
    assert text[left:right] == "第二句有5个社区"


@pytest.mark.parametrize(("text", "label"), [
    ("目前,全区共有城市社区46个,", "城市社区"),
    ("会同有关部门出台了7个配套文件。", "配套文件"),
    ("2021年人均报酬待遇达到4800元/月。", "人均报酬待遇"),
    ("其中持证社工112人,", "持证社工"),
])
def test_figure_label(text: str, label: str) -> None:
    assert figure_label(text, one(text)) == label


def test_figure_year() -> None:
    text = "2018年起,全市社区服务用房达到600平方米。2020年新增10个。"
    q = find_quantities(text)[0]
    assert figure_year(text, q.start, q.end) == 2018
    text = "今年以来,共办理结婚登记3200对。"
    q = find_quantities(text)[0]
    assert figure_year(text, q.start, q.end, doc_year=2023) == 2023
    assert figure_year(text, q.start, q.end) is None
    text = "村干部报酬为上年度人均收入的2倍。"
    q = find_quantities(text)[0]
    assert figure_year(text, q.start, q.end, doc_year=2023) is None  # 上年度 is no year


def test_component_puts_spans_in_the_figure_group() -> None:
    nlp = build_nlp(("kg_figures",))
    doc = nlp("全市共建成日间照料中心35个,投入资金1200万元。")
    spans = list(doc.spans["figure"])
    assert [s.text for s in spans] == ["35个", "1200万元"]
    assert spans[1]._.kg.value == 12000000
    assert spans[1]._.kg.unit == "元"


def test_extractor_fills_figures_with_label_and_year() -> None:
    extraction = extract_text("某市民政局\n2022年,全市共有养老机构37家,床位5100张。\n")
    figures = [(f.text, f.value, f.unit, f.year) for f in extraction.figures]
    assert figures == [("37家", 37, "家", 2022), ("5100张", 5100, "张", 2022)]
    assert extraction.figures[0].label == "养老机构"
    assert extraction.figures[1].label == "床位"


@pytest.mark.parametrize(("text", "expected"), [
    ("投入资金1 万元。", ("1 万元", 10000, "元", None, None)),  # a space as written
    ("共 3 人参加。", ("3 人", 3, "人", None, None)),
    ("比上年增加了 5 %。", ("5 %", 5, "%", None, "change")),
    ("年龄不超过 40 周岁。", ("40 周岁", 40, "周岁", None, "at_most")),
])
def test_spaces_between_number_and_unit(text: str, expected: tuple) -> None:
    q = one(text)
    assert (q.text, q.value, q.unit, q.high, q.qualifier) == expected


@pytest.mark.parametrize("text", ["排名第 1 名", "2020 年 8 月 10 日", "上午9时30分召开"])
def test_spaced_dates_and_ordinals_are_not_figures(text: str) -> None:
    assert find_quantities(text) == []


def test_text_context_year_is_the_year_stated_in_the_sentence():
    import random
    from bisect import bisect_left, bisect_right

    from kg.extract.figures import TextContext

    rng = random.Random(1)
    for _ in range(1500):
        text = "".join(rng.choice(["2019年", "今年", "。", "，", "社区", "\n", "1", "去年度", "年代"])
                       for _ in range(rng.randint(0, 40)))
        context = TextContext(text, rng.choice([None, 2020]), limit=rng.choice([5, 400]))
        for _ in range(8):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text))
            left, right = context.sentence(start, end)
            before = bisect_right(context.year_ends, start) - 1
            after = bisect_left(context.year_starts, end)
            if before >= 0 and context.year_starts[before] >= left:
                expected = context.years[before]
            elif after < len(context.years) and context.year_ends[after] <= right:
                expected = context.years[after]
            else:
                expected = None
            assert context.year(start, end) == expected
