import numpy as np
import pytest

import stancekit
from stancekit import LABELS, DataError
from stancekit.auditing import uncertainty
from stancekit.training import out_of_fold_proba


def test_audit_finds_labels_flipped_on_clear_cases(labeled_small):
    texts, labels, groups = labeled_small["text"], labeled_small["label"], labeled_small["group"]
    proba, _ = out_of_fold_proba(texts, labels, groups=groups, cv=2)
    predicted = np.array(LABELS)[proba.argmax(axis=1)]
    sure = np.flatnonzero((predicted == labels.to_numpy()) & (proba.max(axis=1) > 0.8))
    flipped = sure[:: max(1, len(sure) // 10)][:10]
    assert len(flipped) == 10
    wrong = labels.copy()
    wrong[flipped] = ["neutral" if label != "neutral" else "aligned" for label in wrong[flipped]]

    suspects = stancekit.audit(texts, wrong, groups=groups, cv=2)
    found = set(suspects["index"]) & set(flipped)
    assert len(found) >= 8  # of 10; chance would find about as many as the share of rows flagged
    ranks = [suspects.index[suspects["index"] == i][0] for i in found]
    assert np.median(ranks) < len(suspects) / 2  # mistakes rank high among all disagreements
    rows = suspects[suspects["index"].isin(found)]
    assert (rows["label"].to_numpy() == wrong[rows["index"]].to_numpy()).all()
    # The suggestion is mostly the label before the flip (folds shift a little with the labels).
    assert (rows["suggestion"].to_numpy() == labels[rows["index"]].to_numpy()).mean() >= 0.7


def test_audit_output_is_ranked_and_filtered(labeled_small):
    suspects = stancekit.audit(
        labeled_small["text"], labeled_small["label"], groups=labeled_small["group"], cv=2, min_confidence=0.6
    )
    assert (suspects["p_suggestion"] >= 0.6).all()
    assert (suspects["suggestion"] != suspects["label"]).all()
    assert suspects["disagreement"].is_monotonic_decreasing
    np.testing.assert_allclose(suspects["disagreement"], suspects["p_suggestion"] - suspects["p_label"])
    assert {"p_multi_vector", "p_aligned", "p_neutral", "p_oppositional", "fold"} <= set(suspects.columns)
    top = stancekit.audit(
        labeled_small["text"], labeled_small["label"], groups=labeled_small["group"], cv=2, min_confidence=0.6, top=3
    )
    assert top.to_dict() == suspects.head(3).to_dict()


def test_audit_needs_enough_rows_per_label_for_its_folds(labeled_small):
    rows = labeled_small.groupby("label").head(3)
    with pytest.raises(DataError, match=r"label 'multi-vector' has 3 row\(s\)"):
        stancekit.audit(rows["text"], rows["label"], cv=5)


class StubModel:
    """A model whose probabilities are given per statement, to test the selection itself."""

    classes_ = np.array(LABELS, dtype=object)

    def __init__(self, proba):
        self.proba = proba

    def predict_proba(self, texts):
        return np.array([self.proba[t] for t in texts])


UNSURE = [0.3, 0.3, 0.2, 0.2]
SURE = [0.97, 0.01, 0.01, 0.01]


def test_suggest_prefers_uncertain_statements():
    texts = ["Kazakhstan balances Russia and China.", "The session opened.", "We side with the West."]
    model = StubModel({texts[0]: UNSURE, texts[1]: SURE, texts[2]: [0.5, 0.4, 0.05, 0.05]})
    picks = stancekit.suggest(texts, n=2, model=model, diversity=0)
    assert picks["index"].tolist() == [0, 2]
    assert picks["rank"].tolist() == [1, 2]
    assert picks["uncertainty"].is_monotonic_decreasing


def test_suggest_avoids_near_duplicates_when_diversity_is_on():
    twins = [
        "We condemn the sanctions imposed on our brotherly neighbour.",
        "We condemn the sanctions imposed on our brotherly neighbour today.",
        "We condemn the sanctions imposed on our brotherly neighbour again.",
    ]
    other = "Our country will cooperate with every partner, East and West."
    proba = {twins[0]: [0.3, 0.3, 0.2, 0.2], twins[1]: [0.31, 0.29, 0.2, 0.2], twins[2]: [0.32, 0.28, 0.2, 0.2]}
    proba[other] = [0.4, 0.3, 0.2, 0.1]
    model = StubModel(proba)
    plain = stancekit.suggest([*twins, other], n=2, model=model, diversity=0)
    diverse = stancekit.suggest([*twins, other], n=2, model=model, diversity=0.5)
    assert plain["index"].tolist() == [0, 1]
    assert diverse["index"].tolist() == [0, 3]
    assert diverse["similarity"].iloc[1] < 0.2


def test_suggest_counts_exact_repeats_once_and_is_deterministic(small_model):
    texts = ["We condemn NATO."] * 3 + [
        "Russia is our ally.",
        "The talks ended on Monday.",
        "We balance East and West.",
    ]
    one = stancekit.suggest(texts, n=10, model=small_model)
    assert len(one) == 4 and one["text"].is_unique
    assert one.equals(stancekit.suggest(texts, n=10, model=small_model))


@pytest.mark.parametrize("strategy", ["margin", "entropy"])
def test_uncertainty_is_zero_when_sure_and_one_when_torn(strategy):
    values = uncertainty(np.array([[1.0, 0, 0, 0], [0.25] * 4]), strategy)
    np.testing.assert_allclose(values, [0.0, 1.0])


def test_suggest_rejects_bad_arguments(small_model):
    with pytest.raises(ValueError, match="n must be a positive integer"):
        stancekit.suggest(["a b"], n=0, model=small_model)
    with pytest.raises(ValueError, match="strategy must be"):
        stancekit.suggest(["a b"], n=1, model=small_model, strategy="random")
