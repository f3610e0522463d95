"""Retraining: grouped cross-validation, a small parameter search and the final fit.

:func:`train` fits a :class:`~stancekit.StanceClassifier` on your labeled statements
(optionally with the bundled corpus added), measures it honestly first by grouped
cross-validation, and returns a :class:`TrainingResult` that saves the model and its
model card side by side.

How rows are split
------------------
Cross-validation uses :class:`~sklearn.model_selection.StratifiedGroupKFold`: every
group (a speech, an article, a source; the ``group`` column) lies in exactly one test
fold, so a model is never scored on sentences of a speech it was trained on, and folds
keep roughly the label proportions. Rows without a group each form their own group.
With ``with_corpus``, only *your* rows are split into folds; the corpus rows are added
to every training fold and never scored, so the cross-validation metrics describe your
data.

Sample weights
--------------
``weight`` is the weight of each of your rows relative to a corpus row. The weights are
rescaled to average 1, so ``weight`` moves the balance between your rows and the corpus
without changing the strength of the regularization (``C``).
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .exceptions import DataError
from .labels import LABELS, parse_label

if TYPE_CHECKING:
    import pandas as pd

    from .evaluation import EvaluationReport
    from .model import StanceClassifier

__all__ = [
    "CORPUS_SPLITS",
    "DEFAULT_PARAM_GRID",
    "MIN_ROWS_PER_LABEL",
    "TrainingResult",
    "check_params",
    "corpus_rows",
    "out_of_fold_proba",
    "train",
]

#: Which part of the bundled corpus ``with_corpus`` adds.
CORPUS_SPLITS: tuple[str, ...] = ("all", "train", "dev", "test")
#: The grid of ``search=True``: the regularization strength of the logistic regression.
DEFAULT_PARAM_GRID: dict[str, list[Any]] = {"C": [0.5, 1.0, 2.0, 4.0, 8.0]}
#: Fewest rows of a label the model is trained on; a label with fewer is an error.
MIN_ROWS_PER_LABEL = 3

_CORPUS_SOURCE = "stancekit corpus"


def _blas_single_thread() -> Any:
    """Limit BLAS to one thread while fitting.

    The logistic regression's solver makes many small dense BLAS calls; with a
    multi-threaded OpenBLAS on a busy 2-core machine those calls spin and a fit runs up
    to ten times slower. One thread is also bit-for-bit reproducible.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def check_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Check that ``params`` are parameters of :class:`~stancekit.StanceClassifier`.

    Parameters
    ----------
    params : mapping
        Parameter names and values.

    Returns
    -------
    dict

    Raises
    ------
    ValueError
        Naming the unknown parameters and listing the valid ones.

    Examples
    --------
    >>> check_params({"C": 2.0})
    {'C': 2.0}
    """
    from .model import StanceClassifier

    valid = StanceClassifier().get_params()
    unknown = sorted(set(params) - set(valid))
    if unknown:
        raise ValueError(
            f"unknown StanceClassifier parameter(s) {', '.join(map(repr, unknown))}; valid: {', '.join(sorted(valid))}"
        )
    return dict(params)


def corpus_rows(split: str = "all") -> pd.DataFrame:
    """The bundled corpus as labeled rows: ``text``, ``label``, ``group``, ``file``, ``line``.

    Parameters
    ----------
    split : {"all", "train", "dev", "test"}, default="all"
        Which split; ``"all"`` for every row.

    Returns
    -------
    pandas.DataFrame
        ``group`` is ``corpus:<speech_id>``, so corpus speeches never share a group with
        your rows; ``line`` is the row's line in the corpus CSV (header = line 1).

    Examples
    --------
    >>> rows = corpus_rows("test")
    >>> bool(rows["group"].str.startswith("corpus:").all())
    True
    """
    from .datasets import load_corpus

    if split not in CORPUS_SPLITS:
        raise ValueError(f"corpus split must be one of {', '.join(CORPUS_SPLITS)}, got {split!r}")
    frame = load_corpus().frame
    frame = frame.assign(line=np.arange(2, len(frame) + 2))
    if split != "all":
        frame = frame[frame["split"] == split]
    rows = frame[["text", "label", "line"]].copy()
    rows["group"] = "corpus:" + frame["speech_id"].astype(str)
    rows.insert(0, "file", _CORPUS_SOURCE if split == "all" else f"{_CORPUS_SOURCE} ({split})")
    return rows.reset_index(drop=True)


def _corpus_without(texts: Sequence[str], split: str) -> tuple[pd.DataFrame, int]:
    """Corpus rows minus those whose statement is also among ``texts`` (your label wins)."""
    from .labeled import _key

    rows = corpus_rows(split)
    yours = {_key(t) for t in texts}
    overlap = rows["text"].map(_key).isin(yours)
    return rows[~overlap].reset_index(drop=True), int(overlap.sum())


def _groups_or_rows(groups: Sequence[object] | None, n: int, prefix: str = "") -> np.ndarray:
    """Group ids as strings; a row with no group becomes its own group."""
    if groups is None:
        return np.array([f"{prefix}row:{i}" for i in range(n)], dtype=object)
    if len(groups) != n:
        raise ValueError(f"groups has {len(groups)} values for {n} statements")
    out = []
    for i, g in enumerate(groups):
        missing = g is None or (isinstance(g, float) and g != g) or (isinstance(g, str) and not g.strip())
        out.append(f"{prefix}row:{i}" if missing else f"{prefix}group:{g}")
    return np.array(out, dtype=object)


def _check_trainable(labels: Sequence[str]) -> None:
    counts = Counter(labels)
    if len(counts) < 2:
        raise DataError(f"training needs statements of at least two labels, got only {dict(counts)}")
    for label in LABELS:
        if 0 < counts[label] < MIN_ROWS_PER_LABEL:
            raise DataError(
                f"label {label!r} has only {counts[label]} row(s); training needs at least {MIN_ROWS_PER_LABEL} "
                "rows of each label it learns (a label with no rows is simply never predicted). Add rows, "
                "or add the bundled corpus (--with-corpus / with_corpus='all')"
            )


def _check_cv(labels: Sequence[str], groups: np.ndarray, cv: int, *, per_label: bool) -> None:
    """Enough groups for ``cv`` folds and, when only these rows are trained on, enough of each label."""
    n_groups = len(set(groups))
    if n_groups < cv:
        raise DataError(f"{cv}-fold cross-validation needs at least {cv} groups, the data has {n_groups}")
    if not per_label:
        return
    counts = Counter(labels)
    for label in LABELS:
        if counts[label] == 0:
            continue
        label_groups = len({g for g, y in zip(groups, labels) if y == label})
        if counts[label] < cv or label_groups < cv:
            raise DataError(
                f"label {label!r} has {counts[label]} row(s) in {label_groups} group(s); {cv}-fold "
                f"cross-validation needs at least {cv} rows of each label, in at least {cv} different groups. "
                "Add rows, lower --cv, or add the bundled corpus (--with-corpus)"
            )


def _splits(
    labels: Sequence[str], groups: np.ndarray, n_extra: int, cv: int, random_state: int | None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Grouped, stratified folds over the first ``len(labels)`` rows; extra rows always train."""
    from sklearn.model_selection import StratifiedGroupKFold

    n = len(labels)
    extra = np.arange(n, n + n_extra)
    splitter = StratifiedGroupKFold(n_splits=cv, shuffle=True, random_state=random_state)
    with warnings.catch_warnings():
        # Rare labels are checked by _check_cv; with the corpus added they need not fill every fold.
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        folds = list(splitter.split(np.zeros(n), np.asarray(labels), groups))
    return [(np.concatenate([train, extra]), test) for train, test in folds]


