"""Measuring a model: accuracy, macro-F1, per-label scores with bootstrap intervals,
confusion, calibration (with a reliability diagram) and breakdowns by any column."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .labels import LABELS, parse_label

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from .model import StanceClassifier

__all__ = [
    "EvaluationReport",
    "bootstrap_intervals",
    "evaluate",
    "evaluate_predictions",
    "expected_calibration_error",
    "reliability_bins",
]

_METRICS = ("precision", "recall", "f1")
_MISSING = "(missing)"


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
    n = len(proba)
    bins = reliability_bins(proba, y_true_index, n_bins=n_bins)
    return float(sum(b["count"] / n * abs(b["accuracy"] - b["confidence"]) for b in bins if b["count"]))


def _bin_index(confidence: np.ndarray, n_bins: int) -> np.ndarray:
    return np.minimum((confidence * n_bins).astype(int), n_bins - 1)


def reliability_bins(proba: np.ndarray, y_true_index: np.ndarray, *, n_bins: int = 10) -> list[dict[str, Any]]:
    """Accuracy and mean confidence of the top label in equal-width confidence bins.

    The data of a reliability diagram: a calibrated model has ``accuracy`` close to
    ``confidence`` in every bin.

    Parameters
    ----------
    proba : ndarray of shape (n, k)
        Predicted probabilities.
    y_true_index : ndarray of shape (n,)
        Column index of the true label of each row.
    n_bins : int, default=10
        Number of bins.

    Returns
    -------
    list of dict
        One per bin: ``lower``, ``upper``, ``count``, ``accuracy`` and ``confidence``
        (None for an empty bin).

    Examples
    --------
    >>> bins = reliability_bins(np.array([[0.9, 0.1], [0.6, 0.4]]), np.array([0, 1]), n_bins=2)
    >>> [(b["count"], b["accuracy"]) for b in bins]
    [(0, None), (2, 0.5)]
    """
    confidence = proba.max(axis=1)
    correct = proba.argmax(axis=1) == y_true_index
    bins = _bin_index(confidence, n_bins)
    out = []
    for b in range(n_bins):
        mask = bins == b
        count = int(mask.sum())
        out.append(
            {
                "lower": b / n_bins,
                "upper": (b + 1) / n_bins,
                "count": count,
                "accuracy": float(correct[mask].mean()) if count else None,
                "confidence": float(confidence[mask].mean()) if count else None,
            }
        )
    return out


def _scores_from_confusion(cm: np.ndarray, present: np.ndarray) -> dict[str, np.ndarray]:
    """Vectorized scores of a stack of confusion matrices of shape (b, k, k)."""
    tp = np.diagonal(cm, axis1=1, axis2=2).astype(float)
    support = cm.sum(axis=2)
    predicted = cm.sum(axis=1)
    n = cm.sum(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, 0.0)
        recall = np.where(support > 0, tp / support, 0.0)
        f1 = np.where(support + predicted > 0, 2 * tp / (support + predicted), 0.0)
    return {
        "accuracy": tp.sum(axis=1) / np.maximum(n, 1),
        "macro_f1": f1[:, present].mean(axis=1) if present.any() else np.zeros(len(cm)),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def bootstrap_intervals(
    true_index: np.ndarray,
    pred_index: np.ndarray,
    *,
    confidence: np.ndarray | None = None,
    n_bins: int = 10,
    n_bootstrap: int = 1000,
    confidence_level: float = 0.95,
    random_state: int | None = 0,
) -> dict[str, Any]:
    """Percentile bootstrap intervals of accuracy, macro-F1, per-label scores and ECE.

    Rows are resampled with replacement ``n_bootstrap`` times; each interval holds the
    central ``confidence_level`` share of the resampled scores. Macro-F1 averages over
    the labels present in the full data, as in :func:`evaluate_predictions`. Rows are
    resampled independently: sentences of one speech are correlated, so the intervals
    are somewhat narrow for data with few large groups.

    Parameters
    ----------
    true_index, pred_index : ndarray of int
        True and predicted labels as indices into :data:`stancekit.LABELS`.
    confidence : ndarray of float, optional
        Probability of the predicted label of each row, for an interval of the ECE.
    n_bins : int, default=10
        ECE bins.
    n_bootstrap : int, default=1000
        Number of resamples.
    confidence_level : float, default=0.95
        Coverage of each interval.
    random_state : int or None, default=0
        Seed of the resampling.

    Returns
    -------
    dict
        ``{"accuracy": [low, high], "macro_f1": [...], "ece": [...] (with confidence),
        "per_label": {label: {"precision": [...], "recall": [...], "f1": [...]}}}``.

    Examples
    --------
    >>> t = np.array([0, 1, 2, 3] * 25)
    >>> ci = bootstrap_intervals(t, t, n_bootstrap=200)
    >>> ci["accuracy"], ci["per_label"]["aligned"]["f1"]
    ([1.0, 1.0], [1.0, 1.0])
    """
    if not 0 < confidence_level < 1:
        raise ValueError(f"confidence_level must be between 0 and 1, got {confidence_level!r}")
    k = len(LABELS)
    n = len(true_index)
    rng = np.random.default_rng(random_state)
    cells = np.asarray(true_index) * k + np.asarray(pred_index)
    present = np.bincount(true_index, minlength=k) > 0
    if confidence is not None:
        correct = (np.asarray(true_index) == np.asarray(pred_index)).astype(float)
        bins = _bin_index(np.asarray(confidence), n_bins)
    stats: dict[str, list[np.ndarray]] = {name: [] for name in ("accuracy", "macro_f1", "ece", *_METRICS)}
    chunk = max(1, min(n_bootstrap, 2_000_000 // max(n, 1)))  # bound memory on large data
    for start in range(0, n_bootstrap, chunk):
        b = min(chunk, n_bootstrap - start)
        sample = rng.integers(0, n, size=(b, n))
        offsets = (np.arange(b) * k * k)[:, None]
        cm = np.bincount((cells[sample] + offsets).ravel(), minlength=b * k * k).reshape(b, k, k)
        for name, values in _scores_from_confusion(cm, present).items():
            stats[name].append(values)
        if confidence is not None:
            flat = (bins[sample] + (np.arange(b) * n_bins)[:, None]).ravel()
            acc = np.bincount(flat, weights=correct[sample].ravel(), minlength=b * n_bins).reshape(b, n_bins)
            conf = np.bincount(flat, weights=confidence[sample].ravel(), minlength=b * n_bins).reshape(b, n_bins)
            stats["ece"].append(np.abs(acc - conf).sum(axis=1) / n)
    tail = (1 - confidence_level) / 2 * 100

    def interval(values: np.ndarray) -> list[float]:
        low, high = np.percentile(values, [tail, 100 - tail], axis=0)
        return [float(low), float(high)]

    out: dict[str, Any] = {
        "accuracy": interval(np.concatenate(stats["accuracy"])),
        "macro_f1": interval(np.concatenate(stats["macro_f1"])),
    }
    if confidence is not None:
        out["ece"] = interval(np.concatenate(stats["ece"]))
    per_metric = {name: np.concatenate(stats[name]) for name in _METRICS}
    out["per_label"] = {
        label: {name: interval(per_metric[name][:, j]) for name in _METRICS} for j, label in enumerate(LABELS)
    }
    return out


def _fmt(value: float | None, interval: Sequence[float] | None = None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" + (f" [{interval[0]:.3f}, {interval[1]:.3f}]" if interval is not None else "")


@dataclass
class EvaluationReport:
    """Scores of one model on one labeled set.

    Attributes
    ----------
    n : int
        Number of statements.
    accuracy, macro_f1 : float
        Macro-F1 averages the F1 of the labels present in the true labels.
    per_label : dict
        ``{label: {"precision", "recall", "f1", "support"}}``.
    confusion : list of list of int
        Rows are true labels, columns predicted labels, both in :data:`LABELS` order.
    ece : float or None
        Expected calibration error, when probabilities were given.
    extra : dict
        Anything else to carry into :meth:`to_dict` (e.g. how the predictions were made).
    intervals : dict or None
        Bootstrap intervals (see :func:`bootstrap_intervals`).
    confidence_level : float
        Coverage of the intervals.
    n_bootstrap : int
        Resamples behind the intervals (0: none computed).
    reliability : list of dict or None
        Reliability-diagram bins (see :func:`reliability_bins`), when probabilities were given.
    breakdown : dict
        ``{column: {value: EvaluationReport}}``: the same scores for each value of a column.
    """

    n: int
    accuracy: float
    macro_f1: float
    per_label: dict[str, dict[str, float]]
    confusion: list[list[int]]
    ece: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    intervals: dict[str, Any] | None = None
    confidence_level: float = 0.95
    n_bootstrap: int = 0
    reliability: list[dict[str, Any]] | None = None
    breakdown: dict[str, dict[str, EvaluationReport]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the report as plain JSON-serializable data (see :meth:`from_dict`)."""
        return {
            "n": self.n,
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_label": self.per_label,
            "confusion": self.confusion,
            "labels": list(LABELS),
            "ece": self.ece,
            "intervals": self.intervals,
            "confidence_level": self.confidence_level,
            "n_bootstrap": self.n_bootstrap,
            "reliability": self.reliability,
            "breakdown": {
                column: {value: report.to_dict() for value, report in reports.items()}
                for column, reports in self.breakdown.items()
            },
            **self.extra,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EvaluationReport:
        """Rebuild a report from :meth:`to_dict` output (e.g. the metrics of a model card)."""
        known = {
            "n", "accuracy", "macro_f1", "per_label", "confusion", "labels", "ece", "intervals",
            "confidence_level", "n_bootstrap", "reliability", "breakdown",
        }  # fmt: skip
        return cls(
            n=int(data["n"]),
            accuracy=float(data["accuracy"]),
            macro_f1=float(data["macro_f1"]),
            per_label={k: dict(v) for k, v in data["per_label"].items()},
            confusion=[list(row) for row in data["confusion"]],
            ece=data.get("ece"),
            extra={k: v for k, v in data.items() if k not in known},
            intervals=data.get("intervals"),
            confidence_level=float(data.get("confidence_level", 0.95)),
            n_bootstrap=int(data.get("n_bootstrap", 0)),
            reliability=data.get("reliability"),
            breakdown={
                column: {value: cls.from_dict(report) for value, report in reports.items()}
                for column, reports in (data.get("breakdown") or {}).items()
            },
        )

    def to_frame(self) -> pd.DataFrame:
        """Per-label precision, recall, F1 and support as a DataFrame, one row per label.

        With intervals, columns ``precision_low``, ``precision_high`` (and so on for
        recall and F1) follow.
        """
        import pandas as pd

        frame = pd.DataFrame(self.per_label).T.loc[list(LABELS)]
        frame["support"] = frame["support"].astype(int)
        if self.intervals:
            for name in _METRICS:
                frame[f"{name}_low"] = [self.intervals["per_label"][label][name][0] for label in LABELS]
                frame[f"{name}_high"] = [self.intervals["per_label"][label][name][1] for label in LABELS]
        return frame

    def breakdown_frame(self, column: str) -> pd.DataFrame:
        """One row per value of a breakdown column: ``n``, accuracy, macro-F1 (with intervals), ECE."""
        import pandas as pd

        if column not in self.breakdown:
            raise KeyError(f"no breakdown by {column!r}; the report has {sorted(self.breakdown) or 'none'}")
        rows = []
        for value, report in self.breakdown[column].items():
            row: dict[str, Any] = {column: value, "n": report.n, "accuracy": report.accuracy}
            if report.intervals:
                row["accuracy_low"], row["accuracy_high"] = report.intervals["accuracy"]
            row["macro_f1"] = report.macro_f1
            if report.intervals:
                row["macro_f1_low"], row["macro_f1_high"] = report.intervals["macro_f1"]
            row["ece"] = report.ece
            rows.append(row)
        return pd.DataFrame(rows)

    def to_markdown(self, *, details: bool = False) -> str:
        """The scores as Markdown: a summary line and a per-label table.

        Parameters
        ----------
        details : bool, default=False
            Also the confusion matrix, the reliability bins and the breakdowns.
        """
        ci = self.intervals or {}
        summary = (
            f"accuracy {_fmt(self.accuracy, ci.get('accuracy'))}, macro-F1 {_fmt(self.macro_f1, ci.get('macro_f1'))}"
        )
        if self.ece is not None:
            summary += f", ECE {_fmt(self.ece, ci.get('ece'))}"
        summary += f" (n = {self.n})"
        lines = [summary]
        if self.intervals:
            lines.append(
                f"\nIntervals: {self.confidence_level:.0%} percentile bootstrap over statements "
                f"({self.n_bootstrap} resamples)."
            )
        lines += ["", "| label | precision | recall | F1 | support |", "|---|---|---|---|---|"]
        for label in LABELS:
            s = self.per_label[label]
            c = ci.get("per_label", {}).get(label, {})
            cells = " | ".join(_fmt(s[name], c.get(name)) for name in _METRICS)
            lines.append(f"| {label} | {cells} | {int(s['support'])} |")
        if not details:
            return "\n".join(lines)
        lines += ["", "Confusion matrix (rows: true label, columns: predicted):", ""]
        lines += ["| true \\ predicted | " + " | ".join(LABELS) + " |", "|---|" + "---|" * len(LABELS)]
        lines += [f"| {label} | " + " | ".join(map(str, row)) + " |" for label, row in zip(LABELS, self.confusion)]
        if self.reliability:
            lines += ["", "Reliability (top-label confidence bins):", ""]
            lines += ["| confidence | statements | mean confidence | accuracy |", "|---|---|---|---|"]
            for b in self.reliability:
                if b["count"]:
                    lines.append(
                        f"| {b['lower']:.1f}-{b['upper']:.1f} | {b['count']} | {b['confidence']:.3f} | "
                        f"{b['accuracy']:.3f} |"
                    )
        for column, reports in self.breakdown.items():
            lines += ["", f"By {column}:", "", f"| {column} | n | accuracy | macro-F1 | ECE |", "|---|---|---|---|---|"]
            for value, r in reports.items():
                rci = r.intervals or {}
                lines.append(
                    f"| {value} | {r.n} | {_fmt(r.accuracy, rci.get('accuracy'))} | "
                    f"{_fmt(r.macro_f1, rci.get('macro_f1'))} | {_fmt(r.ece)} |"
                )
        return "\n".join(lines)

    def plot(self, kind: Literal["all", "confusion", "reliability"] = "all") -> Figure:
        """Draw the confusion matrix and the reliability diagram.

        Needs matplotlib (``pip install "stancekit[plot]"``). The figure is made without
        pyplot, so it works on a machine with no display; in a notebook it shows itself,
        elsewhere ``fig.savefig("report.png")``.

        Parameters
        ----------
        kind : {"all", "confusion", "reliability"}, default="all"
            Which panels to draw ("reliability" needs probabilities).

        Returns
        -------
        matplotlib.figure.Figure
        """
        try:
            from matplotlib.figure import Figure
        except ImportError:
            raise ImportError(
                'plotting needs matplotlib, which is not installed: pip install "stancekit[plot]"'
            ) from None
        if kind not in ("all", "confusion", "reliability"):
            raise ValueError(f"kind must be 'all', 'confusion' or 'reliability', got {kind!r}")
        panels = ["confusion", "reliability"] if kind == "all" else [kind]
        if not self.reliability:
            if kind == "reliability":
                raise ValueError("this report has no probabilities, so no reliability diagram")
            panels = ["confusion"]
        figure = Figure(figsize=(5.5 * len(panels), 4.8), layout="constrained")
        axes = figure.subplots(1, len(panels), squeeze=False)[0]
        for ax, panel in zip(axes, panels):
            if panel == "confusion":
                self._plot_confusion(ax)
            else:
                self._plot_reliability(ax)
        return figure

    def _plot_confusion(self, ax: Any) -> None:
        counts = np.asarray(self.confusion, dtype=float)
        # Colour by share of the true label's row, so a rare label is as readable as neutral.
        share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        ticks = range(len(LABELS))
        ax.set_xticks(ticks, LABELS, rotation=30, ha="right")
        ax.set_yticks(ticks, LABELS)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        for i in ticks:
            for j in ticks:
                color = "white" if share[i, j] > 0.6 else "black"
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", color=color)
        ax.set_title(f"Confusion (n = {self.n}); accuracy {self.accuracy:.2f}, macro-F1 {self.macro_f1:.2f}")

    def _plot_reliability(self, ax: Any) -> None:
        bins = [b for b in self.reliability or [] if b["count"]]
        width = (bins[0]["upper"] - bins[0]["lower"]) if bins else 0.1
        centers = [(b["lower"] + b["upper"]) / 2 for b in bins]
        ax.bar(centers, [b["accuracy"] for b in bins], width=width * 0.9, color="#4c72b0", label="accuracy")
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        ax.plot(centers, [b["confidence"] for b in bins], "o", color="#dd8452", label="mean confidence")
        for x, b in zip(centers, bins):
            ax.text(x, min(b["accuracy"] + 0.02, 0.97), str(b["count"]), ha="center", fontsize=7)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("confidence (probability of the predicted label)")
        ax.set_ylabel("accuracy")
        ece = f"ECE {self.ece:.3f}" if self.ece is not None else ""
        ax.set_title(f"Reliability diagram; {ece} (bar labels: statements)")
        ax.legend(loc="upper left", fontsize=8)


def _label_index(values: Sequence[object]) -> np.ndarray:
    index = {label: i for i, label in enumerate(LABELS)}
    return np.array([index[parse_label(v).value] for v in values], dtype=int)


def evaluate_predictions(
    y_true: Sequence[object],
    y_pred: Sequence[object],
    proba: np.ndarray | None = None,
    classes: Sequence[str] | None = None,
    *,
    by: Mapping[str, Sequence[object]] | None = None,
    n_bootstrap: int = 1000,
    confidence_level: float = 0.95,
    random_state: int | None = 0,
    n_bins: int = 10,
) -> EvaluationReport:
    """Score predicted labels (and optionally probabilities) against true labels.

    Parameters
    ----------
    y_true, y_pred : sequence of str
        True and predicted labels (parsed with :func:`stancekit.parse_label`).
    proba : ndarray, optional
        Probabilities with columns in ``classes`` order, for the calibration error and
        the reliability bins.
    classes : sequence of str, optional
        Column order of ``proba``.
    by : mapping of str to sequence, optional
        Columns to break the scores down by, e.g. ``{"country": countries}``: one value
        per statement (missing values are grouped as ``"(missing)"``).
    n_bootstrap : int, default=1000
        Resamples for the confidence intervals; 0 for none.
    confidence_level : float, default=0.95
        Coverage of the intervals.
    random_state : int or None, default=0
        Seed of the bootstrap, so a report is reproducible.
    n_bins : int, default=10
        Confidence bins of the ECE and the reliability diagram.

    Returns
    -------
    EvaluationReport

    Examples
    --------
    >>> report = evaluate_predictions(["aligned", "neutral"], ["aligned", "aligned"], n_bootstrap=0)
    >>> report.accuracy, report.per_label["aligned"]["precision"]
    (0.5, 0.5)
    """
    true = _label_index(y_true)
    pred = _label_index(y_pred)
    if len(true) != len(pred):
        raise ValueError(f"y_true has {len(true)} labels but y_pred has {len(pred)}")
    k = len(LABELS)
    cm = np.bincount(true * k + pred, minlength=k * k).reshape(1, k, k)
    present = cm[0].sum(axis=1) > 0
    scores = _scores_from_confusion(cm, present)
    support = cm[0].sum(axis=1)
    per_label = {
        label: {
            "precision": float(scores["precision"][0, j]),
            "recall": float(scores["recall"][0, j]),
            "f1": float(scores["f1"][0, j]),
            "support": int(support[j]),
        }
        for j, label in enumerate(LABELS)
    }
    ece = reliability = confidence = None
    if proba is not None and classes is not None:
        # Reorder the columns to LABELS order, so confidence refers to the predicted label.
        proba = np.asarray(proba, dtype=float)
        position = {parse_label(c).value: i for i, c in enumerate(classes)}
        full = np.zeros((len(true), k))
        for j, label in enumerate(LABELS):
            if label in position:
                full[:, j] = proba[:, position[label]]
        ece = expected_calibration_error(full, true, n_bins=n_bins)
        reliability = reliability_bins(full, true, n_bins=n_bins)
        confidence = full.max(axis=1)
    intervals = None
    if n_bootstrap and len(true):
        intervals = bootstrap_intervals(
            true,
            pred,
            confidence=confidence,
            n_bins=n_bins,
            n_bootstrap=n_bootstrap,
            confidence_level=confidence_level,
            random_state=random_state,
        )
    breakdown: dict[str, dict[str, EvaluationReport]] = {}
    for column, raw_values in (by or {}).items():
        values = [_MISSING if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in raw_values]
        if len(values) != len(true):
            raise ValueError(f"by[{column!r}] has {len(values)} values for {len(true)} statements")
        groups: dict[str, list[int]] = {}
        for i, value in enumerate(values):
            groups.setdefault(value, []).append(i)
        breakdown[column] = {}
        for value, rows in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
            sub = np.asarray(rows)
            breakdown[column][value] = evaluate_predictions(
                [LABELS[i] for i in true[sub]],
                [LABELS[i] for i in pred[sub]],
                None if proba is None else proba[sub],
                classes,
                n_bootstrap=n_bootstrap,
                confidence_level=confidence_level,
                random_state=random_state,
                n_bins=n_bins,
            )
    return EvaluationReport(
        n=len(true),
        accuracy=float(scores["accuracy"][0]) if len(true) else 0.0,
        macro_f1=float(scores["macro_f1"][0]) if len(true) else 0.0,
        per_label=per_label,
        confusion=cm[0].tolist(),
        ece=ece,
        intervals=intervals,
        confidence_level=confidence_level,
        n_bootstrap=n_bootstrap if intervals else 0,
        reliability=reliability,
        breakdown=breakdown,
    )


def evaluate(
    model: StanceClassifier | str | PathLike[str] | None,
    texts: Sequence[str],
    labels: Sequence[object],
    *,
    by: Mapping[str, Sequence[object]] | None = None,
    n_bootstrap: int = 1000,
    confidence_level: float = 0.95,
    random_state: int | None = 0,
) -> EvaluationReport:
    """Score a fitted model on labeled statements.

    Parameters
    ----------
    model : StanceClassifier, path or None
        A fitted model, the path of a ``.skops`` file, or None for the default model.
    texts : sequence of str
        Statements.
    labels : sequence of str
        Their true labels.
    by : mapping of str to sequence, optional
        Break the scores down by these columns, e.g. ``{"country": countries}``.
    n_bootstrap : int, default=1000
        Resamples for the bootstrap confidence intervals; 0 for none.
    confidence_level : float, default=0.95
        Coverage of the intervals.
    random_state : int or None, default=0
        Seed of the bootstrap.

    Returns
    -------
    EvaluationReport
        Accuracy, macro-F1 (over the labels present), per-label scores with intervals,
        the confusion matrix, the expected calibration error and reliability bins, and
        the breakdowns. ``.to_frame()``, ``.to_markdown()``, ``.to_dict()``, ``.plot()``.
    """
    from .model import check_texts
    from .persistence import load_model

    if model is None or isinstance(model, (str, PathLike)):
        model = load_model(model)
    texts = check_texts(texts)
    labels = list(labels)
    if len(texts) != len(labels):
        raise ValueError(f"texts has {len(texts)} statements but labels has {len(labels)}")
    proba = model.predict_proba(texts)
    classes = [str(c) for c in model.classes_]
    pred = [classes[i] for i in proba.argmax(axis=1)] if len(proba) else []
    return evaluate_predictions(
        labels,
        pred,
        proba,
        classes,
        by=by,
        n_bootstrap=n_bootstrap,
        confidence_level=confidence_level,
        random_state=random_state,
    )
