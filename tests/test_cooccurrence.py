"""What one sentence states by naming things together: figures with measures, measures taken
over from another region."""

from __future__ import annotations

from kg.extract.cooccurrence import FigureMeasure, Spread, figure_measures, spreads
from kg.models import (
    Extraction,
    Figure,
    Frame,
    MeasureMention,
    Region,
    RegionMention,
    SourceDocument,
)
from kg.rdf.evidence import SentenceIndex

TEXT = ("我区借鉴杭州市上城区网格化管理经验，在南关区推行网格化管理。"
        "网格员月补贴800元。"
        "上城区建立了网格化管理制度。\n")


def _at(needle: str, start: int = 0) -> tuple[int, int]:
    index = TEXT.index(needle, start)
    return index, index + len(needle)


def _extraction(home: str | None = "220100") -> Extraction:
    grid_1, grid_2 = _at("网格化管理"), _at("网格化管理", _at("网格化管理")[1])
    grid_3 = _at("网格化管理", grid_2[1])
    return Extraction(
        source=SourceDocument(path="x.txt", sha256="0" * 64, text=TEXT, encoding="utf-8",
                              kind="text"),
        frame=Frame(region=Region("吉林省长春市", home, "长春市", "city") if home else None),
        regions=[RegionMention("杭州市上城区", "浙江省杭州市上城区", "330102", *_at("杭州市上城区")),
                 RegionMention("南关区", "吉林省长春市南关区", "220102", *_at("南关区")),
                 RegionMention("上城区", "浙江省杭州市上城区", "330102",
                               *_at("上城区", _at("800元")[1]))],
        measures=[MeasureMention("grid-management", "网格化管理", "网格化管理", *span)
                  for span in (grid_1, grid_2, grid_3)],
        figures=[Figure(text="800元", value=800.0, unit="元", start=_at("800元")[0],
                        end=_at("800元")[1])])


def test_a_measure_taken_over_names_its_origin_and_the_region_that_took_it():
    sentence = SentenceIndex(TEXT).sentence
    first = sentence(*_at("南关区"))
    assert spreads(_extraction(), sentence) == [
        Spread("grid-management", "330102", "220102", first)]


def test_no_cue_word_or_no_home_region_means_no_spread():
    sentence = SentenceIndex(TEXT).sentence
    # the third sentence names 上城区 and the measure but says nothing of taking it over
    found = spreads(_extraction(), sentence)
    assert [s.sentence for s in found] == [sentence(*_at("南关区"))]
    assert spreads(_extraction(home=None), sentence) == []


def test_a_region_that_contains_the_home_region_is_not_an_origin():
    sentence = SentenceIndex(TEXT).sentence
    extraction = _extraction(home="330100")  # a Hangzhou document: 上城区 is its own district
    first = sentence(*_at("南关区"))
    # seen from Hangzhou, 南关区 is the outside region and 上城区 the one that took it up
    assert spreads(extraction, sentence) == [
        Spread("grid-management", "220102", "330102", first)]


def test_figures_link_only_to_measures_of_their_sentence():
    sentence = SentenceIndex(TEXT).sentence
    assert figure_measures(_extraction(), sentence) == []  # 800元 stands alone
    text_with = TEXT.replace("网格员月补贴800元。", "网格化管理网格员月补贴800元。")
    extraction = _extraction()
    shift = len("网格化管理")
    figure = extraction.figures[0]
    moved = Extraction(
        source=SourceDocument(path="x.txt", sha256="0" * 64, text=text_with, encoding="utf-8",
                              kind="text"),
        frame=extraction.frame,
        measures=[MeasureMention("grid-management", "网格化管理", "网格化管理",
                                 text_with.index("网格化管理网格员"),
                                 text_with.index("网格化管理网格员") + shift)],
        figures=[Figure(text="800元", value=800.0, unit="元", start=figure.start + shift,
                        end=figure.end + shift)])
    where = SentenceIndex(text_with).sentence(figure.start + shift, figure.end + shift)
    assert figure_measures(moved, SentenceIndex(text_with).sentence) == [
        FigureMeasure(figure.start + shift, figure.end + shift, "grid-management", where)]
