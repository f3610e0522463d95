"""Measuring a model: accuracy, macro-F1, per-label scores, confusion, calibration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .labels import LABELS, parse_label

if TYPE_CHECKING:
    import pandas as pd

    from .model import StanceClassifier

__all__ = ["EvaluationReport", "evaluate", "evaluate_predictions", "expected_calibration_error"]


def expected_calibration_error(proba: np.ndarray, y_true_index: np.ndarray, *, n_bins: int = 10) -> float:
    """Expected calibration error of the top-label probabilities.

    Predictions are binned by their confidence (the highest probability) into
    ``n_bins`` equal-width bins; the ECE is the average over bins, weighted by bin
    size, of ``|accuracy - mean confidence|``.

    Parameters
    ----------
    proba : ndarray of shape (n, k)
        Predicted probabilities.
    y_true_index : ndarray of shape (n,)
        Column index of the true label of each row.
    n_bins : int, default=10
        Number of confidence bins.

    Returns
    -------
    float
        Between 0 (perfectly calibrated) and 1.

    Examples
    --------
    >>> proba = np.array([[0.9, 0.1], [0.6, 0.4]])
    >>> round(expected_calibration_error(proba, np.array([0, 1])), 3)
    0.35
    """
    confidence = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == y_true_index).astype(float)
    bins = np.minimum((confidence * n_bins).astype(int), n_bins - 1)
    ece = 0.0
    for b in range(n_bins):
        mask = bins == b
        if mask.any():
            ece += mask.mean() * abs(correct[mask].mean() - confidence[mask].mean())
    return float(ece)


@dataclass
class EvaluationReport:
    """Scores of one model on one labeled set.

    Attributes
    ----------
    n : int
        Number of statements.
    accuracy, macro_f1 : float
    per_label : dict
        ``{label: {"precision", "recall", "f1", "support"}}``.
    confusion : list of list of int
        Rows are true labels, columns predicted labels, both in :data:`LABELS` order.
    ece : float or None
        Expected calibration error, when probabilities were given.
    """

    n: int
    accuracy: float
    macro_f1: float
    per_label: dict[str, dict[str, float]]
    confusion: list[list[int]]
    ece: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-serializable data."""
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_label": self.per_label,
            "confusion": self.confusion,
            "labels": list(LABELS),
            "ece": self.ece,
            **self.extra,
        }

    def to_frame(self) -> pd.DataFrame:
        """Per-label precision, recall, F1 and support as a DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.per_label).T.loc[list(LABELS)]

    def to_markdown(self) -> str:
        """A small Markdown table of the scores."""
        lines = [
            f"accuracy {self.accuracy:.3f}, macro-F1 {self.macro_f1:.3f}"
            + (f", ECE {self.ece:.3f}" if self.ece is not None else "")
            + f" (n = {self.n})",
            "",
            "| label | precision | recall | F1 | support |",
            "|---|---|---|---|---|",
        ]
        for label in LABELS:
            s = self.per_label[label]
            lines.append(
                f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {int(s['support'])} |"
            )
        return "\n".join(lines)


def evaluate_predictions(
    y_true: Sequence[object],
    y_pred: Sequence[object],
    proba: np.ndarray | None = None,
    classes: Sequence[str] | None = None,
) -> EvaluationReport:
    """Score predicted labels (and optionally probabilities) against true labels.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        True and predicted labels (parsed with :func:`stancekit.parse_label`).
    proba : ndarray, optional
        Probabilities with columns in ``classes`` order, for the calibration error.
    classes : sequence of str, optional
        Column order of ``proba``.

    Returns
    -------
    EvaluationReport
    """
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    true = [parse_label(v).value for v in y_true]
    pred = [parse_label(v).value for v in y_pred]
    labels = list(LABELS)
    precision, recall, f1, support = precision_recall_fscore_support(true, pred, labels=labels, zero_division=0)
    per_label = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(labels, precision, recall, f1, support)
    }
    present = [label for label in labels if per_label[label]["support"] > 0]
    ece = None
    if proba is not None and classes is not None:
        index = {str(c): i for i, c in enumerate(classes)}
        ece = expected_calibration_error(proba, np.array([index[t] for t in true]))
    return EvaluationReport(
        n=len(true),
        accuracy=float(np.mean([t == p for t, p in zip(true, pred)])) if true else 0.0,
        macro_f1=float(np.mean([per_label[label]["f1"] for label in present])) if present else 0.0,
        per_label=per_label,
        confusion=confusion_matrix(true, pred, labels=labels).tolist(),
        ece=ece,
    )


def evaluate(model: StanceClassifier, texts: Sequence[str], labels: Sequence[object]) -> EvaluationReport:
    """Score a fitted model on labeled statements.

    Parameters
    ----------
    model : StanceClassifier
        A fitted model.
    texts : sequence of str
        Statements.
    labels : sequence of str
        Their true labels.

    Returns
    -------
    EvaluationReport
        Accuracy, macro-F1 (over the labels present), per-label scores, the confusion
        matrix and the expected calibration error.
    """
    proba = model.predict_proba(texts)
    pred = model.classes_[proba.argmax(axis=1)]
    return evaluate_predictions(labels, pred, proba, [str(c) for c in model.classes_])
