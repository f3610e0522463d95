"""Choose the model by measurement on the dev split: classifiers, C, feature ablation.

Every candidate is fitted on the corpus's ``train`` split and scored on ``dev`` (held-out
speeches); ``test`` is not touched. Also scored on the news-register version of dev
(``benchmarks/register.py``), since users' files look like news, not UN speeches.

Usage::

    python -m benchmarks.model_selection            # writes benchmarks/results/model_selection.md
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.svm import LinearSVC

from benchmarks.codebook_examples import codebook_examples
from benchmarks.register import newsify
from stancekit import StanceClassifier, load_corpus
from stancekit.datasets import TRAIN_ONLY_POOLS
from stancekit.evaluation import evaluate
from stancekit.features import FEATURE_GROUPS

OUT = Path(__file__).parent / "results" / "model_selection.md"


class _SwappedClassifier(StanceClassifier):
    """StanceClassifier with another final estimator, for comparison only."""

    def __init__(self, *, final: str = "svm", **kwargs):
        # The swapped estimators balance labels themselves.
        super().__init__(class_weight=None, **kwargs)
        self.final = final

    def _make_pipeline(self):
        pipeline = super()._make_pipeline()
        if self.final == "svm":
            final = CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"), cv=5)
        else:
            final = SGDClassifier(loss="log_loss", alpha=1e-5, class_weight="balanced", max_iter=50, random_state=0)
        pipeline.steps[-1] = ("classifier", final)
        return pipeline


def model_picked(frame) -> np.ndarray:
    """Which rows were picked from training speeches after dev and test were fixed (train-only pools)."""
    return frame["pool"].str.startswith(TRAIN_ONLY_POOLS).to_numpy()


def pool_weights(frame, picked_weight: float) -> np.ndarray:
    """Sample weights: ``picked_weight`` for the rows a model picked, 1 for the others."""
    return np.where(model_picked(frame), picked_weight, 1.0)


def grouped_cv_scores(
    model: StanceClassifier,
    frame,
    picked_weight: float | None,
    folds: int = 5,
    leave_out: np.ndarray | None = None,
) -> list[float]:
    """Macro-F1 of each grouped (by speech) fold of ``train``.

    Scored on the out-of-fold rows outside the train-only pools, so the mix of rows
    matches dev and test. ``picked_weight`` is the sample weight of the train-only pools
    (``None``: fitted without sample weights); rows marked in ``leave_out`` are left out
    of every fit.
    """
    scores = []
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    texts, labels = frame["text"].to_numpy(), frame["label"].to_numpy()
    weights = None if picked_weight is None else pool_weights(frame, picked_weight)
    picked = model_picked(frame)
    for fit_rows, score_rows in splitter.split(texts, labels, frame["speech_id"]):
        if leave_out is not None:
            fit_rows = fit_rows[~leave_out[fit_rows]]
        score_rows = score_rows[~picked[score_rows]]
        fit_weights = None if weights is None else weights[fit_rows]
        model.fit(texts[fit_rows].tolist(), labels[fit_rows].tolist(), sample_weight=fit_weights)
        predicted = model.predict(texts[score_rows].tolist())
        scores.append(f1_score(labels[score_rows], predicted, average="macro"))
    return scores


def grouped_cv_macro_f1(model: StanceClassifier, frame, picked_weight: float, folds: int = 5) -> tuple[float, float]:
    """Mean and sd of :func:`grouped_cv_scores`."""
    scores = grouped_cv_scores(model, frame, picked_weight, folds)
    return float(np.mean(scores)), float(np.std(scores))


def main() -> None:
    train, dev = load_corpus("train"), load_corpus("dev")
    rng = random.Random(0)
    dev_news = [newsify(t, iso, rng) for t, iso in zip(dev.data, dev.frame["iso3"])]
    examples = codebook_examples()
    # name -> (model, weight of the train-only model-picked pools, also cross-validate?)
    shipped = {"balance": 1.0, "lexicon_weight": 0.5, "C": 4.0, "random_state": 0}
    every_row = 1.0  # the shipped weight of the train-only pools, used by every candidate but one
    candidates = {
        "shipped: logreg C=4, balanced label weights, lexicon weight 0.5, every row weight 1": (
            StanceClassifier(**shipped),
            every_row,
            True,
        ),
        "same, train-only pools weight 0.5 (shipped in rounds 10-12)": (StanceClassifier(**shipped), 0.5, True),
        "same, lexicon weight 1 (shipped up to round 9)": (
            StanceClassifier(**{**shipped, "lexicon_weight": 1.0}),
            every_row,
            True,
        ),
        "same, balance 0.5 (tempered label weights)": (
            StanceClassifier(**{**shipped, "balance": 0.5}),
            every_row,
            True,
        ),
        "same, balance 0.75": (StanceClassifier(**{**shipped, "balance": 0.75}), every_row, False),
        "same, no class weights": (StanceClassifier(**{**shipped, "class_weight": None}), every_row, False),
        "same, C=2": (StanceClassifier(**{**shipped, "C": 2.0}), every_row, False),
        "same, C=8": (StanceClassifier(**{**shipped, "C": 8.0}), every_row, False),
        "same, word vectors weighted 1": (StanceClassifier(**{**shipped, "vector_weight": 1.0}), every_row, False),
        "same, plain mean word vectors (no SIF weighting)": (
            StanceClassifier(**{**shipped, "vector_weighting": "mean"}),
            every_row,
            True,
        ),
        "same, 1-3 grams": (StanceClassifier(**{**shipped, "ngram_range": (1, 3)}), every_row, False),
        "same, without actor masking": (StanceClassifier(**{**shipped, "mask_actors": False}), every_row, True),
        "same, without frame stripping": (StanceClassifier(**{**shipped, "strip_frames": False}), every_row, False),
        # One candidate per feature group left out, named as in the earlier results.
        **{
            f"ablation: without {name}": (
                StanceClassifier(**shipped, features=tuple(g for g in FEATURE_GROUPS if g != group)),
                every_row,
                False,
            )
            for group, name in zip(FEATURE_GROUPS, ("ngrams", "word vectors", "actors", "cues"))
        },
        "ablation: ngrams only": (StanceClassifier(**shipped, features=("ngrams",)), every_row, False),
        "linear SVM + sigmoid calibration": (_SwappedClassifier(final="svm", random_state=0), every_row, False),
        "SGD log-loss": (_SwappedClassifier(final="sgd", random_state=0), every_row, False),
    }
    lines = [
        "# Model selection on the dev split",
        "",
        f"Fitted on `train` ({len(train.data)} statements), scored on `dev` ({len(dev.data)} "
        "statements from other speeches) and on the same dev statements rewritten in news "
        "register (`benchmarks/register.py`); last, how many of the codebook's 16 example "
        "statements it labels as the codebook does. Reproduce with "
        "`python -m benchmarks.model_selection`.",
        "",
        "The train-only pools (rows picked after dev and test were fixed, from training speeches: "
        "by a model that was least sure of them or found them likely to carry a rare label, rounds "
        "4-10, or by the first rounds' keyword and actor rules, rounds 11-14; almost nine tenths of "
        "train) exist only in train; their weight is a sample weight. Rows marked with a CV score are "
        "also cross-validated: 5 folds of train grouped by speech, scored on the out-of-fold rows "
        "outside those pools, so the mix of rows matches dev and test.",
        "",
        "Choice: logistic regression, C=4, all feature groups, smooth-inverse-frequency word "
        "vectors, fully balanced label weights, actor and cue features at half weight, every row "
        f"at weight 1. With some {round(len(train.data), -2):,} training rows the dev split separates "
        "the candidates less than its noise: differences under about 0.02 are one or two standard "
        "errors on 898 dev statements, so cross-validation and the codebook examples, which stand "
        "for statements from outside the corpus, weigh as much. Masking actors keeps the model from "
        "learning which countries the training speeches named, even where unmasked n-grams score as "
        "well or a little better on the corpus's own speeches. Tempering the label weights "
        "(`balance` below 1) tunes the model to the corpus's mix, 84% neutral by the random sample, "
        "and scores as well or a little better on it; users' quote files are chosen for their "
        "stance, so the labels stay fully balanced, and `balance` lets users who know their mix "
        "choose. An MLP, gradient-boosted stacking and ensembles were also tried during selection "
        "(rounds 1-11) and came out level or lower.",
        "",
        "| candidate | dev macro-F1 | dev accuracy | dev ECE | news-register macro-F1 | min label F1 "
        "| codebook examples correct | CV macro-F1 (mean ± sd) | fit s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, (model, picked_weight, cross_validate) in candidates.items():
        cv = "–"
        if cross_validate:
            mean, sd = grouped_cv_macro_f1(model, train.frame, picked_weight)
            cv = f"{mean:.3f} ± {sd:.3f}"
        start = time.perf_counter()
        model.fit(train.data, train.target, sample_weight=pool_weights(train.frame, picked_weight))
        seconds = time.perf_counter() - start
        report = evaluate(model, dev.data, dev.target)
        news = evaluate(model, dev_news, dev.target)
        worst = min(s["f1"] for s in report.per_label.values())
        correct = sum(model.predict([t])[0] == label for t, label in examples)
        row = (
            f"| {name} | {report.macro_f1:.3f} | {report.accuracy:.3f} | {report.ece:.3f} | "
            f"{news.macro_f1:.3f} | {worst:.3f} | {correct}/{len(examples)} | {cv} | {seconds:.1f} |"
        )
        print(row, flush=True)
        lines.append(row)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
