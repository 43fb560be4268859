"""first_line: every one-line error message in kg goes through it."""

from kg.errors import first_line


def test_first_non_blank_line_of_a_message():
    assert first_line(ValueError("\n  bad token at 3\nparser stack …")) == "bad token at 3"


def test_an_empty_message_names_the_exception_and_empty_text_stays_empty():
    assert first_line(RuntimeError("")) == "RuntimeError"
    assert first_line(b"") == ""


def test_long_lines_are_cut_and_bytes_are_decoded():
    line = first_line(("错" * 500).encode("utf-8"), limit=10)
    assert line == "错" * 9 + "…"
