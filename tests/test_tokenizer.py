"""The character tokenizer: one token per character, runs of spaces, digits and letters whole."""

from __future__ import annotations

import random

from kg.nlp.pipeline import get_nlp
from kg.nlp.spans import doc_text
from kg.nlp.tokenizer import _TOKEN, words


def test_tokens_follow_the_rule():
    text = "　　2020年8月10日，沈阳市民政局（ICP备12号）\r\n\n a  b\tc 5.5万元 Ⅷ·é\u3000"
    assert words(text) == _TOKEN.findall(text)
    assert words("") == []
    assert words("2020") == ["2020"]
    assert words("民政ab12  x") == ["民", "政", "ab", "12", "  ", "x"]


def test_tokens_follow_the_rule_on_random_text():
    rng = random.Random(11)
    alphabet = list("民政局12３ aZ\t\n\r\u3000。，") + ["\u2028", "é", "ß"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert words(text) == _TOKEN.findall(text), repr(text)


def test_doc_keeps_the_text_and_offsets():
    nlp = get_nlp()
    text = "　　沈阳市民政局2020年发放补贴5.5万元。\nABC  def"
    doc = nlp.tokenizer(text)
    assert doc.text == text and doc_text(doc) == text
    assert [token.text for token in doc] == _TOKEN.findall(text)
    assert [token.idx for token in doc][:3] == [0, 2, 3]  # the two ideographic spaces are one
    again = nlp.tokenizer(text)  # the second time from the tokenizer's cache of lexeme ids
    assert [t.orth for t in again] == [t.orth for t in doc]
    assert [t.text for t in again] == [t.text for t in doc]


def test_token_offsets_from_the_tokenizer_match_spacy():
    from spacy.attrs import IDX, LENGTH

    tokenizer = get_nlp().tokenizer
    rng = random.Random(7)
    alphabet = list("民政局12３ aZ\t\n\u3000。") + ["😀", "é", "\x00", "\U0010ffff"]
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        doc = tokenizer(text)
        assert [token.text for token in doc] == _TOKEN.findall(text), repr(text)
        offsets = doc.user_data["kg_token_offsets"]
        expected = doc.to_array([IDX, LENGTH])
        assert offsets.dtype == expected.dtype and offsets.tolist() == expected.tolist()
    assert len(tokenizer("")) == 0
