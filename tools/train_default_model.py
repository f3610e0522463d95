"""Train the default model on the corpus's train split and write it with its model card.

Fits :class:`stancekit.StanceClassifier` with the parameters chosen on the dev split
(``benchmarks/results/model_selection.md``) on the ``train`` split only, then measures
it on held-out speeches (``test``), on the same test statements rewritten in news
register, and on the hand-labeled seed article, side by side with the baselines of
``benchmarks/baselines.py``. Writes ``models/stancekit-default.skops`` (metrics and card
inside its metadata), ``models/MODEL_CARD.md`` and ``benchmarks/results/quality.md``.

Usage::

    python -m tools.train_default_model
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd

import stancekit
from benchmarks.baselines import KeywordRuleBaseline, MajorityBaseline, VaderBaseline
from benchmarks.codebook_examples import codebook_examples
from benchmarks.model_selection import pool_weights
from benchmarks.register import newsify
from stancekit import StanceClassifier, load_corpus
from stancekit.evaluation import EvaluationReport, evaluate, evaluate_predictions
from stancekit.persistence import DEFAULT_MODEL_NAME

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {
    "C": 4.0,
    "vector_weight": 2.0,
    "vector_weighting": "sif",
    "lexicon_weight": 0.5,
    "class_weight": "balanced",
    "balance": 1.0,
    "ngram_range": (1, 2),
    "min_df": 2,
    "max_features": 50_000,
    "random_state": 0,
}

# The weight of rows picked after dev and test were fixed (train-only pools, seven eighths
# of train, most of them chosen by a model). Half weight was chosen after round 11; after the
# re-reads, full weight is ahead on dev (0.721 against 0.702) and in grouped CV (0.681
# against 0.678), so every row now counts the same.
MODEL_PICKED_WEIGHT = 1.0
# Further random rewrites of test into news copy, for the spread of that score.
NEWS_REWRITES = 4


def main() -> None:
    train, dev, test = load_corpus("train"), load_corpus("dev"), load_corpus("test")
    # See benchmarks/results/model_selection.md for the weights.
    weights = pool_weights(train.frame, MODEL_PICKED_WEIGHT)
    model = StanceClassifier(**PARAMS).fit(train.data, train.target, sample_weight=weights)

    examples = codebook_examples()
    rng = random.Random(0)
    test_news = [newsify(t, iso, rng) for t, iso in zip(test.data, test.frame["iso3"])]
    seed = pd.read_csv(ROOT / "benchmarks" / "data" / "seed_article_labels.csv", keep_default_na=False)
    sets = {
        "test (held-out speeches)": (test.data, test.target),
        "test, news register": (test_news, test.target),
        # The labels of test before it was read again under the current guide (datasheet).
        "test, labels before the re-read": (test.data, test.frame["label_before_reread"].tolist()),
        "seed article (hand-labeled)": (seed["text"].tolist(), seed["label"].tolist()),
        "codebook examples": ([t for t, _ in examples], [label for _, label in examples]),
    }
    baselines = {
        "majority class": MajorityBaseline().fit(train.data, train.target),
        "keyword rules (codebook wording)": KeywordRuleBaseline().fit(),
        "VADER sentiment mapped to labels": VaderBaseline().fit(),
    }
    reports: dict[str, dict[str, EvaluationReport]] = {}
    for set_name, (texts, labels) in sets.items():
        reports[set_name] = {"stancekit default model": evaluate(model, texts, labels)}
        for name, baseline in baselines.items():
            reports[set_name][name] = evaluate_predictions(labels, baseline.predict(texts))
    dev_report = evaluate(model, dev.data, dev.target)
    # The rewrite into news copy is random: one draw can land a point either side of a
    # bar, so the card also reports the spread over several draws.
    news_scores = [reports["test, news register"]["stancekit default model"].macro_f1]
    for seed in range(1, NEWS_REWRITES + 1):
        rewrite = random.Random(seed)
        news = [newsify(t, iso, rewrite) for t, iso in zip(test.data, test.frame["iso3"])]
        news_scores.append(evaluate(model, news, test.target).macro_f1)
    main_report = reports["test (held-out speeches)"]["stancekit default model"]

    comparison = [
        "| data | system | macro-F1 | accuracy | F1 multi-vector | F1 aligned | F1 neutral | F1 oppositional |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for set_name, by_system in reports.items():
        for system, r in by_system.items():
            f1 = [r.per_label[label]["f1"] for label in stancekit.LABELS]
            comparison.append(
                f"| {set_name} (n={r.n}) | {system} | {r.macro_f1:.3f} | "
                f"{r.accuracy:.3f} | " + " | ".join(f"{v:.3f}" for v in f1) + " |"
            )
    comparison_text = "\n".join(comparison)
    confusion = [
        "| true \\ predicted | " + " | ".join(stancekit.LABELS) + " |",
        "|---|" + "---|" * len(stancekit.LABELS),
    ]
    for label, row in zip(stancekit.LABELS, main_report.confusion):
        confusion.append(f"| {label} | " + " | ".join(map(str, row)) + " |")

    card = (
        (ROOT / "tools" / "MODEL_CARD.template.md")
        .read_text(encoding="utf-8")
        .format(
            version=stancekit.__version__,
            n_train=len(train.data),
            n_dev=len(dev.data),
            n_test=len(test.data),
            train_counts=", ".join(f"{k} {v}" for k, v in model.training_info_["label_counts"].items()),
            sha=model.training_info_["data_sha256"],
            params=", ".join(f"{k}={v!r}" for k, v in PARAMS.items()),
            test_table=main_report.to_markdown(),
            dev_summary=f"macro-F1 {dev_report.macro_f1:.3f}, accuracy {dev_report.accuracy:.3f}, "
            f"ECE {dev_report.ece:.3f}",
            comparison=comparison_text,
            confusion="\n".join(confusion),
            ece=main_report.ece,
            news_spread=f"mean {np.mean(news_scores):.3f}, from {min(news_scores):.3f} to {max(news_scores):.3f} "
            f"over {len(news_scores)} rewrites (random seeds 0-{len(news_scores) - 1}; the table shows seed 0)",
        )
    )
    metrics = {
        set_name: {system: r.to_dict() for system, r in by_system.items()} for set_name, by_system in reports.items()
    }
    metrics["dev"] = dev_report.to_dict()
    model.save(
        ROOT / "models" / DEFAULT_MODEL_NAME,
        metadata={"metrics": metrics, "card": card, "training_data": "stancekit.load_corpus('train')"},
    )
    (ROOT / "models" / "MODEL_CARD.md").write_text(card, encoding="utf-8")
    (ROOT / "benchmarks" / "results" / "quality.md").write_text(
        "# Quality on held-out data\n\nReproduce with `python -m tools.train_default_model`.\n\n"
        + comparison_text
        + "\n",
        encoding="utf-8",
    )
    print(comparison_text)
    print(f"dev: {dev_report.macro_f1:.3f}; model -> {ROOT / 'models'}")


if __name__ == "__main__":
    main()
