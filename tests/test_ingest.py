"""Ingest: encodings, web pages, chrome masking and bad input."""

from __future__ import annotations

import codecs

import pytest

from kg.errors import InputError
from kg.ingest import document_from_bytes, read_document
from kg.ingest.decode import decode_bytes

REPLY = ("舒兰市民政局对市政协十三届四次会议第29号委员提案的答复\n贾桂华委员:\n"
         "您提出的《关于加强社区工作的几点建议》收悉,现答复如下:社区工作经费每年5万元。\n"
         "舒兰市民政局\n2020年8月10日\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16"])
def test_decodes_chinese_encodings(encoding):
    text = "民政局關於社區工作的答復，社區工作者薪酬待遇逐年提高。" if encoding == "big5" else REPLY
    data = text.encode(encoding)
    decoded, used = decode_bytes(data)
    assert decoded == text
    if encoding in ("gbk", "gb18030"):
        assert used == "gb18030"


def test_declared_html_charset_is_used():
    html = ('<html><head><meta charset="gb2312"><title>答复</title></head><body><div>'
            + "民政局关于养老服务的答复。" * 10 + "</div></body></html>")
    text, encoding = decode_bytes(html.encode("gb18030"), html=True)
    assert encoding == "gb18030" and "养老服务" in text


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\x00\x01\x02\x03binary\x00\xff" * 50, "binary"),
    (bytes(range(0x80, 0x100)) * 20, "encoding"),
])
def test_bad_bytes_are_rejected_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        document_from_bytes(data, "x.txt")


def test_offsets_point_into_the_canonical_text():
    source, frame = document_from_bytes(REPLY.encode("utf-8"), "r.txt")
    assert source.text == REPLY
    assert len(source.extraction_text) == len(source.text)
    start, end = frame.title_span
    assert source.text[start:end] == frame.title


def test_chrome_is_masked_not_cut():
    page = ("设为首页 | 收藏本站\n" + REPLY + "版权所有:舒兰市民政局 吉ICP备12345678号\n"
            "1.jpg 2.jpg\n")
    source, _ = document_from_bytes(page.encode("utf-8"), "p.txt")
    assert source.text == page
    masked = source.extraction_text
    assert "设为首页" not in masked and "ICP" not in masked and ".jpg" not in masked
    assert "社区工作经费" in masked
    assert len(masked) == len(page)


def test_a_body_sentence_that_mentions_a_chrome_phrase_is_kept():
    sentence = ("  3.关于殡葬服务价格监管的建议。我局将推动殡葬服务机构公示收费标准,"
                "同时设立投诉举报电话0758-1234567,接受群众监督。\n")
    page = REPLY + sentence + "不良信息举报电话:0758-7654321\n"
    source, _ = document_from_bytes(page.encode("utf-8"), "p.txt")
    masked = source.extraction_text
    assert "投诉举报电话0758-1234567" in masked
    assert "7654321" not in masked


def test_stray_headline_above_the_title_is_masked():
    page = "我市结婚登记更方便了\n\n" + REPLY
    source, frame = document_from_bytes(page.encode("utf-8"), "p.txt")
    assert frame.title.startswith("舒兰市民政局对")
    assert "结婚登记" not in source.extraction_text


def test_web_page_article_is_extracted_without_navigation():
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>答复 - 民政局</title>
    <script>var tracker = "首页 新闻 民政要闻";</script><style>.x{{color:red}}</style></head>
    <body><div class="nav"><a href="/">首页</a> <a href="/a">机构概况</a> <a href="/b">政务公开</a>
    <a href="/c">办事服务</a> <a href="/d">互动交流</a></div>
    <div class="article"><h1>舒兰市民政局对市政协十三届四次会议第29号委员提案的答复</h1>
    <p>贾桂华委员:</p><p>{REPLY.splitlines()[2]}</p><p>舒兰市民政局</p><p>2020年8月10日</p></div>
    <div class="footer">版权所有:舒兰市民政局 吉ICP备12345678号</div></body></html>"""
    source, frame = document_from_bytes(html.encode("utf-8"), "p.html", kind="html")
    assert source.kind == "html"
    assert "tracker" not in source.text and "机构概况" not in source.text
    assert "ICP" not in source.text
    assert frame.title == "舒兰市民政局对市政协十三届四次会议第29号委员提案的答复"
    assert frame.author_org_text == "舒兰市民政局" and frame.date == "2020-08-10"
    assert frame.reply_to.proposer == "贾桂华"


def test_malformed_html_still_yields_text():
    html = "<html><body><div><p>民政局关于居家养老服务的答复<p>老年食堂建设<div><b>未闭合" * 3
    source, _ = document_from_bytes(html.encode("utf-8"), "m.html", kind="html")
    assert "居家养老" in source.text


def test_html_without_chinese_text_is_rejected():
    with pytest.raises(InputError, match="no Chinese"):
        document_from_bytes(b"<html><body><p>hello world</p></body></html>", "e.html",
                            kind="html")


def test_oversized_file_is_rejected_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="larger than"):
        read_document(big)


def test_utf8_bom_and_crlf_keep_offsets(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + REPLY.replace("\n", "\r\n").encode("utf-8"))
    source, frame = read_document(path)
    assert source.text.startswith("舒兰市")
    start, end = frame.title_span
    assert source.text[start:end] == frame.title
    assert frame.date == "2020-08-10"
