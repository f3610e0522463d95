"""Choose the model by measurement on the dev split: classifiers, C, feature ablation.

Every candidate is fitted on the corpus's ``train`` split and scored on ``dev`` (held-out
speeches); ``test`` is not touched. Also scored on the news-register version of dev
(``benchmarks/register.py``), since users' files look like news, not UN speeches.

Usage::

    python -m benchmarks.model_selection            # writes benchmarks/results/model_selection.md
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import SGDClassifier
from sklearn.svm import LinearSVC

from benchmarks.codebook_examples import codebook_examples
from benchmarks.register import newsify
from stancekit import StanceClassifier, load_corpus
from stancekit.evaluation import evaluate

OUT = Path(__file__).parent / "results" / "model_selection.md"


class _SwappedClassifier(StanceClassifier):
    """StanceClassifier with another final estimator, for comparison only."""

    def __init__(self, *, final: str = "svm", **kwargs):
        super().__init__(**kwargs)
        self.final = final

    def _make_pipeline(self):
        pipeline = super()._make_pipeline()
        if self.final == "svm":
            final = CalibratedClassifierCV(LinearSVC(C=0.5, class_weight="balanced"), cv=5)
        else:
            final = SGDClassifier(loss="log_loss", alpha=1e-5, class_weight="balanced", max_iter=50, random_state=0)
        pipeline.steps[-1] = ("classifier", final)
        return pipeline


def main() -> None:
    train, dev = load_corpus("train"), load_corpus("dev")
    rng = random.Random(0)
    dev_news = [newsify(t, iso, rng) for t, iso in zip(dev.data, dev.frame["iso3"])]
    examples = codebook_examples()
    candidates = {
        "logreg C=1": StanceClassifier(C=1.0, random_state=0),
        "logreg C=2": StanceClassifier(C=2.0, random_state=0),
        "logreg C=4 (all features; shipped)": StanceClassifier(C=4.0, random_state=0),
        "logreg C=8": StanceClassifier(C=8.0, random_state=0),
        "logreg C=4, word vectors weighted 1": StanceClassifier(C=4.0, vector_weight=1.0, random_state=0),
        "logreg C=4, 1-3 grams": StanceClassifier(C=4.0, ngram_range=(1, 3), random_state=0),
        "logreg C=4, no class weights": StanceClassifier(C=4.0, class_weight=None, random_state=0),
        "logreg C=4, without actor masking": StanceClassifier(C=4.0, mask_actors=False, random_state=0),
        "logreg C=4, without frame stripping": StanceClassifier(C=4.0, strip_frames=False, random_state=0),
        "ablation: without ngrams": StanceClassifier(C=4.0, features=("vectors", "actors", "cues"), random_state=0),
        "ablation: without word vectors": StanceClassifier(
            C=4.0, features=("ngrams", "actors", "cues"), random_state=0
        ),
        "ablation: without actors": StanceClassifier(C=4.0, features=("ngrams", "vectors", "cues"), random_state=0),
        "ablation: without cues": StanceClassifier(C=4.0, features=("ngrams", "vectors", "actors"), random_state=0),
        "ablation: ngrams only": StanceClassifier(C=4.0, features=("ngrams",), random_state=0),
        "linear SVM + sigmoid calibration": _SwappedClassifier(final="svm", random_state=0),
        "SGD log-loss": _SwappedClassifier(final="sgd", random_state=0),
    }
    lines = [
        "# Model selection on the dev split",
        "",
        f"Fitted on `train` ({len(train.data)} statements), scored on `dev` ({len(dev.data)} "
        "statements from other speeches) and on the same dev statements rewritten in news "
        "register (`benchmarks/register.py`); last, how many of the codebook's 16 example "
        "statements it labels as the codebook does. Reproduce with "
        "`python -m benchmarks.model_selection`.",
        "",
        "Choice: C=4 with all feature groups and the word vectors weighted 2: the best dev "
        "macro-F1 among the settings that label at least 15 of the codebook's 16 examples as the "
        "codebook does, the best sign available here of generalisation beyond the corpus. The "
        "settings that score higher (C=8, 1-3 grams, no actor masking, no actor or cue features) "
        "do so by 0.008 or less, within noise (one standard error on 898 dev statements is about "
        "0.015), and miss one to three more codebook examples. The word vectors add about 0.03 "
        "over the same model without them.",
        "",
        "| candidate | dev macro-F1 | dev accuracy | dev ECE | news-register macro-F1 | min label F1 "
        "| codebook examples correct | fit s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, model in candidates.items():
        start = time.perf_counter()
        model.fit(train.data, train.target)
        seconds = time.perf_counter() - start
        report = evaluate(model, dev.data, dev.target)
        news = evaluate(model, dev_news, dev.target)
        worst = min(s["f1"] for s in report.per_label.values())
        correct = sum(model.predict([t])[0] == label for t, label in examples)
        row = (
            f"| {name} | {report.macro_f1:.3f} | {report.accuracy:.3f} | {report.ece:.3f} | "
            f"{news.macro_f1:.3f} | {worst:.3f} | {correct}/{len(examples)} | {seconds:.1f} |"
        )
        print(row, flush=True)
        lines.append(row)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
