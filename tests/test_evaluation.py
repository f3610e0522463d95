import json
import sys

import numpy as np
import pytest
from sklearn.metrics import f1_score

import stancekit
from stancekit import LABELS
from stancekit.evaluation import (
    EvaluationReport,
    bootstrap_intervals,
    evaluate_predictions,
    expected_calibration_error,
    reliability_bins,
)


@pytest.fixture(scope="module")
def predictions():
    rng = np.random.default_rng(0)
    true = rng.choice(LABELS, size=300, p=[0.1, 0.2, 0.5, 0.2])
    pred = np.where(rng.random(300) < 0.7, true, rng.choice(LABELS, size=300))
    proba = rng.dirichlet(np.ones(4), size=300)
    # Make the predicted label the most probable one.
    for i, label in enumerate(pred):
        j = LABELS.index(label)
        proba[i, j] = proba[i].max() + 0.1
    proba /= proba.sum(axis=1, keepdims=True)
    country = rng.choice(["KAZ", "BRA", "IND"], size=300)
    return list(true), list(pred), proba, list(country)


def test_point_scores_match_scikit_learn(predictions):
    true, pred, proba, _ = predictions
    report = evaluate_predictions(true, pred, proba, LABELS, n_bootstrap=0)
    assert report.macro_f1 == pytest.approx(f1_score(true, pred, average="macro"))
    assert report.accuracy == pytest.approx(np.mean(np.array(true) == np.array(pred)))
    assert report.ece == pytest.approx(expected_calibration_error(proba, np.array([LABELS.index(t) for t in true])))
    assert np.sum(report.confusion) == 300
    assert report.intervals is None and report.n_bootstrap == 0


def test_bootstrap_intervals_hold_the_estimate_and_are_reproducible(predictions):
    true, pred, proba, _ = predictions
    one = evaluate_predictions(true, pred, proba, LABELS, n_bootstrap=300, random_state=5)
    two = evaluate_predictions(true, pred, proba, LABELS, n_bootstrap=300, random_state=5)
    other = evaluate_predictions(true, pred, proba, LABELS, n_bootstrap=300, random_state=6)
    assert one.intervals == two.intervals
    assert one.intervals != other.intervals
    for name in ("accuracy", "macro_f1", "ece"):
        low, high = one.intervals[name]
        assert low <= getattr(one, name) <= high and high - low > 0.01
    for label in LABELS:
        for metric in ("precision", "recall", "f1"):
            low, high = one.intervals["per_label"][label][metric]
            assert low <= one.per_label[label][metric] <= high


def test_intervals_narrow_with_more_data():
    small = np.tile([0, 1, 2, 3, 0], 20)
    noisy = small.copy()
    noisy[::4] = (noisy[::4] + 1) % 4
    wide = bootstrap_intervals(small, noisy, n_bootstrap=400)["accuracy"]
    narrow = bootstrap_intervals(np.tile(small, 20), np.tile(noisy, 20), n_bootstrap=400)["accuracy"]
    assert narrow[1] - narrow[0] < (wide[1] - wide[0]) / 2


def test_reliability_bins_count_every_statement(predictions):
    true, _, proba, _ = predictions
    bins = reliability_bins(proba, np.array([LABELS.index(t) for t in true]))
    assert len(bins) == 10 and sum(b["count"] for b in bins) == 300
    for b in bins:
        if b["count"]:
            assert b["lower"] <= b["confidence"] <= b["upper"]


def test_breakdown_by_a_column_equals_the_scores_of_each_subset(predictions):
    true, pred, proba, country = predictions
    report = evaluate_predictions(true, pred, proba, LABELS, by={"country": country}, n_bootstrap=100)
    assert set(report.breakdown["country"]) == {"KAZ", "BRA", "IND"}
    assert sum(r.n for r in report.breakdown["country"].values()) == 300
    rows = [i for i, c in enumerate(country) if c == "BRA"]
    alone = evaluate_predictions([true[i] for i in rows], [pred[i] for i in rows], proba[rows], LABELS, n_bootstrap=100)
    assert report.breakdown["country"]["BRA"].to_dict() == alone.to_dict()
    frame = report.breakdown_frame("country")
    assert list(frame.columns[:3]) == ["country", "n", "accuracy"] and frame["n"].sum() == 300
    assert "By country:" in report.to_markdown(details=True)


def test_missing_breakdown_values_are_grouped():
    report = evaluate_predictions(["aligned", "neutral"], ["aligned", "aligned"], by={"year": [None, float("nan")]})
    assert list(report.breakdown["year"]) == ["(missing)"]


def test_report_frame_dict_markdown_and_round_trip(predictions):
    true, pred, proba, country = predictions
    report = evaluate_predictions(true, pred, proba, LABELS, by={"country": country}, n_bootstrap=100)
    frame = report.to_frame()
    assert list(frame.index) == list(LABELS)
    assert {"precision", "recall", "f1", "support", "f1_low", "f1_high"} <= set(frame.columns)
    data = json.loads(json.dumps(report.to_dict()))
    assert EvaluationReport.from_dict(data).to_dict() == report.to_dict()
    text = report.to_markdown(details=True)
    assert "Confusion matrix" in text and "Reliability" in text and "[" in text


def test_plot_draws_confusion_and_reliability(predictions, tmp_path):
    true, pred, proba, _ = predictions
    figure = evaluate_predictions(true, pred, proba, LABELS, n_bootstrap=0).plot()
    assert len(figure.axes) == 2
    figure.savefig(tmp_path / "report.png")
    assert (tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"
    only_labels = evaluate_predictions(true, pred, n_bootstrap=0)
    assert len(only_labels.plot().axes) == 1
    with pytest.raises(ValueError, match="no probabilities"):
        only_labels.plot("reliability")


def test_plot_without_matplotlib_says_how_to_install_it(predictions, monkeypatch):
    true, pred, _, _ = predictions
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"stancekit\[plot\]"):
        evaluate_predictions(true, pred, n_bootstrap=0).plot()


def test_evaluate_takes_a_model_or_a_path(small_model, tmp_path):
    texts = ["Russia is our closest ally.", "We condemn NATO's expansion.", "The session opened on Monday."]
    labels = ["aligned", "oppositional", "neutral"]
    path = tmp_path / "m.skops"
    small_model.save(path)
    by_object = stancekit.evaluate(small_model, texts, labels, n_bootstrap=50)
    by_path = stancekit.evaluate(str(path), texts, labels, n_bootstrap=50)
    assert by_object.to_dict() == by_path.to_dict()
    with pytest.raises(ValueError, match="3 statements but labels has 2"):
        stancekit.evaluate(small_model, texts, labels[:2])
