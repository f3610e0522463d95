"""Robustness to the news register that users' quote files are written in."""

import random

import pytest

from stancekit import load_corpus

pytest.importorskip("benchmarks.register")
from benchmarks.register import newsify


@pytest.mark.parametrize(
    "plain, framed",
    [
        (
            "Russia has been and will remain our closest ally and strategic partner.",
            '"Russia has been and will remain our closest ally and strategic partner," Lukashenko said.',
        ),
        (
            "We condemn the illegal unilateral sanctions imposed by the West.",
            "According to the foreign minister, we condemn the illegal unilateral sanctions imposed by the West.",
        ),
        (
            "Our foreign policy is multi-vector and pragmatic.",
            "\u201cOur foreign policy is multi-vector and pragmatic\u201d, Tokayev told reporters on Tuesday.",
        ),
        (
            "We call on both parties to exercise restraint.",
            "The Kazakh president said that we call on both parties to exercise restraint,",
        ),
    ],
)
def test_reporting_frames_do_not_change_the_prediction(default_model, plain, framed):
    assert default_model.predict([framed])[0] == default_model.predict([plain])[0]
    assert default_model.predict_proba([framed])[0] == pytest.approx(default_model.predict_proba([plain])[0], abs=0.05)


def test_held_out_statements_keep_their_label_in_news_register(default_model):
    test = load_corpus("test")
    rng = random.Random(7)
    framed = [newsify(t, iso, rng) for t, iso in zip(test.data, test.frame["iso3"])]
    agreement = (default_model.predict(test.data) == default_model.predict(framed)).mean()
    assert agreement >= 0.95, agreement


def test_the_codebook_examples_are_labeled_as_the_codebook_does(default_model):
    from benchmarks.codebook_examples import codebook_examples

    examples = codebook_examples()
    assert len(examples) == 16
    predicted = default_model.predict([text for text, _ in examples])
    wrong = {t for (t, label), p in zip(examples, predicted) if label != p}
    # The shipped model misses two, both read as neutral and listed in the model card's
    # known weaknesses: a threat named in UN wording, and a balance declared only by
    # negation. Any other miss is a regression.
    known_misses = {
        "NATO's eastward expansion poses a direct threat to our security.",
        "We never set out to be friends with everyone or to act against anyone; "
        "we are guided by the interests of our citizens.",
    }
    assert wrong <= known_misses, wrong - known_misses
