"""The document frame on every gold document: author, region, date, proposer, meeting, number."""

from __future__ import annotations

import pytest

from conftest import gold_files, load_gold

FRAME_FIELDS = ("author_org", "region", "date", "proposer", "meeting", "proposal_no")


def _predicted(extraction, name):
    frame = extraction.frame
    reply = frame.reply_to
    if name == "region":
        return frame.region.name if frame.region else None
    if name in ("proposer", "proposal_no"):
        return getattr(reply, name) if reply else None
    if name == "meeting":
        return reply.meeting_text if reply else None
    return getattr(frame, name)


@pytest.mark.parametrize("gold_path", gold_files(), ids=lambda p: p.stem)
def test_frame_fields_match_gold(gold_path, all_extractions):
    gold = load_gold(gold_path)
    extraction = all_extractions[gold_path.stem]
    wrong = {name: (gold[name], _predicted(extraction, name))
             for name in FRAME_FIELDS if name in gold and gold[name] != _predicted(extraction, name)}
    assert not wrong, wrong


def test_meeting_is_expanded_with_the_author_region(all_extractions):
    reply = all_extractions["000_03a89b485f1c4539"].frame.reply_to
    assert reply.meeting_text == "市政协十三届四次会议"
    assert reply.meeting == "舒兰市政协十三届四次会议"
    assert reply.kind == "提案" and reply.role == "委员"


def test_own_document_number(all_extractions):
    assert all_extractions["001_56fc58c25adda128"].frame.doc_number == "青民函〔2020〕164号"


def test_masked_lines_are_the_lines_inside_a_masked_range():
    import random

    from kg.ingest.frame import _masked_lines, split_lines

    rng = random.Random(3)
    for _ in range(2000):
        text = "".join(rng.choice(["民", "  ", "\n", "局\r\n", "　x"]) for _ in range(rng.randint(0, 30)))
        lines = split_lines(text)
        mask = [(a, a + rng.randint(0, 8))
                for a in (rng.randint(0, len(text) + 2) for _ in range(rng.randint(0, 5)))]
        expected = {i for i, line in enumerate(lines) if line.stripped and any(
            s <= line.body_start and line.end <= e for s, e in mask)}
        assert _masked_lines(lines, mask) == expected
