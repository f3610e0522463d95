"""The scikit-learn estimator contract, asserted by hand (the common checks skip text input)."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from stancekit import LABELS, StanceClassifier

TEXTS = [
    "Russia is our closest ally and strategic partner.",
    "We condemn the illegal sanctions imposed by the West.",
    "The visit took place on 28 February.",
    "We are friends with Russia, China, the EU and the United States.",
] * 6
LABELS_ = ["aligned", "oppositional", "neutral", "multi-vector"] * 6


def test_constructor_only_stores_parameters():
    model = StanceClassifier(C=2.0, features=("ngrams",))
    assert model.get_params()["C"] == 2.0
    assert not any(k.endswith("_") for k in vars(model))


def test_fit_returns_self_and_sets_learned_attributes():
    model = StanceClassifier(min_df=1, random_state=0)
    assert model.fit(TEXTS, LABELS_) is model
    assert sorted(model.classes_) == sorted(LABELS)
    assert model.training_info_["n_statements"] == len(TEXTS)
    assert len(model.training_info_["data_sha256"]) == 64


def test_predict_before_fit_raises_not_fitted():
    with pytest.raises(NotFittedError):
        StanceClassifier().predict(["x"])


def test_predict_proba_shape_order_and_sum(small_model):
    proba = small_model.predict_proba(TEXTS[:4])
    assert proba.shape == (4, len(small_model.classes_))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert list(small_model.predict(TEXTS[:4])) == [small_model.classes_[i] for i in proba.argmax(axis=1)]


def test_clone_and_set_params():
    model = StanceClassifier(C=2.0)
    copy = clone(model).set_params(C=8.0)
    assert copy.C == 8.0 and model.C == 2.0


def test_labels_are_parsed_on_fit():
    model = StanceClassifier(min_df=1).fit(TEXTS, [label.upper().replace("-", "_") for label in LABELS_])
    assert set(model.classes_) == set(LABELS)


def test_usable_in_pipeline_cross_validation_and_grid_search():
    pipeline = Pipeline([("strip", FunctionTransformer(None)), ("stance", StanceClassifier(min_df=1))])
    groups = np.arange(len(TEXTS)) % 3
    scores = cross_val_score(pipeline, TEXTS, LABELS_, cv=GroupKFold(3), groups=groups)
    assert scores.shape == (3,)
    search = GridSearchCV(StanceClassifier(min_df=1), {"C": [1.0, 4.0]}, cv=2).fit(TEXTS, LABELS_)
    assert search.best_params_["C"] in (1.0, 4.0)
    assert search.predict(["We condemn NATO."])[0] in LABELS


def test_score_is_accuracy(small_model):
    assert 0.0 <= small_model.score(TEXTS, LABELS_) <= 1.0


@pytest.mark.parametrize(
    "bad, message",
    [(["ok", None], r"X\[1\] is NoneType"), (["ok", 3.5], r"X\[1\] is float"), ("a single string", "single str")],
)
def test_non_strings_raise_type_error_naming_the_position(small_model, bad, message):
    with pytest.raises(TypeError, match=message):
        small_model.predict(bad)


def test_fit_errors_name_the_problem():
    with pytest.raises(ValueError, match="at least two labels"):
        StanceClassifier().fit(["a", "b"], ["neutral", "neutral"])
    with pytest.raises(ValueError, match="3 statements but y has 2"):
        StanceClassifier().fit(["a", "b", "c"], ["neutral", "aligned"])
    with pytest.raises(ValueError, match="C must be a positive number"):
        StanceClassifier(C=-1).fit(TEXTS, LABELS_)


@pytest.mark.parametrize("blank", ["", "   ", "\n\t", "...", "\u200b"])
def test_blank_statements_are_neutral_with_certainty(small_model, blank):
    proba = small_model.predict_proba([blank])[0]
    assert small_model.predict([blank])[0] == "neutral"
    assert proba[list(small_model.classes_).index("neutral")] == 1.0


def test_very_long_and_exotic_strings_get_a_label(small_model):
    texts = [
        "We condemn aggression. " * 45_000,  # about 1 MB
        "\u202e\u0645\u0631\u062d\u0628\u0627 \U0001f600 \x00\x1b[31m",
        "\ud800 lone surrogate",
    ]
    assert len(texts[0]) > 1_000_000
    assert set(small_model.predict(texts)) <= set(LABELS)


def test_empty_batch(small_model):
    assert small_model.predict([]).shape == (0,)
    assert small_model.predict_proba([]).shape == (0, len(small_model.classes_))


def test_explain_names_features_that_push_the_decision(small_model):
    explanation = small_model.explain("We condemn the illegal sanctions imposed by the West.", top=5)
    assert explanation.label in LABELS
    assert 0 < len(explanation.contributions) <= 5
    names = [name for name, _ in explanation.contributions]
    assert all("__" in name for name in names)
    weights = [abs(w) for _, w in explanation.contributions]
    assert weights == sorted(weights, reverse=True)
    assert list(explanation.to_frame().columns) == ["feature", "contribution"]


def test_explain_adds_up_to_the_decision_and_names_words_not_dimensions(small_model):
    text = "We condemn the illegal sanctions imposed by the West."
    explanation = small_model.explain(text, top=10_000)
    names = [name for name, _ in explanation.contributions]
    assert "vectors__condemn" in names and not any(name.startswith("vectors__dim_") for name in names)
    # Every contribution is there, so they add up to the label's score against the mean score.
    decision = small_model.pipeline_.decision_function([text])[0]
    intercept = small_model.pipeline_.named_steps["classifier"].intercept_
    k = list(small_model.classes_).index(explanation.label)
    expected = (decision[k] - decision.mean()) - (intercept[k] - intercept.mean())
    assert sum(value for _, value in explanation.contributions) == pytest.approx(expected, abs=1e-3)


def test_feature_groups_can_be_switched_off():
    model = StanceClassifier(features=("cues",), min_df=1).fit(TEXTS, LABELS_)
    names = model.pipeline_.named_steps["features"].get_feature_names_out()
    assert all(name.startswith("cues__") for name in names)


def test_sample_weight_is_used():
    weights = [1.0] * len(TEXTS)
    weights[0] = 50.0
    plain = StanceClassifier(min_df=1, random_state=0).fit(TEXTS, LABELS_)
    weighted = StanceClassifier(min_df=1, random_state=0).fit(TEXTS, LABELS_, sample_weight=weights)
    assert not np.allclose(plain.predict_proba(TEXTS[:1]), weighted.predict_proba(TEXTS[:1]))


@pytest.mark.parametrize("features", [("ngrams", "vectors", "actors", "cues"), ("vectors", "cues")])
def test_probabilities_equal_the_fitted_pipeline(corpus, features):
    # predict_proba scores feature group by feature group; it must give the pipeline's numbers.
    train = corpus.frame[corpus.frame["split"] == "train"].groupby("label").head(60)
    texts = corpus.frame[corpus.frame["split"] == "dev"]["text"].head(200).tolist()
    model = StanceClassifier(features=features, lexicon_weight=2.0).fit(train["text"], train["label"])
    np.testing.assert_allclose(model.predict_proba(texts), model.pipeline_.predict_proba(texts), rtol=0, atol=1e-12)


def test_a_two_label_model_predicts_with_the_pipeline():
    two = [label if label == "neutral" else "oppositional" for label in LABELS_]
    model = StanceClassifier(min_df=1).fit(TEXTS, two)
    np.testing.assert_allclose(model.predict_proba(TEXTS), model.pipeline_.predict_proba(TEXTS))
    assert model.predict_proba(TEXTS).shape == (len(TEXTS), 2)


def test_predict_leaves_the_garbage_collector_as_it_found_it(small_model):
    import gc

    assert gc.isenabled()
    small_model.predict(["We condemn the sanctions."])
    assert gc.isenabled()
    gc.disable()
    try:
        small_model.predict(["We condemn the sanctions."])
        assert not gc.isenabled()
    finally:
        gc.enable()
