"""The labeled corpus that ships with stancekit, in the style of ``sklearn.datasets``."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Literal

from .exceptions import DataError

if TYPE_CHECKING:
    from sklearn.utils import Bunch

__all__ = ["SPLITS", "TRAIN_ONLY_POOLS", "load_corpus"]

SPLITS: tuple[str, ...] = ("train", "dev", "test")
#: Prefixes of the ``pool`` values of rows picked after ``dev`` and ``test`` were fixed,
#: from training speeches only: by a model (active learning: ``uncertain``, ``likely_``)
#: or by the first rounds' pool rules (``more_``). They are training rows only, so the
#: held-out splits stay the same, and a cross-validation meant to mirror dev and test,
#: comparable across corpus versions, leaves them out of scoring.
TRAIN_ONLY_POOLS: tuple[str, ...] = ("uncertain", "likely_", "more_")
_CORPUS = "ungdc_stance.csv"
_DATASHEET = "DATASHEET.md"


def _corpus_files() -> resources.abc.Traversable:
    return resources.files("stancekit.resources").joinpath("corpus")


def load_corpus(split: Literal["train", "dev", "test"] | None = None, *, as_frame: bool = False) -> Bunch:
    """Load the UN General Debate stance corpus.

    Sentences from the UN General Debate Corpus (Jankin, Baturo, Dasandi; CC0), each
    labeled by reading against the codebook. Splits are by speech: no speech has
    sentences in two splits. See the datasheet (``DESCR``) for sampling, agreement
    and known biases.

    Parameters
    ----------
    split : {"train", "dev", "test"}, optional
        One split; all rows if omitted.
    as_frame : bool, default=False
        If True, ``data`` is a pandas Series and ``target`` a Series; otherwise lists.
        ``frame`` (all columns) is a DataFrame either way.

    Returns
    -------
    sklearn.utils.Bunch
        ``data`` (statements), ``target`` (labels), ``frame`` (every column: ``id``,
        ``text``, ``label``, ``target``, ``iso3``, ``year``, ``session``, ``speech_id``,
        ``sentence_index``, ``split``, ``sample``, ``second_label``, ``label_before_reread``...),
        ``target_names`` (the four labels) and ``DESCR`` (the datasheet).

    Raises
    ------
    DataError
        If ``split`` is not one of :data:`SPLITS`.

    Examples
    --------
    >>> corpus = load_corpus("test")
    >>> set(corpus.frame["split"]) == {"test"}
    True
    """
    import pandas as pd
    from sklearn.utils import Bunch

    from .labels import LABELS

    if split is not None and split not in SPLITS:
        raise DataError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)} or None")
    files = _corpus_files()
    with files.joinpath(_CORPUS).open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(
            handle,
            keep_default_na=False,
            dtype={"second_label": str, "target": str, "label_before_reread": str, "reread_labels": str},
        )
    if split is not None:
        frame = frame[frame["split"] == split].reset_index(drop=True)
    data = frame["text"] if as_frame else frame["text"].tolist()
    target = frame["label"] if as_frame else frame["label"].tolist()
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        target_names=list(LABELS),
        DESCR=files.joinpath(_DATASHEET).read_text(encoding="utf-8"),
    )
