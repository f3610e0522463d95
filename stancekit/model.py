"""The stance classifier: a scikit-learn estimator over raw statements."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.utils.extmath import softmax
from sklearn.utils.validation import check_is_fitted

from ._gc import gc_paused
from .actors import actor_ids_in_batch
from .features import (
    FEATURE_GROUPS,
    NormalizedStatements,
    StatementNormalizer,
    WordVectorFeatures,
    actor_ids_found,
    make_feature_union,
)
from .labels import LABELS, Label, parse_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Explanation", "StanceClassifier", "check_texts"]

_NEUTRAL = Label.NEUTRAL.value


def check_texts(texts: object, *, name: str = "texts") -> list[str]:
    """Validate a batch of statements and return it as a list of ``str``.

    Parameters
    ----------
    texts : iterable of str
        Statements: a list, tuple, numpy array or pandas Series of strings.
    name : str
        How to call the argument in error messages.

    Returns
    -------
    list of str

    Raises
    ------
    TypeError
        If ``texts`` is a single string, not iterable, or holds a non-string; the
        message names the position and the value.

    Examples
    --------
    >>> check_texts(("a", "b"))
    ['a', 'b']
    >>> check_texts(["fine", None])
    Traceback (most recent call last):
    ...
    TypeError: texts[1] is NoneType (None), expected str
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError(
            f"{name} must be a sequence of strings, got a single {type(texts).__name__}; "
            "wrap it in a list, or call stancekit.predict(text) for one statement"
        )
    if not isinstance(texts, Iterable):
        raise TypeError(f"{name} must be a sequence of strings, got {type(texts).__name__}")
    out = list(texts)
    for position, text in enumerate(out):
        if not isinstance(text, str):
            raise TypeError(f"{name}[{position}] is {type(text).__name__} ({text!r:.60}), expected str")
    return out


# [^\W_] is exactly str.isalnum, searched at C speed.
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _is_blank(text: str) -> bool:
    """True when a statement has no letter or digit, so it can express no orientation."""
    return _LETTER_OR_DIGIT.search(text) is None


