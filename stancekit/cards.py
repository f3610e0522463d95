"""Model cards: what a trained model was trained on, how it was measured, where it fails.

A card is a plain dict (JSON-serializable) built by :func:`build_card` and rendered as
Markdown by :func:`card_to_markdown`. :func:`save_with_card` writes a model and its card
side by side, each file atomically::

    MODEL.skops       the model; its metadata holds the card (``model_card``, as a dict,
                      and ``card``, as Markdown), so ``stancekit info MODEL`` shows it
    MODEL.card.json   the card as JSON
    MODEL.card.md     the card as Markdown

Card fields: ``title``, ``created``, ``intended_use``, ``not_for``, ``data`` (rows per
label, sha256 of the training data, sources: your files and the corpus), ``split`` (the
cross-validation scheme), ``search``, ``metrics`` (``cross_validation`` and
``held_out``, each an :meth:`EvaluationReport.to_dict
<stancekit.evaluation.EvaluationReport.to_dict>` with bootstrap intervals), ``model``
(class, parameters, seed), ``versions`` and ``limitations``.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._atomic import write_atomically
from ._version import __version__
from .labels import LABELS

if TYPE_CHECKING:
    from .evaluation import EvaluationReport
    from .model import StanceClassifier

__all__ = ["CARD_FORMAT", "build_card", "card_paths", "card_to_markdown", "save_with_card"]

CARD_FORMAT = "stancekit-model-card/1"

INTENDED_USE = (
    "Labels one statement about foreign policy (a sentence or a short quote) with a stance toward other "
    "international actors, following the stancekit codebook: multi-vector, aligned, neutral or oppositional, "
    "with a probability for each. For analysts and researchers scoring many statements (speeches, news quotes) "
    "to study foreign-policy orientation in aggregate, reading the statements behind a trend."
)
NOT_FOR = (
    "Judging an individual or a government from single predictions without reading them; languages other than "
    "English; text that is not about international actors."
)
#: Limitations of every stancekit model, from the default model's card; data-specific ones are added.
GENERAL_LIMITATIONS: tuple[str, ...] = (
    "Neutral vs a stance: most errors are borderline statements: cooperation with one partner reported plainly, "
    "support for UN or regional efforts, courtesy words in a neutral main clause, condemnation of an evil with no "
    "actor.",
    "Targets outside the sentence: the model sees one statement; 'this aggression' or 'our friends' whose actor "
    "is named elsewhere are read without it.",
    "Register and era: the model learns the vocabulary of its training data; statements from other registers, "
    "regions or eras than the training rows may score below the metrics here.",
    "Probabilities are those of a class-weighted logistic regression: on a natural stream of text, where neutral "
    "is far more frequent than in labeled training data, non-neutral probabilities are too high.",
)
_FEW_ROWS = 30  # below this many rows a label's scores are noisy enough to say so


def _versions() -> dict[str, str]:
    import numpy
    import pandas
    import scipy
    import sklearn
    import skops

    return {
        "stancekit": __version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "pandas": pandas.__version__,
        "skops": skops.__version__,
        "python": platform.python_version(),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def build_card(
    *,
    model: StanceClassifier,
    data: Mapping[str, Any],
    cv: int,
    random_state: int | None,
    cv_report: EvaluationReport | None = None,
    held_out_report: EvaluationReport | None = None,
    search: Mapping[str, Any] | None = None,
    notes: Sequence[str] = (),
    title: str = "stancekit model",
) -> dict[str, Any]:
    """Build the model card of a fitted model as a JSON-serializable dict.

    Parameters
    ----------
    model : StanceClassifier
        The fitted model (its ``training_info_`` gives the rows and sha256 of all
        training data).
    data : mapping
        What :func:`stancekit.train` knows of the data: ``user_rows``, ``user_sha256``,
        ``user_label_counts``, ``user_groups``, ``user_rows_without_group``, ``corpus``,
        ``weight``, ``sources``.
    cv : int
        Folds of the cross-validation (0: none).
    random_state : int or None
        The seed.
    cv_report, held_out_report : EvaluationReport, optional
        Cross-validation and held-out scores.
    search : mapping, optional
        The parameter search.
    notes : sequence of str
        Extra limitations (e.g. rows dropped from the data).
    title : str
        Card title.

    Returns
    -------
    dict
    """
    training = dict(getattr(model, "training_info_", {}))
    counts = training.get("label_counts", {})
    limitations = list(GENERAL_LIMITATIONS)
    for label in LABELS:
        if counts.get(label, 0) == 0:
            limitations.append(f"No training row is labeled {label}: the model never predicts it.")
        elif counts[label] < _FEW_ROWS:
            limitations.append(
                f"Only {counts[label]} training rows are labeled {label}: it is learned from few phrasings and "
                "its scores are noisy (see the intervals)."
            )
    if data.get("corpus"):
        limitations.append(
            "The bundled corpus (UN General Debate speeches 1946-2022, formal and often translated) is part of the "
            "training data, so the model leans toward that register."
        )
    if cv and data.get("user_rows_without_group"):
        limitations.append(
            f"{data['user_rows_without_group']} of your rows have no group, so each is a group of its own: sentences "
            "of one speech or article may be trained on and scored in different folds, which makes the "
            "cross-validation scores optimistic. Give a `group` column to avoid it."
        )
    if search:
        limitations.append(
            "Parameters were chosen by the same cross-validation that reports the scores, so those scores are "
            "slightly optimistic."
        )
    if not cv:
        limitations.append("No cross-validation was run: this card has no estimate of quality on unseen data.")
    limitations.extend(notes)
    params = {k: _jsonable(v) for k, v in model.get_params().items()}
    if cv:
        split = {
            "scheme": "StratifiedGroupKFold",
            "n_splits": cv,
            "shuffle": True,
            "random_state": random_state,
            "description": (
                f"Grouped, stratified {cv}-fold cross-validation over your rows: each group (the `group` column: "
                "speech, article or source; a row without one is its own group) is scored by a model that never "
                "saw it."
                + (" The corpus rows are added to every training fold and never scored." if data.get("corpus") else "")
                + " The final model is then fitted on all rows."
            ),
        }
    else:
        split = {"scheme": "none", "description": "No cross-validation: the model is fitted on all rows."}
    return {
        "format": CARD_FORMAT,
        "title": title,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "intended_use": INTENDED_USE,
        "not_for": NOT_FOR,
        "data": {
            "rows": training.get("n_statements"),
            "label_counts": counts,
            "sha256": training.get("data_sha256"),
            "sha256_of": "texts and labels of every training row in order: your rows, then any corpus rows",
            **{k: _jsonable(v) for k, v in data.items()},
        },
        "split": split,
        "search": _jsonable(dict(search)) if search else None,
        "metrics": {
            "cross_validation": cv_report.to_dict() if cv_report is not None else None,
            "held_out": held_out_report.to_dict() if held_out_report is not None else None,
        },
        "model": {
            "class": "stancekit.StanceClassifier",
            "params": params,
            "seed": random_state,
            "labels": [str(c) for c in model.classes_],
        },
        "versions": _versions(),
        "limitations": limitations,
    }


def card_to_markdown(card: Mapping[str, Any]) -> str:
    """Render a card (from :func:`build_card`) as Markdown.

    Parameters
    ----------
    card : mapping

    Returns
    -------
    str
    """
    from .evaluation import EvaluationReport

    data = card["data"]
    lines = [f"# Model card: {card['title']} (stancekit {card['versions']['stancekit']})", ""]
    if card.get("model_file"):
        lines += [f"Model file: `{card['model_file']}`. Created {card['created']}.", ""]
    else:
        lines += [f"Created {card['created']}.", ""]
    lines += ["## Intended use", card["intended_use"], "", f"**Not for:** {card['not_for']}", "", "## Data"]
    counts = ", ".join(f"{label} {n}" for label, n in data["label_counts"].items())
    lines.append(f"- {data['rows']} training rows: {counts}.")
    lines.append(f"- sha256 of the training data ({data['sha256_of']}): `{data['sha256']}`.")
    user_counts = ", ".join(f"{label} {n}" for label, n in data["user_label_counts"].items())
    lines.append(
        f"- Your rows: {data['user_rows']} ({user_counts}), in {data['user_groups']} groups"
        f" and {data['user_rows_without_group']} rows without a group; sha256 `{data['user_sha256']}`."
    )
    for source in data.get("sources") or []:
        described = []
        for key, value in source.items():
            if key == "name":
                continue
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items())
            described.append(f"{key}: {value}")
        lines.append(f"  - `{source.get('name')}`: {'; '.join(described)}.")
    corpus = data.get("corpus")
    if corpus:
        corpus_counts = ", ".join(f"{label} {n}" for label, n in corpus["label_counts"].items())
        lines.append(
            f"- Bundled corpus (`stancekit.load_corpus`, split {corpus['split']}): {corpus['rows']} rows "
            f"({corpus_counts}); sha256 `{corpus['sha256']}`. Weight of your rows relative to a corpus row: "
            f"{data['weight']:g} (weights rescaled to average 1)."
        )
    lines += ["", "## Split", card["split"]["description"], ""]
    if card.get("search"):
        search = card["search"]
        lines += ["## Parameter search", f"Grid {search['grid']}, scored by {search['scoring']}:", ""]
        lines += ["| parameters | mean macro-F1 | std |", "|---|---|---|"]
        lines += [f"| {r['params']} | {r['mean_macro_f1']:.3f} | {r['std_macro_f1']:.3f} |" for r in search["results"]]
        lines += ["", f"Chosen: {search['best_params']}.", ""]
    metrics = card["metrics"]
    for key, heading in (("cross_validation", "Cross-validation metrics"), ("held_out", "Held-out metrics")):
        if metrics.get(key):
            report = EvaluationReport.from_dict(metrics[key])
            lines += [f"## {heading}", report.to_markdown(details=True), ""]
    if not metrics.get("cross_validation") and not metrics.get("held_out"):
        lines += ["## Metrics", "None: the model was neither cross-validated nor evaluated on held-out data.", ""]
    model = card["model"]
    params = ", ".join(f"{k}={v!r}" for k, v in model["params"].items())
    lines += ["## Model", f"`{model['class']}` with {params}. Seed {model['seed']}. Labels: {model['labels']}.", ""]
    lines += ["## Versions", ", ".join(f"{k} {v}" for k, v in card["versions"].items()) + ".", ""]
    lines += ["## Limitations", *[f"- {item}" for item in card["limitations"]], ""]
    if card.get("command"):
        lines += ["## Reproduce", f"`{card['command']}`", ""]
    return "\n".join(lines)


def card_paths(model_path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """Paths of the JSON and Markdown cards of a model file.

    Examples
    --------
    >>> [p.name for p in card_paths("out/my-model.skops")]
    ['my-model.card.json', 'my-model.card.md']
    """
    path = Path(model_path)
    stem = path.stem if path.suffix == ".skops" else path.name
    return path.with_name(f"{stem}.card.json"), path.with_name(f"{stem}.card.md")


def save_with_card(model: StanceClassifier, card: Mapping[str, Any], path: str | os.PathLike[str]) -> dict[str, Path]:
    """Save a model with its card inside and beside it.

    Parameters
    ----------
    model : StanceClassifier
        A fitted model.
    card : mapping
        Its card (from :func:`build_card`).
    path : str or path-like
        The model file (``.skops``).

    Returns
    -------
    dict
        ``{"model": ..., "card_json": ..., "card_markdown": ...}`` paths.
    """
    from .persistence import save_model

    path = Path(path)
    card = {**card, "model_file": path.name}
    markdown = card_to_markdown(card)
    json_path, md_path = card_paths(path)
    metrics = {k: v for k, v in card["metrics"].items() if v is not None}
    save_model(model, path, metadata={"card": markdown, "model_card": card, "metrics": metrics})
    write_atomically(json_path, json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    write_atomically(md_path, markdown)
    return {"model": path, "card_json": json_path, "card_markdown": md_path}
