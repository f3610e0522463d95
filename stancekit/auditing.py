"""Finding likely labeling mistakes, and choosing what to label next.

:func:`audit` scores every labeled row with a model that never saw its group (grouped
cross-validation, see :func:`stancekit.training.out_of_fold_proba`) and lists the rows
whose label the model contradicts with high confidence: the usual sign of a labeling
mistake, or of a hard case worth a second reading.

:func:`suggest` picks the unlabeled statements a model is least sure about, while
avoiding near-duplicates, so each new label teaches the model something new
(uncertainty sampling with diversity):

1. uncertainty of each statement: ``1 - (p_first - p_second)`` (margin, the default) or
   the entropy of its probabilities divided by ``log(4)``; both run from 0 (sure) to 1;
2. keep a pool of the ``pool_factor * n`` most uncertain statements (exact repeats of a
   statement count once);
3. choose greedily: each step takes the statement with the highest
   ``uncertainty - diversity * s``, where ``s`` is its largest TF-IDF cosine similarity
   (word 1-2 grams, English stop words removed) to the statements already chosen.

Both are deterministic: the same input and seed give the same ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .labels import LABELS, Label, parse_label

if TYPE_CHECKING:
    import pandas as pd

    from .model import StanceClassifier

__all__ = ["audit", "suggest", "uncertainty"]

_P_COLUMNS = [Label(label).column for label in LABELS]


def audit(
    texts: Sequence[str],
    labels: Sequence[object],
    *,
    groups: Sequence[object] | None = None,
    cv: int = 5,
    with_corpus: Literal["all", "train", "dev", "test"] | None = None,
    min_confidence: float = 0.5,
    top: int | None = None,
    random_state: int | None = 0,
    n_jobs: int | None = 1,
    **params: Any,
) -> pd.DataFrame:
    """List labeled rows that out-of-fold predictions contradict with confidence.

    Parameters
    ----------
    texts : sequence of str
        Labeled statements.
    labels : sequence of str
        Their labels.
    groups : sequence, optional
        Speech, article or source id of each row: a row is never scored by a model that
        saw its group. Rows without a group each form their own group.
    cv : int, default=5
        Folds.
    with_corpus : {"all", "train", "dev", "test"}, optional
        Also train every fold on (that split of) the bundled corpus; only your rows are
        audited. Helps when your data is small.
    min_confidence : float, default=0.5
        List a row when the model's label differs from the given one and has at least
        this probability.
    top : int, optional
        Return at most this many rows.
    random_state : int or None, default=0
        Seed of the folds and the classifier.
    n_jobs : int or None, default=1
        Folds fitted in parallel.
    **params
        :class:`~stancekit.StanceClassifier` parameters.

    Returns
    -------
    pandas.DataFrame
        Ranked by ``disagreement = p_suggestion - p_label`` (largest first), one row per
        suspect: ``index`` (position in the input), ``text``, ``label``, ``suggestion``,
        ``p_suggestion``, ``p_label``, ``disagreement``, ``fold`` and one ``p_<label>``
        column per label.

    Raises
    ------
    DataError
        Too few rows of a label (or groups) for ``cv`` folds.
    """
    import pandas as pd

    from .training import _corpus_without, out_of_fold_proba

    if not 0 <= min_confidence <= 1:
        raise ValueError(f"min_confidence must be between 0 and 1, got {min_confidence!r}")
    texts = list(texts)
    given = [parse_label(v).value for v in labels]
    extra = _corpus_without(texts, with_corpus)[0] if with_corpus else None
    proba, fold = out_of_fold_proba(
        texts,
        given,
        groups=groups,
        cv=cv,
        extra_texts=[] if extra is None else extra["text"].tolist(),
        extra_labels=[] if extra is None else extra["label"].tolist(),
        random_state=random_state,
        n_jobs=n_jobs,
        **params,
    )
    given_index = np.array([LABELS.index(label) for label in given], dtype=int)
    suggestion = proba.argmax(axis=1)
    rows = np.arange(len(texts))
    frame = pd.DataFrame(
        {
            "index": rows,
            "text": texts,
            "label": given,
            "suggestion": [LABELS[i] for i in suggestion],
            "p_suggestion": proba[rows, suggestion],
            "p_label": proba[rows, given_index],
        }
    )
    frame["disagreement"] = frame["p_suggestion"] - frame["p_label"]
    frame["fold"] = fold
    frame[_P_COLUMNS] = proba
    suspects = frame[(suggestion != given_index) & (frame["p_suggestion"] >= min_confidence)]
    suspects = suspects.sort_values(["disagreement", "index"], ascending=[False, True], kind="stable")
    return suspects.head(top).reset_index(drop=True) if top is not None else suspects.reset_index(drop=True)


def uncertainty(proba: np.ndarray, strategy: Literal["margin", "entropy"] = "margin") -> np.ndarray:
    """How unsure a model is of each row of probabilities, from 0 (sure) to 1.

    Parameters
    ----------
    proba : ndarray of shape (n, k)
        Probabilities.
    strategy : {"margin", "entropy"}, default="margin"
        ``margin``: ``1 - (p_first - p_second)``; ``entropy``: entropy divided by ``log(k)``.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> uncertainty(np.array([[1.0, 0, 0, 0], [0.5, 0.5, 0, 0]])).tolist()
    [0.0, 1.0]
    >>> uncertainty(np.array([[0.25] * 4]), "entropy").round(6).tolist()
    [1.0]
    """
    proba = np.asarray(proba, dtype=float)
    if strategy == "margin":
        top2 = np.sort(proba, axis=1)[:, -2:] if proba.shape[1] > 1 else np.hstack([np.zeros_like(proba), proba])
        return 1.0 - (top2[:, 1] - top2[:, 0])
    if strategy == "entropy":
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(proba > 0, np.log(proba), 0.0)
        return -(proba * logs).sum(axis=1) / np.log(proba.shape[1])
    raise ValueError(f"strategy must be 'margin' or 'entropy', got {strategy!r}")


def suggest(
    texts: Sequence[str],
    n: int = 100,
    *,
    model: StanceClassifier | str | PathLike[str] | None = None,
    strategy: Literal["margin", "entropy"] = "margin",
    diversity: float = 0.5,
    pool_factor: int = 10,
) -> pd.DataFrame:
    """Choose the statements to label next: the most uncertain, and not alike.

    Parameters
    ----------
    texts : sequence of str
        Unlabeled statements.
    n : int, default=100
        How many to choose.
    model : StanceClassifier, path or None
        The model whose uncertainty counts (default: the shipped model).
    strategy : {"margin", "entropy"}, default="margin"
        Uncertainty measure (see :func:`uncertainty`).
    diversity : float, default=0.5
        Weight of the similarity penalty; 0 is plain uncertainty sampling.
    pool_factor : int, default=10
        Diversity is sought among the ``pool_factor * n`` most uncertain statements.

    Returns
    -------
    pandas.DataFrame
        In the order chosen: ``rank`` (from 1), ``index`` (position in ``texts``),
        ``text``, ``predicted``, ``uncertainty``, ``similarity`` (largest cosine
        similarity to a statement chosen before it) and one ``p_<label>`` column per label.

    Examples
    --------
    >>> picks = suggest(["Russia is our ally.", "We condemn NATO.", "The session opened."], n=2)
    >>> picks["rank"].tolist()
    [1, 2]
    """
    import pandas as pd
    from sklearn.feature_extraction.text import TfidfVectorizer

    from .model import check_texts
    from .persistence import load_model
    from .training import _blas_single_thread, _to_label_order

    if not (isinstance(n, (int, np.integer)) and n >= 1):
        raise ValueError(f"n must be a positive integer, got {n!r}")
    if diversity < 0:
        raise ValueError(f"diversity must be 0 or more, got {diversity!r}")
    texts = check_texts(texts)
    if model is None or isinstance(model, (str, PathLike)):
        model = load_model(model)
    columns = ["rank", "index", "text", "predicted", "uncertainty", "similarity", *_P_COLUMNS]
    # Exact repeats count once: labeling the same statement twice teaches nothing.
    first: dict[str, int] = {}
    for i, text in enumerate(texts):
        first.setdefault(text.strip(), i)
    candidates = np.array(sorted(first.values()), dtype=int)
    if not len(candidates):
        return pd.DataFrame(columns=columns)
    with _blas_single_thread():
        proba = _to_label_order(model.predict_proba([texts[i] for i in candidates]), model.classes_)
    unsure = uncertainty(proba, strategy)
    order = np.argsort(-unsure, kind="stable")[: max(n * pool_factor, n)]
    pool = candidates[order]
    pool_unsure = unsure[order]
    vectors = None
    if diversity > 0 and len(pool) > 1:
        try:
            vectors = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english").fit_transform(
                [texts[i] for i in pool]
            )
        except ValueError:  # only stop words: no vocabulary, no similarity to penalize
            vectors = None
    max_similarity = np.zeros(len(pool))
    available = np.ones(len(pool), dtype=bool)
    chosen: list[tuple[int, float]] = []
    for _ in range(min(n, len(pool))):
        score = np.where(available, pool_unsure - diversity * max_similarity, -np.inf)
        k = int(np.argmax(score))
        chosen.append((k, float(max_similarity[k])))
        available[k] = False
        if vectors is not None:
            similarity = (vectors @ vectors[k].T).toarray().ravel()
            max_similarity = np.maximum(max_similarity, similarity)
    picked = np.array([k for k, _ in chosen], dtype=int)
    frame = pd.DataFrame(
        {
            "rank": np.arange(1, len(picked) + 1),
            "index": pool[picked],
            "text": [texts[i] for i in pool[picked]],
            "predicted": [LABELS[j] for j in proba[order][picked].argmax(axis=1)],
            "uncertainty": pool_unsure[picked],
            "similarity": [s for _, s in chosen],
        }
    )
    frame[_P_COLUMNS] = proba[order][picked]
    return frame[columns]
