"""Relations between documents, issuers, years, identity and back-references.

Each text runs through ingest, the docno/title components, the document extractors and the
resolvers; organisation mentions are given by hand, so these tests do not depend on the
organisation recogniser.
"""

from __future__ import annotations

import re

import pytest

from kg.extract.citations import extract_citations
from kg.extract.documents import extract_doc_numbers, extract_titles
from kg.ingest import document_from_bytes
from kg.models import Extraction, OrgMention
from kg.nlp.pipeline import build_nlp
from kg.resolve.documents import (
    NamedDocument,
    document_key,
    document_keys,
    resolve_back_reference,
    resolve_documents,
)
from kg.resolve.frame import resolve_frame

SHENYANG = "\n  沈阳市民政局\n  2020年4月22日\n"
QINGHAI = "\n  青海省民政厅\n  2020年8月12日\n"


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(("kg_docnos", "kg_titles"))


@pytest.fixture
def run(nlp):
    def run_text(body: str, orgs: dict[str, str] | None = None, signature: str = SHENYANG
                 ) -> Extraction:
        source, frame = document_from_bytes((body + signature).encode("utf-8"), "t.txt")
        doc = nlp(source.extraction_text)
        extraction = Extraction(source=source, frame=frame)
        extract_doc_numbers(doc, source, frame, extraction)
        extract_titles(doc, source, frame, extraction)
        for written, name in (orgs or {}).items():
            for match in re.finditer(re.escape(written), source.text):
                extraction.orgs.append(OrgMention(written, name, match.start(), match.end()))
        extraction.orgs.sort(key=lambda o: o.start)
        extract_citations(doc, source, frame, extraction)
        resolve_frame(extraction)
        resolve_documents(extraction)
        return extraction

    return run_text


def relations(extraction: Extraction) -> list[tuple[str, str, str]]:
    return [(c.source, c.target, c.relation) for c in extraction.citations]


def title(extraction: Extraction, text: str):
    return next(t for t in extraction.titles if t.text == text)


def test_sentence_issuers_and_year(run) -> None:
    ex = run("我市在2015年由市委组织部、市民政局出台了《关于进一步开展社区减负工作的通知》,其中规定…。",
             {"市委组织部": "沈阳市委组织部", "市民政局": "沈阳市民政局"})
    notice = title(ex, "关于进一步开展社区减负工作的通知")
    assert notice.issuers == ["沈阳市委组织部", "沈阳市民政局"]
    assert notice.year == 2015
    assert relations(ex) == [("this", "关于进一步开展社区减负工作的通知", "cites")]
    evidence = ex.citations[0]
    assert ex.source.text[evidence.start:evidence.end].startswith("我市在2015年")
    assert ex.source.text[evidence.end - 1] == "。"


def test_issuers_without_organisation_mentions_are_parsed_and_expanded(run) -> None:
    ex = run("2019年由市委组织部、市民政局、市财政局联合下发了《社区工作者队伍建设实施方案》(沈组通[2019]21号)。")
    plan = title(ex, "社区工作者队伍建设实施方案")
    assert plan.issuers == ["沈阳市委组织部", "沈阳市民政局", "沈阳市财政局"]
    assert (plan.doc_number, plan.year) == ("沈组通〔2019〕21号", 2019)
    assert relations(ex) == [("this", "沈组通〔2019〕21号", "cites")]


def test_forwarding_keeps_the_issuers_named_in_the_title(run) -> None:
    ex = run("2015年8月,省民政厅、省委组织部联合转发了《民政部、中央组织部关于进一步开展社区减负工作的通知》。",
             {"省民政厅": "青海省民政厅", "省委组织部": "青海省委组织部"}, QINGHAI)
    notice = ex.titles[0]
    assert notice.issuers == ["民政部", "中央组织部"]
    assert notice.year is None  # the year of forwarding is not the notice's year
    assert relations(ex) == [("this", notice.text, "forwards")]


def test_issuing_another_bodys_document_is_a_forward(run) -> None:
    ex = run("我局印发了《民政部关于做好冬季救助工作的通知》。省委办公厅印发了《关于加强社区治理的意见》。",
             {"省委办公厅": "中共青海省委办公厅"}, QINGHAI)
    assert relations(ex) == [("this", "民政部关于做好冬季救助工作的通知", "forwards"),
                             ("this", "关于加强社区治理的意见", "cites")]
    assert title(ex, "关于加强社区治理的意见").issuers == ["中共青海省委办公厅"]


def test_implements_applies_to_every_listed_title(run) -> None:
    ex = run("按照省委办公厅,省政府办公厅印发《关于夯实社会治理基础的若干意见》和"
             "《关于加强社区专职工作者队伍建设的意见》(吉办发【2020】18号)文件要求,我市…。",
             {"省委办公厅": "中共吉林省委办公厅", "省政府办公厅": "吉林省人民政府办公厅"})
    assert relations(ex) == [("this", "关于夯实社会治理基础的若干意见", "implements"),
                             ("this", "吉办发〔2020〕18号", "implements")]
    for found in ex.titles:
        assert found.issuers == ["中共吉林省委办公厅", "吉林省人民政府办公厅"]


