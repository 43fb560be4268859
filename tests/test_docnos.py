"""Document numbers (发文字号): every written variant, every look-alike (kg.text.docnos)."""

from __future__ import annotations

import pytest

from kg.text.docnos import find_doc_numbers


def _one(text: str) -> tuple[str, str, str, int, int]:
    found = find_doc_numbers(text)
    assert len(found) == 1, [f.text for f in found]
    number = found[0]
    assert text[number.start:number.end] == number.text
    return number.text, number.normalized, number.issuer_code, number.year, number.serial


@pytest.mark.parametrize(("written", "normalized"), [
    ("沈民〔2018〕65号", "沈民〔2018〕65号"),
    ("舒组通[2019]21号", "舒组通〔2019〕21号"),
    ("京民字［2018］5号", "京民字〔2018〕5号"),
    ("吉办发【2020】18号", "吉办发〔2020〕18号"),
    ("民发（2019）3号", "民发〔2019〕3号"),
    ("民发(2019)3号", "民发〔2019〕3号"),
    ("黑民规﹝2019﹞3号", "黑民规〔2019〕3号"),
    ("青民函〔２０２０〕１６４号", "青民函〔2020〕164号"),
    ("沈民〔2018〕 第 ６５ 号", "沈民〔2018〕65号"),
    ("长社建字 〔2016〕 第1号", "长社建字〔2016〕1号"),
    ("吉民发〔2020〕005号", "吉民发〔2020〕5号"),
    ("发改体改〔2019〕1063号", "发改体改〔2019〕1063号"),
])
def test_bracket_digit_space_variants_normalise(written: str, normalized: str) -> None:
    text = f"印发了《关于某事的通知》({written}),现转发。"
    found_text, found_normalized, _, _, _ = _one(text)
    assert found_text == written
    assert found_normalized == normalized


def test_parsed_parts() -> None:
    assert _one("(长社建字〔2016〕第1号)") == ("长社建字〔2016〕第1号", "长社建字〔2016〕1号", "长社建字",
                                         2016, 1)


@pytest.mark.parametrize(("text", "code"), [
    ("根据沈民〔2018〕65号文件精神", "沈民"),
    ("按照省委办公厅吉办发〔2020〕18号文件", "吉办发"),
    ("以长春市社区建设领导小组办公室长社建字〔2016〕1号印发", "长社建字"),
    ("中共中央办公厅厅字〔2019〕10号", "厅字"),
    ("关于印发民发〔2019〕3号的通知", "民发"),
    ("国办发〔2019〕3号和国发〔2020〕2号", "国办发"),
])
def test_issuer_code_starts_after_sentence_words_and_body_names(text: str, code: str) -> None:
    assert find_doc_numbers(text)[0].issuer_code == code


def test_meeting_minute_number_keeps_its_whole_code() -> None:
    assert _one("根据番府十八届31次〔2022〕25号会议纪要") == (
        "番府十八届31次〔2022〕25号", "番府十八届31次〔2022〕25号", "番府十八届31次", 2022, 25)


def test_year_first_old_form_follows_annotation() -> None:
    text, normalized, code, year, serial = _one("依据〔91〕新出图字第990号文件")
    assert (text, normalized, code, year, serial) == (
        "〔91〕新出图字第990号", "〔91〕新出图字第990号", "新出图字", 1991, 990)
    assert _one("［２００３］新出字 第12号")[1] == "〔2003〕新出字第12号"


def test_bare_continuation_borrows_the_previous_code() -> None:
    text = ("印发了《社区应该承担工作事项清单》(长社建字〔2016〕1号)和"
            "《社区出具证明事项清单(试行)》(〔2016〕2号),明确…")
    found = find_doc_numbers(text)
    assert [f.normalized for f in found] == ["长社建字〔2016〕1号", "长社建字〔2016〕2号"]
    assert found[1].text == "〔2016〕2号"
    listed = find_doc_numbers("(京民社救发(2019)12号和(2019)13号)")
    assert [f.normalized for f in listed] == ["京民社救发〔2019〕12号", "京民社救发〔2019〕13号"]


def test_bare_number_without_a_code_before_it_is_not_reported() -> None:
    assert find_doc_numbers("详见〔2016〕2号。") == []
    # a continuation does not reach into another paragraph
    assert len(find_doc_numbers("沈民〔2018〕65号。\n另见(2019)3号")) == 1
    assert len(find_doc_numbers("沈民〔2018〕65号。另见(2019)3号")) == 1  # nor into another sentence


@pytest.mark.parametrize("text", [
    "辽ICP备10016557号",
    "黑ICP备12003456号-1",
    "辽公网安备21010202000479号",
    "鄂公网安备 42010302000123号",
    "京ICP备(2020)12号",
    "网站识别码:2101000054",
    "市政协十三届四次会议第29号提案",
    "(第0392号)",
    "(2020)第15号提案",
    "联系电话:(0431)8509号",
    "(024)23468801",
    "国务院令第343号",
    "(国务院令第381号)",
    "市人大十六届三次会议",
    "2020年8月10日",
    "〔2020〕12月3号",
    "社区(2019)3号楼",
    "地铁(2021)1号线",
    "(1234)5号",
    "索引号:11220000013544357Y/2020-00123",
])
def test_look_alikes_are_not_document_numbers(text: str) -> None:
    assert find_doc_numbers(text) == []
