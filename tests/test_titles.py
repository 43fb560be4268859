"""Titles in 《》 (kg.text.titles) and how a title is linked to its number (kg.extract.documents)."""

from __future__ import annotations

from kg.extract.documents import attached_numbers
from kg.models import DocNumber, TitleRef
from kg.text.docnos import find_doc_numbers
from kg.text.titles import (
    canonical_title,
    find_titles,
    is_short_form,
    parse_bodies,
    title_issuers,
    title_subject,
)


def _texts(text: str) -> list[str]:
    return [text[t.start:t.end] for t in find_titles(text)]


def test_plain_and_nested_titles() -> None:
    text = ("1996年施行的《吉林省实施〈中华人民共和国城市居民委员会组织法〉办法》和"
            "《青海省实施<中华人民共和国村民委员会组织法>办法》")
    found = find_titles(text)
    assert _texts(text) == ["吉林省实施〈中华人民共和国城市居民委员会组织法〉办法",
                            "青海省实施<中华人民共和国村民委员会组织法>办法"]
    assert found[0].inner == ["中华人民共和国城市居民委员会组织法"]
    assert found[1].inner == ["中华人民共和国村民委员会组织法"]


def test_nested_double_angle_brackets_keep_the_outer_title() -> None:
    text = "转发《关于转发《民政部关于做好救助工作的通知》的通知》。"
    found = find_titles(text)
    assert _texts(text) == ["关于转发《民政部关于做好救助工作的通知》的通知"]
    assert found[0].inner == ["民政部关于做好救助工作的通知"]


def test_unbalanced_brackets_are_not_titles() -> None:
    assert _texts("《关于加强\n社区工作的意见》") == []
    assert _texts("见》《A方案》《未闭合") == ["A方案"]
    assert _texts("《坏《好的办法》") == ["好的办法"]
    assert _texts("《 》") == []
    assert _texts("《 关于加强社区工作的意见 》") == ["关于加强社区工作的意见"]  # padding is not title


def test_alias_cue_is_marked() -> None:
    text = "出台了《泉州市地名管理办法》(以下简称《办法》),按照《办法》规定"
    found = find_titles(text)
    assert [f.alias for f in found] == [False, True, False]


def test_title_issuers_and_subject() -> None:
    title = "民政部、中央组织部关于进一步开展社区减负工作的通知"
    assert title_issuers(title) == ["民政部", "中央组织部"]
    assert title_subject(title) == "关于进一步开展社区减负工作的通知"
    assert title_issuers("中共中央办公厅 国务院办公厅关于改革社会组织管理制度的意见") == [
        "中共中央办公厅", "国务院办公厅"]
    assert title_issuers("沈阳市社区建设工作委员会关于印发三项清单的通知") == ["沈阳市社区建设工作委员会"]
    assert title_issuers("青海省关于加强社会工作专业岗位开发的实施意见") == []
    assert title_issuers("关于规范社区工作者薪酬体系的通知") == []
    assert title_subject("关于规范社区工作者薪酬体系的通知") == "关于规范社区工作者薪酬体系的通知"


def test_parse_bodies_accepts_only_lists_of_bodies() -> None:
    assert parse_bodies("省委办公厅,省政府办公厅") == ["省委办公厅", "省政府办公厅"]
    assert parse_bodies("市委市政府") == ["市委", "市政府"]
    assert parse_bodies("人力资源和社会保障局") == ["人力资源和社会保障局"]
    assert parse_bodies("（财政部令第102号）和市民政局") == []
    assert parse_bodies("进一步加强") == []


def test_canonical_title_and_short_forms() -> None:
    assert canonical_title("社区出具证明事项清单（试行） ") == canonical_title("社区出具证明事项清单(试行)")
    assert canonical_title("实施〈某法〉办法") == canonical_title("实施<某法>办法")
    assert is_short_form("意见") and is_short_form("组织法")
    assert not is_short_form("关于进一步开展社区减负工作的通知")


def _titles(text: str) -> list[TitleRef]:
    return [TitleRef(text[f.start:f.end], f.start, f.end) for f in find_titles(text)]


def _numbers(text: str) -> list[DocNumber]:
    return [DocNumber(n.text, n.normalized, n.issuer_code, n.year, n.serial, n.start, n.end)
            for n in find_doc_numbers(text)]


def test_number_written_after_or_before_a_title_is_its_number() -> None:
    text = ("出台《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号),又以沈民〔2018〕2号"
            "《关于印发考核办法的通知》印发,《第三个文件》没有文号。")
    titles, numbers = _titles(text), _numbers(text)
    linked = {titles[i].text: n.normalized for i, n in attached_numbers(text, titles, numbers).items()}
    assert linked == {"关于规范社区工作者薪酬体系的通知": "沈民〔2018〕65号",
                      "关于印发考核办法的通知": "沈民〔2018〕2号"}


def test_numbers_listed_after_listed_titles_pair_in_order() -> None:
    text = "现将《通知甲》和《通知乙》(京民社救发(2019)12号和(2019)13号)转发给你们。"
    titles, numbers = _titles(text), _numbers(text)
    linked = {titles[i].text: n.normalized for i, n in attached_numbers(text, titles, numbers).items()}
    assert linked == {"通知甲": "京民社救发〔2019〕12号", "通知乙": "京民社救发〔2019〕13号"}


def test_a_number_after_the_second_of_two_titles_belongs_to_it_alone() -> None:
    text = "按照《甲意见》和《乙意见》(吉办发【2020】18号)文件要求"
    titles, numbers = _titles(text), _numbers(text)
    linked = {titles[i].text: n.normalized for i, n in attached_numbers(text, titles, numbers).items()}
    assert linked == {"乙意见": "吉办发〔2020〕18号"}
