"""stancekit: label statements about foreign policy with a stance.

The four labels (:data:`LABELS`) are defined by the project's codebook:
``multi-vector``, ``aligned``, ``neutral`` and ``oppositional``.

Main entry points
-----------------
predict
    Label one statement or many with the default (or a given) model.
load_model, save_model, model_info
    Safe persistence of models (skops), with metadata readable without loading.
StanceClassifier
    The scikit-learn estimator, to retrain on your own labeled data.
load_corpus
    The labeled UN General Debate corpus that ships with the package.
train, evaluate, audit, suggest
    Retrain on your labeled data with grouped cross-validation and a model card, score a
    model with confidence intervals, find likely labeling errors, choose what to label next.
read_labeled, read_statements
    Read labeled (and unlabeled) CSV, TSV, JSONL and Parquet files, checking labels.
find_actors, actor_ids
    The actor gazetteer: which states, blocs and camps a statement names.
split_sentences
    Sentence splitting for whole articles and speeches.
score_file, score_frame
    Batch scoring of files (CSV, TSV, JSON Lines, Parquet, text; streamed, in parallel)
    and of DataFrames; ``stancekit.dask.score`` for Dask DataFrames.
extract_quotes
    Direct quotes in news copy and their speakers.

Heavy dependencies (scikit-learn, pandas) are imported on first use, so
``import stancekit`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

from ._version import __version__
from .exceptions import (
    DataError,
    DataWarning,
    LabelError,
    ModelLoadError,
    ModelVersionError,
    ModelVersionWarning,
    StancekitError,
    UntrustedModelError,
)
from .labels import LABELS, Label, parse_label

# Public name -> module that defines it; imported lazily by __getattr__ (PEP 562).
_LAZY = {
    "StanceClassifier": "model",
    "Explanation": "model",
    "Prediction": "prediction",
    "predict": "prediction",
    "score_text": "prediction",
    "load_model": "persistence",
    "save_model": "persistence",
    "model_info": "persistence",
    "default_model_path": "persistence",
    "load_corpus": "datasets",
    "find_actors": "actors",
    "actor_ids": "actors",
    "split_sentences": "text",
    "train": "training",
    "TrainingResult": "training",
    "evaluate": "evaluation",
    "EvaluationReport": "evaluation",
    "audit": "auditing",
    "suggest": "auditing",
    "read_labeled": "labeled",
    "read_statements": "labeled",
    "sentence_spans": "text",
    "score_file": "batch",
    "score_frame": "batch",
    "BatchSummary": "batch",
    "extract_quotes": "quotes",
    "Quote": "quotes",
}

__all__ = [
    "__version__",
    "LABELS",
    "Label",
    "parse_label",
    "StancekitError",
    "DataError",
    "DataWarning",
    "LabelError",
    "ModelLoadError",
    "UntrustedModelError",
    "ModelVersionError",
    "ModelVersionWarning",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'stancekit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