def test_a_parenthesis_between_listed_titles_does_not_break_the_list(run) -> None:
    ex = run("根据《殡葬管理条例》(国务院令第225号)、《福建省殡葬管理办法》和"
             "《三明市推行惠民殡葬政策的实施意见》(明民〔2019〕 31号),我县…。")
    assert [r[2] for r in relations(ex)] == ["implements"] * 3
    assert relations(ex)[2][1] == "明民〔2019〕31号"


def test_cue_must_govern_the_title(run) -> None:
    ex = run("根据工作需要,我市出台了《关于规范社区工作者薪酬体系的通知》。")
    assert relations(ex) == [("this", "关于规范社区工作者薪酬体系的通知", "cites")]


def test_body_named_before_a_title_owns_it(run) -> None:
    ex = run("贯彻省政府《关于取消一批证明的决定》,指导各地…。", signature=QINGHAI)
    decision = ex.titles[0]
    assert decision.issuers == ["青海省人民政府"]
    assert relations(ex) == [("this", "关于取消一批证明的决定", "implements")]


def test_replaces_and_amends(run) -> None:
    ex = run("《关于印发〈护理补贴实施细则〉的通知》(株民发〔2017〕9号)同时废止。"
             "废止《旧办法》。修订《社区工作规程》。民政部正在着手修订《组织法》。"
             "2022年新修订的《地名管理条例》施行后,…。")
    assert relations(ex) == [
        ("this", "株民发〔2017〕9号", "replaces"),
        ("株民发〔2017〕9号", "护理补贴实施细则", "forwards"),
        ("this", "旧办法", "replaces"),
        ("this", "社区工作规程", "amends"),
        ("this", "组织法", "cites"),
        ("this", "地名管理条例", "cites"),
    ]


def test_notice_forwarding_with_the_cue_after_the_titles(run) -> None:
    ex = run("各街道:\n现将市民政局《北京市民政局关于做好救助工作的通知》和《北京市民政局 北京市公安局"
             "关于建立查询机制的通知》(京民社救发(2019)12号和(2019)13号)转发给你们,请遵照执行。")
    assert relations(ex) == [("this", "京民社救发〔2019〕12号", "forwards"),
                             ("this", "京民社救发〔2019〕13号", "forwards")]
    assert ex.titles[1].issuers == ["北京市民政局", "北京市公安局"]


def test_nested_title_implements_the_inner_one(run) -> None:
    ex = run("目前施行的是1996年施行的《吉林省实施〈中华人民共和国城市居民委员会组织法〉办法》。")
    outer = "吉林省实施〈中华人民共和国城市居民委员会组织法〉办法"
    assert relations(ex) == [("this", outer, "cites"),
                             (outer, "中华人民共和国城市居民委员会组织法", "implements")]
    assert title(ex, outer).year == 1996


def test_number_inside_a_title_is_related_to_that_title(run) -> None:
    ex = run("印发《关于转发国办发〔2019〕5号文件的通知》。")
    outer = "关于转发国办发〔2019〕5号文件的通知"
    assert [n.normalized for n in ex.doc_numbers] == ["国办发〔2019〕5号"]
    assert relations(ex) == [("this", outer, "cites"), (outer, "国办发〔2019〕5号", "forwards")]


def test_a_reply_answers_its_proposal(run) -> None:
    ex = run("贾桂华委员:\n  您在市政协十三届四次会议上提出的《关于加强社区工作的几点建议》(第29号提案)收悉,"
             "现答复如下:\n  2018年,我市出台《关于规范社区工作者薪酬体系的通知》(沈民〔2018〕65号)。")
    assert relations(ex) == [("this", "关于加强社区工作的几点建议", "answers"),
                             ("this", "沈民〔2018〕65号", "cites")]
    # 沈民 is the Shenyang civil-affairs bureau's own code: the author issued it
    assert title(ex, "关于规范社区工作者薪酬体系的通知").issuers == ["沈阳市民政局"]
    assert ex.doc_numbers[0].normalized == "沈民〔2018〕65号"


def test_unquoted_proposal_is_answered_from_its_first_mention(run) -> None:
    ex = run("倪琛善代表:\n您提出的关于缓解社工压力提高社工待遇的建议收悉,现答复如下:\n感谢。")
    assert relations(ex) == [("this", "关于缓解社工压力提高社工待遇的建议", "answers")]


def test_same_title_twice_is_one_document(run) -> None:
    ex = run("我市出台了《关于印发社区工作者管理考核办法的通知》(沈民〔2018〕2号)。"
             "根据《关于印发社区工作者管理考核办法的通知》,市、区两级…。")
    assert [t.doc_number for t in ex.titles] == ["沈民〔2018〕2号", "沈民〔2018〕2号"]
    assert relations(ex) == [("this", "沈民〔2018〕2号", "implements")]


