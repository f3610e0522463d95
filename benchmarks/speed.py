"""Speed and size of the shipped model: predict throughput, load time, import time, file size.

Timings on shared machines are noisy: each number is the best of several repeats, and
only ratios within one run should be compared. Results go to
``benchmarks/results/speed.md``.

Usage::

    python -m benchmarks.speed [--sentences 50000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "results" / "speed.md"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ungdc_1946-2022.jsonl.gz"


def corpus_sentences(n: int) -> list[str]:
    """The first ``n`` sentences of speeches spread over the corpus (or the shipped corpus)."""
    from stancekit import load_corpus, split_sentences

    if not CORPUS.exists():
        texts = load_corpus().data
        return (texts * (n // len(texts) + 1))[:n]
    sentences: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i % 7:
                continue
            sentences.extend(split_sentences(json.loads(line)["text"]))
            if len(sentences) >= n:
                break
    return sentences[:n]


def best_of(repeats: int, func) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=50_000)
    args = parser.parse_args()

    import stancekit

    path = stancekit.default_model_path()
    load = best_of(5, lambda: stancekit.load_model(path))
    model = stancekit.load_model(path)
    sentences = corpus_sentences(args.sentences)
    predict = best_of(5, lambda: model.predict(sentences))
    steps = model.pipeline_.named_steps
    normalized = steps["normalize"].transform(sentences)
    normalize = best_of(5, lambda: steps["normalize"].transform(sentences))
    groups = {name: best_of(5, lambda t=t: t.transform(normalized)) for name, t in steps["features"].transformer_list}
    imports = []
    for _ in range(5):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import stancekit; print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        imports.append(float(out.stdout))
    # What a user waits for in a new notebook or a CLI call: scikit-learn and skops imports
    # (skops imports every scikit-learn estimator to know which types it trusts), the
    # model, the word vectors and the sentence splitter, then one prediction.
    cold = []
    for _ in range(3):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import stancekit; stancekit.predict('We are friends with all.');"
                "stancekit.split_sentences('One. Two.'); print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        cold.append(float(out.stdout))
    words = sum(len(s.split()) for s in sentences) / len(sentences)
    lines = [
        "# Speed and size",
        "",
        f"Measured with `python -m benchmarks.speed --sentences {args.sentences}` on "
        f"{len(sentences)} corpus sentences ({words:.1f} words on average), one process, best of 5. "
        f"Load average of the 2-core machine when it finished: {os.getloadavg()[0]:.1f} "
        "(other work on the machine slows every number down).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| `predict` throughput | {len(sentences) / predict:,.0f} sentences/s |",
        f"| of which normalization (frames, actor masking) | {len(sentences) / normalize:,.0f} sentences/s |",
        "| (the `vectors` group reuses the tokens of the `ngrams` group, so its time excludes tokenization) | |",
        *[f"| of which feature group `{name}` | {len(sentences) / t:,.0f} sentences/s |" for name, t in groups.items()],
        f"| `load_model()` (default model) | {load * 1000:.0f} ms |",
        f"| `import stancekit` (fresh interpreter, best of 5) | {min(imports) * 1000:.0f} ms |",
        f"| first prediction and first sentence split in a fresh interpreter, imports included (best of 3) "
        f"| {min(cold):.2f} s |",
        f"| model file size | {path.stat().st_size / 1e6:.2f} MB |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
