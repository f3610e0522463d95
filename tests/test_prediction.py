import pytest

import stancekit
from stancekit import LABELS, Prediction, predict


def test_predict_one_string_returns_one_prediction():
    p = predict("We condemn the illegal unilateral sanctions imposed by the West.")
    assert isinstance(p, Prediction)
    assert p.label == "oppositional"
    assert p.actors == ["west"]
    assert set(p.probabilities) == set(LABELS)
    assert sum(p.probabilities.values()) == pytest.approx(1.0)
    assert p.confidence == max(p.probabilities.values())


def test_predict_many_keeps_order_and_length():
    texts = [
        "Russia has been and will remain our closest ally and strategic partner.",
        "The visit took place on 28 February.",
        "",
    ]
    out = predict(texts)
    assert [p.text for p in out] == texts
    assert out[0].label == "aligned" and out[0].actors == ["RUS"]
    assert out[2].label == "neutral"


def test_predict_with_an_explicit_model(small_model):
    assert predict(["x"], model=small_model)[0].label in LABELS


def test_predict_names_bad_positions():
    with pytest.raises(TypeError, match=r"texts\[1\]"):
        predict(["fine", 42])


def test_score_text_on_the_seed_article(seed_article):
    frame = stancekit.score_text(seed_article)
    assert len(frame) == 21
    assert list(frame.columns[:5]) == ["sentence_index", "start", "end", "text", "stance"]
    assert frame["stance"].isin(LABELS).all()
    first = frame.iloc[0]
    assert seed_article[first["start"] : first["end"]].startswith("Belarusian President")
    assert "BLR" in first["actors"] and "CHN" in first["actors"]


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, stancekit; print('sklearn' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_actors_come_out_as_actor_ids_finds_them(default_model):
    # The model's own masking supplies most of them; framed, quoted or unnormalized
    # statements are searched again. Either way they are the actors of the raw text.
    texts = [
        "Russia and China oppose NATO's expansion.",
        '"Russia is our ally," he said.',
        "According to Minsk, the EU is a threat.",
        "Sanctions were imposed by the U.S.",
        "-Russia is near.",
        "Refugees crossed the Jordan River.",
        "  ",
        "The Kremlin\u2019s view.",
        "We thank the U.K. and France",
    ]
    for prediction, text in zip(stancekit.predict(texts, model=default_model), texts):
        assert prediction.actors == stancekit.actor_ids(text), text