def test_alias_and_short_forms(run) -> None:
    ex = run("2019年,市政府出台了《泉州市地名管理办法》(以下简称《办法》)。按照《办法》规定,…。"
             "民政部正在修订《中华人民共和国城市居民委员会组织法》,《组织法》修订后…。"
             "又见《条例》。", {"市政府": "泉州市人民政府"})
    aliases = [(t.text, t.alias_of) for t in ex.titles]
    assert aliases == [("泉州市地名管理办法", None), ("办法", "泉州市地名管理办法"),
                       ("办法", "泉州市地名管理办法"),
                       ("中华人民共和国城市居民委员会组织法", None),
                       ("组织法", "中华人民共和国城市居民委员会组织法"),
                       ("条例", None)]  # no earlier title ends with 条例: left alone
    assert title(ex, "办法").issuers == ["泉州市人民政府"]
    assert ("this", "泉州市地名管理办法", "implements") in relations(ex)
    assert not any(target == "办法" for _, target, _ in relations(ex))


def test_back_references_resolve_or_stay_unresolved(run) -> None:
    ex = run("我局印发了《关于做好救助工作的通知》。根据该通知要求,各地…。")
    assert relations(ex) == [("this", "关于做好救助工作的通知", "implements")]
    ex = run("我局印发了《甲事项的通知》和《乙事项的通知》。根据该通知要求,各地…。")
    assert relations(ex) == [("this", "甲事项的通知", "cites"), ("this", "乙事项的通知", "cites")]
    ex = run("出台了《甲办法》和《乙办法》。按照上述文件要求,各地…。")
    assert relations(ex) == [("this", "甲办法", "implements"), ("this", "乙办法", "implements")]


def test_resolve_back_reference_directly() -> None:
    named = [NamedDocument(0, 0, "沈民〔2018〕2号", "关于印发考核办法的通知"),
             NamedDocument(30, 25, "中华人民共和国城市居民委员会组织法", "中华人民共和国城市居民委员会组织法"),
             NamedDocument(60, 25, "吉林省实施〈组织法〉办法", "吉林省实施〈组织法〉办法")]
    assert resolve_back_reference("该通知", 100, 90, named) == ["沈民〔2018〕2号"]
    assert resolve_back_reference("上述法律法规", 100, 90, named) == [
        "中华人民共和国城市居民委员会组织法", "吉林省实施〈组织法〉办法"]
    assert resolve_back_reference("该文件", 100, 90, named) == []  # two in the nearest sentence
    assert resolve_back_reference("该决定", 100, 90, named) == []
    assert resolve_back_reference("该通知", 2000, 1990, named) == []  # out of reach


def test_document_key() -> None:
    assert document_key("沈民〔2018〕65号", "关于规范社区工作者薪酬体系的通知", ["沈阳市民政局"]) == \
        "沈民〔2018〕65号"
    ministry = document_key(None, "民政部、中央组织部关于进一步开展社区减负工作的通知", [])
    assert ministry == "中央组织部、民政部|关于进一步开展社区减负工作的通知"
    assert document_key(None, "关于进一步开展社区减负工作的通知", ["民政部", "中央组织部"]) == ministry
    shulan = document_key(None, "关于进一步开展社区减负工作的通知", ["舒兰市委组织部", "舒兰市民政局"])
    assert shulan != ministry
    assert document_key(None, "社区出具证明事项清单（试行）", []) == "社区出具证明事项清单(试行)"
    with pytest.raises(ValueError):
        document_key(None, None, [])


def test_document_keys_of_citation_ends(run) -> None:
    ex = run("2015年由市民政局出台了《关于进一步开展社区减负工作的通知》。"
             "根据《民政部关于做好救助工作的通知》(民发〔2019〕45号),…。",
             {"市民政局": "沈阳市民政局"})
    keys = document_keys(ex)
    assert keys == {"关于进一步开展社区减负工作的通知": "沈阳市民政局|关于进一步开展社区减负工作的通知",
                    "民发〔2019〕45号": "民发〔2019〕45号"}
    assert {c.target for c in ex.citations} <= set(keys)


def test_sentence_spans_skip_boundaries_inside_titles() -> None:
    from kg.text.sentences import Sentences

    text = "第一句。\n  印发《甲；乙方案》,要求落实！第三句"
    title_start = text.index("甲")
    sentences = Sentences(text, [(title_start, text.index("》"))])
    start, end = sentences.span(title_start + 1)
    assert text[start:end] == "印发《甲；乙方案》,要求落实！"
    assert text[slice(*sentences.span(0))] == "第一句。"
    assert text[slice(*sentences.span(len(text) - 1))] == "第三句"
