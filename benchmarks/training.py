"""Training time: 10,000 labeled statements with 5-fold grouped cross-validation.

The rows are the first ``--rows`` sentences of the bundled corpus; if it has fewer, the
others are corpus rows drawn again at random (seeded), each keeping its speech as its
group, so a repeat always falls in the same fold as its original and cannot leak between
folds. Repeats add no new vocabulary, so such a fit is a little cheaper than on as many
distinct statements; the benchmark measures time only (its scores are not a quality
measure).

Each configuration runs ``stancekit.train`` end to end (checks, grouped CV, final fit,
bootstrap intervals with 1,000 resamples, model card), and the model is saved with its
card. Timings on a shared machine are noisy: the best of ``--repeats`` runs is reported,
with the machine's load average. Results go to ``benchmarks/results/training.md``.

Usage::

    python -m benchmarks.training [--rows 10000] [--cv 5] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np

OUT = Path(__file__).parent / "results" / "training.md"


def labeled_rows(n: int, seed: int = 0) -> tuple[list[str], list[str], list[str]]:
    """``n`` labeled rows: the whole corpus, then corpus rows drawn again with their speech group."""
    from stancekit import load_corpus

    frame = load_corpus().frame
    rng = np.random.default_rng(seed)
    extra = rng.choice(len(frame), size=max(0, n - len(frame)), replace=True)
    rows = frame.iloc[np.concatenate([np.arange(min(n, len(frame))), extra])]
    return rows["text"].tolist(), rows["label"].tolist(), rows["speech_id"].astype(str).tolist()


def main() -> None:
    import sklearn

    import stancekit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--cv", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()

    texts, labels, groups = labeled_rows(args.rows)
    n_corpus = len(stancekit.load_corpus().data)
    results = []
    for n_jobs in (1, 2):
        times, cpu = [], []
        for _ in range(args.repeats):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = stancekit.train(texts, labels, groups=groups, cv=args.cv, n_jobs=n_jobs)
            with tempfile.TemporaryDirectory() as folder:
                result.save(Path(folder) / "bench.skops")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            load = os.getloadavg()[0]
        # With n_jobs=2 the folds run in worker processes, whose CPU time this process does not see.
        cpu_text = f"{min(cpu):.1f} s" if n_jobs == 1 else "-"
        results.append((n_jobs, min(times), times, cpu_text, load, result.cv_report.macro_f1))
        print(f"n_jobs={n_jobs}: best {min(times):.1f} s of {[round(t, 1) for t in times]} (load {load:.1f})")

    command = "python -m benchmarks.training" + (
        f" --rows {args.rows} --cv {args.cv} --repeats {args.repeats}"
        if (args.rows, args.cv, args.repeats) != (10_000, 5, 2)
        else ""
    )
    lines = [
        "# Training time",
        "",
        f"Measured with `{command}`: `stancekit.train` on {len(texts):,} labeled statements with "
        f"{args.cv}-fold grouped cross-validation, the final fit, bootstrap intervals (1,000 resamples) and "
        "the model card, then saving the model and card; best of "
        f"{args.repeats} runs. Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"scikit-learn {sklearn.__version__}, stancekit {stancekit.__version__}; the machine was shared with "
        "other work (load average in the table).",
        "",
        (
            f"The {len(texts):,} rows are the first {len(texts):,} sentences of the bundled corpus "
            f"({n_corpus:,} sentences). The target is under 60 s."
            if len(texts) <= n_corpus
            else f"The {len(texts):,} rows are the bundled corpus ({n_corpus:,} sentences) plus corpus rows drawn "
            "again at random, each keeping its speech as its group so a repeat never leaks across folds. Repeats "
            "add no vocabulary, so this is slightly cheaper than as many distinct statements. The target is "
            "under 60 s."
        ),
        "",
        "| folds fitted in parallel (`n_jobs`, CLI `--jobs`) | best wall time | all runs | CPU time (best) | "
        "load average | CV macro-F1 (not a quality measure: a timing run) |",
        "|---|---|---|---|---|---|",
    ]
    for n_jobs, best, times, cpu_text, load, f1 in results:
        runs = ", ".join(f"{t:.1f} s" for t in times)
        lines.append(f"| {n_jobs} | {best:.1f} s | {runs} | {cpu_text} | {load:.1f} | {f1:.3f} |")
    lines += [
        "",
        "Each fit runs with BLAS limited to one thread (`stancekit.training`): on a busy two-core machine a "
        "two-thread OpenBLAS made fits several times slower. The logistic regression uses the Newton-CG "
        "solver, which reaches the lbfgs optimum in a few iterations (about 5 times faster on this data, "
        "whose word-vector columns are dense). CPU time is what the run costs on an idle machine; the wall "
        "time depends on what else runs.",
        "",
    ]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"-> {OUT}")


if __name__ == "__main__":
    main()
