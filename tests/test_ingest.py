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


def test_link_labels_in_brackets_are_chrome():
    page = REPLY + "【相关链接】 民政部 | 山西省人民政府 | 中国残疾人联合会\n［相关阅读］\n"
    source, _ = document_from_bytes(page.encode("utf-8"), "p.txt")
    assert "山西省人民政府" not in source.extraction_text
    assert "相关阅读" not in source.extraction_text


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


CHROME_LINES = [
    "设为首页 | 加入收藏", "收藏本站", "无障碍浏览", "适老化服务", "繁體 | 简体", "打印 | 关闭",
    "【打印本页】", "打印 | 字号", "字号：大 中 小", "【字体：大 中 小】", "字体显示：",
    "文字大小：", "字号：大", "分享到：", "扫一扫在手机打开当前页", "上一篇：关于开展养老服务的通知",
    "相关链接", "责任编辑：张三", "浏览次数：123", "当前位置：首页 > 政务公开", "您的位置：首页",
    "首页 > 政务公开", "首页", "版权所有：舒兰市民政局", "主办单位：舒兰市民政局",
    "承办单位：舒兰市信息中心", "网站维护制作：某公司", "技术支持：某公司", "网站地图",
    "吉ICP备12345678号", "吉ICP证030123号", "吉公网安备 22028102000123号", "网站标识码2202830001",
    "网站识别码2202830001", "Copyright © 2020", "All Rights Reserved", "举报电话：12345",
    "不良信息举报中心", "建议使用IE9以上浏览器", "最佳分辨率1024×768", "欢迎访问舒兰市民政局网站",
    "欢迎光临", "1.jpg 2.png", "report_2020.PDF",
    "政务公开 > 建议提案办理 > 政协提案", "民政要闻»通知公告»正文", "首页＞信息公开＞答复",
    "新闻中心 > 图片新闻 > " + "社" * 200,  # a long line with no full stop is still chrome
]
BODY_LINES = [
    "舒兰市民政局对市政协十三届四次会议第29号委员提案的答复",
    "贾桂华委员:",
    "您提出的《关于加强社区工作的几点建议》收悉,现答复如下:社区工作经费每年5万元。",
    "我局设立投诉举报电话0758-1234567,在首页 > 政务公开 > 通知公告栏目公示收费标准,接受群众监督。",
    "养老服务补贴标准为每人每月100元(80周岁以上>90周岁以下)",
    "社区工作者薪酬待遇逐年提高" * 20,
    "舒兰市民政局",
    "2020年8月10日",
]


def test_every_chrome_line_kind_is_masked_and_body_lines_are_kept():
    from kg.ingest.chrome import chrome_ranges

    lines = [line for pair in zip(CHROME_LINES, BODY_LINES * 6, strict=False) for line in pair]
    text = "\n".join(lines) + "\r\n\n  \n"
    masked = {text[start:end] for start, end in chrome_ranges(text)}
    assert masked == set(CHROME_LINES)
    assert not masked & set(BODY_LINES)


def test_breadcrumb_pattern_says_yes_exactly_where_the_greedy_form_did():
    """The breadcrumb is written \\S\\s*>…>\\s*\\S (no rescanning of long lines); as a yes/no
    test on a line it agrees with the greedy \\S+\\s*>…>\\s*\\S+ it replaced."""
    import random
    import re

    from kg.ingest.chrome import _rules

    pattern = re.compile(next(p for p in _rules()["line"] if p.startswith("\\S\\s*[>")), re.I)
    greedy = re.compile(r"\S+\s*[>＞»]\s*\S+\s*[>＞»]\s*\S+", re.I)
    rng = random.Random(7)
    alphabet = ["a", "首", "页", " ", " ", "\t", ">", "＞", "»", "　"]
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(5000)]
    lines += ["a>b>c", "a > b > c", "a>>b", "a>>>b", ">a>b", "a>b>", "a> >b", "首页>>>"]
    for line in lines:
        assert bool(pattern.search(line)) == bool(greedy.search(line)), line


def test_extraction_text_blanks_masked_ranges_but_keeps_line_breaks():
    from kg.models import SourceDocument

    text = "首页 > 政务\r\n正文。\n版权所有\n"
    # overlapping, unsorted ranges across a line break; 。 and the last characters stay
    source = SourceDocument(path="p.txt", sha256="", text=text, encoding="utf-8", kind="text",
                            mask=[(8, 10), (0, 9), (13, 15)])
    assert source.extraction_text == " " * 7 + "\r\n" + " 文。\n" + "  所有\n"
    assert SourceDocument(path="p.txt", sha256="", text=text, encoding="utf-8",
                          kind="text").extraction_text == text


def test_control_bytes_make_a_file_binary():
    from kg.ingest.decode import looks_binary

    text = "民政局关于养老服务的答复。\n\t".encode()
    assert not looks_binary(text * 100)
    assert not looks_binary(text * 100 + b"\x1b" * 8)  # a few escape codes are tolerated
    assert looks_binary(text * 10 + bytes(range(1, 9)) * 20)
