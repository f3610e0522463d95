"""One-call prediction for notebooks: statements in, :class:`Prediction` objects out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from .model import check_texts

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

    from .model import StanceClassifier

__all__ = ["Prediction", "predict", "score_text"]


@dataclass(frozen=True)
class Prediction:
    """The stance of one statement.

    Attributes
    ----------
    text : str
        The statement as given.
    label : str
        The most probable label.
    probabilities : dict of str to float
        Probability of each label; they sum to 1.
    actors : list of str
        Canonical ids of the states, blocs and camps the statement mentions, in order
        of first mention (``"BLR"``, ``"CHN"``, ``"nato"``, ``"west"``).
    """

    text: str
    label: str
    probabilities: dict[str, float]
    actors: list[str]

    @property
    def confidence(self) -> float:
        """Probability of the predicted label."""
        return self.probabilities[self.label]


@overload
def predict(text_or_texts: str, model: StanceClassifier | None = None) -> Prediction: ...
@overload
def predict(text_or_texts: Iterable[str], model: StanceClassifier | None = None) -> list[Prediction]: ...


def predict(text_or_texts: str | Iterable[str], model: StanceClassifier | None = None) -> Prediction | list[Prediction]:
    """Label one statement, or many, with their stance.

    Parameters
    ----------
    text_or_texts : str or iterable of str
        One statement, or a sequence of them.
    model : StanceClassifier, optional
        A fitted model; the default model (:func:`stancekit.load_model`) if omitted,
        loaded once and cached.

    Returns
    -------
    Prediction or list of Prediction
        One :class:`Prediction` for a string, a list for a sequence.

    Raises
    ------
    TypeError
        If a statement is not a string (the message names its position).

    Examples
    --------
    >>> p = predict("We condemn the illegal unilateral sanctions imposed by the West.")
    >>> p.label, p.actors
    ('oppositional', ['west'])
    """
    single = isinstance(text_or_texts, str)
    texts = [text_or_texts] if single else check_texts(text_or_texts)
    if model is None:
        from .persistence import _default_model

        model = _default_model()
    proba, found_actors = model._predict_with_actor_ids(texts)
    labels = [str(label) for label in model.classes_]
    predictions = [
        Prediction(
            text=text,
            label=labels[int(row.argmax())],
            probabilities={label: float(p) for label, p in zip(labels, row)},
            actors=actors,
        )
        for text, row, actors in zip(texts, proba, found_actors)
    ]
    return predictions[0] if single else predictions


def score_text(text: str, model: StanceClassifier | None = None) -> pd.DataFrame:
    """Split an article or speech into sentences and label each one.

    Parameters
    ----------
    text : str
        A whole article, speech or paragraph.
    model : StanceClassifier, optional
        A fitted model; the default model if omitted.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in order: ``sentence_index``, ``start`` and ``end``
        (character offsets into ``text``), ``text``, ``stance``, one probability column
        per label (``p_multi_vector``, ``p_aligned``, ``p_neutral``,
        ``p_oppositional``) and ``actors`` (``;``-separated canonical ids).

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> frame = score_text("We condemn the illegal blockade imposed by Washington. "
    ...                    "The visit took place on 28 February.")
    >>> frame["stance"].tolist(), frame["actors"].tolist()
    (['oppositional', 'neutral'], ['USA', ''])
    """
    import pandas as pd

    from .labels import Label
    from .text import sentence_spans

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    spans = sentence_spans(text)
    sentences = [" ".join(text[a:b].split()) for a, b in spans]
    predictions = predict(sentences, model=model) if sentences else []
    return pd.DataFrame(
        {
            "sentence_index": range(len(spans)),
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "text": sentences,
            "stance": [p.label for p in predictions],
            **{label.column: [p.probabilities.get(label.value, 0.0) for p in predictions] for label in Label},
            "actors": [";".join(p.actors) for p in predictions],
        }
    )