def data_sha256(texts: Sequence[str], labels: Sequence[str]) -> str:
    """Return a sha256 fingerprint of a labeled data set (texts and labels, in order)."""
    digest = hashlib.sha256()
    for text, label in zip(texts, labels):
        digest.update(text.encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
        digest.update(str(label).encode("utf-8"))
        digest.update(b"\x1e")
    return digest.hexdigest()


@dataclass(frozen=True)
class Explanation:
    """Why the model chose a label for one statement.

    Attributes
    ----------
    text : str
        The statement.
    label : str
        The predicted label.
    probabilities : dict of str to float
        Probability of each label.
    contributions : list of (str, float)
        The features that pushed the decision toward ``label`` most (positive) or away
        from it (negative), largest magnitude first: ``feature value x (weight for
        label - mean weight over labels)``. Feature names are prefixed by their group:
        ``ngrams__closest ally``, ``actors__several_camps``, ``cues__aligned``. The
        word-vector dimensions have no readable names, so their part is split over the
        words of the statement (``vectors__sanctions``: that word's share of the
        statement's vector, see :meth:`stancekit.features.WordVectorFeatures.word_contributions`); with
        ``top`` large enough, the contributions add up to the label's score minus the
        mean score over labels, intercepts aside.
    """

    text: str
    label: str
    probabilities: dict[str, float]
    contributions: list[tuple[str, float]] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """Return the contributions as a DataFrame with columns ``feature``, ``contribution``."""
        import pandas as pd

        return pd.DataFrame(self.contributions, columns=["feature", "contribution"])


class StanceClassifier(ClassifierMixin, BaseEstimator):
    """Foreign-policy stance classifier over raw statements.

    A scikit-learn estimator: ``fit(texts, labels)`` takes strings and label names,
    ``predict`` returns label strings and ``predict_proba`` a row per statement with
    columns in :attr:`classes_` order. It clones, grid-searches and pipelines like any
    classifier. Internally it is a plain :class:`~sklearn.pipeline.Pipeline`
    (:attr:`pipeline_`): :class:`~stancekit.features.StatementNormalizer`, a
    :class:`~sklearn.pipeline.FeatureUnion` of the chosen feature groups, and a
    multinomial logistic regression.

    Parameters
    ----------
    features : tuple of str, default=("ngrams", "vectors", "actors", "cues")
        Feature groups to use (see :data:`stancekit.features.FEATURE_GROUPS`).
    ngram_range : tuple of int, default=(1, 2)
        Word n-gram range.
    min_df : int, default=2
        Minimum number of training statements an n-gram must occur in.
    max_features : int or None, default=50000
        Keep at most this many n-grams (the most frequent).
    lexicon_weight : float, default=0.5
        Multiplier of the actor and cue features (see
        :func:`stancekit.features.make_feature_union`). 0.5 since the corpus grew to
        33,000 training rows (``benchmarks/results/model_selection.md``).
    vector_weight : float, default=2.0
        Multiplier of the word-vector features.
    vector_weighting : {"sif", "mean"}, default="sif"
        How a statement's word vector is made from its words': smooth inverse frequency
        weights with the common direction removed, or the plain mean (see
        :class:`stancekit.features.WordVectorFeatures`).
    C : float, default=4.0
        Inverse regularization strength of the logistic regression.
    class_weight : "balanced" or None, default="balanced"
        ``"balanced"`` weights labels against their frequency, so a rare label
        (multi-vector) is not drowned by a frequent one (neutral); see ``balance``.
    balance : float, default=1.0
        How far ``"balanced"`` goes: a label's weight is
        ``(n_statements / (n_labels * n_statements_with_label)) ** balance``, so 1 is
        scikit-learn's ``"balanced"`` and 0 is no weighting. Full balancing assumes
        nothing about how often each label occurs in the data you will score, the safe
        choice for quotes chosen by a journalist. Lower values fit the training set's
        label mix; on the bundled corpus 0.5 scores a little higher in macro-F1, within
        the noise (cross-validation 0.686 against 0.680, dev 0.732 against 0.722), and
        calls more statements neutral (dev accuracy up from 0.798 to 0.816;
        ``benchmarks/results/model_selection.md``).
    strip_frames : bool, default=True
        Remove news reporting frames ("..., Tokayev said.") before featurizing.
    mask_actors : bool, default=True
        Replace actor names with kind-and-camp placeholders before featurizing.
    max_iter : int, default=3000
        Iterations of the logistic-regression solver.
    random_state : int or None, default=None
        Seed for the solver, for reproducible fits.

    Attributes
    ----------
    classes_ : ndarray of str
        The labels seen in ``fit``, in the column order of ``predict_proba``.
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted pipeline.
    training_info_ : dict
        Number of statements, label counts and sha256 of the training data.

    Examples
    --------
    >>> texts = ["Russia is our closest ally.", "We condemn NATO's expansion.",
    ...          "The session opened on Monday.", "We are friends with East and West."] * 3
    >>> labels = ["aligned", "oppositional", "neutral", "multi-vector"] * 3
    >>> model = StanceClassifier(min_df=1, random_state=0).fit(texts, labels)
    >>> model.predict(["China is our closest ally."]).tolist()
    ['aligned']
    """

    def __init__(
        self,
        *,
        features: tuple[str, ...] = FEATURE_GROUPS,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = 50_000,
        lexicon_weight: float = 0.5,
        vector_weight: float = 2.0,
        vector_weighting: str = "sif",
        C: float = 4.0,
        class_weight: str | None = "balanced",
        balance: float = 1.0,
        strip_frames: bool = True,
        mask_actors: bool = True,
        max_iter: int = 3000,
        random_state: int | None = None,
    ) -> None:
        self.features = features
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.lexicon_weight = lexicon_weight
        self.vector_weight = vector_weight
        self.vector_weighting = vector_weighting
        self.C = C
        self.class_weight = class_weight
        self.balance = balance
        self.strip_frames = strip_frames
        self.mask_actors = mask_actors
        self.max_iter = max_iter
        self.random_state = random_state

    def __setstate__(self, state: dict) -> None:
        # Parameters added after a model was saved take the value that model was fitted with.
        super().__setstate__({"balance": 1.0, "vector_weighting": "mean", **state})

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def _make_pipeline(self) -> Pipeline:
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise ValueError(f"C must be a positive number, got {self.C!r}")
        if self.class_weight not in ("balanced", None):
            raise ValueError(f"class_weight must be 'balanced' or None, got {self.class_weight!r}")
        if not (isinstance(self.balance, (int, float)) and 0 <= self.balance <= 1):
            raise ValueError(f"balance must be a number from 0 to 1, got {self.balance!r}")
        return Pipeline(
            [
                ("normalize", StatementNormalizer(strip_frames=self.strip_frames, mask_actors=self.mask_actors)),
                (
                    "features",
                    make_feature_union(
                        tuple(self.features),
                        ngram_range=tuple(self.ngram_range),
                        min_df=self.min_df,
                        max_features=self.max_features,
                        lexicon_weight=self.lexicon_weight,
                        vector_weight=self.vector_weight,
                        vector_weighting=self.vector_weighting,
                    ),
                ),
                (
                    "classifier",
                    # Newton-CG reaches the same optimum as lbfgs in a few iterations:
                    # about 5 times faster on the corpus, whose word-vector columns are dense.
                    LogisticRegression(
                        C=self.C,
                        class_weight=None,  # set from the labels in fit (see balance)
                        solver="newton-cg",
                        max_iter=self.max_iter,
                        random_state=self.random_state,
                    ),
                ),
            ]
        )

    def fit(
        self,
        X: Iterable[str],
        y: Iterable[object],
        sample_weight: Sequence[float] | None = None,
    ) -> StanceClassifier:
        """Fit the model on statements and their labels.

        Parameters
        ----------
        X : sequence of str
            Statements.
        y : sequence of str
            Labels, parsed with :func:`stancekit.parse_label` (so ``"Multi_Vector"``
            is accepted).
        sample_weight : sequence of float, optional
            Weight of each statement.

        Returns
        -------
        StanceClassifier
            ``self``, fitted.

        Raises
        ------
        TypeError
            If a statement is not a string.
        ValueError
            If lengths differ, a label is unknown, or fewer than two labels occur.
        """
        texts = check_texts(X, name="X")
        labels = [parse_label(label).value for label in y]
        if len(texts) != len(labels):
            raise ValueError(f"X has {len(texts)} statements but y has {len(labels)} labels")
        counts = Counter(labels)
        if len(counts) < 2:
            raise ValueError(f"need statements of at least two labels to fit, got {dict(counts)}")
        pipeline = self._make_pipeline()
        if self.class_weight == "balanced":
            pipeline.set_params(classifier__class_weight=self._class_weights(counts))
        fit_params = {} if sample_weight is None else {"classifier__sample_weight": sample_weight}
        pipeline.fit(texts, labels, **fit_params)
        self.pipeline_ = pipeline
        self.classes_ = np.asarray(pipeline.classes_, dtype=object)
        self.training_info_ = {
            "n_statements": len(texts),
            "label_counts": {label: counts.get(label, 0) for label in LABELS},
            "data_sha256": data_sha256(texts, labels),
        }
        return self

    def _class_weights(self, counts: Counter[str]) -> dict[str, float]:
        total = sum(counts.values())
        return {label: (total / (len(counts) * count)) ** self.balance for label, count in counts.items()}

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Return the probability of each label for each statement.

        A statement with no word character (empty, white space, punctuation only)
        expresses no orientation: it gets probability 1 for ``neutral``.

        Parameters
        ----------
        X : sequence of str
            Statements.

        Returns
        -------
        ndarray of shape (n_statements, n_classes)
            Rows sum to 1; columns follow :attr:`classes_`.
        """
        return self._proba_and_normalized(X)[0]

    def _predict_with_actor_ids(self, X: Iterable[str]) -> tuple[np.ndarray, list[list[str]]]:
        """:meth:`predict_proba`, and the actor ids of each statement (:func:`stancekit.actor_ids`).

        Batch jobs report both; the ids come from the model's own actor masking where
        that searched the same text, instead of a second search.
        """
        proba, texts, scored, normalized = self._proba_and_normalized(X)
        ids: list[list[str] | None] = [None] * len(texts)
        if normalized is not None:
            for i, found in zip(scored.tolist(), actor_ids_found(normalized)):
                ids[i] = found
        missing = [i for i, found in enumerate(ids) if found is None]
        for i, found in zip(missing, actor_ids_in_batch([texts[i] for i in missing])):
            ids[i] = found
        return proba, ids  # type: ignore[return-value]  # every None was filled

    def _proba_and_normalized(
        self, X: Iterable[str]
    ) -> tuple[np.ndarray, list[str], np.ndarray, NormalizedStatements | None]:
        # The probabilities, the checked statements, the positions of the non-blank ones
        # and their normalized form (None if the pipeline scored them itself).
        check_is_fitted(self, "pipeline_")
        texts = check_texts(X, name="X")
        proba = np.zeros((len(texts), len(self.classes_)))
        blank = np.array([_is_blank(text) for text in texts], dtype=bool)
        scored = np.flatnonzero(~blank)
        normalized = None
        if len(scored):
            with gc_paused():
                proba[scored], normalized = self._predict_proba_words([texts[i] for i in scored])
        if blank.any():
            neutral = list(self.classes_).index(_NEUTRAL) if _NEUTRAL in self.classes_ else 0
            proba[blank, neutral] = 1.0
        return proba, texts, scored, normalized

    def _predict_proba_words(self, texts: list[str]) -> tuple[np.ndarray, NormalizedStatements | None]:
        # The pipeline's answer, computed feature group by feature group: the union
        # would stack the dense word-vector block into one large sparse matrix first,
        # which costs more than the classifier itself. Also returns the normalized
        # statements, which remember the actors they masked.
        steps = self.pipeline_.named_steps
        classifier, union = steps["classifier"], steps["features"]
        if not (isinstance(classifier, LogisticRegression) and len(classifier.classes_) > 2):
            return self.pipeline_.predict_proba(texts), None
        normalized = steps["normalize"].transform(texts)
        decision = np.tile(classifier.intercept_, (len(texts), 1))
        offset = 0
        weights = union.transformer_weights or {}
        for name, transformer in union.transformer_list:
            if transformer in ("drop", None):
                continue
            dense = getattr(transformer, "transform_dense", None)
            block = dense(normalized) if dense is not None else transformer.transform(normalized)
            width = block.shape[1]
            coef = classifier.coef_[:, offset : offset + width]
            # einsum sums each row in the same order whatever the batch; a BLAS matrix
            # product picks its kernel by size, so a statement's last digits would depend
            # on what it was scored with. Sparse blocks are multiplied row by row anyway.
            product = np.einsum("ij,kj->ik", block, coef) if dense is not None else block @ coef.T
            decision += product * weights.get(name, 1.0)
            offset += width
        return softmax(decision), normalized

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Return the most probable label of each statement.

        Parameters
        ----------
        X : sequence of str
            Statements.

        Returns
        -------
        ndarray of str
            One label per statement.
        """
        proba = self.predict_proba(X)
        return self.classes_[proba.argmax(axis=1)] if len(proba) else np.asarray([], dtype=object)

    def explain(self, text: str, top: int = 10) -> Explanation:
        """Show which features pushed the decision for one statement.

        Parameters
        ----------
        text : str
            A statement.
        top : int, default=10
            How many features to return.

        Returns
        -------
        Explanation
            The label, the probabilities and the ``top`` contributions.
        """
        check_is_fitted(self, "pipeline_")
        (text,) = check_texts([text], name="text")
        proba = self.predict_proba([text])[0]
        k = int(proba.argmax())
        label = str(self.classes_[k])
        contributions: list[tuple[str, float]] = []
        if not _is_blank(text):
            steps = self.pipeline_.named_steps
            union = steps["features"]
            normalized = steps["normalize"].transform([text])
            row = union.transform(normalized).tocsr()
            coef = steps["classifier"].coef_
            relative = coef[k] - coef.mean(axis=0) if coef.shape[0] > 1 else coef[0]
            names = union.get_feature_names_out()
            values = row.data * relative[row.indices]
            vectors = dict(union.transformer_list).get("vectors")
            in_block = np.char.startswith(names.astype(str), "vectors__")
            split_vectors = isinstance(vectors, WordVectorFeatures)
            entries = [
                (str(names[i]), float(v)) for i, v in zip(row.indices, values) if not (split_vectors and in_block[i])
            ]
            if split_vectors:
                # The vector dimensions have no readable names: split their part over the words.
                weight = (union.transformer_weights or {}).get("vectors", 1.0)
                entries += [
                    (f"vectors__{word}", value)
                    for word, value in vectors.word_contributions(normalized[0], relative[in_block] * weight)
                ]
            entries.sort(key=lambda entry: -abs(entry[1]))
            contributions = entries[:top]
        return Explanation(
            text=text,
            label=label,
            probabilities={str(c): float(p) for c, p in zip(self.classes_, proba)},
            contributions=contributions,
        )

    def save(self, path: str | Any, *, metadata: dict[str, Any] | None = None) -> None:
        """Save the fitted model to a ``.skops`` file (see :func:`stancekit.save_model`)."""
        from .persistence import save_model

        save_model(self, path, metadata=metadata)
