"""The neural attribution labeller's plumbing (``pipeline/neural/attribution.py``): windows over
a paragraph's word pieces, first-piece scores, BIO decoding into the span model's statements.

A stand-in network (numpy, no model file) drives it, so these tests need only ``tokenizers``
(the neural extra); without the extra they skip.
"""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.neural import available

pytestmark = pytest.mark.skipif(not available(), reason="pip install 'sayso[neural]'")

TEXT = 'The mayor said on Monday that the budget would pass.\n\n"It is done," Smith said.\n'


@pytest.fixture(scope="module")
def tokenizer():
    from pipeline.neural.attribution import MODEL_DIR, TOKENIZER_FILE
    from pipeline.neural.encode import load_tokenizer

    return load_tokenizer(MODEL_DIR / TOKENIZER_FILE)


def test_windows_cover_every_word_once_within_the_length(tokenizer):
    from pipeline.neural.attribution import CLS, MAX_PIECES, SEP, windows

    words = ["unbelievably", "long", ",", "words"] * 100 + ["\x00"]  # the last one has no piece
    cut = windows(tokenizer, words)
    assert len(cut) > 1
    assert [a for a, _, _, _ in cut] == [0, *[b for _, b, _, _ in cut[:-1]]]
    assert cut[-1][1] == len(words)
    for first, stop, ids, heads in cut:
        assert len(ids) <= MAX_PIECES and ids[0] == CLS and ids[-1] == SEP
        assert len(heads) == stop - first and all(0 < h < len(ids) - 1 for h in heads)
    first_ids = tokenizer.encode(["unbelievably"], is_pretokenized=True,
                                 add_special_tokens=False).ids
    assert cut[0][2][cut[0][3][0]] == first_ids[0]  # a word's head is its first piece


def content_network(ids: list[int]) -> np.ndarray:
    """Labels every piece I-CON except the first after [CLS], B-CON: each window one content."""
    from pipeline.quotes.learned.bio import LABELS

    logits = np.zeros((len(ids), len(LABELS)), dtype=np.float32)
    logits[:, LABELS.index("I-CON")] = 5.0
    logits[1, LABELS.index("B-CON")] = 10.0
    return logits


def test_labels_decode_into_span_statements(tokenizer):
    from pipeline.neural.attribution import NeuralSpanModel
    from pipeline.nlp.sentences import split
    from pipeline.quotes.learned.bio import LABELS
    from pipeline.quotes.learned.statements import predict

    model = NeuralSpanModel(content_network, tokenizer)
    sentences = [(s.start, s.end) for s in split(TEXT)]
    enc = model.encode(TEXT, sentences)
    labels, scores = model.label(enc)
    assert scores.shape == (len(enc.words), len(LABELS))
    assert np.allclose(np.exp(scores).sum(axis=1), 1.0, atol=1e-4)  # log-probabilities
    for first, stop in enc.bounds:  # one content run per candidate paragraph
        assert LABELS[labels[first]] == "B-CON"
        assert all(LABELS[x] == "I-CON" for x in labels[first + 1 : stop])
    found = predict(TEXT, sentences, model=model)
    assert found and all(s.content for s in found)
    assert found == predict(TEXT, sentences, model=model)


def test_neural_attribution_selects_the_neural_labeller_in_the_quotations_stage():
    from pipeline.config import Config
    from pipeline.neural.attribution import NeuralSpanModel
    from pipeline.stages.quotations import span_labeller

    if not _shipped():
        pytest.skip("no attribution model shipped")
    neural = Config().with_models("neural")
    chosen = Config().with_models("neural", neural_attribution=True)
    model, learned = span_labeller(chosen.section("quotations"))
    assert isinstance(model, NeuralSpanModel) and learned
    # neural stance alone keeps the rules (and the perceptron only with span_model)
    assert span_labeller(neural.section("quotations")) == (None, False)
    assert span_labeller(Config().section("quotations")) == (None, False)


# --- the shipped model (loaded once per session) -------------------------------------------------

def _shipped() -> bool:
    from pipeline.neural.attribution import MODEL_DIR, MODEL_FILE

    return (MODEL_DIR / MODEL_FILE).exists()


@pytest.fixture(scope="session")
def shipped():
    if not _shipped():
        pytest.skip("no attribution model shipped")
    from pipeline.neural.attribution import default_model

    return default_model()


def test_shipped_model_labels_a_short_paragraph_the_same_twice(shipped):
    from pipeline.nlp.sentences import split
    from pipeline.quotes.learned.statements import predict

    text = "The senator said on Tuesday that the bill would fail in the House.\n"
    sentences = [(s.start, s.end) for s in split(text)]
    found = predict(text, sentences, model=shipped)
    assert len(found) == 1
    statement = found[0]
    content = " ".join(text[s:e] for s, e in statement.content)
    assert "the bill would fail in the House" in content
    assert text[slice(*statement.cue)] == "said"
    assert text[slice(*statement.source)] == "The senator"
    assert predict(text, sentences, model=shipped) == found