def _fit_fold(
    estimator: StanceClassifier,
    texts: list[str],
    labels: list[str],
    weights: np.ndarray | None,
    train: np.ndarray,
    test: np.ndarray,
) -> np.ndarray:
    from sklearn.base import clone

    model = clone(estimator)
    with _blas_single_thread():
        model.fit(
            [texts[i] for i in train],
            [labels[i] for i in train],
            sample_weight=None if weights is None else weights[train],
        )
        proba = model.predict_proba([texts[i] for i in test])
    return _to_label_order(proba, model.classes_)


def _to_label_order(proba: np.ndarray, classes: Sequence[object] | np.ndarray) -> np.ndarray:
    """Columns in :data:`LABELS` order; a label the fold's model never saw gets probability 0."""
    out = np.zeros((len(proba), len(LABELS)))
    for j, label in enumerate(classes):
        out[:, LABELS.index(str(label))] = proba[:, j]
    return out


def out_of_fold_proba(
    texts: Sequence[str],
    labels: Sequence[object],
    *,
    groups: Sequence[object] | None = None,
    cv: int = 5,
    sample_weight: Sequence[float] | None = None,
    extra_texts: Sequence[str] = (),
    extra_labels: Sequence[object] = (),
    extra_weight: Sequence[float] | None = None,
    random_state: int | None = 0,
    n_jobs: int | None = 1,
    **params: Any,
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold probabilities by grouped cross-validation.

    Each row is scored by a model that was trained without its group. Rows without a
    group each form their own group. ``extra_*`` rows (e.g. the corpus) are added to
    every training fold and not scored.

    Parameters
    ----------
    texts, labels : sequence
        Statements and labels to split into folds and score.
    groups : sequence, optional
        Group id of each row (None for no group).
    cv : int, default=5
        Number of folds.
    sample_weight : sequence of float, optional
        Weight of each row of ``texts``.
    extra_texts, extra_labels : sequence, optional
        Rows that are always trained on.
    extra_weight : sequence of float, optional
        Their weights (with ``sample_weight``).
    random_state : int or None, default=0
        Seed of the fold assignment and of the classifier.
    n_jobs : int or None, default=1
        Folds fitted in parallel (joblib).
    **params
        Parameters of :class:`~stancekit.StanceClassifier`.

    Returns
    -------
    proba : ndarray of shape (n, 4)
        Columns in :data:`stancekit.LABELS` order.
    fold : ndarray of shape (n,)
        The fold in which each row was scored.
    """
    from .model import StanceClassifier, check_texts

    texts = check_texts(texts)
    y = [parse_label(v).value for v in labels]
    extra_x = check_texts(extra_texts, name="extra_texts")
    extra_y = [parse_label(v).value for v in extra_labels]
    if len(texts) != len(y) or len(extra_x) != len(extra_y):
        raise ValueError("texts and labels (and extra_texts and extra_labels) must have the same length")
    group_ids = _groups_or_rows(groups, len(texts))
    _check_trainable(y + extra_y)
    _check_cv(y, group_ids, cv, per_label=not extra_x)
    weights = _combined_weights(sample_weight, extra_weight, len(texts), len(extra_x))
    splits = _splits(y, group_ids, len(extra_x), cv, random_state)
    estimator = StanceClassifier(**{**check_params(params), "random_state": random_state})
    return _oof(estimator, texts + extra_x, y + extra_y, weights, splits, len(texts), n_jobs)


def _combined_weights(
    weight: Sequence[float] | None, extra_weight: Sequence[float] | None, n: int, n_extra: int
) -> np.ndarray | None:
    if weight is None and extra_weight is None:
        return None
    w = np.ones(n) if weight is None else np.asarray(weight, dtype=float)
    e = np.ones(n_extra) if extra_weight is None else np.asarray(extra_weight, dtype=float)
    if len(w) != n or len(e) != n_extra:
        raise ValueError("sample weights must have one value per statement")
    return np.concatenate([w, e])


def _oof(
    estimator: StanceClassifier,
    texts: list[str],
    labels: list[str],
    weights: np.ndarray | None,
    splits: list[tuple[np.ndarray, np.ndarray]],
    n_scored: int,
    n_jobs: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    from joblib import Parallel, delayed

    results = Parallel(n_jobs=n_jobs)(
        delayed(_fit_fold)(estimator, texts, labels, weights, train, test) for train, test in splits
    )
    proba = np.zeros((n_scored, len(LABELS)))
    fold = np.full(n_scored, -1)
    for k, ((_, test), fold_proba) in enumerate(zip(splits, results)):
        proba[test] = fold_proba
        fold[test] = k
    return proba, fold


@dataclass
class TrainingResult:
    """A model trained by :func:`train`, with how it was measured.

    Attributes
    ----------
    model : StanceClassifier
        Fitted on all rows (yours and, with ``with_corpus``, the corpus).
    cv_report : EvaluationReport or None
        Grouped cross-validation scores of your rows (None with ``cv=0``).
    cv_proba : ndarray or None
        Out-of-fold probabilities of your rows, columns in :data:`stancekit.LABELS` order.
    held_out_report : EvaluationReport or None
        Scores on ``eval_data``, when given.
    search : dict or None
        The parameter search: grid, best parameters, mean macro-F1 of each setting.
    card : dict
        The model card (see :mod:`stancekit.cards`).
    """

    model: StanceClassifier
    cv_report: EvaluationReport | None
    cv_proba: np.ndarray | None
    held_out_report: EvaluationReport | None
    search: dict[str, Any] | None
    card: dict[str, Any] = field(default_factory=dict)

    def save(self, path: str | PathLike[str]) -> dict[str, Path]:
        """Write the model and its card side by side.

        ``MODEL.skops`` (the card inside its metadata too), ``MODEL.card.json`` and
        ``MODEL.card.md``; each file is written atomically.

        Parameters
        ----------
        path : str or path-like
            The model file, conventionally ``something.skops``.

        Returns
        -------
        dict
            ``{"model": ..., "card_json": ..., "card_markdown": ...}`` paths.
        """
        from .cards import save_with_card

        return save_with_card(self.model, self.card, path)


def train(
    texts: Sequence[str],
    labels: Sequence[object],
    *,
    groups: Sequence[object] | None = None,
    cv: int | None = 5,
    search: bool = False,
    param_grid: Mapping[str, Sequence[Any]] | None = None,
    with_corpus: Literal["all", "train", "dev", "test"] | None = None,
    weight: float = 1.0,
    random_state: int | None = 0,
    n_jobs: int | None = 1,
    eval_data: tuple[Sequence[str], Sequence[object]] | None = None,
    n_bootstrap: int = 1000,
    sources: Sequence[Mapping[str, Any]] | None = None,
    notes: Sequence[str] = (),
    **params: Any,
) -> TrainingResult:
    """Retrain the stance model on labeled statements, measuring it first.

    Steps: check the data; with ``search``, choose parameters by grouped
    cross-validated macro-F1 over ``param_grid``; with ``cv``, score every row of your
    data with a model that never saw its group (grouped, stratified K-fold); fit the
    final model on all rows; score ``eval_data`` if given; build the model card.

    Parameters
    ----------
    texts : sequence of str
        Your statements.
    labels : sequence of str
        Their labels (spelling normalized by :func:`stancekit.parse_label`).
    groups : sequence, optional
        Speech, article or source id of each row; rows without one (None) are groups of
        their own.
    cv : int or None, default=5
        Folds of the grouped cross-validation report; 0 or None to skip it.
    search : bool, default=False
        Choose parameters by grouped cross-validation over ``param_grid``.
    param_grid : mapping, optional
        Grid of :class:`~stancekit.StanceClassifier` parameters for the search
        (default :data:`DEFAULT_PARAM_GRID`: ``C`` in 0.5...8).
    with_corpus : {"all", "train", "dev", "test"}, optional
        Add (that split of) the bundled UN General Debate corpus to the training rows.
    weight : float, default=1.0
        Weight of each of your rows relative to a corpus row (with ``with_corpus``).
    random_state : int or None, default=0
        Seed of the folds, the classifier and the bootstrap: the same data and seed
        give the same model and the same predictions.
    n_jobs : int or None, default=1
        Folds fitted in parallel.
    eval_data : (texts, labels), optional
        Held-out statements to score the final model on; the scores go into the card.
    n_bootstrap : int, default=1000
        Resamples of the bootstrap confidence intervals.
    sources : sequence of dict, optional
        Where your rows came from (``name``, ``rows``, ``sha256``...), for the card.
    notes : sequence of str, optional
        Extra limitations or remarks for the card (e.g. duplicates that were dropped).
    **params
        Parameters of :class:`~stancekit.StanceClassifier` (``C``, ``min_df``...).

    Returns
    -------
    TrainingResult
        ``.model``, ``.cv_report``, ``.held_out_report``, ``.card``; ``.save(path)``.

    Raises
    ------
    LabelError
        An unknown label.
    DataError
        Fewer than two labels, a label with too few rows to train or cross-validate
        (the message names it and its count), fewer groups than folds.
    ValueError
        An unknown parameter.

    Examples
    --------
    >>> from stancekit import load_corpus
    >>> rows = load_corpus("dev").frame.groupby("label").head(8)
    >>> result = train(rows["text"], rows["label"], groups=rows["speech_id"], cv=2, n_bootstrap=0, min_df=1)
    >>> sorted(result.model.classes_) == sorted(LABELS), result.cv_report.n
    (True, 32)
    """
    from sklearn.model_selection import GridSearchCV

    from .cards import build_card
    from .evaluation import evaluate, evaluate_predictions
    from .model import StanceClassifier, check_texts, data_sha256

    params = check_params(params)
    texts = check_texts(texts)
    y = [parse_label(v).value for v in labels]
    if len(texts) != len(y):
        raise ValueError(f"texts has {len(texts)} statements but labels has {len(y)}")
    if not (isinstance(weight, (int, float)) and weight > 0):
        raise ValueError(f"weight must be a positive number, got {weight!r}")
    if weight != 1.0 and not with_corpus:
        raise ValueError("weight is the weight of your rows relative to corpus rows: it needs with_corpus")
    cv = int(cv or 0)
    if cv == 1 or cv < 0:
        raise ValueError(f"cv must be 0 (no cross-validation) or at least 2, got {cv}")
    if search and not cv:
        raise ValueError("search=True needs cross-validation: set cv to 2 or more")
    group_ids = _groups_or_rows(groups, len(texts))

    notes = list(notes)
    extra = None
    if with_corpus:
        extra, n_overlap = _corpus_without(texts, with_corpus)
        if n_overlap:
            # Otherwise a statement could be scored in cross-validation by a model trained on it.
            notes.append(
                f"{n_overlap} corpus rows repeat one of your statements and were left out (your label is used)."
            )
    extra_x = [] if extra is None else extra["text"].tolist()
    extra_y = [] if extra is None else extra["label"].tolist()
    _check_trainable(y + extra_y)
    if cv:
        _check_cv(y, group_ids, cv, per_label=extra is None)

    all_x, all_y = texts + extra_x, y + extra_y
    weights = None
    if extra is not None and weight != 1.0:
        raw = np.concatenate([np.full(len(texts), float(weight)), np.ones(len(extra_x))])
        weights = raw * len(raw) / raw.sum()  # average 1: moves the balance, not the regularization
    splits = _splits(y, group_ids, len(extra_x), cv, random_state) if cv else []

    search_info = None
    if search:
        grid = {k: list(v) for k, v in (param_grid or DEFAULT_PARAM_GRID).items()}
        check_params(grid)
        searcher = GridSearchCV(
            StanceClassifier(**{**params, "random_state": random_state}),
            grid,
            scoring="f1_macro",
            cv=splits,
            n_jobs=n_jobs,
            refit=False,
        )
        with _blas_single_thread():
            searcher.fit(all_x, all_y, **({} if weights is None else {"sample_weight": weights}))
        params = {**params, **searcher.best_params_}
        search_info = {
            "grid": grid,
            "scoring": "macro-F1 of grouped cross-validation",
            "best_params": dict(searcher.best_params_),
            "results": [
                {"params": dict(p), "mean_macro_f1": float(m), "std_macro_f1": float(s)}
                for p, m, s in zip(
                    searcher.cv_results_["params"],
                    searcher.cv_results_["mean_test_score"],
                    searcher.cv_results_["std_test_score"],
                )
            ],
        }

    estimator = StanceClassifier(**{**params, "random_state": random_state})
    cv_report = cv_proba = None
    if cv:
        cv_proba, _ = _oof(estimator, all_x, all_y, weights, splits, len(texts), n_jobs)
        cv_report = evaluate_predictions(
            y,
            [LABELS[i] for i in cv_proba.argmax(axis=1)],
            cv_proba,
            LABELS,
            n_bootstrap=n_bootstrap,
            random_state=random_state,
        )

    model = estimator
    with _blas_single_thread():
        model.fit(all_x, all_y, sample_weight=weights)

    held_out = None
    if eval_data is not None:
        eval_texts, eval_labels = eval_data
        with _blas_single_thread():
            held_out = evaluate(model, eval_texts, eval_labels, n_bootstrap=n_bootstrap, random_state=random_state)

    data = {
        "user_rows": len(texts),
        "user_sha256": data_sha256(texts, y),
        "user_label_counts": _label_counts(y),
        "user_groups": len({g for g in group_ids if g.startswith("group:")}),
        "user_rows_without_group": int(sum(g.startswith("row:") for g in group_ids)),
        "corpus": None
        if extra is None
        else {
            "split": with_corpus,
            "rows": len(extra_x),
            "left_out_as_duplicates_of_yours": n_overlap,
            "sha256": data_sha256(extra_x, extra_y),
            "label_counts": _label_counts(extra_y),
        },
        "weight": float(weight) if extra is not None else None,
        "sources": [dict(s) for s in sources] if sources else None,
    }
    card = build_card(
        model=model,
        data=data,
        cv=cv,
        random_state=random_state,
        cv_report=cv_report,
        held_out_report=held_out,
        search=search_info,
        notes=notes,
    )
    return TrainingResult(
        model=model, cv_report=cv_report, cv_proba=cv_proba, held_out_report=held_out, search=search_info, card=card
    )


def _label_counts(labels: Sequence[str]) -> dict[str, int]:
    counts = Counter(labels)
    return {label: int(counts.get(label, 0)) for label in LABELS}
